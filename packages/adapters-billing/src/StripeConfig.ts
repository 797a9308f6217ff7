/**
 * Stripe's variables, read once at startup and checked as a whole: every
 * problem is named with its fix (the server's preflight lists them with the
 * rest), never with a secret's value.
 *
 * - `STRIPE_SECRET_KEY` (`sk_…` or a restricted `rk_…`): billing is on.
 * - `STRIPE_WEBHOOK_SECRET` (`whsec_…`, comma-separated while rotating): required with the key.
 * - `STRIPE_PRICE_<TIER>` (`price_…`): the price that buys each paid tier of
 *   `JULES_TIERS`; at least one, none for an unknown tier or the default one.
 * - `STRIPE_API_BASE_URL`: another origin for the API (a proxy, a fake in tests).
 *
 * None of them set: billing is off, and the server runs as without it.
 */
import type { Tier } from "@jules/core"
import { Config, ConfigProvider, Effect, Option, Redacted } from "effect"

export interface StripeSettings {
  readonly secretKey: Redacted.Redacted<string>
  readonly webhookSecrets: ReadonlyArray<Redacted.Redacted<string>>
  /** Price id of each tier for sale. */
  readonly prices: ReadonlyArray<{ readonly tier: Tier; readonly priceId: string }>
  readonly apiBaseUrl: URL | undefined
}

export interface StripeConfigRead {
  /** `undefined` when billing is off, or when a problem was found. */
  readonly settings: StripeSettings | undefined
  readonly missing: ReadonlyArray<string>
  readonly invalid: ReadonlyArray<string>
}

/** The variable naming `tier`'s price: `plus` → `STRIPE_PRICE_PLUS`. */
export const priceVariable = (tier: string): string => `STRIPE_PRICE_${tier.toUpperCase().replace(/[^A-Z0-9]+/g, "_")}`

const optional = (name: string) =>
  Config.option(Config.String(name)).pipe(
    Config.map(Option.map((value) => value.trim())),
    Config.map(Option.filter((value) => value.length > 0)),
    Config.map(Option.getOrUndefined)
  )

/** Every `STRIPE_PRICE_*` variable set, by name (tier names with `_` nest deeper in the provider's tree). */
const priceVariables = Effect.gen(function*() {
  const provider = yield* ConfigProvider.ConfigProvider
  const found: Array<string> = []
  const walk = (path: ReadonlyArray<string>): Effect.Effect<void> =>
    Effect.gen(function*() {
      const node = yield* provider.load(path).pipe(Effect.orElseSucceed(() => undefined))
      if (node === undefined) return
      if (node._tag === "Value" || (node._tag === "Record" && node.value !== undefined)) {
        if (path.length > 2) found.push(path.join("_"))
      }
      if (node._tag === "Record") for (const key of node.keys) yield* walk([...path, key])
    })
  yield* walk(["STRIPE", "PRICE"])
  return found
})

const httpUrl = (value: string): URL | undefined => {
  try {
    const url = new URL(value)
    return url.protocol === "http:" || url.protocol === "https:" ? url : undefined
  } catch {
    return undefined
  }
}

/**
 * Reads the variables against the tiers the operator configured (`JULES_TIERS`
 * names, and the default tier that nobody buys).
 */
export const read = (options: {
  readonly tiers: ReadonlyArray<string>
  readonly defaultTier: string
}): Effect.Effect<StripeConfigRead, Config.ConfigError> =>
  Effect.gen(function*() {
    const missing: Array<string> = []
    const invalid: Array<string> = []
    const secretKey = yield* optional("STRIPE_SECRET_KEY")
    const rawSecrets = yield* optional("STRIPE_WEBHOOK_SECRET")
    const rawBaseUrl = yield* optional("STRIPE_API_BASE_URL")
    const priceNames = yield* priceVariables
    const prices: Array<{ tier: Tier; priceId: string }> = []
    const byVariable = new Map(options.tiers.map((tier) => [priceVariable(tier), tier] as const))
    let pricesSet = 0
    for (const name of priceNames) {
      const priceId = yield* optional(name)
      if (priceId === undefined) continue
      pricesSet += 1
      const tier = byVariable.get(name)
      if (tier === undefined) {
        invalid.push(
          `${name} names a tier JULES_TIERS does not define (tiers: ${options.tiers.join(", ")}): ` +
            `rename it to STRIPE_PRICE_<TIER> of a defined tier, or add the tier to JULES_TIERS`
        )
      } else if (tier === options.defaultTier) {
        invalid.push(`${name}: ${tier} is the default tier everyone has, it cannot be sold: remove it`)
      } else if (!/^price_[A-Za-z0-9]+$/.test(priceId)) {
        invalid.push(`${name} must be a Stripe price id (price_…, Dashboard → Product catalog → the product's price)`)
      } else {
        prices.push({ tier: tier as Tier, priceId })
      }
    }
    const webhookSecrets = (rawSecrets ?? "").split(",").map((secret) => secret.trim()).filter((s) => s.length > 0)
    const apiBaseUrl = rawBaseUrl === undefined ? undefined : httpUrl(rawBaseUrl)
    if (rawBaseUrl !== undefined && apiBaseUrl === undefined) {
      invalid.push("STRIPE_API_BASE_URL must be an absolute http(s) URL such as https://api.stripe.com")
    }

    if (secretKey === undefined) {
      if (webhookSecrets.length > 0 || pricesSet > 0) {
        missing.push(
          "STRIPE_SECRET_KEY (STRIPE_WEBHOOK_SECRET or STRIPE_PRICE_* is set: billing needs the secret key, " +
            "Dashboard → Developers → API keys; or remove the other STRIPE_* variables to run without billing)"
        )
      }
      return { settings: undefined, missing, invalid }
    }
    if (!/^(sk|rk)_(test|live)_[A-Za-z0-9]+$/.test(secretKey)) {
      invalid.push("STRIPE_SECRET_KEY must be a Stripe secret key (sk_live_… / sk_test_…) or restricted key (rk_…)")
    }
    if (webhookSecrets.length === 0) {
      missing.push(
        "STRIPE_WEBHOOK_SECRET (with STRIPE_SECRET_KEY, tiers would never change: add the endpoint " +
          "<PUBLIC_BASE_URL>/webhooks/stripe in Dashboard → Developers → Webhooks and set its signing secret, whsec_…)"
      )
    }
    for (const secret of webhookSecrets) {
      if (!secret.startsWith("whsec_")) {
        invalid.push("STRIPE_WEBHOOK_SECRET must list webhook signing secrets (whsec_…), comma-separated")
        break
      }
    }
    if (pricesSet === 0) {
      const paid = options.tiers.filter((tier) => tier !== options.defaultTier)
      missing.push(
        `STRIPE_PRICE_<TIER> (with STRIPE_SECRET_KEY there is nothing to sell: set ` +
          `${paid.map(priceVariable).join(" and/or ")} to the price id of each paid tier)`
      )
    }
    if (missing.length > 0 || invalid.length > 0) return { settings: undefined, missing, invalid }
    return {
      settings: {
        secretKey: Redacted.make(secretKey),
        webhookSecrets: webhookSecrets.map((secret) => Redacted.make(secret)),
        prices,
        apiBaseUrl
      },
      missing,
      invalid
    }
  })
