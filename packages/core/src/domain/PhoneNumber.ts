/**
 * A phone number in E.164 form: `+`, a country code, at most 15 digits.
 *
 * Phone numbers are personal data. They are stored encrypted and looked up by a
 * blind index (see the `Crypto` port); this module only says what a valid number is.
 */
import { Option, Schema } from "effect"

const E164 = /^\+[1-9]\d{1,14}$/

export const PhoneNumber = Schema.String.pipe(
  Schema.check(Schema.isPattern(E164)),
  Schema.brand("PhoneNumber")
)
export type PhoneNumber = typeof PhoneNumber.Type

const SEPARATORS = /[\s().\-\u00a0\u2010-\u2015]/g

/**
 * Reads what a person or a provider calls a phone number.
 *
 * Accepts E.164 with common punctuation (`+1 (415) 555-2671`), the `00`
 * international prefix, and - when `defaultCountryCode` is given - national
 * numbers of that country (`415-555-2671` with `"1"`). Returns `None` for
 * anything else; it never throws, whatever the input.
 */
export const parsePhoneNumber = (
  input: string,
  defaultCountryCode?: string
): Option.Option<PhoneNumber> => {
  if (typeof input !== "string" || input.length > 64) return Option.none()
  let digits = input.trim().replace(SEPARATORS, "")
  if (digits.startsWith("00")) digits = "+" + digits.slice(2)
  if (!digits.startsWith("+")) {
    if (defaultCountryCode === undefined || !/^\d+$/.test(digits)) return Option.none()
    // North American numbers are often written with the trunk prefix 1.
    const national = defaultCountryCode === "1" && digits.length === 11 && digits.startsWith("1")
      ? digits.slice(1)
      : digits.replace(/^0/, "")
    digits = `+${defaultCountryCode}${national}`
  }
  return E164.test(digits) ? Option.some(digits as PhoneNumber) : Option.none()
}

/** `+14155552671` → `+1••••••2671`: enough to tell numbers apart in a console, not to dial. */
export const maskPhoneNumber = (phone: string): string =>
  phone.length <= 6 ? "••••" : `${phone.slice(0, 2)}${"•".repeat(phone.length - 6)}${phone.slice(-4)}`
