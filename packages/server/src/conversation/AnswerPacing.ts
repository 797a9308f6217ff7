/**
 * How fast a process of role `all` tells conversations of stored texts.
 *
 * In role `all` the acks and the turns share one event loop, and a turn costs
 * the CPU of ten or twenty acks. Told of every text as it is stored, the
 * turns of a busy minute take the whole loop and the acks queue behind them:
 * with a backlog of turns, acks at a steady 500 a second waited 25-71 ms at
 * the median and up to a quarter of a second (two-core machine, PostgreSQL).
 * Twilio retries a webhook it waited 15 s for, so late acks become more acks.
 *
 * So people are told at a pace, first come first served: while acks wait
 * behind other work (`LoopPressure`) the pace halves every `ADJUST_MS`, down
 * to `MIN_PER_SECOND`, which it never falls below; otherwise it grows by a
 * quarter, up to `MAX_PER_SECOND`. Nothing waits when nothing is queued: a
 * text on a quiet server is told at once. (`TurnSlots` does the same for the
 * turns of people told earlier.)
 *
 * The waiting people are memory only: a process that stops loses them, and
 * the outbox loop answers their texts, as it does a lost `Answer`. Beyond
 * `MAX_WAITING` people, texts are stored and left to the outbox loop.
 */
import type { MessageId, UserId } from "@jules/core"
import { Clock, Duration, Effect, Queue } from "effect"
import type { LoopPressure } from "./LoopPressure.ts"

/** How often the pace is reconsidered while people wait. */
export const ADJUST_MS = 100
/** The pace never falls below this: people are answered, if slowly, during the longest flood. */
export const MIN_PER_SECOND = 10
/** More than a process's turns could start: the pace only needs to say "slower". */
export const MAX_PER_SECOND = 500
const START_PER_SECOND = 100
/** How long the pacer waits between rounds while people wait. */
const TICK_MS = 10
/** People told at once at most after a quiet spell: a tenth of a second's worth. */
const BURST_SECONDS = 0.1
/** People waiting at most; texts beyond are left to the outbox loop. */
export const MAX_WAITING = 100_000

/**
 * The pace itself, without effects: fed the clock and whether acks wait, it
 * says how many waiting people may be told now.
 */
export class Pace {
  perSecond = START_PER_SECOND
  private allowance = 1
  private refilledAt: number
  private adjustedAt: number

  constructor(now: number) {
    this.refilledAt = now
    this.adjustedAt = now
  }

  /** How many people may be told now (each one told must be `spend`t). */
  available(now: number, waiting: number, pressed: boolean): number {
    if (now - this.adjustedAt >= ADJUST_MS) {
      if (pressed) this.perSecond = Math.max(MIN_PER_SECOND, this.perSecond / 2)
      else if (waiting > 0) this.perSecond = Math.min(MAX_PER_SECOND, this.perSecond * 1.25)
      this.adjustedAt = now
    }
    const cap = Math.max(1, this.perSecond * BURST_SECONDS)
    this.allowance = Math.min(cap, this.allowance + (this.perSecond * Math.max(0, now - this.refilledAt)) / 1000)
    this.refilledAt = now
    return Math.floor(this.allowance)
  }

  spend(): void {
    this.allowance -= 1
  }
}

export interface AnswerPacing {
  /** A text of this person's was stored: their conversation is told now, or when the pace allows. */
  readonly stored: (userId: UserId, messageId: MessageId) => Effect.Effect<void>
}

/**
 * Tells (`tell`, which must not wait for the turn) at the pace above, from a
 * fiber that lives as long as the scope.
 */
export const make = (
  pressure: LoopPressure["Service"],
  tell: (userId: UserId, messageId: MessageId) => Effect.Effect<void>,
  leave: () => Effect.Effect<void>
) =>
  Effect.gen(function*() {
    const pace = new Pace(yield* Clock.currentTimeMillis)
    // In order of each person's first waiting text (a Map keeps insertion order).
    const waiting = new Map<UserId, MessageId>()
    const wake = yield* Queue.dropping<void>(1)

    const tellAvailable = Effect.gen(function*() {
      let n = pace.available(yield* Clock.currentTimeMillis, waiting.size, pressure.pressed())
      for (const [userId, messageId] of waiting) {
        if (n-- <= 0) break
        waiting.delete(userId)
        pace.spend()
        yield* tell(userId, messageId)
      }
    })

    const pump = Effect.gen(function*() {
      while (true) {
        if (waiting.size === 0) yield* Queue.take(wake)
        yield* tellAvailable
        if (waiting.size > 0) yield* Effect.sleep(Duration.millis(TICK_MS))
      }
    })
    yield* Effect.forkScoped(pump)

    const stored = (userId: UserId, messageId: MessageId) =>
      Effect.suspend(() => {
        if (waiting.has(userId)) return Effect.void
        if (waiting.size >= MAX_WAITING) return leave()
        waiting.set(userId, messageId)
        Queue.offerUnsafe(wake, undefined)
        return Effect.void
      })

    return { stored } satisfies AnswerPacing as AnswerPacing
  })
