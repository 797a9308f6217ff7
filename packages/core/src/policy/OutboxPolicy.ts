/**
 * When the outbox tries a text again, and what a late text becomes.
 *
 * - Retries back off exponentially from `retryMin` to at most `retryMax`, with
 *   jitter (each delay is drawn between half and all of its step), so people
 *   whose texts failed together are not retried in lockstep. A carrier's
 *   Retry-After is a floor: the next attempt never comes sooner.
 * - A text still pending `maxAge` after it was recorded expires: a dead letter.
 * - A reply that waited longer than `staleAfter` still goes out, opened with a
 *   short note that it is late: what it answers is still the person's last
 *   question, and an honest "late" reads better than silence. Crisis
 *   resources and notices go out as they are, however late.
 */
import { DateTime, Duration } from "effect"
import type { OutboundKind } from "../domain/Message.ts"

export interface OutboxSettings {
  /** `OUTBOX_MAX_AGE`: how long a pending text keeps being retried. */
  readonly maxAge: Duration.Duration
  /** `OUTBOX_STALE_AFTER`: a reply older than this is sent with the late note. */
  readonly staleAfter: Duration.Duration
  /** `OUTBOX_RETRY_MIN`, `OUTBOX_RETRY_MAX`: the first and the longest wait between attempts. */
  readonly retryMin: Duration.Duration
  readonly retryMax: Duration.Duration
  /**
   * How long a turn has to send the texts it recorded before the outbox looks
   * at them (a turn cut short by a crash is picked up after this).
   */
  readonly handoverAfter: Duration.Duration
}

/**
 * 24 hours: a day covers the longest carrier outages seen in practice and a
 * night's sleep of an operator, while a reply older than a day answers a
 * conversation the person has left.
 */
export const DEFAULT_OUTBOX_MAX_AGE = Duration.hours(24)
export const DEFAULT_OUTBOX_STALE_AFTER = Duration.minutes(10)

export const defaultOutboxSettings: OutboxSettings = {
  maxAge: DEFAULT_OUTBOX_MAX_AGE,
  staleAfter: DEFAULT_OUTBOX_STALE_AFTER,
  retryMin: Duration.seconds(5),
  retryMax: Duration.minutes(5),
  handoverAfter: Duration.seconds(30)
}

/**
 * The wait before attempt `attempts + 1`, given `attempts` failed ones.
 * `random` is in [0, 1); Retry-After (when the carrier sent one) is a floor.
 */
export const retryDelay = (
  settings: OutboxSettings,
  attempts: number,
  random: number,
  retryAfterMs?: number | undefined
): Duration.Duration => {
  const min = Duration.toMillis(settings.retryMin)
  const max = Math.max(min, Duration.toMillis(settings.retryMax))
  const step = Math.min(max, min * 2 ** Math.min(30, Math.max(0, attempts - 1)))
  const jittered = step / 2 + (step / 2) * Math.min(1, Math.max(0, random))
  return Duration.millis(Math.round(Math.max(jittered, retryAfterMs ?? 0)))
}

const age = (createdAt: DateTime.Utc, now: DateTime.Utc): number =>
  DateTime.toEpochMillis(now) - DateTime.toEpochMillis(createdAt)

export const isExpired = (settings: OutboxSettings, createdAt: DateTime.Utc, now: DateTime.Utc): boolean =>
  age(createdAt, now) >= Duration.toMillis(settings.maxAge)

/** Kinds that carry the conversation, and so take the late note. */
const CONVERSATIONAL: ReadonlySet<OutboundKind> = new Set(["reply", "apology", "help"])

export const needsLateNote = (
  settings: OutboxSettings,
  message: { readonly kind: OutboundKind; readonly createdAt: DateTime.Utc },
  now: DateTime.Utc
): boolean => CONVERSATIONAL.has(message.kind) && age(message.createdAt, now) > Duration.toMillis(settings.staleAfter)
