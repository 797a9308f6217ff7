/**
 * Operators who export traces see each step of a turn as a span; everyone
 * else pays nothing for spans no one collects.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Option, References } from "effect"
import { Spans } from "../src/index.ts"

const spanName = Effect.map(Effect.option(Effect.currentSpan), Option.map((span) => span.name))

const step = Spans.fn("Steps.double")(function*(n: number) {
  if (n < 0) return yield* Effect.fail(`negative: ${n}`)
  return { doubled: n * 2, span: yield* spanName }
})

const traced = <A, E>(effect: Effect.Effect<A, E>) => Effect.provideService(effect, References.TracerEnabled, true)
const untraced = <A, E>(effect: Effect.Effect<A, E>) => Effect.provideService(effect, References.TracerEnabled, false)

describe("Spans", () => {
  it.effect("a function runs in a span of its name when traces are collected", () =>
    Effect.gen(function*() {
      const result = yield* traced(step(21))
      assert.deepStrictEqual(result, { doubled: 42, span: Option.some("Steps.double") })
      // Inside an outer span, the function's span is the one its body sees, a child of the outer.
      const nested = yield* traced(
        Effect.gen(function*() {
          const inner = yield* step(1)
          return { inner: inner.span, outer: yield* spanName }
        }).pipe(Effect.withSpan("Steps.outer"))
      )
      assert.deepStrictEqual(nested, { inner: Option.some("Steps.double"), outer: Option.some("Steps.outer") })
    }))

  it.effect("no span is made when traces are not collected; results and failures are the same", () =>
    Effect.gen(function*() {
      assert.deepStrictEqual(yield* untraced(step(21)), { doubled: 42, span: Option.none() })
      assert.strictEqual(yield* Effect.flip(untraced(step(-1))), "negative: -1")
      assert.strictEqual(yield* Effect.flip(traced(step(-1))), "negative: -1")
    }))

  it.effect("withSpan names the span only when traces are collected", () =>
    Effect.gen(function*() {
      const named = Spans.withSpan("Steps.read", { attributes: { store: "test" } })
      assert.deepStrictEqual(yield* traced(named(spanName)), Option.some("Steps.read"))
      assert.deepStrictEqual(yield* untraced(named(spanName)), Option.none())
    }))
})
