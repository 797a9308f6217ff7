/**
 * The Stripe adapter through the real SDK against the fake Stripe API: the
 * Billing contract, what goes over the wire, and how failures map.
 */
import { assert, describe, it, layer } from "@effect/vitest"
import type { UserId } from "@jules/core"
import { Billing, Tier } from "@jules/core"
import { billingContract, FakeStripeServer, unusedPort } from "@jules/testkit"
import { Effect, Redacted } from "effect"
import { StripeBilling } from "../src/index.ts"
import * as StripeHarness from "./StripeHarness.ts"
import { FakeStripe } from "./StripeHarness.ts"

billingContract("Stripe, against the fake Stripe API", StripeHarness.layer)

const userId = "0b7c3f0e-2f6a-4c55-9a1e-3d5b7c9e1f20" as UserId
const request = (key: string) => ({
  userId,
  tier: Tier.make("plus"),
  idempotencyKey: key,
  returnUrl: "https://jules.example.test/billing/return"
})

layer(StripeHarness.layer, { excludeTestServices: true })("Stripe on the wire", (it) => {
  it.effect("a checkout: subscription mode, the tier's price, the person's id and nothing else about them", () =>
    Effect.gen(function*() {
      const fake = yield* FakeStripe
      const billing = yield* Billing
      fake.reset()
      const url = yield* billing.checkoutUrl(request("jules-checkout-abc"))
      assert.match(url, /\/c\/pay\/cs_test_/)
      const [sent] = fake.requests
      assert.strictEqual(sent!.method, "POST")
      assert.strictEqual(sent!.path, "/v1/checkout/sessions")
      assert.strictEqual(sent!.headers["authorization"], `Bearer ${fake.secretKey}`)
      assert.strictEqual(sent!.headers["stripe-version"], StripeBilling.API_VERSION)
      assert.strictEqual(sent!.headers["idempotency-key"], "jules-checkout-abc")
      assert.deepStrictEqual(sent!.body, {
        mode: "subscription",
        "line_items[0][price]": "price_plus",
        "line_items[0][quantity]": "1",
        success_url: "https://jules.example.test/billing/return?checkout=complete",
        cancel_url: "https://jules.example.test/billing/return?checkout=cancelled",
        client_reference_id: userId,
        "subscription_data[metadata][userId]": userId,
        "metadata[userId]": userId
      })
    }))

  it.effect("the period end is read from the subscription item; an unknown price has no tier", () =>
    Effect.gen(function*() {
      const fake = yield* FakeStripe
      const billing = yield* Billing
      const url = yield* billing.checkoutUrl(request(`k-${Date.now()}`))
      const { subscriptionId } = fake.completeCheckout(url)
      const snapshot = yield* billing.subscription(subscriptionId)
      const itemEnd = fake.subscription(subscriptionId)!.items.data[0]!.current_period_end
      assert.strictEqual(snapshot.currentPeriodEnd?.epochMilliseconds, itemEnd * 1000)
      fake.updateSubscription(subscriptionId, { price: "price_unknown" })
      assert.isUndefined((yield* billing.subscription(subscriptionId)).tier)
    }))

  it.effect("Stripe failing (5xx after the SDK's retries) is unavailable and retryable; a refused key is not", () =>
    Effect.gen(function*() {
      const fake = yield* FakeStripe
      const billing = yield* Billing
      fake.setDefault(FakeStripeServer.error(500, "api_error", "boom"))
      const down = yield* Effect.flip(billing.checkoutUrl(request(`k-down-${Date.now()}`)))
      assert.strictEqual(down.reason._tag, "BillingUnavailable")
      assert.isTrue(down.isRetryable)
      fake.setDefault(FakeStripeServer.error(401, "invalid_request_error", "Invalid API Key provided"))
      const refused = yield* Effect.flip(billing.subscription("sub_x"))
      assert.strictEqual(refused.reason._tag, "BillingRejected")
      assert.isFalse(refused.isRetryable)
      fake.setDefault(undefined)
    }))
})

describe("Stripe unreachable", () => {
  it.live("nobody listening is unavailable, retryable", () =>
      Effect.gen(function*() {
        const port = yield* unusedPort
        const billing = StripeBilling.make({
          secretKey: Redacted.make("sk_test_x"),
          webhookSecrets: [],
          prices: [{ tier: Tier.make("plus"), priceId: "price_plus" }],
          apiBaseUrl: new URL(`http://127.0.0.1:${port}`)
        })
        const error = yield* Effect.flip(billing.portalUrl("cus_1", "https://jules.example.test"))
        assert.strictEqual(error.reason._tag, "BillingUnavailable")
        assert.isTrue(error.isRetryable)
      }))
})
