/**
 * Rule 4 of a turn: daily quota per tier and a per-minute burst limit.
 *
 * Crisis replies are never subject to either: the turn checks crisis first.
 * Over quota, the person gets one upgrade nudge a day and otherwise silence -
 * a nudge on every text would be spam.
 */
import { DateTime, Duration, Option } from "effect"

export interface TierLimits {
  /** Model-answered turns per day in the person's time zone; `null` = unlimited. */
  readonly dailyTurns: number | null
  /** Longest reply, in SMS segments. */
  readonly maxReplySegments: number
}

export type QuotaDecision =
  | { readonly _tag: "Allowed" }
  | { readonly _tag: "RateLimited" }
  | { readonly _tag: "Exhausted"; readonly limit: number; readonly nudge: boolean }

export const decideQuota = (options: {
  readonly limits: TierLimits
  readonly turnsToday: number
  readonly nudgesToday: number
  readonly turnsLastMinute: number
  readonly perMinuteLimit: number
}): QuotaDecision => {
  if (options.turnsLastMinute >= options.perMinuteLimit) return { _tag: "RateLimited" }
  const limit = options.limits.dailyTurns
  if (limit !== null && options.turnsToday >= limit) {
    return { _tag: "Exhausted", limit, nudge: options.nudgesToday === 0 }
  }
  return { _tag: "Allowed" }
}

/** Midnight of `now`'s day in `timeZone` (UTC when the zone is unknown), as a UTC instant. */
export const startOfDay = (now: DateTime.Utc, timeZone: string): DateTime.Utc =>
  DateTime.makeZoned(now, { timeZone }).pipe(
    Option.map((zoned) => DateTime.toUtc(DateTime.startOf(zoned, "day"))),
    Option.getOrElse(() => DateTime.startOf(now, "day"))
  )

/** The burst limit counts turns within this long. */
export const BURST_WINDOW = Duration.minutes(1)

/** What the quota counts from: the person's day so far, and the burst window. */
export const quotaWindows = (
  now: DateTime.Utc,
  timeZone: string
): { readonly day: DateTime.Utc; readonly recent: DateTime.Utc } => ({
  day: startOfDay(now, timeZone),
  recent: DateTime.subtractDuration(now, BURST_WINDOW)
})
