/**
 * Webhook verification with Stripe's own signatures
 * (`Stripe.webhooks.generateTestHeaderString`): the PROVIDERS.md vector,
 * stale and forged signatures, secret rotation, and decoding of every event
 * Jules acts on; garbage never crashes.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Redacted, Schema } from "effect"
import Stripe from "stripe"
import { StripeWebhook } from "../src/index.ts"

const SECRET = "whsec_test_secret"
const secrets = [Redacted.make(SECRET)]
const sign = (payload: string, options: { secret?: string; timestamp?: number } = {}) =>
  Stripe.webhooks.generateTestHeaderString({
    payload,
    secret: options.secret ?? SECRET,
    ...(options.timestamp === undefined ? {} : { timestamp: options.timestamp })
  })
const verify = (rawBody: string, signature: string | undefined, now?: number) =>
  StripeWebhook.verify({ rawBody, signature, secrets, now })

const event = (type: string, object: unknown, id = "evt_1") => JSON.stringify({ id, object: "event", type, data: { object } })

describe("Stripe-Signature", () => {
  it.effect("the published vector verifies at its own time, and is stale 301 s later", () =>
    Effect.gen(function*() {
      const payload = `{"id":"evt_1","object":"event","type":"invoice.paid","data":{"object":{"id":"in_1"}}}`
      const header = "t=1700000000,v1=b5e0b8c9c6c01393de21b6e49dfbe91697f78cf977517a252d763ced624d3349"
      const decoded = yield* verify(payload, header, 1_700_000_000_000)
      assert.deepStrictEqual(decoded, {
        id: "evt_1",
        type: "invoice_paid",
        userId: undefined,
        invoiceId: "in_1",
        subscriptionId: undefined,
        customerId: undefined
      })
      assert.strictEqual(header, sign(payload, { timestamp: 1_700_000_000 }))
      const stale = yield* Effect.flip(verify(payload, header, 1_700_000_301_000))
      assert.strictEqual(stale.reason, "BadSignature")
      assert.isDefined(yield* verify(payload, header, 1_700_000_300_000))
    }))

  it.effect("a forged, missing or other-secret signature, or a changed body, is refused", () =>
    Effect.gen(function*() {
      const payload = event("customer.subscription.updated", { id: "sub_1", customer: "cus_1" })
      const good = sign(payload)
      for (const [body, header] of [
        [payload, sign(payload, { secret: "whsec_other" })],
        [payload, undefined],
        [payload, ""],
        [payload, "t=1,v1=00"],
        [payload.replace("sub_1", "sub_2"), good],
        [payload, good.slice(0, -1) + (good.endsWith("0") ? "1" : "0")]
      ] as const) {
        const refused = yield* Effect.flip(verify(body, header))
        assert.strictEqual(refused.reason, "BadSignature")
      }
    }))

  it.effect("while a secret is rotated, either one verifies", () =>
    Effect.gen(function*() {
      const payload = event("customer.subscription.deleted", { id: "sub_9", customer: "cus_9" })
      const both = [Redacted.make("whsec_old"), Redacted.make("whsec_new")]
      for (const secret of ["whsec_old", "whsec_new"]) {
        const decoded = yield* StripeWebhook.verify({ rawBody: payload, signature: sign(payload, { secret }), secrets: both })
        assert.strictEqual(decoded?.subscriptionId, "sub_9")
      }
    }))
})

describe("decoding", () => {
  /** The decoded event, as a plain record for comparison. */
  const decoded = (type: string, object: unknown) =>
    Effect.map(
      Effect.flatMap(Effect.succeed(event(type, object)), (p) => verify(p, sign(p))),
      (e) => (e === undefined ? undefined : ({ ...e }) as Record<string, unknown>)
    )
  const fields = (e: Record<string, unknown> | undefined) => {
    assert.isDefined(e)
    return e!
  }

  it.effect("every event Jules acts on names the subscription to read again", () =>
    Effect.gen(function*() {
      const checkout = yield* decoded("checkout.session.completed", {
        id: "cs_1",
        customer: "cus_1",
        subscription: "sub_1",
        client_reference_id: "user-1"
      })
      assert.deepInclude(fields(checkout), { type: "checkout_completed", subscriptionId: "sub_1", customerId: "cus_1", userId: "user-1" })
      for (const type of ["created", "updated", "deleted", "paused", "resumed"]) {
        const changed = yield* decoded(`customer.subscription.${type}`, { id: "sub_2", customer: { id: "cus_2" } })
        assert.deepInclude(fields(changed), { type: "subscription_changed", subscriptionId: "sub_2", customerId: "cus_2" })
      }
      const failed = yield* decoded("invoice.payment_failed", {
        id: "in_3",
        customer: "cus_3",
        parent: { type: "subscription_details", subscription_details: { subscription: "sub_3" } }
      })
      assert.deepInclude(fields(failed), { type: "payment_failed", subscriptionId: "sub_3", invoiceId: "in_3" })
      const paid = yield* decoded("invoice.paid", { id: "in_4", customer: "cus_4", parent: null })
      assert.deepInclude(fields(paid), { type: "invoice_paid", subscriptionId: undefined, invoiceId: "in_4" })
    }))

  it.effect("other event types are acknowledged and ignored", () =>
    Effect.gen(function*() {
      assert.isUndefined(yield* decoded("customer.created", { id: "cus_1" }))
      assert.isUndefined(yield* decoded("charge.succeeded", { id: "ch_1", amount: 999 }))
    }))

  it.effect("a relevant event whose object is unreadable is malformed", () =>
    Effect.gen(function*() {
      const refused = yield* Effect.flip(decoded("customer.subscription.updated", { customer: 5 }))
      assert.strictEqual(refused.reason, "Malformed")
    }))

  it.effect.prop("any correctly signed body is decoded, ignored or malformed: never a crash", [Schema.String], ([body]) =>
    Effect.gen(function*() {
      const result = yield* Effect.result(verify(body, sign(body)))
      // The SDK refuses an empty payload outright, as it would an unsigned one.
      if (result._tag === "Failure") assert.strictEqual(result.failure.reason, body === "" ? "BadSignature" : "Malformed")
    }))

  it.effect.prop("any JSON value as the event is decoded, ignored or malformed", [Schema.Json], ([value]) =>
    Effect.gen(function*() {
      const result = yield* Effect.result(StripeWebhook.decode(value))
      if (result._tag === "Failure") assert.strictEqual(result.failure.reason, "Malformed")
    }))

  it.effect.prop("any header with a body is refused as a bad signature, never a crash", [Schema.String], ([header]) =>
    Effect.gen(function*() {
      const refused = yield* Effect.flip(verify(event("invoice.paid", { id: "in_1" }), header))
      assert.strictEqual(refused.reason, "BadSignature")
    }))
})
