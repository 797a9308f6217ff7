/**
 * The short links people get by text to buy or manage a plan:
 * `PUBLIC_BASE_URL/b/<token>`. Issuing one is a database write, so a turn
 * never waits on the payment provider; the provider is asked only when the
 * link is opened, and then for that person only: a checkout for the upgrade
 * tier (or the portal, for a subscriber). The token is all the URL holds.
 */
import { Context, DateTime, Duration, Effect, Layer, Option } from "effect"
import type { BillingAccount } from "../domain/Billing.ts"
import type { UserId } from "../domain/Ids.ts"
import type { Tier, User } from "../domain/User.ts"
import { checkLink, LinkRefused, newToken, TOKEN_SHAPE } from "../policy/LinkPolicy.ts"
import { entitles } from "../policy/SubscriptionPolicy.ts"
import { Billing } from "../ports/Billing.ts"
import type { BillingError } from "../ports/Billing.ts"
import { BillingAccounts } from "../ports/BillingAccounts.ts"
import { LinkTokens } from "../ports/LinkTokens.ts"
import type { StorageError } from "../ports/StorageError.ts"
import { UserStore } from "../ports/UserStore.ts"
import { makeCopy } from "../turn/Copy.ts"
import { CompanionSettings } from "../turn/Settings.ts"
import type { Draft } from "../turn/TurnPlan.ts"
import * as Spans from "../Spans.ts"

export const BILLING_LINK_PURPOSE = "billing"
/** A day: long enough to open it later, short enough that an old text opens nothing. */
export const DEFAULT_LINK_TTL = Duration.hours(24)
/** Where the provider sends the person back to (a page saying to return to their texts). */
export const RETURN_PATH = "/billing/return"

// Where it was first defined; it lives with the other link rules now.
export { LinkRefused } from "../policy/LinkPolicy.ts"

/** A subscriber's customer (they manage their plan in the portal); `undefined` for anyone else. */
export const subscriberCustomer = (account: Option.Option<BillingAccount>): string | undefined => {
  const held = Option.getOrUndefined(account)
  return held?.status !== undefined && entitles(held.status) ? held.customerId : undefined
}

export class BillingLinks extends Context.Service<BillingLinks, {
  /** Whether there is anything to buy; without it, texts say how to reach the operator instead. */
  readonly available: boolean
  /** A fresh link for `userId`, or `undefined` when billing is not configured. */
  readonly issue: (userId: UserId, now: DateTime.Utc) => Effect.Effect<string | undefined, StorageError>
  /** Where an opened link leads now: the portal for a subscriber, else a checkout. */
  readonly open: (token: string, now: DateTime.Utc) => Effect.Effect<string, LinkRefused | BillingError | StorageError>
  /** The answer to UPGRADE, PLAN or BILLING: a link, or how to reach the operator. */
  readonly reply: (user: User, now: DateTime.Utc) => Effect.Effect<Draft, StorageError>
}>()("@jules/core/BillingLinks") {
  /** `baseUrl`: where people reach the server (`PUBLIC_BASE_URL`). */
  static readonly layer = (options: { readonly baseUrl: string; readonly ttl?: Duration.Duration | undefined }) =>
    Layer.effect(
      BillingLinks,
      Effect.gen(function*() {
        const billing = yield* Billing
        const links = yield* LinkTokens
        const accounts = yield* BillingAccounts
        const users = yield* UserStore
        const settings = yield* CompanionSettings
        const copy = makeCopy(settings)
        const baseUrl = options.baseUrl.replace(/\/+$/, "")
        const ttl = options.ttl ?? DEFAULT_LINK_TTL
        // The upgrade tier, or when it has no price the first tier that has one.
        const tier: Tier | undefined = billing.tiers.includes(settings.upgradeTier)
          ? settings.upgradeTier
          : billing.tiers[0]
        const available = tier !== undefined

        const issue = Effect.fnUntraced(function*(userId: UserId, now: DateTime.Utc) {
          if (!available) return undefined
          const token = newToken()
          yield* links.save({
            token,
            purpose: BILLING_LINK_PURPOSE,
            userId,
            expiresAt: DateTime.addDuration(now, ttl)
          })
          return `${baseUrl}/b/${token}`
        })

        const open = Spans.fn("BillingLinks.open")(function*(token: string, now: DateTime.Utc) {
          if (!TOKEN_SHAPE.test(token)) return yield* new LinkRefused({ reason: "unknown" })
          const checked = checkLink(Option.getOrUndefined(yield* links.find(token)), BILLING_LINK_PURPOSE, now)
          if (checked._tag === "Refused") return yield* new LinkRefused({ reason: checked.reason })
          const userId = checked.link.userId
          yield* Effect.annotateCurrentSpan({ userId })
          if (Option.isNone(yield* users.findById(userId))) return yield* new LinkRefused({ reason: "unknown" })
          const account = yield* accounts.find(userId)
          const returnUrl = `${baseUrl}${RETURN_PATH}`
          const customerId = subscriberCustomer(account)
          if (customerId !== undefined) return yield* billing.portalUrl(customerId, returnUrl)
          return yield* billing.checkoutUrl({
            userId,
            tier: tier ?? settings.upgradeTier,
            customerId: Option.getOrUndefined(account)?.customerId,
            // The same link opened twice gives the same checkout.
            idempotencyKey: `jules-checkout-${token}`,
            returnUrl
          })
        })

        const reply = Effect.fnUntraced(function*(user: User, now: DateTime.Utc) {
          const url = yield* issue(user.id, now)
          if (url === undefined) return { kind: "billing_link", body: copy.billingContact } satisfies Draft
          const subscriber = subscriberCustomer(yield* accounts.find(user.id)) !== undefined
          return { kind: "billing_link", body: copy.billingLink({ url, subscriber }) } satisfies Draft
        })

        return BillingLinks.of({ available, issue, open, reply })
      })
    )
}
