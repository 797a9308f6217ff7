/**
 * What every `Billing` must do. Its links are texted to people, so a link is
 * one absolute http(s) URL; when there is none to give, the failure is a
 * `BillingError` (never a defect) whose retryability follows its reason, so
 * the turn can send the upgrade nudge without a link.
 *
 * `available: false` runs the suite for an implementation that has no links
 * to give (billing not configured): every call must fail, not retryable.
 */
import { assert } from "@effect/vitest"
import type { UserId } from "@jules/core"
import { Billing, BillingError, Tier } from "@jules/core"
import type { Layer } from "effect"
import { Effect, Result } from "effect"
import * as F from "./Fixtures.ts"
import type { ContractOptions, ContractTests } from "./Suite.ts"
import { registerContract } from "./Suite.ts"

export interface AvailabilityOptions extends ContractOptions {
  /** Whether the implementation hands out links (default) or has none to give. */
  readonly available?: boolean
}

const tiers: ReadonlyArray<Tier> = [Tier.make("plus"), Tier.make("pro")]

/** A link a person can open from a text message. */
export const assertTextableLink = (url: string): void => {
  assert.notMatch(url, /\s/, "a link holds no whitespace")
  const parsed = new URL(url)
  assert.include(["https:", "http:"], parsed.protocol)
  assert.isAbove(parsed.hostname.length, 0)
}

const retryableReasons = new Set(["BillingUnavailable"])

const assertBillingError = (error: BillingError) => {
  assert.instanceOf(error, BillingError)
  assert.strictEqual(error.isRetryable, retryableReasons.has(error.reason._tag), error.reason._tag)
  assert.isAbove(error.message.length, 0)
}

export const billingTests = (available: boolean): ContractTests<Billing> => (it) => {
  const link = (effect: Effect.Effect<string, BillingError>) =>
    Effect.gen(function*() {
      const result = yield* Effect.result(effect)
      if (Result.isSuccess(result)) {
        assert.isTrue(available, "an implementation without billing gave a link")
        assertTextableLink(result.success)
        return result.success
      }
      assertBillingError(result.failure)
      if (available) assert.fail(`no link: ${result.failure.message}`)
      else assert.isFalse(result.failure.isRetryable, "billing that is not there stays not there")
      return undefined
    })

  it.effect("a checkout link for every paid tier, or a typed error whose retryability follows its reason", () =>
    Effect.gen(function*() {
      const billing = yield* Billing
      const userId = yield* F.userId
      for (const tier of tiers) yield* link(billing.checkoutUrl(userId, tier))
    }))

  it.effect("a portal link, or a typed error whose retryability follows its reason", () =>
    Effect.gen(function*() {
      const billing = yield* Billing
      yield* link(billing.portalUrl(yield* F.userId))
    }))

  it.effect("two people get links of their own", () =>
    Effect.gen(function*() {
      const billing = yield* Billing
      const [ana, ben] = [yield* F.userId, yield* F.userId] as const
      const checkout = [yield* link(billing.checkoutUrl(ana, tiers[0]!)), yield* link(billing.checkoutUrl(ben, tiers[0]!))]
      const portal = [yield* link(billing.portalUrl(ana)), yield* link(billing.portalUrl(ben))]
      if (available) {
        assert.notStrictEqual(checkout[0], checkout[1])
        assert.notStrictEqual(portal[0], portal[1])
      }
    }))

  it.effect("concurrent requests each complete", () =>
    Effect.gen(function*() {
      const billing = yield* Billing
      const users: ReadonlyArray<UserId> = yield* Effect.all(Array.from({ length: 10 }, () => F.userId))
      yield* Effect.forEach(users, (userId) => link(billing.checkoutUrl(userId, tiers[1]!)), { concurrency: "unbounded" })
    }))
}

export const billingContract = (
  name: string,
  billing: Layer.Layer<Billing, unknown>,
  options?: AvailabilityOptions
): void => registerContract(`Billing contract (${name})`, billing, options, billingTests(options?.available ?? true))
