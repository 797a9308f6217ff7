/**
 * `Billing` without a payment provider: deterministic links
 * (`https://billing.test/checkout/<userId>/<tier>`, `https://billing.test/portal/<userId>`),
 * a record of what was asked, and failures on demand through `BillingControl`.
 */
import type { Tier, UserId } from "@jules/core"
import { Billing, BillingError } from "@jules/core"
import { Context, Effect, Layer, Option, Ref } from "effect"
import * as FailureQueue from "../internal/FailureQueue.ts"

export type BillingErrorReason = BillingError["reason"]

export type BillingRequest =
  | { readonly _tag: "Checkout"; readonly userId: UserId; readonly tier: Tier; readonly url: string }
  | { readonly _tag: "Portal"; readonly userId: UserId; readonly url: string }

export class BillingControl extends Context.Service<BillingControl, {
  /** Links handed out, in order (failed calls are not listed). */
  readonly requests: Effect.Effect<ReadonlyArray<BillingRequest>>
  /** The next `times` calls (default 1) fail with `reason`. */
  readonly failNext: (reason: BillingErrorReason, times?: number) => Effect.Effect<void>
}>()("@jules/testkit/BillingControl") {}

export const checkoutUrl = (userId: UserId, tier: Tier): string =>
  `https://billing.test/checkout/${encodeURIComponent(userId)}/${encodeURIComponent(tier)}`

export const portalUrl = (userId: UserId): string => `https://billing.test/portal/${encodeURIComponent(userId)}`

const make = Effect.gen(function*() {
  const requests = yield* Ref.make<ReadonlyArray<BillingRequest>>([])
  const failures = yield* FailureQueue.make<BillingErrorReason>()

  const handOut = (request: BillingRequest) =>
    failures.take.pipe(
      Effect.flatMap(Option.match({
        onSome: (reason) => Effect.fail(new BillingError({ reason })),
        onNone: () => Effect.as(Ref.update(requests, (all) => [...all, request]), request.url)
      }))
    )

  const billing = Billing.of({
    checkoutUrl: (userId, tier) => handOut({ _tag: "Checkout", userId, tier, url: checkoutUrl(userId, tier) }),
    portalUrl: (userId) => handOut({ _tag: "Portal", userId, url: portalUrl(userId) })
  })
  const control = BillingControl.of({
    requests: Ref.get(requests),
    failNext: (reason, times = 1) => failures.push(reason, times)
  })
  return Context.make(Billing, billing).pipe(Context.add(BillingControl, control))
})

export const layer: Layer.Layer<Billing | BillingControl> = Layer.effectContext(make)
