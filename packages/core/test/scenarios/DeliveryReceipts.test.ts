import { assert, describe, it } from "@effect/vitest"
import type { MessageId, TurnId } from "@jules/core"
import { AuditLog, DeliveryReceipts, MessageStore, OutboundMessage, UserStore } from "@jules/core"
import { Scenario, SmsOutbox } from "@jules/testkit"
import { DateTime, Effect, Layer, Option } from "effect"

const layer = () => DeliveryReceipts.layer.pipe(Layer.provideMerge(Scenario.layer()))

/** Alex's first exchange, and the provider ids of the texts Jules sent. */
const firstExchange = Effect.gen(function*() {
  const alex = yield* Scenario.person()
  const exchange = yield* alex.texts("hi")
  const outbox = yield* SmsOutbox
  const providerIds = (yield* outbox.sent).map((sms) => sms.providerMessageId)
  return { alex, exchange, providerIds }
})

const statusOf = (messageId: MessageId, turnId: TurnId) =>
  Effect.gen(function*() {
    const texts = yield* (yield* MessageStore).outboundForTurn(turnId)
    return texts.find((text) => text.id === messageId)
  })

describe("delivery reports", () => {
  it.effect("move a text's status forward, whatever order and however often they arrive", () =>
    Effect.gen(function*() {
      const receipts = yield* DeliveryReceipts
      const { exchange, providerIds } = yield* firstExchange
      const reply = exchange.sent[1]!
      const providerMessageId = providerIds[1]!

      const delivered = yield* receipts.record({ providerMessageId, status: "delivered", recipientOptedOut: false })
      assert.strictEqual(Option.getOrThrow(delivered).id, reply.id)
      assert.strictEqual(Option.getOrThrow(delivered).status, "delivered")
      // A late "sent" and a repeated "delivered" change nothing; nor does a stray failure.
      yield* receipts.record({ providerMessageId, status: "sent", recipientOptedOut: false })
      yield* receipts.record({ providerMessageId, status: "delivered", recipientOptedOut: false })
      yield* receipts.record({ providerMessageId, status: "failed", errorCode: "30003", recipientOptedOut: false })
      const now = yield* statusOf(reply.id, reply.turnId)
      assert.strictEqual(now?.status, "delivered")
      assert.strictEqual(now?.errorCode, undefined)
      // The other text of the turn is untouched.
      assert.strictEqual((yield* statusOf(exchange.sent[0]!.id, reply.turnId))?.status, "sent")
    }).pipe(Effect.provide(layer())))

  it.effect("a carrier opt-out (21610 / 4775) opts the person out once, and Jules falls silent", () =>
    Effect.gen(function*() {
      const receipts = yield* DeliveryReceipts
      const { alex, exchange, providerIds } = yield* firstExchange
      const report = {
        providerMessageId: providerIds[1]!,
        status: "failed",
        errorCode: "4775",
        recipientOptedOut: true
      } as const
      yield* receipts.record(report)
      yield* receipts.record(report) // Bandwidth retries callbacks

      const user = yield* alex.user
      assert.strictEqual(user.consent, "opted_out")
      const history = yield* (yield* UserStore).consentHistory(user.id)
      assert.deepStrictEqual(history.map((change) => [change.state, change.source]), [["opted_out", "carrier"]])
      const audit = yield* (yield* AuditLog).list({ userId: user.id, kind: "consent_changed", limit: 10 })
      assert.strictEqual(audit.length, 1)
      assert.strictEqual((yield* statusOf(exchange.sent[1]!.id, exchange.sent[1]!.turnId))?.errorCode, "4775")

      const sentBefore = (yield* (yield* SmsOutbox).sent).length
      assert.strictEqual((yield* alex.texts("hello?")).outcome, "ignored_opted_out")
      assert.strictEqual((yield* (yield* SmsOutbox).sent).length, sentBefore)
    }).pipe(Effect.provide(layer())))

  it.effect("a failure that is not an opt-out leaves consent alone", () =>
    Effect.gen(function*() {
      const receipts = yield* DeliveryReceipts
      const { alex, providerIds } = yield* firstExchange
      yield* receipts.record({
        providerMessageId: providerIds[1]!,
        status: "failed",
        errorCode: "4482",
        recipientOptedOut: false
      })
      assert.strictEqual((yield* alex.user).consent, "opted_in")
      assert.strictEqual((yield* alex.texts("still there?")).outcome, "replied")
    }).pipe(Effect.provide(layer())))

  it.effect("a report about a text Jules does not know changes nothing", () =>
    Effect.gen(function*() {
      const receipts = yield* DeliveryReceipts
      const { alex } = yield* firstExchange
      const result = yield* receipts.record({ providerMessageId: "SMunknown", status: "failed", recipientOptedOut: true })
      assert.isTrue(Option.isNone(result))
      assert.strictEqual((yield* alex.user).consent, "opted_in")
    }).pipe(Effect.provide(layer())))

  it.effect("a report that overtakes the record of the send still finds the text by Jules's id", () =>
    Effect.gen(function*() {
      const receipts = yield* DeliveryReceipts
      const messages = yield* MessageStore
      const { alex } = yield* firstExchange
      const user = yield* alex.user
      const now = yield* DateTime.now
      const pending = new OutboundMessage({
        id: "turn-x.0" as MessageId,
        userId: user.id,
        turnId: "turn-x" as TurnId,
        sequence: 0,
        kind: "reply",
        body: "See you tomorrow!",
        encoding: "GSM-7",
        segments: 1,
        status: "pending",
        createdAt: now,
        updatedAt: now
      })
      yield* messages.recordOutbound([pending])
      const result = yield* receipts.record({
        providerMessageId: "bw-123",
        status: "delivered",
        recipientOptedOut: false,
        messageId: pending.id
      })
      assert.strictEqual(Option.getOrThrow(result).status, "delivered")
      assert.strictEqual(Option.getOrThrow(result).providerMessageId, "bw-123")
    }).pipe(Effect.provide(layer())))
})
