/** Paid plans (Stripe in production): links a person can open from a text. */
import { Context, Effect, Layer, Schema } from "effect"
import type { UserId } from "../domain/Ids.ts"
import type { Tier } from "../domain/User.ts"

const ReasonFields = { message: Schema.String }

export class BillingUnavailable extends Schema.TaggedError<BillingUnavailable>()("BillingUnavailable", ReasonFields) {
  get isRetryable(): boolean {
    return true
  }
}

/** No price is configured for the tier, or billing is not configured at all. */
export class BillingNotConfigured
  extends Schema.TaggedError<BillingNotConfigured>()("BillingNotConfigured", ReasonFields)
{
  get isRetryable(): boolean {
    return false
  }
}

export class BillingRejected extends Schema.TaggedError<BillingRejected>()("BillingRejected", ReasonFields) {
  get isRetryable(): boolean {
    return false
  }
}

export class BillingError extends Schema.TaggedError<BillingError>()("BillingError", {
  reason: Schema.Union([BillingUnavailable, BillingNotConfigured, BillingRejected])
}) {
  override get message(): string {
    return `${this.reason._tag}: ${this.reason.message}`
  }

  get isRetryable(): boolean {
    return this.reason.isRetryable
  }
}

export class Billing extends Context.Service<Billing, {
  /** A checkout page for upgrading to `tier`. */
  readonly checkoutUrl: (userId: UserId, tier: Tier) => Effect.Effect<string, BillingError>
  /** A page where a subscriber manages or cancels their plan. */
  readonly portalUrl: (userId: UserId) => Effect.Effect<string, BillingError>
}>()("@jules/core/Billing") {
  /**
   * No payment provider: every link fails with `BillingNotConfigured` (not
   * retryable), so an over-quota person still gets the upgrade nudge, without a link.
   */
  static readonly layerNotConfigured: Layer.Layer<Billing> = Layer.sync(Billing, () => {
    const notConfigured = Effect.fail(
      new BillingError({ reason: new BillingNotConfigured({ message: "billing is not configured" }) })
    )
    return Billing.of({ checkoutUrl: () => notConfigured, portalUrl: () => notConfigured })
  })
}
