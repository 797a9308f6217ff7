import { assert, describe, it } from "@effect/vitest"
import { Clock, Deferred, Effect, Fiber, identity, Schema } from "effect"
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

describe("TurnSlots: a turn waiting outside the process", () => {
  /** A turn: some work, a wait on the model, some work, with the turns working counted around it. */
  const counting = (slots: TurnSlots.TurnSlots, modelWait: Effect.Effect<void>) => {
    const seen = { working: 0, mostWorking: 0, away: 0, mostAway: 0 }
    const work = Effect.gen(function*() {
      seen.working++
      seen.mostWorking = Math.max(seen.mostWorking, seen.working, slots.working())
      yield* Effect.sleep("10 millis")
      seen.working--
    })
    const model = TurnSlots.awayFromSlot(Effect.gen(function*() {
      seen.away++
      seen.mostAway = Math.max(seen.mostAway, seen.away)
      yield* modelWait
      seen.away--
    }))
    return { seen, turn: slots.withSlot(Effect.andThen(work, Effect.andThen(model, work))) }
  }

  it.effect("lends its working place: twenty turns on a one-second model, two places, done in about a second", () =>
    Effect.gen(function*() {
      const slots = yield* TurnSlots.make(20, undefined, 2)
      const { seen, turn } = counting(slots, Effect.sleep("1 second"))
      const fibers = yield* Effect.forEach(Array.from({ length: 20 }), () => Effect.forkChild(turn))
      yield* TestClock.adjust("1500 millis")
      // Holding their places through the wait, two at a time, they would take ten seconds.
      for (const fiber of fibers) assert.isDefined(fiber.pollUnsafe(), "every turn finished")
      assert.strictEqual(seen.mostWorking, 2)
      assert.strictEqual(seen.mostAway, 20)
      assert.strictEqual(slots.working(), 0)
    }))

  it.effect("in flight stays bounded: no more waits open at once than turns allowed", () =>
    Effect.gen(function*() {
      const slots = yield* TurnSlots.make(4, undefined, 2)
      const { seen, turn } = counting(slots, Effect.sleep("1 second"))
      const fibers = yield* Effect.forEach(Array.from({ length: 12 }), () => Effect.forkChild(turn))
      yield* TestClock.adjust("10 seconds")
      yield* Effect.forEach(fibers, Fiber.join)
      assert.strictEqual(seen.mostAway, 4)
    }))

  it.effect("coming back from the model, a turn is served before turns not yet started", () =>
    Effect.gen(function*() {
      const slots = yield* TurnSlots.make(3, undefined, 1)
      const order: Array<string> = []
      const answer = yield* Deferred.make<void>()
      const bDone = yield* Deferred.make<void>()
      const a = yield* Effect.forkChild(slots.withSlot(Effect.gen(function*() {
        yield* TurnSlots.awayFromSlot(Deferred.await(answer))
        order.push("a came back")
      })))
      yield* Effect.yieldNow
      // a is away: b takes the one place and works until told.
      const b = yield* Effect.forkChild(slots.withSlot(Effect.gen(function*() {
        order.push("b started")
        yield* Deferred.await(bDone)
      })))
      yield* Effect.yieldNow
      const c = yield* Effect.forkChild(slots.withSlot(Effect.sync(() => {
        order.push("c started")
      })))
      yield* Effect.yieldNow
      yield* Deferred.succeed(answer, undefined)
      yield* Effect.yieldNow
      assert.deepStrictEqual(order, ["b started"])
      yield* Deferred.succeed(bDone, undefined)
      yield* Effect.forEach([a, b, c], Fiber.join)
      assert.deepStrictEqual(order, ["b started", "a came back", "c started"])
    }))

  it.effect("a turn interrupted while away or while waiting to come back, or whose wait timed out, gives every place back", () =>
    Effect.gen(function*() {
      const slots = yield* TurnSlots.make(4, undefined, 1)
      // Interrupted while away.
      const away = yield* Effect.forkChild(slots.withSlot(TurnSlots.awayFromSlot(Effect.never)))
      yield* Effect.yieldNow
      // Interrupted while waiting to come back: its answer came while another turn held the place.
      const answer = yield* Deferred.make<void>()
      const holderDone = yield* Deferred.make<void>()
      const back = yield* Effect.forkChild(slots.withSlot(TurnSlots.awayFromSlot(Deferred.await(answer))))
      yield* Effect.yieldNow
      const holder = yield* Effect.forkChild(slots.withSlot(Deferred.await(holderDone)))
      yield* Effect.yieldNow
      yield* Deferred.succeed(answer, undefined)
      yield* Effect.yieldNow
      yield* Fiber.interrupt(back)
      yield* Fiber.interrupt(away)
      yield* Deferred.succeed(holderDone, undefined)
      yield* Fiber.join(holder)
      // A wait cut short by a timeout: the turn goes on and ends.
      const timedOut = yield* slots.withSlot(
        TurnSlots.awayFromSlot(Effect.never).pipe(Effect.timeout("1 second"), Effect.flip, Effect.map(() => "gave up"))
      ).pipe(Effect.forkChild)
      yield* TestClock.adjust("2 seconds")
      assert.strictEqual(yield* Fiber.join(timedOut), "gave up")
      assert.strictEqual(slots.working(), 0)
      // All four turns in flight and the one working place are free: four turns each go away at once.
      const gate = yield* Deferred.make<void>()
      let away4 = 0
      const four = yield* Effect.forEach(Array.from({ length: 4 }), () =>
        Effect.forkChild(slots.withSlot(TurnSlots.awayFromSlot(Effect.andThen(Effect.sync(() => away4++), Deferred.await(gate))))))
      yield* Effect.yieldNow
      assert.strictEqual(away4, 4)
      yield* Deferred.succeed(gate, undefined)
      yield* Effect.forEach(four, Fiber.join)
      assert.strictEqual(slots.working(), 0)
    }))

  it.effect("a turn waiting on two vendors at once (a second opinion) takes one place back, not two", () =>
    Effect.gen(function*() {
      const slots = yield* TurnSlots.make(2, undefined, 1)
      // The first answer comes back at once while the place is lent out, the second a little later:
      // each wait's end once asked for a place, the turn got one and waited forever for the other.
      const secondOpinion = slots.withSlot(Effect.andThen(
        Effect.sleep("1 millis"),
        Effect.all([TurnSlots.awayFromSlot(Effect.sleep("0 millis")), TurnSlots.awayFromSlot(Effect.sleep("1 millis"))], {
          concurrency: 2
        })
      ))
      const other = slots.withSlot(Effect.sleep("2 millis"))
      const fibers = [yield* Effect.forkChild(secondOpinion), yield* Effect.forkChild(other)]
      yield* TestClock.adjust("1 second")
      for (const fiber of fibers) assert.isDefined(fiber.pollUnsafe(), "both turns finished")
      assert.strictEqual(slots.working(), 0)
    }))

  it.effect("while acks wait, a turn waiting on the model does not hold the next one back; they still start apart", () =>
    Effect.gen(function*() {
      const slots = yield* TurnSlots.make(4, { arrived: Effect.void, pressed: () => true }, 4)
      const starts: Array<number> = []
      const turn = slots.withSlot(Effect.gen(function*() {
        starts.push(yield* Clock.currentTimeMillis)
        yield* TurnSlots.awayFromSlot(Effect.sleep("1 second"))
      }))
      const fibers = yield* Effect.forEach([1, 2, 3], () => Effect.forkChild(turn))
      yield* TestClock.adjust("5 seconds")
      yield* Effect.forEach(fibers, Fiber.join)
      // Each started once the one before was waiting on the model, not after its second.
      assert.deepStrictEqual(starts, [0, TurnSlots.PRESSED_START_GAP_MS, 2 * TurnSlots.PRESSED_START_GAP_MS])
    }))

  it.effect("outside a turn (the outbox loop's sends) a wait just runs", () =>
    Effect.gen(function*() {
      assert.strictEqual(yield* TurnSlots.awayFromSlot(Effect.succeed("sent")), "sent")
    }))

  const int = (minimum: number, maximum: number) => Schema.Int.check(Schema.isBetween({ minimum, maximum }))
  const Step = Schema.Struct({
    away: Schema.Boolean,
    ms: int(0, 40),
    /** A timeout around the wait (as the memory extraction has), cutting it short or not. */
    cutAfterMs: Schema.optional(int(0, 40))
  })
  const TurnPlan = Schema.Struct({
    steps: Schema.Array(Step).check(Schema.isMaxLength(5)),
    /** Two waits side by side in one turn (a second opinion asks two vendors at once). */
    pairedWait: Schema.Boolean,
    /** Interrupted this long after it was started, or never. */
    interruptAfterMs: Schema.optional(int(0, 200))
  })

  it.effect.prop(
    "whatever turns do and whenever they are interrupted, no more work at once than places, and all given back",
    [Schema.Array(TurnPlan).check(Schema.isMaxLength(12)), int(1, 4), int(1, 3)],
    ([plans, slotCount, placeCount]) =>
      Effect.gen(function*() {
        const slots = yield* TurnSlots.make(slotCount, undefined, placeCount)
        const places = Math.min(slotCount, placeCount)
        let mostWorking = 0
        const wait = (ms: number) => Effect.sleep(`${ms} millis`)
        const turn = (plan: typeof TurnPlan.Type) =>
          slots.withSlot(Effect.forEach(plan.steps, ({ away, cutAfterMs, ms }) =>
            away
              ? (plan.pairedWait
                ? Effect.all([TurnSlots.awayFromSlot(wait(ms)), TurnSlots.awayFromSlot(wait(ms + 1))], { concurrency: 2 })
                : TurnSlots.awayFromSlot(wait(ms))).pipe(
                  cutAfterMs === undefined ? identity : Effect.timeoutOption(`${cutAfterMs} millis`)
                )
              : Effect.andThen(Effect.sync(() => {
                mostWorking = Math.max(mostWorking, slots.working())
              }), wait(ms)), { discard: true }))
        const fibers = yield* Effect.forEach(plans, (plan) => Effect.forkChild(turn(plan)))
        yield* Effect.forEach(plans, (plan, i) =>
          plan.interruptAfterMs === undefined
            ? Effect.void
            : Effect.forkChild(Effect.andThen(Effect.sleep(`${plan.interruptAfterMs} millis`), Fiber.interrupt(fibers[i]!))))
        yield* TestClock.adjust("10 seconds")
        for (const fiber of fibers) assert.isDefined(fiber.pollUnsafe(), "every turn ended")
        assert.isAtMost(mostWorking, places)
        assert.strictEqual(slots.working(), 0)
        // Every turn in flight is free again: as many as allowed go away at once, and come back.
        const gate = yield* Deferred.make<void>()
        let away = 0
        const again = yield* Effect.forEach(Array.from({ length: slotCount }), () =>
          Effect.forkChild(slots.withSlot(TurnSlots.awayFromSlot(Effect.andThen(Effect.sync(() => away++), Deferred.await(gate))))))
        yield* Effect.yieldNow
        assert.strictEqual(away, slotCount)
        yield* Deferred.succeed(gate, undefined)
        yield* Effect.forEach(again, Fiber.join)
        assert.strictEqual(slots.working(), 0)
      })
  )
})
