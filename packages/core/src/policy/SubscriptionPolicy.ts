/**
 * Which tier a subscription buys, whatever order its events arrived in: the
 * answer depends only on the subscription as the provider has it now.
 *
 * - `active`, `trialing`: the price's tier.
 * - `past_due`: still the price's tier. Stripe is retrying the card; the
 *   person is told once and keeps their plan meanwhile.
 * - a cancellation at period end stays `active` until the period ends, then
 *   the subscription is deleted (`canceled`): the default tier.
 * - anything else (`canceled`, `unpaid`, `paused`, `incomplete*`): the default tier.
 * - a live subscription to a price no tier is configured with keeps the
 *   person's tier: someone paying is never cut to free by a missing
 *   `STRIPE_PRICE_*` (the operator is told in the log).
 */
import type { SubscriptionSnapshot, SubscriptionStatus } from "../domain/Billing.ts"
import type { Tier } from "../domain/User.ts"

const ENTITLED: ReadonlySet<SubscriptionStatus> = new Set(["active", "trialing", "past_due"])

export const entitles = (status: SubscriptionStatus): boolean => ENTITLED.has(status)

export const tierFor = (subscription: SubscriptionSnapshot, defaultTier: Tier, currentTier: Tier): Tier => {
  if (!entitles(subscription.status)) return defaultTier
  return subscription.tier ?? currentTier
}

/**
 * Whether an event about `subscription` may set the person's state, given the
 * subscription Jules holds for them. A live subscription always may (it is the
 * newest purchase); an ended one only if it is the one held, so an old
 * subscription's late events never cancel a newer one.
 */
export const governs = (subscription: SubscriptionSnapshot, heldSubscriptionId: string | undefined): boolean =>
  entitles(subscription.status) || heldSubscriptionId === undefined || heldSubscriptionId === subscription.id
