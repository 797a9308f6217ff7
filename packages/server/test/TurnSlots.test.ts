import { assert, describe, it } from "@effect/vitest"
import { Clock, Deferred, Effect, Fiber } from "effect"
import { TestClock } from "effect/testing"
import * as TurnSlots from "../src/conversation/TurnSlots.ts"

describe("TurnSlots", () => {
  it.effect("runs at most the allowed turns at once, the waiting ones in the order they came", () =>
    Effect.gen(function*() {
      const slots = yield* TurnSlots.make(2)
      let running = 0
      let most = 0
      const started: Array<number> = []
      const turn = (n: number) =>
        slots.withSlot(Effect.gen(function*() {
          started.push(n)
          running++
          most = Math.max(most, running)
          yield* Effect.sleep("10 millis")
          running--
        }))
      const fibers = yield* Effect.forEach([1, 2, 3, 4, 5, 6, 7], (n) => Effect.forkChild(turn(n)))
      yield* TestClock.adjust("1 second")
      yield* Effect.forEach(fibers, Fiber.join)
      assert.strictEqual(most, 2)
      assert.deepStrictEqual(started, [1, 2, 3, 4, 5, 6, 7])
    }))

  it.effect("a failed turn and a turn interrupted while it waits leave every slot free", () =>
    Effect.gen(function*() {
      const slots = yield* TurnSlots.make(1)
      const release = yield* Deferred.make<void>()
      const holder = yield* Effect.forkChild(slots.withSlot(Deferred.await(release)))
      yield* Effect.yieldNow
      const waiter = yield* Effect.forkChild(slots.withSlot(Effect.void))
      yield* Effect.yieldNow
      yield* Fiber.interrupt(waiter)
      yield* Deferred.succeed(release, undefined)
      yield* Fiber.join(holder)
      const failed = yield* Effect.flip(slots.withSlot(Effect.fail("model down")))
      assert.strictEqual(failed, "model down")
      // the one slot is free again: a turn runs at once
      assert.strictEqual(yield* slots.withSlot(Effect.succeed("ran")), "ran")
    }))

  it.effect("while acks wait behind turns, one turn at a time, started apart; after, as many as allowed", () =>
    Effect.gen(function*() {
      const pressure = { pressed: true }
      const slots = yield* TurnSlots.make(4, { arrived: Effect.void, pressed: () => pressure.pressed })
      let running = 0
      let most = 0
      const starts: Array<number> = []
      const turn = slots.withSlot(Effect.gen(function*() {
        starts.push(yield* Clock.currentTimeMillis)
        running++
        most = Math.max(most, running)
        yield* Effect.sleep("10 millis")
        running--
      }))
      const crowded = yield* Effect.forEach([1, 2, 3, 4, 5, 6], () => Effect.forkChild(turn))
      yield* TestClock.adjust("1 second")
      yield* Effect.forEach(crowded, Fiber.join)
      assert.strictEqual(most, 1)
      for (let i = 1; i < starts.length; i++) {
        assert.isAtLeast(starts[i]! - starts[i - 1]!, TurnSlots.PRESSED_START_GAP_MS)
      }
      pressure.pressed = false
      most = 0
      const free = yield* Effect.forEach([1, 2, 3, 4, 5, 6], () => Effect.forkChild(turn))
      yield* TestClock.adjust("1 second")
      yield* Effect.forEach(free, Fiber.join)
      assert.strictEqual(most, 4)
    }))
})
