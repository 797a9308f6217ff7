/**
 * A person's plan follows their subscription. Every provider event about one
 * is a notification only: the subscription is read again from the provider
 * and the person's state set from what it says now (`SubscriptionPolicy`),
 * so duplicates and events out of order cannot leave a wrong tier.
 *
 * - Each event is handled once (claimed by its id); when handling fails the
 *   claim is released, so the provider's retry is handled.
 * - The person is the one the checkout was for (the subscription's
 *   `userId`); a subscription whose customer belongs to someone else, or
 *   whose checkout named someone else, changes nobody.
 * - A failed payment keeps the plan (Stripe retries the card) and sends one
 *   text per failed invoice with a link to update the card.
 * - Every change of tier is an audit entry: tiers and statuses, never
 *   amounts or card data.
 * - Events are applied one at a time in a process: at checkout Stripe sends
 *   three at once, and each must see the tier the one before it set (one
 *   audit entry for one change). Billing events are few; the wait is short.
 */
import { Context, DateTime, Effect, Layer, Option, Semaphore } from "effect"
import { AuditEntry } from "../domain/Audit.ts"
import type { BillingEvent } from "../domain/Billing.ts"
import { BillingAccount } from "../domain/Billing.ts"
import type { UserId } from "../domain/Ids.ts"
import { TurnId } from "../domain/Ids.ts"
import { entitles, governs, tierFor } from "../policy/SubscriptionPolicy.ts"
import { AuditLog } from "../ports/AuditLog.ts"
import { Billing } from "../ports/Billing.ts"
import type { BillingError } from "../ports/Billing.ts"
import { BillingAccounts } from "../ports/BillingAccounts.ts"
import { EventClaims } from "../ports/EventClaims.ts"
import { MessageStore } from "../ports/MessageStore.ts"
import { SmsGateway } from "../ports/SmsGateway.ts"
import type { StorageError } from "../ports/StorageError.ts"
import { UserStore } from "../ports/UserStore.ts"
import { makeCopy } from "../turn/Copy.ts"
import { toOutboundMessages } from "../turn/Formatting.ts"
import { OutboxPasses } from "../turn/OutboxPasses.ts"
import { CompanionSettings } from "../turn/Settings.ts"
import { BillingLinks } from "./BillingLinks.ts"
import * as Spans from "../Spans.ts"

export const EVENT_CLAIM_SOURCE = "billing:event"

export type Handled =
  /** The person's state was set from the subscription (changed or not). */
  | "applied"
  /** This event was handled before. */
  | "duplicate"
  /** Nothing to do: no subscription, no person, or an older subscription's late news. */
  | "ignored"

export class Subscriptions extends Context.Service<Subscriptions, {
  readonly handle: (event: BillingEvent) => Effect.Effect<Handled, BillingError | StorageError>
}>()("@jules/core/Subscriptions") {
  static readonly layer = Layer.effect(
    Subscriptions,
    Effect.gen(function*() {
      const billing = yield* Billing
      const accounts = yield* BillingAccounts
      const claims = yield* EventClaims
      const users = yield* UserStore
      const audit = yield* AuditLog
      const messages = yield* MessageStore
      const gateway = yield* SmsGateway
      const passes = yield* OutboxPasses
      const links = yield* BillingLinks
      const settings = yield* CompanionSettings
      const copy = makeCopy(settings)
      const oneAtATime = yield* Semaphore.make(1)

      const ignore = (why: string, event: BillingEvent) =>
        Effect.logWarning(`billing event ignored: ${why}`).pipe(
          Effect.annotateLogs({ eventId: event.id, type: event.type }),
          Effect.as<Handled>("ignored")
        )

      /** A checkout without a subscription still tells who the customer is. */
      const rememberCustomer = Effect.fnUntraced(function*(userId: UserId, customerId: string, now: DateTime.Utc) {
        if (Option.isNone(yield* users.findById(userId))) return
        const owner = yield* accounts.findByCustomer(customerId)
        if (Option.isSome(owner) && owner.value.userId !== userId) return
        const account = yield* accounts.find(userId)
        if (Option.isSome(account) && account.value.customerId !== undefined) return
        yield* accounts.save(new BillingAccount({ userId, customerId, cancelAtPeriodEnd: false, updatedAt: now }))
      })

      const notifyPaymentFailed = Effect.fnUntraced(function*(userId: UserId, invoiceId: string, now: DateTime.Utc) {
        const user = yield* users.findById(userId)
        if (Option.isNone(user) || user.value.consent === "opted_out") return
        const url = yield* links.issue(userId, now)
        if (url === undefined) return
        // Keyed by the invoice: Stripe's retries of one invoice send one text.
        yield* messages.recordOutbound(toOutboundMessages({
          user: user.value,
          turnId: TurnId.make(`billing:${invoiceId}`),
          drafts: [{ kind: "billing_notice", body: copy.paymentFailed(url) }],
          maxBodyLength: gateway.maxBodyLength,
          now
        }))
        yield* passes.request(userId)
      })

      const apply = Effect.fnUntraced(function*(event: BillingEvent, now: DateTime.Utc) {
        if (event.subscriptionId === undefined) {
          if (event.userId !== undefined && event.customerId !== undefined) {
            yield* rememberCustomer(event.userId, event.customerId, now)
          }
          return "ignored" as const
        }
        const subscription = yield* billing.subscription(event.subscriptionId)
        const owner = yield* accounts.findByCustomer(subscription.customerId)
        const userId = subscription.userId ?? event.userId ?? Option.getOrUndefined(owner)?.userId
        if (userId === undefined) return yield* ignore("no person for the subscription", event)
        if (event.userId !== undefined && event.userId !== userId) {
          return yield* ignore("the checkout named another person", event)
        }
        if (Option.isSome(owner) && owner.value.userId !== userId) {
          return yield* ignore("the customer belongs to another person", event)
        }
        yield* Effect.annotateCurrentSpan({ userId })
        const found = yield* users.findById(userId)
        if (Option.isNone(found)) return yield* ignore("the person was erased", event)
        const user = found.value
        const held = yield* accounts.find(userId)
        if (!governs(subscription, Option.getOrUndefined(held)?.subscriptionId)) {
          return yield* ignore("an ended subscription other than the person's", event)
        }

        yield* accounts.save(
          new BillingAccount({
            userId,
            customerId: subscription.customerId,
            subscriptionId: subscription.id,
            status: subscription.status,
            cancelAtPeriodEnd: subscription.cancelAtPeriodEnd,
            ...(subscription.currentPeriodEnd === undefined ? {} : { currentPeriodEnd: subscription.currentPeriodEnd }),
            updatedAt: now
          })
        )
        if (entitles(subscription.status) && subscription.tier === undefined) {
          yield* Effect.logError("a live subscription's price buys no configured tier: set its STRIPE_PRICE_<TIER>").pipe(
            Effect.annotateLogs({ userId, subscriptionId: subscription.id })
          )
        }
        const tier = tierFor(subscription, settings.defaultTier, user.tier)
        if (tier !== user.tier) {
          yield* users.setTier(userId, tier)
          yield* audit.append(
            new AuditEntry({
              id: `tier:${event.id}`,
              kind: "tier_changed",
              userId,
              detail: { from: user.tier, to: tier, status: subscription.status, source: "billing" },
              at: now
            })
          )
          yield* Effect.logInfo("tier changed").pipe(
            Effect.annotateLogs({ userId, from: user.tier, to: tier, status: subscription.status })
          )
        }
        if (event.type === "payment_failed" && event.invoiceId !== undefined && entitles(subscription.status)) {
          yield* notifyPaymentFailed(userId, event.invoiceId, now)
        }
        return "applied" as const
      })

      const handle = Spans.fn("Subscriptions.handle")(function*(event: BillingEvent) {
        if (!(yield* claims.claim(EVENT_CLAIM_SOURCE, event.id))) return "duplicate" as const
        return yield* DateTime.now.pipe(
          Effect.flatMap((now) => apply(event, now)),
          oneAtATime.withPermits(1),
          Effect.onError(() => Effect.ignore(claims.release(EVENT_CLAIM_SOURCE, event.id)))
        )
      })

      return Subscriptions.of({ handle })
    })
  )
}
