/**
 * What every `Billing` must do. Its pages are opened from links texted to
 * people, so each is one absolute http(s) URL; a subscription reads back as
 * the provider has it now; when there is nothing to give, the failure is a
 * `BillingError` (never a defect) whose retryability follows its reason.
 *
 * The suite drives the provider's side through a `BillingHarness` (a person
 * pays, a subscription changes): the fake's own, or one over a fake provider
 * server for a real adapter. `available: false` runs it for an implementation
 * with nothing to sell (billing not configured): every call fails, not retryable.
 */
import { assert } from "@effect/vitest"
import type { CheckoutRequest, UserId } from "@jules/core"
import { Billing, BillingError, Tier } from "@jules/core"
import type { Layer } from "effect"
import { Effect, Result } from "effect"
import { BillingHarness } from "../fakes/BillingFake.ts"
import * as F from "./Fixtures.ts"
import type { ContractOptions, ContractTests } from "./Suite.ts"
import { registerContract } from "./Suite.ts"

export interface AvailabilityOptions extends ContractOptions {
  /** Whether the implementation sells something (default) or has nothing to give. */
  readonly available?: boolean
}

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

const RETURN_URL = "https://jules.example.test/billing/return"

const checkout = (userId: UserId, tier: Tier, key?: string): Effect.Effect<CheckoutRequest> =>
  Effect.map(F.uuid, (uuid) => ({ userId, tier, idempotencyKey: key ?? `contract-${uuid}`, returnUrl: RETURN_URL }))

const link = (effect: Effect.Effect<string, BillingError>) =>
  Effect.gen(function*() {
    const result = yield* Effect.result(effect)
    if (Result.isFailure(result)) {
      assertBillingError(result.failure)
      return assert.fail(`no link: ${result.failure.message}`)
    }
    assertTextableLink(result.success)
    return result.success
  })

const availableTests: ContractTests<Billing | BillingHarness> = (it) => {
  it.effect("sells at least one tier, and a checkout link for each", () =>
    Effect.gen(function*() {
      const billing = yield* Billing
      assert.isAbove(billing.tiers.length, 0)
      const userId = yield* F.userId
      for (const tier of billing.tiers) yield* link(billing.checkoutUrl(yield* checkout(userId, tier)))
    }))

  it.effect("a tier without a price is not for sale: BillingNotConfigured, not retryable", () =>
    Effect.gen(function*() {
      const billing = yield* Billing
      const error = yield* Effect.flip(billing.checkoutUrl(yield* checkout(yield* F.userId, Tier.make("no-such-tier"))))
      assertBillingError(error)
      assert.strictEqual(error.reason._tag, "BillingNotConfigured")
    }))

  it.effect("two people get checkouts of their own; one link opened twice, the same checkout", () =>
    Effect.gen(function*() {
      const billing = yield* Billing
      const tier = billing.tiers[0]!
      const [ana, ben] = [yield* F.userId, yield* F.userId] as const
      const anaRequest = yield* checkout(ana, tier)
      const first = yield* link(billing.checkoutUrl(anaRequest))
      assert.strictEqual(yield* link(billing.checkoutUrl(anaRequest)), first)
      assert.notStrictEqual(yield* link(billing.checkoutUrl(yield* checkout(ben, tier))), first)
    }))

  it.effect("a subscription reads back as the provider has it, and its customer gets a portal", () =>
    Effect.gen(function*() {
      const billing = yield* Billing
      const harness = yield* BillingHarness
      const tier = billing.tiers[0]!
      const userId = yield* F.userId
      const { customerId, subscriptionId } = yield* harness.subscribe(userId, tier)
      const active = yield* billing.subscription(subscriptionId)
      assert.strictEqual(active.id, subscriptionId)
      assert.strictEqual(active.customerId, customerId)
      assert.strictEqual(active.userId, userId)
      assert.strictEqual(active.status, "active")
      assert.strictEqual(active.tier, tier)
      assert.isFalse(active.cancelAtPeriodEnd)
      yield* link(billing.portalUrl(customerId, RETURN_URL))

      yield* harness.update(subscriptionId, { cancelAtPeriodEnd: true })
      const cancelling = yield* billing.subscription(subscriptionId)
      assert.strictEqual(cancelling.status, "active")
      assert.isTrue(cancelling.cancelAtPeriodEnd)
      yield* harness.update(subscriptionId, { status: "canceled" })
      assert.strictEqual((yield* billing.subscription(subscriptionId)).status, "canceled")
    }))

  it.effect("an unknown subscription is refused: BillingRejected, not retryable", () =>
    Effect.gen(function*() {
      const billing = yield* Billing
      const error = yield* Effect.flip(billing.subscription(`sub_unknown${(yield* F.uuid).slice(0, 8)}`))
      assertBillingError(error)
      assert.strictEqual(error.reason._tag, "BillingRejected")
    }))

  it.effect("concurrent checkouts each complete", () =>
    Effect.gen(function*() {
      const billing = yield* Billing
      const users: ReadonlyArray<UserId> = yield* Effect.all(Array.from({ length: 10 }, () => F.userId))
      yield* Effect.forEach(
        users,
        (userId) => Effect.flatMap(checkout(userId, billing.tiers.at(-1)!), (request) => link(billing.checkoutUrl(request))),
        { concurrency: "unbounded" }
      )
    }))
}

const unavailableTests: ContractTests<Billing> = (it) => {
  it.effect("sells nothing, and every call fails with a typed error that is not retryable", () =>
    Effect.gen(function*() {
      const billing = yield* Billing
      assert.deepStrictEqual(billing.tiers, [])
      const userId = yield* F.userId
      const failures = [
        yield* Effect.flip(billing.checkoutUrl(yield* checkout(userId, Tier.make("plus")))),
        yield* Effect.flip(billing.portalUrl("cus_any", RETURN_URL)),
        yield* Effect.flip(billing.subscription("sub_any"))
      ]
      for (const error of failures) {
        assertBillingError(error)
        assert.isFalse(error.isRetryable, "billing that is not there stays not there")
      }
    }))
}

export const billingContract = (
  name: string,
  billing: Layer.Layer<Billing | BillingHarness, unknown>,
  options?: ContractOptions
): void => registerContract(`Billing contract (${name})`, billing, options, availableTests)

/** For an implementation with nothing to sell (billing not configured). */
export const billingNotConfiguredContract = (
  name: string,
  billing: Layer.Layer<Billing, unknown>,
  options?: ContractOptions
): void => registerContract(`Billing contract (${name})`, billing, options, unavailableTests)
