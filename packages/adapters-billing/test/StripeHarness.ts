/**
 * The Stripe adapter pointed at the testkit's fake Stripe API, with a
 * `BillingHarness` that plays the person and Stripe: a checkout made through
 * the adapter is paid on the fake, subscriptions change there.
 */
import type { StripeSettings } from "@jules/adapters-billing"
import type { Tier } from "@jules/core"
import { Billing } from "@jules/core"
import { BillingHarness, FakeStripeServer } from "@jules/testkit"
import { Context, Effect, Layer, Redacted } from "effect"
import { SecureRandom } from "effect/crypto"
import { StripeBilling } from "../src/index.ts"

export class FakeStripe extends Context.Service<FakeStripe, FakeStripeServer.FakeStripeServer>()("test/FakeStripe") {}

export const PRICES = { plus: "price_plus", pro: "price_pro" } as Readonly<Record<string, string>>

export const settingsFor = (fake: FakeStripeServer.FakeStripeServer): StripeSettings => ({
  secretKey: Redacted.make(fake.secretKey),
  webhookSecrets: [Redacted.make("whsec_test_secret")],
  prices: Object.entries(PRICES).map(([tier, priceId]) => ({ tier: tier as Tier, priceId })),
  apiBaseUrl: new URL(fake.baseURL)
})

export const layer: Layer.Layer<Billing | BillingHarness | FakeStripe> = Layer.effectContext(
  Effect.gen(function*() {
    const fake = yield* FakeStripeServer.make({ prices: Object.values(PRICES) })
    const billing = StripeBilling.make(settingsFor(fake))
    const harness = BillingHarness.of({
      subscribe: (userId, tier) =>
        billing.checkoutUrl({
          userId,
          tier,
          idempotencyKey: `harness-${SecureRandom.uuidV4Unsafe()}`,
          returnUrl: "https://jules.example.test/billing/return"
        }).pipe(Effect.orDie, Effect.map((url) => fake.completeCheckout(url))),
      update: (subscriptionId, change) =>
        Effect.sync(() => {
          fake.updateSubscription(subscriptionId, {
            ...(change.status === undefined ? {} : { status: change.status }),
            ...(change.cancelAtPeriodEnd === undefined ? {} : { cancel_at_period_end: change.cancelAtPeriodEnd }),
            ...(change.tier === undefined ? {} : { price: PRICES[change.tier]! })
          })
        })
    })
    return Context.make(Billing, billing).pipe(Context.add(BillingHarness, harness), Context.add(FakeStripe, fake))
  })
)
