/**
 * A response header from an SDK error, whichever shape the SDK keeps headers
 * in (a `Headers`-like object with `get`, or a plain record, as axios does).
 */
export const headerValue = (headers: unknown, name: string): unknown => {
  if (typeof headers !== "object" || headers === null) return undefined
  const getter = (headers as { get?: unknown }).get
  if (typeof getter === "function") return getter.call(headers, name)
  return (headers as Record<string, unknown>)[name]
}
