/** What every `MessageStore` must do, whatever keeps the conversation. */
import { assert } from "@effect/vitest"
import type { UserId } from "@jules/core"
import { ChatLine, ConversationTurn, InboundMessage, MessageStore, OutboundMessage } from "@jules/core"
import type { Layer } from "effect"
import { Effect, Option } from "effect"
import * as F from "./Fixtures.ts"
import { inbound, outbound, sentMessage, turn } from "./MessageFixtures.ts"
import { messageStoreDeliveryTests } from "./MessageStoreDeliveryContract.ts"
import { messageStoreHistoryTests } from "./MessageStoreHistoryContract.ts"
import type { ContractOptions, ContractTests } from "./Suite.ts"
import { registerContract } from "./Suite.ts"

export const messageStoreTests: ContractTests<MessageStore> = (it) => {
  it.effect("recordInbound keeps every field, and recording the same id again changes nothing", () =>
    Effect.gen(function*() {
      const store = yield* MessageStore
      const userId = yield* F.userId
      const withProviderId = yield* inbound(userId, "hey, it's me again 👋", F.base, "SM123")
      const withoutProviderId = yield* inbound(userId, "second", F.plusMinutes(F.base, 1))
      assert.isTrue(yield* store.recordInbound(withProviderId))
      assert.isTrue(yield* store.recordInbound(withoutProviderId))
      assert.isFalse(yield* store.recordInbound(new InboundMessage({ ...withProviderId, body: "changed" })))
      for (const message of [withProviderId, withoutProviderId]) {
        const found = yield* store.findInbound(message.id)
        assert.deepStrictEqual(F.plain(InboundMessage, Option.getOrThrow(found)), F.plain(InboundMessage, message))
      }
      assert.strictEqual((yield* store.exportUser(userId)).inbound.length, 2)
    }))

  it.effect("findInbound of an unknown id finds nothing", () =>
    Effect.gen(function*() {
      const store = yield* MessageStore
      assert.isTrue(Option.isNone(yield* store.findInbound(yield* F.messageId)))
    }))

  it.effect("recordOutbound keeps every field; outboundForTurn lists a turn's texts in sequence order", () =>
    Effect.gen(function*() {
      const store = yield* MessageStore
      const userId = yield* F.userId
      const turnId = yield* F.turnId
      const texts = [
        yield* outbound(userId, { turnId, sequence: 2, kind: "ai_notice", body: "I'm an AI, not a person." }),
        yield* outbound(userId, { turnId, sequence: 0, kind: "reply", body: "Ça va ? Je suis là." }),
        yield* outbound(userId, { turnId, sequence: 1, kind: "crisis_resources", body: "Call or text 988." })
      ]
      yield* store.recordOutbound(texts)
      yield* store.recordOutbound([yield* outbound(userId)]) // another turn
      const listed = yield* store.outboundForTurn(turnId)
      assert.deepStrictEqual(listed.map((m) => m.sequence), [0, 1, 2])
      assert.deepStrictEqual(
        F.plainAll(OutboundMessage, listed),
        F.plainAll(OutboundMessage, [texts[1]!, texts[2]!, texts[0]!])
      )
      assert.deepStrictEqual(yield* store.outboundForTurn(yield* F.turnId), [])
    }))

  it.effect("recordOutbound leaves texts already recorded alone", () =>
    Effect.gen(function*() {
      const store = yield* MessageStore
      const userId = yield* F.userId
      const first = yield* outbound(userId)
      yield* store.recordOutbound([first])
      yield* store.updateOutbound(first.id, { status: "sent", providerMessageId: "SM-first", at: F.base })
      // A redelivered turn plans the same text again.
      yield* store.recordOutbound([new OutboundMessage({ ...first, body: "a different draft" })])
      const listed = yield* store.outboundForTurn(first.turnId)
      assert.strictEqual(listed.length, 1)
      assert.strictEqual(listed[0]!.body, first.body)
      assert.strictEqual(listed[0]!.status, "sent")
      assert.strictEqual(listed[0]!.providerMessageId, "SM-first")
    }))

  it.effect("countOutboundSince counts one user's texts of one kind planned since the instant", () =>
    Effect.gen(function*() {
      const store = yield* MessageStore
      const userId = yield* F.userId
      const other = yield* F.userId
      const since = F.base
      yield* store.recordOutbound([
        yield* outbound(userId, { kind: "upgrade_nudge", at: F.plusMinutes(since, -60) }),
        yield* outbound(userId, { kind: "upgrade_nudge", at: F.plusMinutes(since, 1) }),
        yield* outbound(userId, { kind: "upgrade_nudge", at: F.plusMinutes(since, 600) }),
        yield* outbound(userId, { kind: "reply", at: F.plusMinutes(since, 2) }),
        yield* outbound(other, { kind: "upgrade_nudge", at: F.plusMinutes(since, 3) })
      ])
      assert.strictEqual(yield* store.countOutboundSince(userId, "upgrade_nudge", since), 2)
      assert.strictEqual(yield* store.countOutboundSince(userId, "upgrade_nudge", F.plusMinutes(since, -120)), 3)
      assert.strictEqual(yield* store.countOutboundSince(userId, "reply", since), 1)
      assert.strictEqual(yield* store.countOutboundSince(userId, "ai_notice", F.plusMinutes(since, -120)), 0)
      // the quota reads the day's nudges with its turn counts, even on a day without turns
      assert.deepStrictEqual(yield* store.quotaCounts(userId, { day: since, recent: since }), {
        repliedTurns: 0,
        upgradeNudges: 2,
        recentTurns: 0
      })
    }))

  it.effect("history is the last lines of inbound texts and replies, oldest first", () =>
    Effect.gen(function*() {
      const store = yield* MessageStore
      const userId = yield* F.userId
      const other = yield* F.userId
      const m = (minutes: number) => F.plusMinutes(F.base, minutes)
      const in1 = yield* inbound(userId, "hi", m(0))
      const notice = yield* outbound(userId, { kind: "ai_notice", body: "I'm an AI.", at: m(1) })
      const out1 = yield* outbound(userId, { kind: "reply", body: "Hello! How are you?", at: m(1) })
      const in2 = yield* inbound(userId, "tired", m(2))
      const resources = yield* outbound(userId, { kind: "crisis_resources", body: "988", at: m(3) })
      const out2 = yield* outbound(userId, { kind: "reply", body: "Long day?", at: m(3) })
      const in3 = yield* inbound(userId, "yes", m(4))
      // Recorded out of order: history sorts by time, not by insertion.
      for (const message of [in3, in1, in2]) yield* store.recordInbound(message)
      yield* store.recordOutbound([out2, notice, resources, out1])
      yield* store.recordInbound(yield* inbound(other, "not theirs", m(2)))
      const expected = [
        new ChatLine({ messageId: in1.id, role: "user", text: "hi", at: m(0) }),
        new ChatLine({ messageId: out1.id, role: "assistant", text: "Hello! How are you?", at: m(1) }),
        new ChatLine({ messageId: in2.id, role: "user", text: "tired", at: m(2) }),
        new ChatLine({ messageId: out2.id, role: "assistant", text: "Long day?", at: m(3) }),
        new ChatLine({ messageId: in3.id, role: "user", text: "yes", at: m(4) })
      ]
      assert.deepStrictEqual(F.plainAll(ChatLine, yield* store.history(userId, 10)), F.plainAll(ChatLine, expected))
      assert.deepStrictEqual(
        F.plainAll(ChatLine, yield* store.history(userId, 3)),
        F.plainAll(ChatLine, expected.slice(2))
      )
      assert.deepStrictEqual(yield* store.history(yield* F.userId, 10), [])
    }))

  it.effect("unansweredInbound lists the texts no turn answered yet, oldest first", () =>
    Effect.gen(function*() {
      const store = yield* MessageStore
      const userId = yield* F.userId
      const m = (minutes: number) => F.plusMinutes(F.base, minutes)
      const first = yield* inbound(userId, "hi", m(0))
      const second = yield* inbound(userId, "are you there?", m(1))
      const third = yield* inbound(userId, "hello??", m(2))
      // Recorded out of order: the list follows the time received.
      for (const message of [third, first, second]) yield* store.recordInbound(message)
      yield* store.recordInbound(yield* inbound(yield* F.userId, "someone else", m(1)))
      const ids = (messages: ReadonlyArray<InboundMessage>) => messages.map((message) => message.id)

      assert.deepStrictEqual(ids(yield* store.unansweredInbound(userId, m(-60))), [first.id, second.id, third.id])
      const listed = yield* store.unansweredInbound(userId, m(-60))
      assert.deepStrictEqual(F.plain(InboundMessage, listed[1]!), F.plain(InboundMessage, second))

      yield* store.recordTurn(new ConversationTurn({ ...(yield* turn(userId, "replied", m(1))), inboundIds: [first.id] }))
      assert.deepStrictEqual(ids(yield* store.unansweredInbound(userId, m(-60))), [second.id, third.id])
      // One turn answering a burst answers each of its texts.
      yield* store.recordTurn(
        new ConversationTurn({ ...(yield* turn(userId, "replied", m(3))), inboundIds: [second.id, third.id] })
      )
      assert.deepStrictEqual(yield* store.unansweredInbound(userId, m(-60)), [])
      assert.deepStrictEqual(yield* store.unansweredInbound(yield* F.userId, m(-60)), [])
    }))

  it.effect("unansweredInbound looks only at texts received since the instant", () =>
    Effect.gen(function*() {
      const store = yield* MessageStore
      const userId = yield* F.userId
      const m = (minutes: number) => F.plusMinutes(F.base, minutes)
      const old = yield* inbound(userId, "from last week", m(-7 * 24 * 60))
      const recent = yield* inbound(userId, "from just now", m(0))
      yield* store.recordInbound(old)
      yield* store.recordInbound(recent)
      const since = m(-24 * 60)
      assert.deepStrictEqual((yield* store.unansweredInbound(userId, since)).map((x) => x.id), [recent.id])
      assert.deepStrictEqual((yield* store.unansweredInbound(userId, m(0))).map((x) => x.id), [recent.id])
      assert.deepStrictEqual(yield* store.unansweredInbound(userId, m(1)), [])
    }))

  it.effect("unansweredInbound keeps texts received at the same instant in the order they were recorded", () =>
    Effect.gen(function*() {
      const store = yield* MessageStore
      const userId = yield* F.userId
      const burst = [
        yield* inbound(userId, "one", F.base),
        yield* inbound(userId, "two", F.base),
        yield* inbound(userId, "three", F.base)
      ]
      for (const message of burst) yield* store.recordInbound(message)
      assert.deepStrictEqual(
        (yield* store.unansweredInbound(userId, F.plusMinutes(F.base, -1))).map((x) => x.body),
        ["one", "two", "three"]
      )
    }))

  it.effect("recordTurn records the turn's texts with it; a replay changes neither", () =>
    Effect.gen(function*() {
      const store = yield* MessageStore
      const userId = yield* F.userId
      const replied = yield* turn(userId, "replied", F.base)
      const texts = [
        yield* outbound(userId, { turnId: replied.id, sequence: 0, kind: "ai_notice", body: "I'm an AI, not a person." }),
        yield* outbound(userId, { turnId: replied.id, sequence: 1, kind: "reply", body: "Good morning to you too." })
      ]
      yield* store.recordTurn(replied, texts)
      yield* store.recordTurn(
        new ConversationTurn({ ...replied, outcome: "apology" }),
        texts.map((text) => new OutboundMessage({ ...text, body: "a different draft" }))
      )
      assert.deepStrictEqual(
        F.plain(ConversationTurn, Option.getOrThrow(yield* store.findTurn(replied.id))),
        F.plain(ConversationTurn, replied)
      )
      assert.deepStrictEqual(F.plainAll(OutboundMessage, yield* store.outboundForTurn(replied.id)), F.plainAll(OutboundMessage, texts))
      assert.deepStrictEqual((yield* store.pendingOutbound(userId)).map((m) => m.body), texts.map((m) => m.body))
    }))

  it.effect("recordTurn answers with the person's pending texts, earlier turns' first, and a replay with the same", () =>
    Effect.gen(function*() {
      const store = yield* MessageStore
      const userId = yield* F.userId
      const earlier = yield* turn(userId, "replied", F.base)
      const [sent, waiting] = [
        yield* outbound(userId, { turnId: earlier.id, sequence: 0, body: "Sent already." }),
        yield* outbound(userId, { turnId: earlier.id, sequence: 1, body: "Waiting since the outage." })
      ]
      yield* store.recordTurn(earlier, [sent, waiting])
      yield* store.updateOutbound(sent.id, { status: "sent", providerMessageId: "SM-sent", at: F.base })
      const someoneElse = yield* F.userId
      yield* store.recordTurn(yield* turn(someoneElse, "replied", F.base), [yield* outbound(someoneElse)])

      const later = yield* turn(userId, "replied", F.plusMinutes(F.base, 5))
      const texts = [
        yield* outbound(userId, { turnId: later.id, sequence: 1, body: "How did it go?", at: F.plusMinutes(F.base, 5) }),
        yield* outbound(userId, { turnId: later.id, sequence: 0, kind: "ai_notice", body: "I'm an AI.", at: F.plusMinutes(F.base, 5) })
      ]
      const pending = yield* store.recordTurn(later, texts)
      const expected = F.plainAll(OutboundMessage, [waiting, texts[1]!, texts[0]!])
      assert.deepStrictEqual(F.plainAll(OutboundMessage, pending), expected)
      assert.deepStrictEqual(F.plainAll(OutboundMessage, yield* store.pendingOutbound(userId)), expected)
      const replayed = yield* store.recordTurn(later, texts.map((text) => new OutboundMessage({ ...text, body: "redrafted" })))
      assert.deepStrictEqual(F.plainAll(OutboundMessage, replayed), expected)
      // A turn that sends nothing still answers with what waits.
      assert.deepStrictEqual(
        F.plainAll(OutboundMessage, yield* store.recordTurn(yield* turn(userId, "rate_limited", F.plusMinutes(F.base, 6)))),
        expected
      )
    }))

  it.effect("recordTurn keeps every field and is idempotent on the turn id", () =>
    Effect.gen(function*() {
      const store = yield* MessageStore
      const userId = yield* F.userId
      const id = yield* F.turnId
      const inboundIds = [yield* F.messageId, yield* F.messageId]
      const replied = new ConversationTurn({
        id,
        userId,
        inboundIds,
        outcome: "replied",
        crisisCategory: "self_harm",
        crisisSeverity: "concern",
        provider: "anthropic",
        at: F.base
      })
      yield* store.recordTurn(replied)
      yield* store.recordTurn(new ConversationTurn({ ...replied, outcome: "apology", at: F.plusMinutes(F.base, 1) }))
      const found = Option.getOrThrow(yield* store.findTurn(id))
      assert.deepStrictEqual(F.plain(ConversationTurn, found), F.plain(ConversationTurn, replied))
      const plain = yield* turn(userId, "opted_out", F.base)
      yield* store.recordTurn(plain)
      assert.deepStrictEqual(
        F.plain(ConversationTurn, Option.getOrThrow(yield* store.findTurn(plain.id))),
        F.plain(ConversationTurn, plain)
      )
      assert.strictEqual((yield* store.exportUser(userId)).turns.length, 2)
      assert.isTrue(Option.isNone(yield* store.findTurn(yield* F.turnId)))
    }))

  it.effect("quotaCounts: turns that called the model since the day began, nudges that day, turns of any outcome lately", () =>
    Effect.gen(function*() {
      const store = yield* MessageStore
      const userId = yield* F.userId
      const since = F.base
      const turns = [
        yield* turn(userId, "replied", F.plusMinutes(since, -1)),
        yield* turn(userId, "replied", F.plusMinutes(since, 1)),
        yield* turn(userId, "apology", F.plusMinutes(since, 2)),
        yield* turn(userId, "crisis_referral", F.plusMinutes(since, 3)),
        yield* turn(userId, "quota_exceeded", F.plusMinutes(since, 4)),
        yield* turn(userId, "opted_out", F.plusMinutes(since, 5)),
        yield* turn(yield* F.userId, "replied", F.plusMinutes(since, 6))
      ]
      for (const t of turns) yield* store.recordTurn(t)
      yield* store.recordTurn(turns[1]!) // a replay counts once
      const counts = (day: number, recent: number) =>
        store.quotaCounts(userId, { day: F.plusMinutes(since, day), recent: F.plusMinutes(since, recent) })
      assert.deepStrictEqual(yield* counts(0, 0), { repliedTurns: 2, upgradeNudges: 0, recentTurns: 5 })
      assert.deepStrictEqual(yield* counts(-10, 3), { repliedTurns: 3, upgradeNudges: 0, recentTurns: 3 })
      assert.deepStrictEqual(yield* counts(10, -10), { repliedTurns: 0, upgradeNudges: 0, recentTurns: 6 })
    }))

  it.effect("exportUser returns everything recorded for the user and nothing of others", () =>
    Effect.gen(function*() {
      const store = yield* MessageStore
      const userId = yield* F.userId
      const other = yield* F.userId
      const mine = {
        inbound: [yield* inbound(userId, "one", F.base), yield* inbound(userId, "two", F.plusMinutes(F.base, 2))],
        outbound: [
          yield* outbound(userId, { at: F.plusMinutes(F.base, 1) }),
          yield* outbound(userId, { kind: "ai_notice", at: F.plusMinutes(F.base, 3) })
        ],
        turns: [yield* turn(userId, "replied", F.base), yield* turn(userId, "help", F.plusMinutes(F.base, 2))]
      }
      for (const message of mine.inbound) yield* store.recordInbound(message)
      yield* store.recordOutbound(mine.outbound)
      for (const t of mine.turns) yield* store.recordTurn(t)
      yield* store.recordInbound(yield* inbound(other, "theirs", F.base))
      yield* store.recordOutbound([yield* outbound(other)])
      yield* store.recordTurn(yield* turn(other, "replied", F.base))

      const exported = yield* store.exportUser(userId)
      const byId = <A extends { readonly id: string }>(items: ReadonlyArray<A>) =>
        [...items].sort((a, b) => a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
      assert.deepStrictEqual(
        F.plainAll(InboundMessage, byId(exported.inbound)),
        F.plainAll(InboundMessage, byId(mine.inbound))
      )
      assert.deepStrictEqual(
        F.plainAll(OutboundMessage, byId(exported.outbound)),
        F.plainAll(OutboundMessage, byId(mine.outbound))
      )
      assert.deepStrictEqual(
        F.plainAll(ConversationTurn, byId(exported.turns)),
        F.plainAll(ConversationTurn, byId(mine.turns))
      )
    }))

  it.effect("eraseUser leaves nothing of the user readable and other users untouched", () =>
    Effect.gen(function*() {
      const store = yield* MessageStore
      const userId = yield* F.userId
      const other = yield* F.userId
      const record = (user: UserId) =>
        Effect.gen(function*() {
          const message = yield* inbound(user, "remember me", F.base)
          yield* store.recordInbound(message)
          const sent = yield* sentMessage(user)
          const t = yield* turn(user, "replied", F.base)
          yield* store.recordTurn(t)
          return { message, sent, turn: t }
        })
      const erased = yield* record(userId)
      const kept = yield* record(other)
      yield* store.eraseUser(userId)

      assert.isTrue(Option.isNone(yield* store.findInbound(erased.message.id)))
      assert.deepStrictEqual(yield* store.outboundForTurn(erased.sent.message.turnId), [])
      assert.isTrue(Option.isNone(yield* store.findTurn(erased.turn.id)))
      assert.isTrue(
        Option.isNone(yield* store.updateDelivery(erased.sent.providerMessageId, { status: "delivered", at: F.base }))
      )
      assert.deepStrictEqual(yield* store.history(userId, 100), [])
      assert.deepStrictEqual(yield* store.unansweredInbound(userId, F.plusMinutes(F.base, -60)), [])
      const since = F.plusMinutes(F.base, -60)
      assert.deepStrictEqual(yield* store.quotaCounts(userId, { day: since, recent: since }), {
        repliedTurns: 0,
        upgradeNudges: 0,
        recentTurns: 0
      })
      assert.strictEqual(yield* store.countOutboundSince(userId, "reply", F.plusMinutes(F.base, -60)), 0)
      assert.deepStrictEqual(yield* store.exportUser(userId), { inbound: [], outbound: [], turns: [] })

      assert.isTrue(Option.isSome(yield* store.findInbound(kept.message.id)))
      assert.strictEqual((yield* store.outboundForTurn(kept.sent.message.turnId)).length, 1)
      assert.isTrue(Option.isSome(yield* store.findTurn(kept.turn.id)))
      assert.strictEqual((yield* store.history(other, 100)).length, 2)
    }))

  messageStoreDeliveryTests(it)
  messageStoreHistoryTests(it)
}

export const messageStoreContract = (
  name: string,
  storage: Layer.Layer<MessageStore, unknown>,
  options?: ContractOptions
): void => registerContract(`MessageStore contract (${name})`, storage, options, messageStoreTests)
