/** What every `EventClaims` must do. */
import { assert } from "@effect/vitest"
import { EventClaims } from "@jules/core"
import type { Layer } from "effect"
import { Effect } from "effect"
import * as F from "./Fixtures.ts"
import type { ContractOptions, ContractTests } from "./Suite.ts"
import { registerContract } from "./Suite.ts"

export const eventClaimsTests: ContractTests<EventClaims> = (it) => {
  it.effect("the first claim of (source, id) wins and every later one loses", () =>
    Effect.gen(function*() {
      const claims = yield* EventClaims
      const id = yield* F.uuid
      assert.isTrue(yield* claims.claim("twilio:sms", id))
      assert.isFalse(yield* claims.claim("twilio:sms", id))
      assert.isFalse(yield* claims.claim("twilio:sms", id))
    }))

  it.effect("the same id from another source is another event", () =>
    Effect.gen(function*() {
      const claims = yield* EventClaims
      const id = yield* F.uuid
      assert.isTrue(yield* claims.claim("twilio:sms", id))
      assert.isTrue(yield* claims.claim("twilio:status", id))
      assert.isTrue(yield* claims.claim("stripe:event", id))
      assert.isTrue(yield* claims.claim("twilio:sms", `${id}-2`))
    }))

  it.effect("a released claim can be claimed again, once", () =>
    Effect.gen(function*() {
      const claims = yield* EventClaims
      const id = yield* F.uuid
      assert.isTrue(yield* claims.claim("billing:event", id))
      yield* claims.release("billing:event", id)
      assert.isTrue(yield* claims.claim("billing:event", id))
      assert.isFalse(yield* claims.claim("billing:event", id))
      // Releasing what was never claimed changes nothing else.
      yield* claims.release("billing:event", `${id}-never`)
      assert.isFalse(yield* claims.claim("billing:event", id))
    }))

  it.effect("of 20 racing claims exactly one wins", () =>
    Effect.gen(function*() {
      const claims = yield* EventClaims
      const id = yield* F.uuid
      const results = yield* Effect.all(Array.from({ length: 20 }, () => claims.claim("bandwidth:sms", id)), {
        concurrency: "unbounded"
      })
      assert.strictEqual(results.filter((won) => won).length, 1)
    }))
}

export const eventClaimsContract = (
  name: string,
  storage: Layer.Layer<EventClaims, unknown>,
  options?: ContractOptions
): void => registerContract(`EventClaims contract (${name})`, storage, options, eventClaimsTests)
