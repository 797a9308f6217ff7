/**
 * Rule 8 of a turn: which legally required notices are due.
 *
 * New York GBL §1702 asks for a notice at the start of an interaction and at
 * least every three hours; California SB 243 §22602(a) for a clear notice that
 * the companion is AI, and §22602(c) for known minors a reminder, at least every
 * three hours, to take a break. We send the AI notice whenever none went out in
 * the last `interval` - the start of every conversation after a pause included.
 */
import { DateTime, Duration, Option } from "effect"
import type { DisclosureKind } from "../domain/Disclosure.ts"
import type { AgeStatus } from "../domain/User.ts"
import { inMinorMode } from "../domain/User.ts"

export const DEFAULT_DISCLOSURE_INTERVAL = Duration.hours(3)

const isDue = (last: Option.Option<DateTime.Utc>, now: DateTime.Utc, interval: Duration.Duration): boolean =>
  Option.match(last, {
    onNone: () => true,
    onSome: (at) => DateTime.toEpochMillis(now) - DateTime.toEpochMillis(at) >= Duration.toMillis(interval)
  })

export const disclosuresDue = (options: {
  readonly now: DateTime.Utc
  readonly ageStatus: AgeStatus
  readonly lastAiNotice: Option.Option<DateTime.Utc>
  readonly lastBreakReminder: Option.Option<DateTime.Utc>
  readonly interval: Duration.Duration
}): ReadonlyArray<DisclosureKind> => {
  const due: Array<DisclosureKind> = []
  if (isDue(options.lastAiNotice, options.now, options.interval)) due.push("ai_notice")
  if (inMinorMode(options.ageStatus) && isDue(options.lastBreakReminder, options.now, options.interval)) {
    due.push("break_reminder")
  }
  return due
}
