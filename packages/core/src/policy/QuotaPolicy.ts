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

const computeStartOfDay = (now: DateTime.Utc, timeZone: string): DateTime.Utc =>
  DateTime.makeZoned(now, { timeZone }).pipe(
    Option.map((zoned) => DateTime.toUtc(DateTime.startOf(zoned, "day"))),
    Option.getOrElse(() => DateTime.startOf(now, "day"))
  )

/** A day of one zone: `[start, end)` in epoch milliseconds. */
interface ZoneDay {
  readonly start: DateTime.Utc
  readonly startMillis: number
  readonly endMillis: number
}

/**
 * The current day of each zone seen. Working a midnight out goes through
 * `Intl` three or four times (over 100 µs in a busy worker), and every turn asks twice; the
 * answer is the same for every instant of the day. Bounded by the number of
 * zones (a few hundred names), one entry each.
 */
const zoneDays = new Map<string, ZoneDay>()

/** No day is longer than this (25 h at a daylight-saving change): a day's start plus it falls in the next day. */
const INTO_NEXT_DAY = 26 * 60 * 60 * 1000

/** Midnight of `now`'s day in `timeZone` (UTC when the zone is unknown), as a UTC instant. */
export const startOfDay = (now: DateTime.Utc, timeZone: string): DateTime.Utc => {
  const millis = now.epochMilliseconds
  const known = zoneDays.get(timeZone)
  if (known !== undefined && millis >= known.startMillis && millis < known.endMillis) return known.start
  const start = computeStartOfDay(now, timeZone)
  const startMillis = start.epochMilliseconds
  const endMillis = computeStartOfDay(DateTime.makeUnsafe(startMillis + INTO_NEXT_DAY), timeZone).epochMilliseconds
  // Only a day that holds `now` is kept (a zone without such a day is worked out every time).
  if (startMillis <= millis && millis < endMillis) zoneDays.set(timeZone, { start, startMillis, endMillis })
  return start
}

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
