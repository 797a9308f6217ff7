/**
 * What a verified birth date means for Jules: adult (18+), minor (13-17) or
 * under 13 (COPPA). The age is the one the person has on the decision's date
 * in the operator's time zone (`JULES_TIME_ZONE`): a birthday that is today
 * there counts, whatever the date is in UTC.
 *
 * - A birthday on 29 February comes on 1 March in other years (the later
 *   day: nobody is treated as older than they are).
 * - With only the year of birth, the person is taken to be as young as that
 *   year allows (their birthday not yet come): an 18-year-old by year alone
 *   may be 17, so is a minor; one who may be 12 is under 13.
 * - A missing, malformed, future or implausible (over 130) birth date decides
 *   nothing: the person stays unverified.
 */
import { DateTime, Option } from "effect"

export type VerifiedAge = "adult" | "minor" | "under_13"

export interface BirthFacts {
  /** `YYYY-MM-DD`, as read from the document. */
  readonly date?: string | null | undefined
  readonly year?: number | null | undefined
}

export const ADULT_AGE = 18
export const COPPA_AGE = 13
const MAX_AGE = 130

interface CalendarDate {
  readonly year: number
  readonly month: number
  readonly day: number
}

const isLeapYear = (year: number): boolean => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0

const daysIn = (year: number, month: number): number =>
  month === 2 ? (isLeapYear(year) ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31

/** A real calendar date written `YYYY-MM-DD`, or `undefined`. */
export const parseBirthDate = (text: string): CalendarDate | undefined => {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text.trim())
  if (match === null) return undefined
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])]
  if (month < 1 || month > 12 || day < 1 || day > daysIn(year, month)) return undefined
  return { year, month, day }
}

/** The calendar date of `at` in `timeZone` (UTC when the zone is unknown). */
export const calendarDate = (at: DateTime.Utc, timeZone: string): CalendarDate => {
  const parts = DateTime.makeZoned(at, { timeZone }).pipe(
    Option.map(DateTime.toParts),
    Option.getOrElse(() => DateTime.toPartsUtc(at))
  )
  return { year: parts.year, month: parts.month, day: parts.day }
}

/** Whole years from `birth` to `today` (a 29 February birthday comes on 1 March in common years). */
export const ageOn = (birth: CalendarDate, today: CalendarDate): number => {
  const hadBirthday = today.month > birth.month || (today.month === birth.month && today.day >= birth.day)
  return today.year - birth.year - (hadBirthday ? 0 : 1)
}

/** The youngest a person can be, from what the document said; `undefined` when it says nothing usable. */
export const youngestAge = (birth: BirthFacts, today: CalendarDate): number | undefined => {
  const date = typeof birth.date === "string" ? parseBirthDate(birth.date) : undefined
  let age: number | undefined
  if (date !== undefined) {
    const isFuture = date.year > today.year ||
      (date.year === today.year && (date.month > today.month || (date.month === today.month && date.day > today.day)))
    age = isFuture ? undefined : ageOn(date, today)
  } else if (typeof birth.year === "number" && Number.isInteger(birth.year) && birth.year <= today.year) {
    age = Math.max(0, today.year - birth.year - 1)
  }
  return age === undefined || age > MAX_AGE ? undefined : age
}

export const verifiedAgeOf = (age: number): VerifiedAge =>
  age >= ADULT_AGE ? "adult" : age >= COPPA_AGE ? "minor" : "under_13"

/** The decision for a birth date read on `decidedAt`, in the operator's `timeZone`. */
export const verifiedAge = (birth: BirthFacts, decidedAt: DateTime.Utc, timeZone: string): VerifiedAge | undefined => {
  const age = youngestAge(birth, calendarDate(decidedAt, timeZone))
  return age === undefined ? undefined : verifiedAgeOf(age)
}
