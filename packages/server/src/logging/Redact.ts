/**
 * The last line of defence for privacy in logs: every string that reaches a
 * log line is searched for anything shaped like a phone number, which is
 * replaced by a mask. Code never logs numbers or bodies on purpose (ids only);
 * this catches what slips through an error message or a third-party cause.
 *
 * A phone number here is 7 to 15 digits, optionally separated by spaces,
 * dots, dashes or parentheses, either led by `+` (or `%2B`) or not glued to a
 * letter or digit before it, and never glued to one after it. So ids such as
 * `SM3f2a…` or `twilio:SM0000…` survive while `+1 (415) 555-2671` and
 * `phone+14155552671` do not. Timestamps survive too: their digit runs are
 * glued to `T`, `:` or `Z`.
 */

const PHONE = /(?:\+|%2B|(?<![\p{L}\p{N}_+]))\(?\d(?:[\s().-]{0,2}\d){6,14}(?![\p{L}\p{N}_])/gu

export const PHONE_MASK = "[phone]"

/** UUIDs (user ids, message ids) may start with eight digits: they are matched first and kept. */
const UUID_OR_PHONE = new RegExp(
  `(?<uuid>\\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\\b)|${PHONE.source}`,
  "gu"
)

export const redactText = (text: string): string =>
  text.replace(UUID_OR_PHONE, (match, uuid: string | undefined) => uuid === undefined ? PHONE_MASK : match)

const MAX_DEPTH = 8

/** A copy of a log value with every string redacted; numbers, booleans and shapes are kept. */
export const redactValue = (value: unknown, depth = 0): unknown => {
  if (typeof value === "string") return redactText(value)
  if (value === null || typeof value !== "object") return value
  if (depth >= MAX_DEPTH) return "[nested]"
  if (Array.isArray(value)) return value.map((item) => redactValue(item, depth + 1))
  const toJSON = (value as { readonly toJSON?: unknown }).toJSON
  if (typeof toJSON === "function") return redactValue(toJSON.call(value), depth + 1)
  const out: Record<string, unknown> = {}
  for (const [key, item] of Object.entries(value)) out[redactText(key)] = redactValue(item, depth + 1)
  return out
}
