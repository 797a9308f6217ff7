/**
 * How long a provider asked Jules to wait, read from its `Retry-After` header
 * (RFC 9110: delay-seconds or an HTTP date). One reader for every adapter, so
 * a carrier and a model provider saying the same thing get the same wait:
 * `SmsRateLimited.retryAfterMs` and `ModelRateLimited.retryAfterMs` both come
 * from here.
 */

/**
 * Milliseconds from `nowMs`, or `undefined` when the header is absent or says
 * nothing usable. Fractional seconds are accepted (some proxies send them); a
 * date already past means "now" (0). A repeated header (an array, as Node and
 * axios keep it) counts by its first value.
 */
export const retryAfterMillis = (header: unknown, nowMs: number): number | undefined => {
  const value = Array.isArray(header) ? header[0] : header
  if (typeof value === "number") return Number.isFinite(value) && value >= 0 ? Math.round(value * 1000) : undefined
  if (typeof value !== "string") return undefined
  const text = value.trim()
  if (text === "") return undefined
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number.parseFloat(text) * 1000)
  const at = Date.parse(text)
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs)
}
