/**
 * `Billing` on Stripe, through the official SDK at its pinned API version
 * (`2026-10-28.endive`).
 *
 * - Checkout: a Checkout Session in subscription mode for the tier's price,
 *   `client_reference_id` and subscription metadata `userId` = the person's
 *   id (the only thing Stripe learns of them), with the link's idempotency key.
 * - Portal: a Billing Portal session for the person's customer.
 * - Subscriptions are read back whole (`subscriptions.retrieve`): the tier
 *   follows the first item's price, the period end lives on the item.
 *
 * The SDK retries connection errors, 409s, 429s and 5xx twice itself.
 * Failures map to `BillingError`: Stripe unreachable, rate limited or failing
 * → `BillingUnavailable` (retryable); a request Stripe refuses (unknown
 * customer, revoked key) → `BillingRejected`.
 */
import type { CheckoutRequest, SubscriptionSnapshot, Tier, UserId } from "@jules/core"
import {
  Billing,
  BillingError,
  BillingNotConfigured,
  BillingRejected,
  BillingUnavailable,
  Spans,
  SubscriptionStatus
} from "@jules/core"
import { DateTime, Effect, Layer, Redacted, Schema } from "effect"
import Stripe from "stripe"
import type { StripeSettings } from "./StripeConfig.ts"

export const API_VERSION = "2026-10-28.endive"

/** The SDK pointed at Stripe, or at `apiBaseUrl` (a proxy, a fake in tests). */
export const client = (settings: StripeSettings): Stripe => {
  const base = settings.apiBaseUrl
  return new Stripe(Redacted.value(settings.secretKey), {
    maxNetworkRetries: 2,
    timeout: 20_000,
    ...(base === undefined ? {} : {
      host: base.hostname,
      port: Number(base.port || (base.protocol === "http:" ? 80 : 443)),
      protocol: base.protocol === "http:" ? "http" : "https"
    })
  })
}

const reasonOf = (cause: unknown): BillingError["reason"] => {
  const message = cause instanceof Error ? cause.message.slice(0, 200) : "Stripe request failed"
  if (cause instanceof Stripe.errors.StripeError) {
    switch (cause.type) {
      case "StripeInvalidRequestError":
      case "StripeAuthenticationError":
      case "StripePermissionError":
      case "StripeIdempotencyError":
      case "StripeCardError":
        return new BillingRejected({ message })
      default:
        return new BillingUnavailable({ message })
    }
  }
  return new BillingUnavailable({ message })
}

const call = <A>(name: string, run: () => Promise<A>): Effect.Effect<A, BillingError> =>
  Effect.tryPromise({ try: run, catch: (cause) => new BillingError({ reason: reasonOf(cause) }) }).pipe(
    Effect.withSpan(`Stripe.${name}`)
  )

const isKnownStatus = Schema.is(SubscriptionStatus)

const idOf = (value: string | { readonly id: string } | null | undefined): string | undefined =>
  value === null || value === undefined ? undefined : typeof value === "string" ? value : value.id

export const make = (settings: StripeSettings, stripe: Stripe = client(settings)): Billing["Service"] => {
  const priceOf = new Map<string, string>(settings.prices.map(({ priceId, tier }) => [tier, priceId]))
  const tierOf = new Map<string, Tier>(settings.prices.map(({ priceId, tier }) => [priceId, tier]))

  const checkoutUrl = Spans.fn("StripeBilling.checkoutUrl")(function*(request: CheckoutRequest) {
    const price = priceOf.get(request.tier)
    if (price === undefined) {
      return yield* new BillingError({
        reason: new BillingNotConfigured({ message: `no STRIPE_PRICE_* for tier ${request.tier}` })
      })
    }
    const session = yield* call("checkout.sessions.create", () =>
      stripe.checkout.sessions.create({
        mode: "subscription",
        line_items: [{ price, quantity: 1 }],
        success_url: `${request.returnUrl}?checkout=complete`,
        cancel_url: `${request.returnUrl}?checkout=cancelled`,
        client_reference_id: request.userId,
        ...(request.customerId === undefined ? {} : { customer: request.customerId }),
        subscription_data: { metadata: { userId: request.userId } },
        metadata: { userId: request.userId }
      }, { idempotencyKey: request.idempotencyKey }))
    if (typeof session.url !== "string") {
      return yield* new BillingError({ reason: new BillingUnavailable({ message: "Stripe gave a checkout without a URL" }) })
    }
    return session.url
  })

  const portalUrl = Spans.fn("StripeBilling.portalUrl")(function*(customerId: string, returnUrl: string) {
    const session = yield* call("billingPortal.sessions.create", () =>
      stripe.billingPortal.sessions.create({ customer: customerId, return_url: returnUrl }))
    return session.url
  })

  const subscription = Spans.fn("StripeBilling.subscription")(function*(subscriptionId: string) {
    const found = yield* call("subscriptions.retrieve", () => stripe.subscriptions.retrieve(subscriptionId))
    const item = found.items.data[0]
    const customerId = idOf(found.customer)
    const status: string = found.status
    if (customerId === undefined || !isKnownStatus(status)) {
      return yield* new BillingError({ reason: new BillingRejected({ message: "unreadable subscription" }) })
    }
    const userId = found.metadata?.["userId"]
    const periodEnd = item?.current_period_end
    return {
      id: found.id,
      customerId,
      userId: typeof userId === "string" && userId.length > 0 ? (userId as UserId) : undefined,
      status,
      tier: item === undefined ? undefined : tierOf.get(item.price.id),
      cancelAtPeriodEnd: found.cancel_at_period_end === true,
      currentPeriodEnd: typeof periodEnd === "number" ? DateTime.makeUnsafe(periodEnd * 1000) : undefined
    } satisfies SubscriptionSnapshot
  })

  return Billing.of({ tiers: settings.prices.map((price) => price.tier), checkoutUrl, portalUrl, subscription })
}

export const layer = (settings: StripeSettings): Layer.Layer<Billing> => Layer.sync(Billing, () => make(settings))
