/**
 * What every `MessageStore` must do for the conversation the model sees
 * (`history`): besides texts and replies, the fixed texts the person read.
 */
import { assert } from "@effect/vitest"
import { MessageStore } from "@jules/core"
import { Effect } from "effect"
import * as F from "./Fixtures.ts"
import { inbound, outbound } from "./MessageFixtures.ts"
import type { ContractTests } from "./Suite.ts"

export const messageStoreHistoryTests: ContractTests<MessageStore> = (it) => {
  it.effect("history has the fixed texts the person read as Jules's lines, once sent, and never the notices", () =>
    Effect.gen(function*() {
      const store = yield* MessageStore
      const userId = yield* F.userId
      const m = (minutes: number) => F.plusMinutes(F.base, minutes)
      const in1 = yield* inbound(userId, "the worst text", m(0))
      const referral = yield* outbound(userId, { kind: "crisis_resources", body: "Call or text 988.", at: m(1) })
      const notice = yield* outbound(userId, { kind: "ai_notice", body: "I'm an AI.", at: m(1), sequence: 1 })
      const in2 = yield* inbound(userId, "HELP", m(2))
      const help = yield* outbound(userId, { kind: "help", body: "Support: help@example.com", at: m(3) })
      const in3 = yield* inbound(userId, "ok", m(4))
      const apology = yield* outbound(userId, { kind: "apology", body: "Sorry, try again.", at: m(5) })
      for (const message of [in1, in2, in3]) yield* store.recordInbound(message)
      yield* store.recordOutbound([referral, notice, help, apology])
      for (const message of [referral, notice]) {
        yield* store.updateOutbound(message.id, { status: "sent", providerMessageId: `SM-${message.id}`, at: m(1) })
      }
      yield* store.updateOutbound(help.id, { status: "sent", providerMessageId: `SM-${help.id}`, at: m(3) })
      yield* store.updateDelivery(`SM-${help.id}`, { status: "delivered", at: m(3) })
      // The apology never went out: the person did not read it.
      yield* store.updateOutbound(apology.id, { status: "failed", errorCode: "30003", at: m(5) })

      const lines = yield* store.history(userId, 10)
      assert.deepStrictEqual(lines.map((line) => [line.role, line.text]), [
        ["user", "the worst text"],
        ["assistant", "Call or text 988."],
        ["user", "HELP"],
        ["assistant", "Support: help@example.com"],
        ["user", "ok"]
      ])
      assert.deepStrictEqual(lines.map((line) => line.messageId), [in1.id, referral.id, in2.id, help.id, in3.id])
    }))
}
