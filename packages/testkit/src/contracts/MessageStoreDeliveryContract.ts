/**
 * What every `MessageStore` must do with delivery: the record of each send and
 * the carrier's callbacks, which arrive late, repeated and out of order.
 */
import { assert } from "@effect/vitest"
import { advanceDeliveryStatus, MessageStore, OutboundMessage } from "@jules/core"
import type { DeliveryStatus } from "@jules/core"
import { DateTime, Effect, Option } from "effect"
import * as F from "./Fixtures.ts"
import { outbound, permutations, sentMessage, statusOf } from "./MessageFixtures.ts"
import type { ContractTests } from "./Suite.ts"

export const messageStoreDeliveryTests: ContractTests<MessageStore> = (it) => {
  it.effect("updateOutbound records the send: status, provider id, error code and time", () =>
    Effect.gen(function*() {
      const store = yield* MessageStore
      const userId = yield* F.userId
      const sent = yield* outbound(userId)
      const refused = yield* outbound(userId)
      yield* store.recordOutbound([sent, refused])
      const at = F.plusMinutes(F.base, 2)
      yield* store.updateOutbound(sent.id, { status: "sent", providerMessageId: "SM-ok", at })
      yield* store.updateOutbound(refused.id, { status: "failed", errorCode: "21610", at })
      const sentNow = yield* statusOf(sent)
      assert.strictEqual(sentNow?.status, "sent")
      assert.strictEqual(sentNow?.providerMessageId, "SM-ok")
      assert.isTrue(DateTime.Equivalence(sentNow!.updatedAt, at))
      assert.isTrue(DateTime.Equivalence(sentNow!.createdAt, sent.createdAt))
      const refusedNow = yield* statusOf(refused)
      assert.strictEqual(refusedNow?.status, "failed")
      assert.strictEqual(refusedNow?.errorCode, "21610")
    }))

  it.effect("updateOutbound never moves a status back", () =>
    Effect.gen(function*() {
      const store = yield* MessageStore
      const { message } = yield* sentMessage(yield* F.userId)
      yield* store.updateOutbound(message.id, { status: "delivered", at: F.plusMinutes(F.base, 3) })
      yield* store.updateOutbound(message.id, { status: "sent", at: F.plusMinutes(F.base, 4) })
      yield* store.updateOutbound(message.id, { status: "pending", at: F.plusMinutes(F.base, 5) })
      assert.strictEqual((yield* statusOf(message))?.status, "delivered")
    }))

  it.effect("updateOutbound of an unknown id changes nothing and succeeds", () =>
    Effect.gen(function*() {
      const store = yield* MessageStore
      yield* store.updateOutbound(yield* F.messageId, { status: "sent", at: F.base })
    }))

  it.effect("updateDelivery finds the text by provider id and returns it updated", () =>
    Effect.gen(function*() {
      const store = yield* MessageStore
      const { message, providerMessageId } = yield* sentMessage(yield* F.userId)
      const at = F.plusMinutes(F.base, 7)
      const updated = yield* store.updateDelivery(providerMessageId, { status: "undelivered", errorCode: "30003", at })
      const value = Option.getOrThrow(updated)
      assert.strictEqual(value.id, message.id)
      assert.strictEqual(value.status, "undelivered")
      assert.strictEqual(value.errorCode, "30003")
      assert.strictEqual(value.providerMessageId, providerMessageId)
      assert.deepStrictEqual(F.plain(OutboundMessage, (yield* statusOf(message))!), F.plain(OutboundMessage, value))
    }))

  it.effect("updateDelivery of an unknown provider id returns None", () =>
    Effect.gen(function*() {
      const store = yield* MessageStore
      const result = yield* store.updateDelivery(`SM-unknown-${yield* F.uuid}`, { status: "delivered", at: F.base })
      assert.isTrue(Option.isNone(result))
    }))

  it.effect("late and repeated delivery callbacks never move a status back", () =>
    Effect.gen(function*() {
      const store = yield* MessageStore
      const { message, providerMessageId } = yield* sentMessage(yield* F.userId)
      const delivered = yield* store.updateDelivery(providerMessageId, {
        status: "delivered",
        at: F.plusMinutes(F.base, 2)
      })
      assert.strictEqual(Option.getOrThrow(delivered).status, "delivered")
      for (const status of ["sent", "delivered", "failed", "pending", "undelivered"] as const) {
        const late = yield* store.updateDelivery(providerMessageId, { status, at: F.plusMinutes(F.base, 3) })
        assert.strictEqual(Option.getOrThrow(late).status, "delivered")
      }
      assert.strictEqual((yield* statusOf(message))?.status, "delivered")
    }))

  it.effect("callbacks in any order end in the status advanceDeliveryStatus gives", () =>
    Effect.gen(function*() {
      const store = yield* MessageStore
      const userId = yield* F.userId
      for (const order of permutations<DeliveryStatus>(["sent", "delivered", "failed", "undelivered"])) {
        const { message, providerMessageId } = yield* sentMessage(userId)
        for (const [i, status] of order.entries()) {
          yield* store.updateDelivery(providerMessageId, { status, at: F.plusMinutes(F.base, 2 + i) })
        }
        const expected = order.reduce(advanceDeliveryStatus, "sent" as DeliveryStatus)
        assert.strictEqual((yield* statusOf(message))?.status, expected, `callbacks ${order.join(" → ")}`)
      }
    }))
}
