/**
 * What every `MessageStore` must do for the outbox: pending texts in order,
 * retries, requeued dead letters, and texts no turn answered. The due and
 * stranded queries span every person, so each test works in an instant of
 * its own and cleans up what it leaves pending.
 */
import { assert } from "@effect/vitest"
import type { OutboundMessage, UserId } from "@jules/core"
import { ConversationTurn, InboundMessage, MessageStore } from "@jules/core"
import type { Layer } from "effect"
import { DateTime, Effect } from "effect"
import * as F from "./Fixtures.ts"
import { outbound } from "./MessageFixtures.ts"
import type { ContractOptions, ContractTests } from "./Suite.ts"
import { registerContract } from "./Suite.ts"

/** A minute of its own, somewhere in 1971, for the queries that span every person. */
const ownInstant = Effect.map(F.intBetween(0, 500_000), (minute) => F.plusMinutes(F.utc("1971-01-01T00:00:00Z"), minute))

const ids = (messages: ReadonlyArray<OutboundMessage>) => messages.map((m) => m.id)

/** Marks texts sent so a shared database holds no pending rows in the past after the test. */
const settle = (messages: ReadonlyArray<OutboundMessage>) =>
  Effect.flatMap(Effect.service(MessageStore), (store) =>
    Effect.forEach(messages, (m) => store.updateOutbound(m.id, { status: "sent", at: F.base }), { discard: true }))

export const outboxStoreTests: ContractTests<MessageStore> = (it) => {
  it.effect("pendingOutbound lists only the person's pending texts, turn by turn, in sequence", () =>
    Effect.gen(function*() {
      const store = yield* MessageStore
      const userId = yield* F.userId
      const first = yield* F.turnId
      const second = yield* F.turnId
      const later = F.plusMinutes(F.base, 1)
      const texts = [
        yield* outbound(userId, { turnId: second, sequence: 1, at: later }),
        yield* outbound(userId, { turnId: first, sequence: 1 }),
        yield* outbound(userId, { turnId: second, sequence: 0, at: later }),
        yield* outbound(userId, { turnId: first, sequence: 0 }),
        yield* outbound(userId, { turnId: first, sequence: 2, status: "sent" })
      ]
      yield* store.recordOutbound(texts)
      yield* store.recordOutbound([yield* outbound(yield* F.userId)])
      assert.deepStrictEqual(ids(yield* store.pendingOutbound(userId)), [texts[3]!, texts[1]!, texts[2]!, texts[0]!].map((m) => m.id))
      yield* store.updateOutbound(texts[3]!.id, { status: "expired", at: later })
      yield* store.updateOutbound(texts[1]!.id, { status: "sent", at: later })
      assert.deepStrictEqual(ids(yield* store.pendingOutbound(userId)), [texts[2]!.id, texts[0]!.id])
      assert.strictEqual((yield* store.outboundForTurn(first))[0]!.status, "expired")
    }))

  it.effect("postponeOutbound counts the attempt and sets the next one; it never revives a settled text", () =>
    Effect.gen(function*() {
      const store = yield* MessageStore
      const userId = yield* F.userId
      const [waiting, sent] = [yield* outbound(userId), yield* outbound(userId, { sequence: 1 })]
      yield* store.recordOutbound([waiting, sent])
      yield* store.updateOutbound(sent.id, { status: "sent", at: F.base })
      const next = F.plusMinutes(F.base, 5)
      yield* store.postponeOutbound(waiting.id, { attempts: 2, nextAttemptAt: next, errorCode: "503", at: F.base })
      yield* store.postponeOutbound(sent.id, { attempts: 1, nextAttemptAt: next, at: F.base })
      const [pending] = yield* store.pendingOutbound(userId)
      assert.strictEqual(pending!.id, waiting.id)
      assert.strictEqual(pending!.attempts, 2)
      assert.strictEqual(pending!.errorCode, "503")
      assert.isTrue(DateTime.Equivalence(pending!.nextAttemptAt!, next))
      const settled = (yield* store.outboundForTurn(sent.turnId)).find((m) => m.id === sent.id)!
      assert.strictEqual(settled.status, "sent")
    }))

  it.effect("dueOutbound names each person with a text due, once, most overdue first", () =>
    Effect.gen(function*() {
      const store = yield* MessageStore
      const now = yield* ownInstant
      const [early, late, notYet, settled] = [yield* F.userId, yield* F.userId, yield* F.userId, yield* F.userId]
      const texts = [
        yield* outbound(late, { at: F.plusMinutes(now, -3), nextAttemptAt: F.plusMinutes(now, -1) }),
        yield* outbound(early, { at: F.plusMinutes(now, -30), nextAttemptAt: F.plusMinutes(now, -20) }),
        yield* outbound(early, { sequence: 1, at: F.plusMinutes(now, -30), nextAttemptAt: F.plusMinutes(now, -20) }),
        yield* outbound(notYet, { at: F.plusMinutes(now, -3), nextAttemptAt: F.plusMinutes(now, 1) }),
        yield* outbound(settled, { at: F.plusMinutes(now, -3), status: "sent" })
      ]
      yield* store.recordOutbound(texts)
      const due = (yield* store.dueOutbound(now, 100_000)).filter((id) => [early, late, notYet, settled].includes(id))
      assert.deepStrictEqual(due, [early, late])
      const withoutSchedule = yield* outbound(notYet, { at: F.plusMinutes(now, -2) })
      yield* store.recordOutbound([withoutSchedule])
      assert.include(yield* store.dueOutbound(now, 100_000), notYet)
      yield* settle([...texts, withoutSchedule])
      assert.notInclude(yield* store.dueOutbound(now, 100_000), early)
    }))

  it.effect("requeueOutbound puts a failed or expired text back as if new, due at once; anything else stays", () =>
    Effect.gen(function*() {
      const store = yield* MessageStore
      const userId = yield* F.userId
      const [failed, expired, sent] = [yield* outbound(userId), yield* outbound(userId, { sequence: 1 }), yield* outbound(userId, { sequence: 2 })]
      yield* store.recordOutbound([failed, expired, sent])
      yield* store.postponeOutbound(failed.id, { attempts: 3, nextAttemptAt: F.base, at: F.base })
      yield* store.updateOutbound(failed.id, { status: "failed", errorCode: "30003", at: F.base })
      yield* store.updateOutbound(expired.id, { status: "expired", at: F.base })
      yield* store.updateOutbound(sent.id, { status: "sent", at: F.base })
      const at = F.plusMinutes(F.base, 10)
      assert.isTrue(yield* store.requeueOutbound(failed.id, at))
      assert.isTrue(yield* store.requeueOutbound(expired.id, at))
      assert.isFalse(yield* store.requeueOutbound(sent.id, at))
      assert.isFalse(yield* store.requeueOutbound(failed.id, at))
      assert.isFalse(yield* store.requeueOutbound(yield* F.messageId, at))
      const pending = yield* store.pendingOutbound(userId)
      assert.deepStrictEqual(ids(pending), [failed.id, expired.id])
      assert.strictEqual(pending[0]!.attempts ?? 0, 0)
      assert.isTrue(DateTime.Equivalence(pending[0]!.nextAttemptAt!, at))
      assert.isTrue(DateTime.Equivalence(pending[0]!.createdAt, at)) // its age counts from the retry
      yield* settle(pending)
    }))

  it.effect("strandedInbound names people whose texts in the window no turn answered", () =>
    Effect.gen(function*() {
      const store = yield* MessageStore
      const from = F.plusMinutes(yield* ownInstant, 600_000)
      const to = F.plusMinutes(from, 10)
      const [stranded, answered, outside] = [yield* F.userId, yield* F.userId, yield* F.userId]
      const inbound = (userId: UserId, at: DateTime.Utc) =>
        Effect.map(F.messageId, (id) => new InboundMessage({ id, userId, body: "are you there?", receivedAt: at }))
      const lost = yield* inbound(stranded, F.plusMinutes(from, 2))
      const done = yield* inbound(answered, F.plusMinutes(from, 3))
      const before = yield* inbound(outside, F.plusMinutes(from, -1))
      const after = yield* inbound(outside, to)
      yield* Effect.forEach([lost, done, before, after], store.recordInbound, { discard: true })
      yield* store.recordTurn(
        new ConversationTurn({
          id: done.id as string as ConversationTurn["id"],
          userId: answered,
          inboundIds: [done.id],
          outcome: "replied",
          crisisCategory: null,
          crisisSeverity: "none",
          at: F.plusMinutes(from, 4)
        })
      )
      assert.deepStrictEqual(yield* store.strandedInbound(from, to, 100), [stranded])
      assert.deepStrictEqual(yield* store.strandedInbound(from, to, 0), [])
    }))
}

export const outboxStoreContract = (
  name: string,
  storage: Layer.Layer<MessageStore, unknown>,
  options?: ContractOptions
): void => registerContract(`MessageStore outbox contract (${name})`, storage, options, outboxStoreTests)
