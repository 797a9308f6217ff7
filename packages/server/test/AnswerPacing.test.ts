import type { MessageId, UserId } from "@jules/core"
import { assert, describe, it } from "@effect/vitest"
import { Deferred, Effect, Metric } from "effect"
import { TestClock } from "effect/testing"
import * as AnswerPacing from "../src/conversation/AnswerPacing.ts"
import type { LoopPressure } from "../src/conversation/LoopPressure.ts"
import * as Metrics from "../src/observability/Metrics.ts"

const pressureOf = (state: { pressed: boolean }): LoopPressure["Service"] => ({
  arrived: Effect.void,
  pressed: () => state.pressed
})

/** People told by a pace over `seconds`, with `waiting` people always queued, one step every 10 ms. */
const toldOver = (pace: AnswerPacing.Pace, from: number, seconds: number, pressed: boolean) => {
  let told = 0
  for (let now = from; now < from + seconds * 1000; now += 10) {
    for (let n = pace.available(now, 1_000, pressed); n > 0; n--) {
      pace.spend()
      told++
    }
  }
  return told
}

describe("AnswerPacing", () => {
  it("while acks wait, people are told at the slowest pace, and still told", () => {
    const pace = new AnswerPacing.Pace(0)
    toldOver(pace, 0, 2, true)
    const told = toldOver(pace, 2_000, 10, true)
    assert.isAtLeast(told, AnswerPacing.MIN_PER_SECOND * 10 * 0.9)
    assert.isAtMost(told, AnswerPacing.MIN_PER_SECOND * 10 * 1.1)
  })

  it("once acks stop waiting, the pace grows to its fastest within seconds", () => {
    const pace = new AnswerPacing.Pace(0)
    toldOver(pace, 0, 5, true)
    toldOver(pace, 5_000, 3, false)
    assert.strictEqual(pace.perSecond, AnswerPacing.MAX_PER_SECOND)
    const told = toldOver(pace, 8_000, 1, false)
    assert.isAtLeast(told, AnswerPacing.MAX_PER_SECOND * 0.9)
  })

  it.effect("on a quiet server a text is told at once; people are told in the order of their first text, once", () =>
    Effect.gen(function*() {
      const told: Array<string> = []
      const pacing = yield* AnswerPacing.make({
        pressure: pressureOf({ pressed: false }),
        maxAnswering: AnswerPacing.MAX_ANSWERING,
        answer: (userId) => Effect.sync(() => void told.push(userId))
      })
      const text = (user: string, n: number) => pacing.stored(user as UserId, `console:${user}-${n}` as MessageId)
      yield* text("ada", 1)
      yield* Effect.yieldNow
      assert.deepStrictEqual(told, ["ada"])
      // A burst: more than may be told at once.
      for (let i = 0; i < 30; i++) yield* text(`p${i}`, 1)
      yield* text("p0", 2)
      yield* TestClock.adjust("2 seconds")
      assert.deepStrictEqual(told, ["ada", ...Array.from({ length: 30 }, (_, i) => `p${i}`)])
    }))

  it.effect("while acks wait, a backlog is told at the slowest pace, none dropped", () =>
    Effect.gen(function*() {
      const state = { pressed: true }
      const told: Array<string> = []
      const pacing = yield* AnswerPacing.make({
        pressure: pressureOf(state),
        maxAnswering: AnswerPacing.MAX_ANSWERING,
        answer: (userId) => Effect.sync(() => void told.push(userId))
      })
      for (let i = 0; i < 500; i++) yield* pacing.stored(`p${i}` as UserId, `console:${i}` as MessageId)
      yield* TestClock.adjust("10 seconds")
      assert.isAtMost(told.length, 130)
      assert.isAtLeast(told.length, 90)
      state.pressed = false
      yield* TestClock.adjust("10 seconds")
      assert.strictEqual(told.length, 500)
      assert.deepStrictEqual(told.slice(0, 3), ["p0", "p1", "p2"])
    }))

  it.effect("at most so many conversations answer at once; the others are told, in order, as they finish", () =>
    Effect.gen(function*() {
      const told: Array<string> = []
      const finish = new Map<string, Deferred.Deferred<void>>()
      const pacing = yield* AnswerPacing.make({
        pressure: undefined,
        maxAnswering: 3,
        answer: (userId) =>
          Effect.gen(function*() {
            const done = yield* Deferred.make<void>()
            finish.set(userId, done)
            told.push(userId)
            yield* Deferred.await(done)
          })
      })
      for (let i = 0; i < 10; i++) yield* pacing.stored(`p${i}` as UserId, undefined)
      yield* TestClock.adjust("1 second")
      assert.deepStrictEqual(told, ["p0", "p1", "p2"])
      // Operators see the backlog.
      assert.strictEqual((yield* Metric.value(Metrics.peopleWaiting)).value, 7)
      assert.strictEqual((yield* Metric.value(Metrics.conversationsAnswering)).value, 3)
      // A text from someone answering now waits its turn too, once.
      yield* pacing.stored("p1" as UserId, undefined)
      yield* pacing.stored("p1" as UserId, undefined)
      yield* Deferred.succeed(finish.get("p1")!, undefined)
      yield* TestClock.adjust("10 millis")
      assert.deepStrictEqual(told, ["p0", "p1", "p2", "p3"])
      for (let round = 0; round < 10; round++) {
        for (const done of finish.values()) yield* Deferred.succeed(done, undefined)
        yield* TestClock.adjust("10 millis")
      }
      assert.deepStrictEqual(told, ["p0", "p1", "p2", "p3", "p4", "p5", "p6", "p7", "p8", "p9", "p1"])
      assert.strictEqual((yield* Metric.value(Metrics.peopleWaiting)).value, 0)
    }))

  it.effect("a conversation that does not answer gives its place to the next person after a while", () =>
    Effect.gen(function*() {
      const told: Array<string> = []
      const pacing = yield* AnswerPacing.make({
        pressure: undefined,
        maxAnswering: 2,
        answer: (userId) => Effect.andThen(Effect.sync(() => void told.push(userId)), Effect.never)
      })
      for (let i = 0; i < 5; i++) yield* pacing.stored(`p${i}` as UserId, undefined)
      yield* TestClock.adjust("1 second")
      assert.deepStrictEqual(told, ["p0", "p1"])
      yield* TestClock.adjust(AnswerPacing.ANSWER_HELD_FOR)
      assert.deepStrictEqual(told, ["p0", "p1", "p2", "p3"])
    }))
})
