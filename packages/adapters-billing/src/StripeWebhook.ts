/**
 * `POST /webhooks/stripe`, the Stripe part: the `Stripe-Signature` header is
 * checked over the raw body with the SDK (`constructEventAsync`, 300 s
 * tolerance) against each configured secret in turn (rotation), then the
 * event is reduced to the ids core needs (`BillingEvent`). Only what the
 * subscription's state depends on is relevant; other events are
 * acknowledged and ignored.
 *
 * The payload is never trusted for state: core reads the subscription again.
 */
import type { BillingEvent, BillingEventType, UserId } from "@jules/core"
import { Effect, Option, Redacted, Schema } from "effect"
import Stripe from "stripe"

export const TOLERANCE_SECONDS = 300

export class StripeWebhookRefused extends Schema.TaggedError<StripeWebhookRefused>()("StripeWebhookRefused", {
  reason: Schema.Literals(["BadSignature", "Malformed"]),
  /** Short, fixed text: nothing from the request. */
  detail: Schema.String
}) {}

const TYPES: Readonly<Record<string, BillingEventType>> = {
  "checkout.session.completed": "checkout_completed",
  "customer.subscription.created": "subscription_changed",
  "customer.subscription.updated": "subscription_changed",
  "customer.subscription.deleted": "subscription_changed",
  "customer.subscription.paused": "subscription_changed",
  "customer.subscription.resumed": "subscription_changed",
  "invoice.paid": "invoice_paid",
  "invoice.payment_failed": "payment_failed"
}

/** The event types to subscribe the endpoint to (the README lists them too). */
export const RELEVANT_EVENT_TYPES: ReadonlyArray<string> = Object.keys(TYPES)

const Id = Schema.String.check(Schema.isMinLength(1), Schema.isMaxLength(255))
const Expandable = Schema.NullOr(Schema.Union([Id, Schema.Struct({ id: Id })]))

const EventShape = Schema.Struct({
  id: Id,
  type: Schema.String,
  data: Schema.Struct({ object: Schema.Record(Schema.String, Schema.Unknown) })
})

const CheckoutShape = Schema.Struct({
  customer: Schema.optional(Expandable),
  subscription: Schema.optional(Expandable),
  client_reference_id: Schema.optional(Schema.NullOr(Id))
})
const SubscriptionShape = Schema.Struct({ id: Id, customer: Schema.optional(Expandable) })
const InvoiceShape = Schema.Struct({
  id: Id,
  customer: Schema.optional(Expandable),
  parent: Schema.optional(Schema.NullOr(Schema.Struct({
    subscription_details: Schema.optional(Schema.NullOr(Schema.Struct({ subscription: Schema.optional(Expandable) })))
  })))
})

const idOf = (value: string | { readonly id: string } | null | undefined): string | undefined =>
  value === null || value === undefined ? undefined : typeof value === "string" ? value : value.id

const malformed = (detail: string) => new StripeWebhookRefused({ reason: "Malformed", detail })

/** The event's ids, or `undefined` for an event type Jules does not act on. */
export const decode = (payload: unknown): Effect.Effect<BillingEvent | undefined, StripeWebhookRefused> =>
  Effect.gen(function*() {
    const event = yield* Schema.decodeUnknownEffect(EventShape)(payload).pipe(
      Effect.mapError(() => malformed("not a Stripe event"))
    )
    const type = TYPES[event.type]
    if (type === undefined) return undefined
    const object = event.data.object
    const base = { id: event.id, type, userId: undefined, invoiceId: undefined }
    switch (type) {
      case "checkout_completed": {
        const session = yield* Schema.decodeUnknownEffect(CheckoutShape)(object).pipe(
          Effect.mapError(() => malformed("unreadable checkout session"))
        )
        return {
          ...base,
          subscriptionId: idOf(session.subscription),
          customerId: idOf(session.customer),
          userId: (session.client_reference_id ?? undefined) as UserId | undefined
        }
      }
      case "subscription_changed": {
        const subscription = yield* Schema.decodeUnknownEffect(SubscriptionShape)(object).pipe(
          Effect.mapError(() => malformed("unreadable subscription"))
        )
        return { ...base, subscriptionId: subscription.id, customerId: idOf(subscription.customer) }
      }
      case "invoice_paid":
      case "payment_failed": {
        const invoice = yield* Schema.decodeUnknownEffect(InvoiceShape)(object).pipe(
          Effect.mapError(() => malformed("unreadable invoice"))
        )
        return {
          ...base,
          subscriptionId: idOf(invoice.parent?.subscription_details?.subscription),
          customerId: idOf(invoice.customer),
          invoiceId: invoice.id
        }
      }
    }
  })

/**
 * Checks the signature against each secret (any may match while one is
 * rotated out), then decodes. `now` (ms) is for tests that pin the clock.
 */
export const verify = (options: {
  readonly rawBody: string
  readonly signature: string | undefined
  readonly secrets: ReadonlyArray<Redacted.Redacted<string>>
  readonly now?: number | undefined
}): Effect.Effect<BillingEvent | undefined, StripeWebhookRefused> =>
  Effect.gen(function*() {
    const header = options.signature
    if (header === undefined || header.length === 0 || header.length > 4096) {
      return yield* new StripeWebhookRefused({ reason: "BadSignature", detail: "missing Stripe-Signature" })
    }
    let verified: Option.Option<unknown> = Option.none()
    for (const secret of options.secrets) {
      const attempt = yield* Effect.tryPromise({
        try: () =>
          Stripe.webhooks.constructEventAsync(
            options.rawBody,
            header,
            Redacted.value(secret),
            TOLERANCE_SECONDS,
            undefined,
            options.now
          ),
        catch: (cause) => cause
      }).pipe(Effect.result)
      if (attempt._tag === "Success") {
        verified = Option.some(attempt.success)
        break
      }
      // Anything but a signature mismatch means the signature held and the body is no JSON.
      if (!(attempt.failure instanceof Stripe.errors.StripeSignatureVerificationError)) {
        return yield* malformed("not a Stripe event")
      }
    }
    if (Option.isNone(verified)) {
      return yield* new StripeWebhookRefused({ reason: "BadSignature", detail: "invalid signature" })
    }
    return yield* decode(verified.value)
  })
