/**
 * How many people's conversations a process that runs turns tells of their
 * texts at once, and in role `all` how fast.
 *
 * How many: a conversation told of a text is a cluster entity, and one that
 * waits for a turn slot holds its texts, read and decrypted, besides. A
 * broadcast that thousands answer within a minute made thousands of them at
 * once (about 50 KB each; 8,500 took a 400 MB heap, and the worker spent
 * 45 % of its time collecting garbage instead of running turns). So at most
 * `MAX_ANSWERING` are answering at once (told, and not yet answered); the
 * others wait in a list of ids, first come first served, and are told as
 * places free up.
 *
 * How fast (role `all`): the acks and the turns share one event loop, and a
 * turn costs the CPU of ten or twenty acks. Told of every text as it is
 * stored, the turns of a busy minute take the whole loop and the acks queue
 * behind them: with a backlog of turns, acks at a steady 500 a second waited
 * 25-71 ms at the median and up to a quarter of a second (two-core machine,
 * PostgreSQL). Twilio retries a webhook it waited 15 s for, so late acks
 * become more acks. So people are told at a pace: while acks wait behind
 * other work (`LoopPressure`) the pace halves every `ADJUST_MS`, down to
 * `MIN_PER_SECOND`, which it never falls below; otherwise it grows by a
 * quarter, up to `MAX_PER_SECOND`. (`TurnSlots` does the same for the turns
 * of people told earlier.)
 *
 * Nothing waits when nothing is queued: a text on a quiet server is told at
 * once. The waiting people are memory only: a process that stops loses them,
 * and the outbox loop answers their texts, as it does a lost `Answer`.
 * Beyond `MAX_WAITING` people, texts are stored and left to the outbox loop.
 */
import type { MessageId, UserId } from "@jules/core"
import { Clock, Duration, Effect, FiberSet, Queue } from "effect"
import { everyThousandth } from "../logging/EveryThousandth.ts"
import * as Metrics from "../observability/Metrics.ts"
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
 * People whose conversations answer at once at most: enough that turn slots
 * never wait for people to be told (a burst window of 2.5 s at a few hundred
 * turns a second), few enough to keep the heap small.
 */
export const MAX_ANSWERING = 1_000
/** A conversation still answering after this gives its place to the next person (its turn goes on). */
export const ANSWER_HELD_FOR = Duration.seconds(30)

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
  /** A text of this person's was stored: their conversation is told now, or when there is room and the pace allows. */
  readonly stored: (userId: UserId, messageId: MessageId | undefined) => Effect.Effect<void>
}

/**
 * Tells conversations (`answer`, which waits until the conversation has
 * answered) from a fiber that lives as long as the scope: at most
 * `maxAnswering` at once, at the pace above when `pressure` is given (role
 * `all`), as fast as there is room otherwise (a worker).
 *
 * `answer` is given up on after `ANSWER_HELD_FOR` (its place goes to the next
 * person): interrupting it must not interrupt the turn, which the `Answer`
 * message ensures (`ConversationEntity`).
 */
export const make = (options: {
  readonly pressure: LoopPressure["Service"] | undefined
  readonly maxAnswering: number
  readonly answer: (userId: UserId, messageId: MessageId | undefined) => Effect.Effect<void>
}) =>
  Effect.gen(function*() {
    const { answer, maxAnswering, pressure } = options
    const tooMany = everyThousandth(
      "more people wait to be answered than this process keeps; their texts are stored and the outbox loop will answer them"
    )
    const heldTooLong = everyThousandth(
      `a conversation did not answer within ${Duration.format(ANSWER_HELD_FOR)}; the next person is told meanwhile`
    )
    const paced = pressure === undefined ? undefined : { pace: new Pace(yield* Clock.currentTimeMillis), pressure }
    // In order of each person's first waiting text (a Map keeps insertion order).
    const waiting = new Map<UserId, MessageId | undefined>()
    let answering = 0
    const wake = yield* Queue.dropping<void>(1)
    const answers = yield* FiberSet.make()
    const done = Effect.sync(() => {
      answering--
      Queue.offerUnsafe(wake, undefined)
    })

    const tellAvailable = Effect.gen(function*() {
      const room = maxAnswering - answering
      let n = paced === undefined
        ? room
        : Math.min(room, paced.pace.available(yield* Clock.currentTimeMillis, waiting.size, paced.pressure.pressed()))
      for (const [userId, messageId] of waiting) {
        if (n-- <= 0) break
        waiting.delete(userId)
        paced?.pace.spend()
        answering++
        yield* FiberSet.run(
          answers,
          answer(userId, messageId).pipe(
            Effect.timeoutOption(ANSWER_HELD_FOR),
            Effect.flatMap((answered) => answered._tag === "None" ? heldTooLong({ answering }) : Effect.void),
            Effect.ensuring(done)
          )
        )
      }
    })

    const pump = Effect.gen(function*() {
      while (true) {
        // Nobody waits, or there is no room: a text or a finished answer wakes the pump.
        if (waiting.size === 0 || answering >= maxAnswering) yield* Queue.take(wake)
        yield* tellAvailable
        yield* Metrics.answerQueue(waiting.size, answering)
        // Room, but the pace says wait.
        if (waiting.size > 0 && answering < maxAnswering) yield* Effect.sleep(Duration.millis(TICK_MS))
      }
    })
    yield* Effect.forkScoped(pump)

    const stored = (userId: UserId, messageId: MessageId | undefined) =>
      Effect.suspend(() => {
        if (waiting.has(userId)) return Effect.void
        if (waiting.size >= MAX_WAITING) return tooMany({ waiting: waiting.size })
        waiting.set(userId, messageId)
        Queue.offerUnsafe(wake, undefined)
        return Effect.void
      })

    return { stored } satisfies AnswerPacing as AnswerPacing
  })
