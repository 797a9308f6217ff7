import type { MessageId, UserId } from "@jules/core"
import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { TestClock } from "effect/testing"
import * as AnswerPacing from "../src/conversation/AnswerPacing.ts"
import type { LoopPressure } from "../src/conversation/LoopPressure.ts"

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
      const pacing = yield* AnswerPacing.make(
        pressureOf({ pressed: false }),
        (userId) => Effect.sync(() => void told.push(userId)),
        () => Effect.void
      )
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
      const pacing = yield* AnswerPacing.make(
        pressureOf(state),
        (userId) => Effect.sync(() => void told.push(userId)),
        () => Effect.void
      )
      for (let i = 0; i < 500; i++) yield* pacing.stored(`p${i}` as UserId, `console:${i}` as MessageId)
      yield* TestClock.adjust("10 seconds")
      assert.isAtMost(told.length, 130)
      assert.isAtLeast(told.length, 90)
      state.pressed = false
      yield* TestClock.adjust("10 seconds")
      assert.strictEqual(told.length, 500)
      assert.deepStrictEqual(told.slice(0, 3), ["p0", "p1", "p2"])
    }))
})
