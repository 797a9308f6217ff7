/**
 * Stripe in the startup check: no `STRIPE_*` set starts as before (billing
 * off); a half-configured Stripe is refused with every problem and its fix,
 * together with the rest of the configuration's problems, never a secret.
 */
import { assert, describe, it } from "@effect/vitest"
import { Tier } from "@jules/core"
import { ConfigProvider, Effect, Redacted } from "effect"
import * as Preflight from "../src/config/Preflight.ts"
import { ServerConfigError } from "../src/index.ts"

const run = (env: Record<string, string>) =>
  Preflight.run.pipe(Effect.provideService(ConfigProvider.ConfigProvider, ConfigProvider.fromEnv({ env })))

const stripe = {
  STRIPE_SECRET_KEY: "sk_test_secretvalue1",
  STRIPE_WEBHOOK_SECRET: "whsec_secretvalue2",
  STRIPE_PRICE_PLUS: "price_plus1"
}

describe("Preflight: Stripe", () => {
  it.effect("no STRIPE_* variables: billing off, the server starts as today", () =>
    Effect.gen(function*() {
      assert.isUndefined((yield* run({})).billing)
    }))

  it.effect("a complete Stripe configuration is read, prices by the tiers of JULES_TIERS", () =>
    Effect.gen(function*() {
      const startup = yield* run({
        ...stripe,
        JULES_TIERS: JSON.stringify({ free: { dailyTurns: 5, maxReplySegments: 2 }, gold: { dailyTurns: null, maxReplySegments: 9 } }),
        STRIPE_PRICE_PLUS: "",
        STRIPE_PRICE_GOLD: "price_gold1"
      })
      assert.deepStrictEqual(startup.billing?.prices, [{ tier: Tier.make("gold"), priceId: "price_gold1" }])
      assert.strictEqual(Redacted.value(startup.billing!.webhookSecrets[0]!), "whsec_secretvalue2")
    }))

  it.effect("a key without a webhook secret, a price for an unknown tier, a bad time zone: all refused at once", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(run({
        STRIPE_SECRET_KEY: stripe.STRIPE_SECRET_KEY,
        STRIPE_PRICE_PLUS: "price_plus1",
        STRIPE_PRICE_PLATINUM: "price_platinum1",
        JULES_TIME_ZONE: "Mars/Olympus"
      }))
      assert.instanceOf(error, ServerConfigError)
      const message = error.message
      assert.include(message, "STRIPE_WEBHOOK_SECRET")
      assert.include(message, "Dashboard")
      assert.include(message, "STRIPE_PRICE_PLATINUM")
      assert.include(message, "JULES_TIERS")
      assert.include(message, "JULES_TIME_ZONE")
      for (const secret of ["sk_test_secretvalue1", "price_platinum1"]) assert.notInclude(message, secret)
    }))

  it.effect("production with Stripe needs PUBLIC_BASE_URL: the links texted to people are built on it", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(run({ ...stripe, NODE_ENV: "production" }))
      assert.include(error.message, "PUBLIC_BASE_URL (with Stripe")
    }))
})
