/** Stripe's variables: off when none are set, and every half-configuration refused at once with its fix. */
import { assert, describe, it } from "@effect/vitest"
import { Tier } from "@jules/core"
import { ConfigProvider, Effect, Redacted } from "effect"
import { StripeConfig } from "../src/index.ts"

const tiers = { tiers: ["free", "plus", "pro"], defaultTier: "free" }
const readWith = (env: Record<string, string>) =>
  StripeConfig.read(tiers).pipe(Effect.provideService(ConfigProvider.ConfigProvider, ConfigProvider.fromEnv({ env })))

const complete = {
  STRIPE_SECRET_KEY: "sk_test_abc123",
  STRIPE_WEBHOOK_SECRET: "whsec_old, whsec_new",
  STRIPE_PRICE_PLUS: "price_1Plus",
  STRIPE_PRICE_PRO: "price_1Pro"
}

describe("StripeConfig", () => {
  it.effect("nothing set: billing off, no problem", () =>
    Effect.gen(function*() {
      assert.deepStrictEqual(yield* readWith({ OTHER: "x" }), { settings: undefined, missing: [], invalid: [] })
    }))

  it.effect("a complete configuration: prices by tier, every webhook secret, the API origin", () =>
    Effect.gen(function*() {
      const read = yield* readWith({ ...complete, STRIPE_API_BASE_URL: "http://127.0.0.1:12111" })
      assert.deepStrictEqual([read.missing, read.invalid], [[], []])
      const settings = read.settings!
      assert.deepStrictEqual(
        [...settings.prices].sort((a, b) => a.tier.localeCompare(b.tier)),
        [{ tier: "plus", priceId: "price_1Plus" }, { tier: "pro", priceId: "price_1Pro" }]
      )
      assert.deepStrictEqual(settings.webhookSecrets.map(Redacted.value), ["whsec_old", "whsec_new"])
      assert.strictEqual(Redacted.value(settings.secretKey), "sk_test_abc123")
      assert.strictEqual(settings.apiBaseUrl?.port, "12111")
      assert.notInclude(String(settings.secretKey), "sk_test")
    }))

  it.effect("a key without a webhook secret or prices: both named, with where to find them", () =>
    Effect.gen(function*() {
      const read = yield* readWith({ STRIPE_SECRET_KEY: "sk_live_abc" })
      assert.isUndefined(read.settings)
      assert.strictEqual(read.missing.length, 2)
      assert.match(read.missing[0]!, /^STRIPE_WEBHOOK_SECRET .*\/webhooks\/stripe/)
      assert.match(read.missing[1]!, /^STRIPE_PRICE_<TIER> .*STRIPE_PRICE_PLUS and\/or STRIPE_PRICE_PRO/)
    }))

  it.effect("every problem at once: unknown tier, the default tier, a malformed price, secret and URL", () =>
    Effect.gen(function*() {
      const read = yield* readWith({
        STRIPE_SECRET_KEY: "pk_test_public",
        STRIPE_WEBHOOK_SECRET: "not-a-secret",
        STRIPE_PRICE_GOLD: "price_gold",
        STRIPE_PRICE_FREE: "price_free",
        STRIPE_PRICE_PLUS: "prod_123",
        STRIPE_API_BASE_URL: "ftp://x"
      })
      assert.isUndefined(read.settings)
      const all = read.invalid.join("\n")
      for (const needle of ["STRIPE_PRICE_GOLD", "STRIPE_PRICE_FREE", "STRIPE_PRICE_PLUS", "STRIPE_SECRET_KEY", "STRIPE_WEBHOOK_SECRET", "STRIPE_API_BASE_URL"]) {
        assert.include(all, needle)
      }
      assert.strictEqual(read.invalid.length, 6)
      for (const value of ["pk_test_public", "not-a-secret", "prod_123"]) assert.notInclude(all, value)
    }))

  it.effect("a webhook secret or a price without the key asks for the key", () =>
    Effect.gen(function*() {
      const read = yield* readWith({ STRIPE_WEBHOOK_SECRET: "whsec_1", STRIPE_PRICE_PLUS: "price_1" })
      assert.isUndefined(read.settings)
      assert.strictEqual(read.missing.length, 1)
      assert.match(read.missing[0]!, /^STRIPE_SECRET_KEY/)
    }))

  it.effect("empty variables count as unset: an empty price is no price", () =>
    Effect.gen(function*() {
      const read = yield* readWith({ STRIPE_SECRET_KEY: "sk_test_1", STRIPE_WEBHOOK_SECRET: "whsec_1", STRIPE_PRICE_PLUS: " " })
      assert.isUndefined(read.settings)
      assert.match(read.missing.join(), /^STRIPE_PRICE_<TIER>/)
      assert.deepStrictEqual(yield* readWith({ STRIPE_SECRET_KEY: "", STRIPE_PRICE_PLUS: "" }), {
        settings: undefined,
        missing: [],
        invalid: []
      })
    }))

  it.effect("tier names with separators map to their variable", () =>
    Effect.gen(function*() {
      const read = yield* StripeConfig.read({ tiers: ["free", "pro-max"], defaultTier: "free" }).pipe(
        Effect.provideService(
          ConfigProvider.ConfigProvider,
          ConfigProvider.fromEnv({
            env: { STRIPE_SECRET_KEY: "sk_test_1", STRIPE_WEBHOOK_SECRET: "whsec_1", STRIPE_PRICE_PRO_MAX: "price_max" }
          })
        )
      )
      assert.deepStrictEqual(read.settings?.prices, [{ tier: Tier.make("pro-max"), priceId: "price_max" }])
    }))
})
