/**
 * `Billing` without a payment provider: deterministic links
 * (`https://billing.test/checkout/<userId>/<tier>`, `https://billing.test/portal/<customerId>`),
 * subscriptions a test creates and changes as the provider would
 * (`BillingControl.subscribe`, `update`), a record of what was asked, and
 * failures on demand. Sells `plus` and `pro` unless told otherwise; selling
 * nothing, it behaves as billing not configured.
 */
import type { CheckoutRequest, SubscriptionSnapshot, SubscriptionStatus, Tier, UserId } from "@jules/core"
import { Billing, BillingError, BillingNotConfigured, BillingRejected, Tier as TierSchema } from "@jules/core"
import { Context, Effect, Layer, Option, Ref } from "effect"
import * as FailureQueue from "../internal/FailureQueue.ts"

export type BillingErrorReason = BillingError["reason"]

export type BillingRequest =
  | { readonly _tag: "Checkout"; readonly request: CheckoutRequest; readonly url: string }
  | { readonly _tag: "Portal"; readonly customerId: string; readonly url: string }

export interface SubscriptionChange {
  readonly status?: SubscriptionStatus
  readonly cancelAtPeriodEnd?: boolean
  readonly tier?: Tier
}

/** Drives the provider's side in tests: a person pays, a subscription changes. */
export class BillingHarness extends Context.Service<BillingHarness, {
  /** The person pays at checkout: a customer and an active subscription to `tier`. */
  readonly subscribe: (
    userId: UserId,
    tier: Tier
  ) => Effect.Effect<{ readonly customerId: string; readonly subscriptionId: string }>
  /** The provider changes a subscription (a failed renewal, a cancellation, its end). */
  readonly update: (subscriptionId: string, change: SubscriptionChange) => Effect.Effect<void>
}>()("@jules/testkit/BillingHarness") {}

export class BillingControl extends Context.Service<BillingControl, {
  /** Links handed out, in order (failed calls are not listed). */
  readonly requests: Effect.Effect<ReadonlyArray<BillingRequest>>
  /** The next `times` calls (default 1) fail with `reason`. */
  readonly failNext: (reason: BillingErrorReason, times?: number) => Effect.Effect<void>
}>()("@jules/testkit/BillingControl") {}

export const checkoutUrl = (userId: UserId, tier: Tier): string =>
  `https://billing.test/checkout/${encodeURIComponent(userId)}/${encodeURIComponent(tier)}`

export const portalUrl = (customerId: string): string => `https://billing.test/portal/${encodeURIComponent(customerId)}`

const DEFAULT_TIERS: ReadonlyArray<Tier> = [TierSchema.make("plus"), TierSchema.make("pro")]

const make = (tiers: ReadonlyArray<Tier>) =>
  Effect.gen(function*() {
    const requests = yield* Ref.make<ReadonlyArray<BillingRequest>>([])
    const subscriptions = yield* Ref.make<ReadonlyMap<string, SubscriptionSnapshot>>(new Map())
    const failures = yield* FailureQueue.make<BillingErrorReason>()
    let issued = 0

    const failOr = <A>(effect: Effect.Effect<A, BillingError>) =>
      failures.take.pipe(
        Effect.flatMap(Option.match({
          onSome: (reason) => Effect.fail(new BillingError({ reason })),
          onNone: () => effect
        }))
      )
    const record = (request: BillingRequest) => Effect.as(Ref.update(requests, (all) => [...all, request]), request.url)
    const rejected = (message: string) => Effect.fail(new BillingError({ reason: new BillingRejected({ message }) }))
    // Selling nothing is billing not configured: nothing works.
    const failOrConfigured = <A>(effect: Effect.Effect<A, BillingError>) =>
      tiers.length === 0
        ? Effect.fail(new BillingError({ reason: new BillingNotConfigured({ message: "billing is not configured" }) }))
        : failOr(effect)

    const billing = Billing.of({
      tiers,
      checkoutUrl: (request) =>
        failOr(
          tiers.includes(request.tier)
            ? record({ _tag: "Checkout", request, url: checkoutUrl(request.userId, request.tier) })
            : Effect.fail(
              new BillingError({ reason: new BillingNotConfigured({ message: `no price for ${request.tier}` }) })
            )
        ),
      portalUrl: (customerId) => failOrConfigured(record({ _tag: "Portal", customerId, url: portalUrl(customerId) })),
      subscription: (subscriptionId) =>
        failOrConfigured(Effect.flatMap(Ref.get(subscriptions), (all) => {
          const found = all.get(subscriptionId)
          return found === undefined ? rejected("no such subscription") : Effect.succeed(found)
        }))
    })
    const control = BillingControl.of({
      requests: Ref.get(requests),
      failNext: (reason, times = 1) => failures.push(reason, times)
    })
    const harness = BillingHarness.of({
      subscribe: (userId, tier) =>
        Effect.suspend(() => {
          issued += 1
          const ids = { customerId: `cus_fake${issued}`, subscriptionId: `sub_fake${issued}` }
          const snapshot: SubscriptionSnapshot = {
            id: ids.subscriptionId,
            customerId: ids.customerId,
            userId,
            status: "active",
            tier,
            cancelAtPeriodEnd: false,
            currentPeriodEnd: undefined
          }
          return Effect.as(Ref.update(subscriptions, (all) => new Map(all).set(ids.subscriptionId, snapshot)), ids)
        }),
      update: (subscriptionId, change) =>
        Ref.update(subscriptions, (all) => {
          const found = all.get(subscriptionId)
          return found === undefined ? all : new Map(all).set(subscriptionId, { ...found, ...change })
        })
    })
    return Context.make(Billing, billing).pipe(Context.add(BillingControl, control), Context.add(BillingHarness, harness))
  })

/** Sells `tiers` (default `plus` and `pro`). */
export const layerWith = (
  tiers: ReadonlyArray<Tier> = DEFAULT_TIERS
): Layer.Layer<Billing | BillingControl | BillingHarness> => Layer.effectContext(make(tiers))

export const layer: Layer.Layer<Billing | BillingControl | BillingHarness> = layerWith()
