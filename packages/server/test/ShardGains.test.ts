import { assert, describe, it } from "@effect/vitest"
import { Effect, Fiber } from "effect"
import { TestClock } from "effect/testing"
import * as ShardGains from "../src/conversation/ShardGains.ts"

/** A worker whose shards the test moves, and the gains it was told of. */
const watched = (first: ReadonlyArray<string>, gained: (shards: ReadonlySet<string>) => Effect.Effect<void> = () => Effect.void) =>
  Effect.gen(function*() {
    const held = { now: new Set(first) }
    const told: Array<Array<string>> = []
    const fiber = yield* ShardGains.watch({
      held: () => held.now,
      gained: (shards) => Effect.andThen(Effect.sync(() => void told.push([...shards].sort())), gained(shards))
    }).pipe(Effect.forkChild)
    yield* Effect.yieldNow
    return { held, told, fiber }
  })

describe("ShardGains", () => {
  it.effect("the first shards are a gain; later only the shards gained since the last look", () =>
    Effect.gen(function*() {
      const { held, told } = yield* watched(["a:1", "a:2"])
      assert.deepStrictEqual(told, [["a:1", "a:2"]])
      yield* TestClock.adjust(ShardGains.CHECK_EVERY)
      assert.deepStrictEqual(told, [["a:1", "a:2"]], "nothing moved: no one is looked for")
      held.now = new Set(["a:1", "a:2", "a:3", "a:4"])
      yield* TestClock.adjust(ShardGains.CHECK_EVERY)
      assert.deepStrictEqual(told.at(-1), ["a:3", "a:4"])
      held.now = new Set(["a:3"])
      yield* TestClock.adjust(ShardGains.CHECK_EVERY)
      assert.strictEqual(told.length, 2, "a shard let go is no gain")
      held.now = new Set(["a:1", "a:3"])
      yield* TestClock.adjust(ShardGains.CHECK_EVERY)
      assert.deepStrictEqual(told.at(-1), ["a:1"], "a shard taken again is a gain again")
    }))

  it.effect("a look that fails is not asked again every second, and the watch goes on", () =>
    Effect.gen(function*() {
      let failing = true
      const { held, told, fiber } = yield* watched(["a:1"], () =>
        failing ? Effect.die("the database is away") : Effect.void)
      // The failure ends neither the watch nor its caller (`gained` logs its own failures; a defect is a bug).
      yield* TestClock.adjust(ShardGains.CHECK_EVERY)
      assert.isUndefined(fiber.pollUnsafe())
      failing = false
      held.now = new Set(["a:1", "a:2"])
      yield* TestClock.adjust(ShardGains.CHECK_EVERY)
      assert.deepStrictEqual(told, [["a:1"], ["a:2"]])
      yield* Fiber.interrupt(fiber)
    }))
})
