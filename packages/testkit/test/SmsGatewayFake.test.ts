import { assert, describe, it } from "@effect/vitest"
import type { MessageId, OutboundSms, PhoneNumber } from "@jules/core"
import { RecipientOptedOut, SmsGateway, SmsProviderUnavailable } from "@jules/core"
import { SmsGatewayFake, SmsOutbox } from "@jules/testkit"
import { Effect } from "effect"

const sms = (n: number, body = `text ${n}`): OutboundSms => ({
  messageId: `msg-${n}` as MessageId,
  to: "+14155552671" as PhoneNumber,
  body
})

describe("SmsGatewayFake", () => {
  it.effect("is the provider \"fake\", sends its own opt-out confirmations and takes 1600 characters by default", () =>
    Effect.gen(function*() {
      const gateway = yield* SmsGateway
      assert.strictEqual(gateway.provider, "fake")
      assert.isFalse(gateway.repliesToOptOutKeywords)
      assert.strictEqual(gateway.maxBodyLength, 1600)
    }).pipe(Effect.provide(SmsGatewayFake.layer())))

  it.effect("takes its options", () =>
    Effect.gen(function*() {
      const gateway = yield* SmsGateway
      assert.isTrue(gateway.repliesToOptOutKeywords)
      assert.strictEqual(gateway.maxBodyLength, 2048)
    }).pipe(Effect.provide(SmsGatewayFake.layer({ repliesToOptOutKeywords: true, maxBodyLength: 2048 }))))

  it.effect("keeps sent texts in order with provider ids fake-1, fake-2, …", () =>
    Effect.gen(function*() {
      const gateway = yield* SmsGateway
      const outbox = yield* SmsOutbox
      const first = yield* gateway.send(sms(1))
      const second = yield* gateway.send(sms(2, "second text"))
      assert.deepStrictEqual([first.providerMessageId, second.providerMessageId], ["fake-1", "fake-2"])
      assert.deepStrictEqual(yield* outbox.sent, [
        { messageId: "msg-1" as MessageId, to: "+14155552671" as PhoneNumber, body: "text 1", providerMessageId: "fake-1" },
        {
          messageId: "msg-2" as MessageId,
          to: "+14155552671" as PhoneNumber,
          body: "second text",
          providerMessageId: "fake-2"
        }
      ])
    }).pipe(Effect.provide(SmsGatewayFake.layer())))

  it.effect("fails the next send with the queued reason, then sends again", () =>
    Effect.gen(function*() {
      const gateway = yield* SmsGateway
      const outbox = yield* SmsOutbox
      yield* outbox.failNext(new RecipientOptedOut({ message: "recipient unsubscribed", code: "21610" }))
      const error = yield* Effect.flip(gateway.send(sms(1)))
      assert.strictEqual(error.provider, "fake")
      assert.strictEqual(error.reason._tag, "RecipientOptedOut")
      assert.strictEqual(error.reason.code, "21610")
      assert.isFalse(error.isRetryable)
      const sent = yield* gateway.send(sms(2))
      assert.strictEqual(sent.providerMessageId, "fake-1")
      assert.deepStrictEqual((yield* outbox.sent).map((s) => s.messageId), ["msg-2"])
      assert.deepStrictEqual((yield* outbox.failed).map((f) => [f.messageId, f.reason._tag]), [
        ["msg-1", "RecipientOptedOut"]
      ])
    }).pipe(Effect.provide(SmsGatewayFake.layer())))

  it.effect("fails as many sends as asked", () =>
    Effect.gen(function*() {
      const gateway = yield* SmsGateway
      const outbox = yield* SmsOutbox
      yield* outbox.failNext(new SmsProviderUnavailable({ message: "503" }), 2)
      const first = yield* Effect.flip(gateway.send(sms(1)))
      const second = yield* Effect.flip(gateway.send(sms(1)))
      assert.isTrue(first.isRetryable && second.isRetryable)
      assert.strictEqual((yield* gateway.send(sms(1))).providerMessageId, "fake-1")
    }).pipe(Effect.provide(SmsGatewayFake.layer())))

  it.effect("refuses empty bodies and bodies longer than maxBodyLength, as providers do", () =>
    Effect.gen(function*() {
      const gateway = yield* SmsGateway
      const tooLong = yield* Effect.flip(gateway.send(sms(1, "x".repeat(161))))
      assert.strictEqual(tooLong.reason._tag, "SmsRejected")
      assert.strictEqual(tooLong.reason.code, "21617")
      const empty = yield* Effect.flip(gateway.send(sms(2, "")))
      assert.strictEqual(empty.reason.code, "21602")
      assert.strictEqual((yield* gateway.send(sms(3, "x".repeat(160)))).providerMessageId, "fake-1")
    }).pipe(Effect.provide(SmsGatewayFake.layer({ maxBodyLength: 160 }))))

  it.effect("clear forgets sent texts and queued failures", () =>
    Effect.gen(function*() {
      const gateway = yield* SmsGateway
      const outbox = yield* SmsOutbox
      yield* gateway.send(sms(1))
      yield* outbox.failNext(new SmsProviderUnavailable({ message: "503" }))
      yield* outbox.clear
      assert.deepStrictEqual(yield* outbox.sent, [])
      assert.strictEqual((yield* gateway.send(sms(2))).providerMessageId, "fake-2")
    }).pipe(Effect.provide(SmsGatewayFake.layer())))

  it.effect("each build has its own outbox", () =>
    Effect.gen(function*() {
      const send = Effect.gen(function*() {
        yield* (yield* SmsGateway).send(sms(1))
        return yield* (yield* SmsOutbox).sent
      })
      const first = yield* send.pipe(Effect.provide(SmsGatewayFake.layer()))
      const second = yield* send.pipe(Effect.provide(SmsGatewayFake.layer()))
      assert.strictEqual(first.length, 1)
      assert.strictEqual(second.length, 1)
    }))
})
