/**
 * Billing as configured: Stripe's variables (`@jules/adapters-billing`
 * `StripeConfig`) checked against the tiers of `JULES_TIERS`. None set:
 * billing is off and the server runs as without it (the upgrade nudge says
 * how to reach the operator). In production, links need `PUBLIC_BASE_URL`.
 */
import { StripeConfig } from "@jules/adapters-billing"
import type { CompanionSettingsShape } from "@jules/core"
import type { Config } from "effect"
import { Effect } from "effect"

export const read = (options: {
  readonly companion: CompanionSettingsShape
  readonly production: boolean
  readonly publicBaseUrl: string | undefined
}): Effect.Effect<StripeConfig.StripeConfigRead, Config.ConfigError> =>
  Effect.map(
    StripeConfig.read({ tiers: Object.keys(options.companion.tiers), defaultTier: options.companion.defaultTier }),
    (read) =>
      read.settings !== undefined && options.production && options.publicBaseUrl === undefined
        ? {
          settings: undefined,
          missing: [
            "PUBLIC_BASE_URL (with Stripe: billing links are texted as PUBLIC_BASE_URL/b/<token> and Stripe " +
            "posts to PUBLIC_BASE_URL/webhooks/stripe)"
          ],
          invalid: []
        }
        : read
  )
