/**
 * Paid plans (Stripe in production): the provider's checkout and portal pages,
 * and its subscriptions as they are now. People reach the pages through short
 * links of Jules's own (`billing/BillingLinks.ts`); the provider learns a
 * person's id and nothing else about them.
 */
import { Context, Effect, Layer, Schema } from "effect"
import type { SubscriptionSnapshot } from "../domain/Billing.ts"
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

/** The provider refused the request (an unknown customer or subscription, a revoked key). */
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

export interface CheckoutRequest {
  readonly userId: UserId
  readonly tier: Tier
  /** The person's customer at the provider, when they had one. */
  readonly customerId?: string | undefined
  /** The same key gives the same checkout (a link opened twice). */
  readonly idempotencyKey: string
  /** Where the provider sends the person back to, after paying or not. */
  readonly returnUrl: string
}

export class Billing extends Context.Service<Billing, {
  /** The tiers a person can buy (each has a price); none when billing is not configured. */
  readonly tiers: ReadonlyArray<Tier>
  /** A checkout page for a subscription to `tier`. */
  readonly checkoutUrl: (request: CheckoutRequest) => Effect.Effect<string, BillingError>
  /** A page where a subscriber manages or cancels their plan. */
  readonly portalUrl: (customerId: string, returnUrl: string) => Effect.Effect<string, BillingError>
  /** The subscription as the provider has it now. */
  readonly subscription: (subscriptionId: string) => Effect.Effect<SubscriptionSnapshot, BillingError>
}>()("@jules/core/Billing") {
  /**
   * No payment provider: nothing to buy, every call fails with
   * `BillingNotConfigured` (not retryable). Over quota, people are told how
   * to reach the operator instead of getting a link.
   */
  static readonly layerNotConfigured: Layer.Layer<Billing> = Layer.sync(Billing, () => {
    const notConfigured = Effect.fail(
      new BillingError({ reason: new BillingNotConfigured({ message: "billing is not configured" }) })
    )
    return Billing.of({
      tiers: [],
      checkoutUrl: () => notConfigured,
      portalUrl: () => notConfigured,
      subscription: () => notConfigured
    })
  })
}
