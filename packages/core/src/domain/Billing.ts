/**
 * What Jules knows of a person's paid plan. The payment provider (Stripe) is
 * the source of truth: Jules keeps the ids that lead back to it and the state
 * it last read, never card data or amounts.
 */
import { Schema } from "effect"
import type { DateTime } from "effect"
import { UserId } from "./Ids.ts"
import type { Tier } from "./User.ts"

/** A subscription's status, as Stripe names them. */
export const SubscriptionStatus = Schema.Literals([
  "active",
  "trialing",
  "past_due",
  "unpaid",
  "canceled",
  "incomplete",
  "incomplete_expired",
  "paused"
])
export type SubscriptionStatus = typeof SubscriptionStatus.Type

/** A subscription as the provider has it now (read again on every event, never taken from the event). */
export interface SubscriptionSnapshot {
  readonly id: string
  readonly customerId: string
  /** The person it was bought for (set at checkout), when the provider carries it. */
  readonly userId: UserId | undefined
  readonly status: SubscriptionStatus
  /** The tier its price buys; `undefined` for a price no tier is configured with. */
  readonly tier: Tier | undefined
  /** Cancelled by the person: the plan runs to the end of the period, then ends. */
  readonly cancelAtPeriodEnd: boolean
  readonly currentPeriodEnd: DateTime.Utc | undefined
}

/** The billing side of one person: how to find them at the provider, and what Jules last read there. */
export class BillingAccount extends Schema.Class<BillingAccount>("@jules/core/BillingAccount")({
  userId: UserId,
  customerId: Schema.optional(Schema.String),
  subscriptionId: Schema.optional(Schema.String),
  status: Schema.optional(SubscriptionStatus),
  cancelAtPeriodEnd: Schema.Boolean,
  currentPeriodEnd: Schema.optional(Schema.DateTimeUtc),
  updatedAt: Schema.DateTimeUtc
}) {}

/** A verified provider event, reduced to the ids that say which subscription to read again. */
export interface BillingEvent {
  /** The provider's event id: deliveries of one event share it. */
  readonly id: string
  readonly type: BillingEventType
  readonly subscriptionId: string | undefined
  readonly customerId: string | undefined
  /** `client_reference_id` of a completed checkout: the person the link was for. */
  readonly userId: UserId | undefined
  /** The invoice of a payment event (one notice per failed invoice). */
  readonly invoiceId: string | undefined
}

export type BillingEventType =
  | "checkout_completed"
  | "subscription_changed"
  | "invoice_paid"
  | "payment_failed"
