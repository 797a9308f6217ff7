/**
 * `application/x-www-form-urlencoded` bodies as Twilio sends them.
 *
 * Twilio signs every parameter it sends, empty ones (`ToCity=`) and repeated ones
 * included, so the parser keeps all of them exactly as decoded: a key seen once
 * maps to a string, a key seen several times to its values in order.
 */

/** Parsed form parameters, in the shape `twilio.validateRequest` expects. */
export type FormParams = { readonly [name: string]: string | ReadonlyArray<string> }

/** Builds `FormParams` from decoded pairs; keeps empty values and every repetition. */
export const formParamsFromEntries = (entries: Iterable<readonly [string, string]>): FormParams => {
  // A null prototype, so a parameter named `__proto__` or `constructor` is just data.
  const params: Record<string, string | Array<string>> = Object.create(null)
  for (const [name, value] of entries) {
    const seen = params[name]
    if (seen === undefined) params[name] = value
    else if (typeof seen === "string") params[name] = [seen, value]
    else seen.push(value)
  }
  return params
}

/**
 * Parses a raw form body. Never throws: malformed percent-escapes are kept as
 * text and invalid UTF-8 becomes U+FFFD (the WHATWG URL rules, which is also what
 * Twilio's signature was computed over for any body Twilio really sent).
 */
export const parseFormBody = (raw: string): FormParams =>
  formParamsFromEntries(new URLSearchParams(typeof raw === "string" ? raw : "").entries())
