/**
 * `Billing` until a Stripe adapter exists: every link fails with
 * `BillingNotConfigured`, so an over-quota person still gets the upgrade nudge,
 * without a link.
 */
import { Billing, BillingError, BillingNotConfigured } from "@jules/core"
import { Effect, Layer } from "effect"

const notConfigured = Effect.fail(
  new BillingError({ reason: new BillingNotConfigured({ message: "billing is not configured" }) })
)

export const layer: Layer.Layer<Billing> = Layer.succeed(
  Billing,
  Billing.of({ checkoutUrl: () => notConfigured, portalUrl: () => notConfigured })
)
