/**
 * What every `AgeVerification` must do. A session's URL is texted to the
 * person, so it is one absolute http(s) URL, and each session has an id of its
 * own (the decision webhook names it). When no session can start, the failure
 * is an `AgeVerificationError` (never a defect) whose retryability follows its
 * reason, so the age gate can try again with the next text.
 *
 * `available: false` runs the suite for an implementation that cannot start
 * sessions (not configured): every call must fail, not retryable.
 */
import { assert } from "@effect/vitest"
import type { UserId, VerificationSession } from "@jules/core"
import { AgeVerification, AgeVerificationError } from "@jules/core"
import type { Layer } from "effect"
import { Effect, Result } from "effect"
import type { AvailabilityOptions } from "./BillingContract.ts"
import { assertTextableLink } from "./BillingContract.ts"
import * as F from "./Fixtures.ts"
import type { ContractTests } from "./Suite.ts"
import { registerContract } from "./Suite.ts"

const retryableReasons = new Set(["VerificationUnavailable"])

export const ageVerificationTests = (available: boolean): ContractTests<AgeVerification> => (it) => {
  const start = (userId: UserId) =>
    Effect.gen(function*() {
      const result = yield* Effect.result((yield* AgeVerification).startSession(userId))
      if (Result.isSuccess(result)) {
        assert.isTrue(available, "an implementation without verification started a session")
        assert.isAbove(result.success.sessionId.length, 0)
        assertTextableLink(result.success.url)
        return result.success
      }
      const error = result.failure
      assert.instanceOf(error, AgeVerificationError)
      assert.strictEqual(error.isRetryable, retryableReasons.has(error.reason._tag), error.reason._tag)
      assert.isAbove(error.message.length, 0)
      if (available) assert.fail(`no session: ${error.message}`)
      else assert.isFalse(error.isRetryable, "verification that is not there stays not there")
      return undefined
    })

  it.effect("starts a session with an id and a link, or fails with a typed error whose retryability follows its reason", () =>
    Effect.gen(function*() {
      yield* start(yield* F.userId)
    }))

  it.effect("every session has an id of its own, for the same person too", () =>
    Effect.gen(function*() {
      const ana = yield* F.userId
      const sessions = [yield* start(ana), yield* start(ana), yield* start(yield* F.userId)]
        .filter((s): s is VerificationSession => s !== undefined)
      assert.strictEqual(new Set(sessions.map((s) => s.sessionId)).size, sessions.length)
    }))

  it.effect("concurrent starts each complete, with distinct sessions", () =>
    Effect.gen(function*() {
      const users: ReadonlyArray<UserId> = yield* Effect.all(Array.from({ length: 10 }, () => F.userId))
      const sessions = (yield* Effect.forEach(users, start, { concurrency: "unbounded" }))
        .filter((s): s is VerificationSession => s !== undefined)
      assert.strictEqual(new Set(sessions.map((s) => s.sessionId)).size, sessions.length)
      if (available) assert.strictEqual(sessions.length, users.length)
    }))
}

export const ageVerificationContract = (
  name: string,
  verification: Layer.Layer<AgeVerification, unknown>,
  options?: AvailabilityOptions
): void =>
  registerContract(
    `AgeVerification contract (${name})`,
    verification,
    options,
    ageVerificationTests(options?.available ?? true)
  )
