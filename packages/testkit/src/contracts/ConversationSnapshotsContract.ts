/**
 * What every `ConversationSnapshots` must do: answer, in one read, exactly
 * what the ports each part comes from answer (`MessageStore.history` and
 * `quotaCounts`, `CrisisEventLog.list`, `MemoryStore.recall`,
 * `DisclosureLog.lastSent`), for the person asked about and no one else.
 */
import { assert } from "@effect/vitest"
import type { ConversationSnapshot, SnapshotRequest, UserId } from "@jules/core"
import {
  ChatLine,
  ConversationSnapshots,
  ConversationSummary,
  CrisisEvent,
  CrisisEventLog,
  DisclosureLog,
  DisclosureRecord,
  MemoryFact,
  MemoryStore,
  MessageStore
} from "@jules/core"
import type { Layer } from "effect"
import { DateTime, Effect, Option } from "effect"
import * as F from "./Fixtures.ts"
import { inbound, outbound, turn } from "./MessageFixtures.ts"
import type { ContractOptions, ContractTests } from "./Suite.ts"
import { registerContract } from "./Suite.ts"

type Stores = ConversationSnapshots | MessageStore | CrisisEventLog | MemoryStore | DisclosureLog

const m = (minutes: number) => F.plusMinutes(F.base, minutes)

/** A person with some of everything a turn reads, spread over two days. */
const personWithAPast = Effect.gen(function*() {
  const messages = yield* MessageStore
  const crises = yield* CrisisEventLog
  const memory = yield* MemoryStore
  const disclosures = yield* DisclosureLog
  const userId = yield* F.userId
  const texts = [
    yield* inbound(userId, "rough week at the bakery", m(-1500)),
    yield* inbound(userId, "my sister is visiting", m(-5)),
    yield* inbound(userId, "we went to the lake", m(0))
  ]
  for (const text of texts) yield* messages.recordInbound(text)
  const replies = [
    yield* outbound(userId, { body: "That sounds like a lot.", at: m(-1499) }),
    yield* outbound(userId, { body: "How long is she staying?", at: m(-4) }),
    yield* outbound(userId, { kind: "upgrade_nudge", body: "You've reached today's limit.", at: m(-3) }),
    // A notice is never a line of the conversation.
    yield* outbound(userId, { kind: "ai_notice", body: "I'm an AI.", at: m(-4), sequence: 1 })
  ]
  yield* messages.recordOutbound(replies)
  for (const [outcome, minutes] of [["replied", -1499], ["replied", -4], ["apology", -2], ["quota_exceeded", -3]] as const) {
    yield* messages.recordTurn(yield* turn(userId, outcome, m(minutes)))
  }
  for (const [minutes, severity] of [[-2000, "imminent"], [-600, "concern"]] as const) {
    yield* crises.record(
      new CrisisEvent({ id: yield* F.turnId, userId, category: "suicide", severity, referred: true, at: m(minutes) })
    )
  }
  yield* memory.addFacts([
    new MemoryFact({ userId, text: "works at a bakery", category: "work", at: m(-1500) }),
    new MemoryFact({ userId, text: "has a sister", category: "people", at: m(-5) })
  ])
  yield* memory.setSummary(new ConversationSummary({ userId, text: "Talked about work.", coversUntil: m(-1499), at: m(-1000) }))
  for (const [kind, minutes] of [["ai_notice", -1499], ["ai_notice", -4], ["break_reminder", -700]] as const) {
    yield* disclosures.record(new DisclosureRecord({ id: yield* F.messageId, userId, kind, sentAt: m(minutes) }))
  }
  return userId
})

/** The same reads, port by port. */
const portByPort = (request: SnapshotRequest) =>
  Effect.gen(function*() {
    const messages = yield* MessageStore
    const crises = yield* CrisisEventLog
    const [latest] = yield* crises.list({ userId: request.userId, limit: 1 })
    return {
      history: yield* messages.history(request.userId, request.historyLines),
      lastCrisisAt: Option.fromUndefinedOr(latest?.at),
      quota: yield* messages.quotaCounts(request.userId, request.quotaSince),
      memory: yield* (yield* MemoryStore).recall(request.userId),
      lastDisclosures: yield* (yield* DisclosureLog).lastSent(request.userId)
    } satisfies ConversationSnapshot
  })

/** The snapshot as JSON sees it, so snapshots from any store compare by content. */
const plainSnapshot = (snapshot: ConversationSnapshot) => ({
  history: F.plainAll(ChatLine, snapshot.history),
  lastCrisisAt: Option.map(snapshot.lastCrisisAt, DateTime.formatIso),
  quota: snapshot.quota,
  facts: F.plainAll(MemoryFact, snapshot.memory.facts),
  summary: Option.map(snapshot.memory.summary, (summary) => F.plain(ConversationSummary, summary)),
  lastDisclosures: {
    ai_notice: Option.map(snapshot.lastDisclosures.ai_notice, DateTime.formatIso),
    break_reminder: Option.map(snapshot.lastDisclosures.break_reminder, DateTime.formatIso)
  }
})

const request = (userId: UserId, historyLines: number, day: number, recent: number): SnapshotRequest => ({
  userId,
  historyLines,
  quotaSince: { day: m(day), recent: m(recent) }
})

export const conversationSnapshotsTests: ContractTests<Stores> = (it) => {
  it.effect("someone with no past: no lines, no crisis, nothing counted, remembered or sent", () =>
    Effect.gen(function*() {
      const snapshot = yield* (yield* ConversationSnapshots).read(request(yield* F.userId, 20, -60, -1))
      assert.deepStrictEqual(plainSnapshot(snapshot), {
        history: [],
        lastCrisisAt: Option.none(),
        quota: { repliedTurns: 0, upgradeNudges: 0, recentTurns: 0 },
        facts: [],
        summary: Option.none(),
        lastDisclosures: { ai_notice: Option.none(), break_reminder: Option.none() }
      })
    }))

  it.effect("every part is what its own port answers, and only about that person", () =>
    Effect.gen(function*() {
      const snapshots = yield* ConversationSnapshots
      const userId = yield* personWithAPast
      // Someone else's past is no part of it.
      yield* personWithAPast
      const full = yield* snapshots.read(request(userId, 20, -60, -3))
      assert.deepStrictEqual(full.history.map((line) => line.text), [
        "rough week at the bakery",
        "That sounds like a lot.",
        "my sister is visiting",
        "How long is she staying?",
        "we went to the lake"
      ])
      // Replied and apology turns count against the day; any turn against the burst window.
      assert.deepStrictEqual(full.quota, { repliedTurns: 2, upgradeNudges: 1, recentTurns: 2 })
      assert.isTrue(Option.isSome(full.lastCrisisAt) && DateTime.Equivalence(full.lastCrisisAt.value, m(-600)))
      assert.deepStrictEqual(full.memory.facts.map((fact) => fact.text), ["works at a bakery", "has a sister"])
      assert.deepStrictEqual(Option.map(full.memory.summary, (summary) => summary.text), Option.some("Talked about work."))
      for (
        const asked of [
          request(userId, 20, -60, -3),
          request(userId, 2, -3000, -10),
          request(userId, 1, 10, 10),
          request(userId, 0, -1499, -1499)
        ]
      ) {
        assert.deepStrictEqual(plainSnapshot(yield* snapshots.read(asked)), plainSnapshot(yield* portByPort(asked)))
      }
    }))
}

export const conversationSnapshotsContract = (
  name: string,
  storage: Layer.Layer<Stores, unknown>,
  options?: ContractOptions
): void => registerContract(`ConversationSnapshots contract (${name})`, storage, options, conversationSnapshotsTests)
