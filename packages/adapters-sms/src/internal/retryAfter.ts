/**
 * Reads a `Retry-After` header (RFC 9110: delay-seconds or an HTTP date) into
 * milliseconds from `now`. Anything else, or a date in the past, is `undefined`.
 */
export const parseRetryAfter = (value: unknown, now: number = Date.now()): number | undefined => {
  const header = Array.isArray(value) ? value[0] : value
  if (typeof header !== "string" && typeof header !== "number") return undefined
  const text = String(header).trim()
  if (/^\d+$/.test(text)) return Number(text) * 1000
  const at = Date.parse(text)
  return Number.isNaN(at) || at <= now ? undefined : at - now
}
