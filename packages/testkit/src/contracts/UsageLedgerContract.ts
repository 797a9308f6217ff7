/**
 * What every `UsageLedger` must do. Reports without a user filter read every
 * user, so those tests use a random far-future window no other test writes to.
 */
import { assert } from "@effect/vitest"
import type { UsagePurpose, UserId } from "@jules/core"
import { TokenUsage, UsageCost, UsageLedger, UsageRecord, usageRecordId, UsageSummary } from "@jules/core"
import type { Layer } from "effect"
import { DateTime, Effect } from "effect"
import * as F from "./Fixtures.ts"
import type { ContractOptions, ContractTests } from "./Suite.ts"
import { registerContract } from "./Suite.ts"

const usage = (inputTokens: number, outputTokens: number, cacheReadTokens = 0, cacheWriteTokens = 0) =>
  new TokenUsage({ inputTokens, outputTokens, cacheReadTokens, cacheWriteTokens })

const record = (
  userId: UserId,
  at: DateTime.Utc,
  tokens: TokenUsage,
  costMicros: number,
  provider = "anthropic",
  purpose: UsagePurpose = "reply"
) =>
  Effect.map(F.turnId, (turnId) =>
    new UsageRecord({
      id: usageRecordId(turnId, purpose),
      userId,
      purpose,
      provider,
      model: `${provider}-model`,
      usage: tokens,
      costMicros,
      at
    }))

/** Midnight UTC of a random day in 2200–2999. */
const farDay = Effect.map(F.intBetween(0, 800 * 365), (days) =>
  DateTime.makeUnsafe(DateTime.toEpochMillis(F.utc("2200-01-01T00:00:00.000Z")) + days * 86_400_000))

const day = (midnight: DateTime.Utc, days: number, time = "00:00:00.000") =>
  F.utc(`${DateTime.formatIsoDateUtc(DateTime.makeUnsafe(DateTime.toEpochMillis(midnight) + days * 86_400_000))}T${time}Z`)

const byId = (records: ReadonlyArray<UsageRecord>) => [...records].sort((a, b) => a.id < b.id ? -1 : 1)

export const usageLedgerTests: ContractTests<UsageLedger> = (it) => {
  it.effect("record keeps every field and is idempotent on the record id", () =>
    Effect.gen(function*() {
      const ledger = yield* UsageLedger
      const userId = yield* F.userId
      const first = yield* record(userId, F.base, usage(1200, 80, 4000, 300), 5_125)
      const second = yield* record(userId, F.plusMinutes(F.base, 5), usage(90, 40), 870, "openai", "safety_reply")
      for (const r of [first, second, first]) yield* ledger.record(r)
      yield* ledger.record(new UsageRecord({ ...first, costMicros: 1, usage: usage(1, 1) }))
      assert.deepStrictEqual(
        F.plainAll(UsageRecord, byId(yield* ledger.list(userId))),
        F.plainAll(UsageRecord, byId([first, second]))
      )
      assert.deepStrictEqual(yield* ledger.list(yield* F.userId), [])
    }))

  it.effect("report totals per user and UTC day within [from, to), ordered by day then user", () =>
    Effect.gen(function*() {
      const ledger = yield* UsageLedger
      const midnight = yield* farDay
      const [a, b] = [yield* F.userId, yield* F.userId].sort() as [UserId, UserId]
      const records = [
        yield* record(a, day(midnight, -1, "23:59:59.999"), usage(1, 1), 1), // before from
        yield* record(b, day(midnight, 0, "00:00:00.000"), usage(100, 10, 5, 1), 110),
        yield* record(a, day(midnight, 0, "09:00:00.000"), usage(200, 20, 50, 0), 200),
        yield* record(a, day(midnight, 0, "23:59:59.999"), usage(300, 30, 0, 7), 300),
        yield* record(a, day(midnight, 1, "00:00:00.000"), usage(400, 40), 400),
        yield* record(b, day(midnight, 1, "12:00:00.000"), usage(500, 50), 500),
        yield* record(b, day(midnight, 2, "00:00:00.000"), usage(9, 9), 9) // at `to`: excluded
      ]
      for (const r of records) yield* ledger.record(r)
      const from = day(midnight, 0)
      const to = day(midnight, 2)
      const d0 = DateTime.formatIsoDateUtc(from)
      const d1 = DateTime.formatIsoDateUtc(day(midnight, 1))
      const expected = [
        new UsageSummary({ userId: a, day: d0, turns: 2, usage: usage(500, 50, 50, 7), costMicros: 500 }),
        new UsageSummary({ userId: b, day: d0, turns: 1, usage: usage(100, 10, 5, 1), costMicros: 110 }),
        new UsageSummary({ userId: a, day: d1, turns: 1, usage: usage(400, 40), costMicros: 400 }),
        new UsageSummary({ userId: b, day: d1, turns: 1, usage: usage(500, 50), costMicros: 500 })
      ]
      assert.deepStrictEqual(F.plainAll(UsageSummary, yield* ledger.report({ from, to })), F.plainAll(UsageSummary, expected))
      assert.deepStrictEqual(
        F.plainAll(UsageSummary, yield* ledger.report({ from, to, userId: b })),
        F.plainAll(UsageSummary, [expected[1]!, expected[3]!])
      )
      assert.deepStrictEqual(yield* ledger.report({ from: to, to: day(midnight, 2, "00:00:00.001"), userId: a }), [])
    }))

  it.effect("a turn's reply and its background calls are separate records; only replies count as turns", () =>
    Effect.gen(function*() {
      const ledger = yield* UsageLedger
      const midnight = yield* farDay
      const userId = yield* F.userId
      const turnId = yield* F.turnId
      const at = day(midnight, 0, "08:00:00.000")
      const call = (purpose: UsagePurpose, tokens: TokenUsage, costMicros: number) =>
        new UsageRecord({
          id: usageRecordId(turnId, purpose),
          userId,
          purpose,
          provider: "anthropic",
          model: "anthropic-model",
          usage: tokens,
          costMicros,
          at
        })
      const reply = call("reply", usage(100, 20, 1000, 0), 900)
      const summary = call("summary", usage(300, 80), 120)
      for (const r of [reply, summary, summary, reply]) yield* ledger.record(r)
      assert.deepStrictEqual(
        F.plainAll(UsageRecord, byId(yield* ledger.list(userId))),
        F.plainAll(UsageRecord, byId([reply, summary]))
      )
      assert.deepStrictEqual(
        F.plainAll(UsageSummary, yield* ledger.report({ from: day(midnight, 0), to: day(midnight, 1), userId })),
        F.plainAll(UsageSummary, [
          new UsageSummary({ userId, day: DateTime.formatIsoDateUtc(at), turns: 1, usage: usage(400, 100, 1000, 0), costMicros: 1020 })
        ])
      )
    }))

  it.effect("costs total per UTC day, provider and model within [from, to), every user together", () =>
    Effect.gen(function*() {
      const ledger = yield* UsageLedger
      const midnight = yield* farDay
      const [a, b] = [yield* F.userId, yield* F.userId]
      const records = [
        yield* record(a, day(midnight, -1, "23:59:59.999"), usage(1, 1), 1), // before from
        yield* record(a, day(midnight, 0, "01:00:00.000"), usage(100, 10, 5, 1), 110),
        yield* record(b, day(midnight, 0, "02:00:00.000"), usage(200, 20), 220, "anthropic", "summary"),
        yield* record(b, day(midnight, 0, "03:00:00.000"), usage(50, 5), 30, "openai", "safety_reply"),
        yield* record(a, day(midnight, 1, "23:59:59.999"), usage(7, 7), 70, "openai"),
        yield* record(b, day(midnight, 2, "00:00:00.000"), usage(9, 9), 9) // at `to`: excluded
      ]
      for (const r of records) yield* ledger.record(r)
      const [d0, d1] = [DateTime.formatIsoDateUtc(day(midnight, 0)), DateTime.formatIsoDateUtc(day(midnight, 1))]
      assert.deepStrictEqual(
        F.plainAll(UsageCost, yield* ledger.costs({ from: day(midnight, 0), to: day(midnight, 2) })),
        F.plainAll(UsageCost, [
          new UsageCost({
            day: d0,
            provider: "anthropic",
            model: "anthropic-model",
            calls: 2,
            turns: 1,
            usage: usage(300, 30, 5, 1),
            costMicros: 330
          }),
          new UsageCost({ day: d0, provider: "openai", model: "openai-model", calls: 1, turns: 1, usage: usage(50, 5), costMicros: 30 }),
          new UsageCost({ day: d1, provider: "openai", model: "openai-model", calls: 1, turns: 1, usage: usage(7, 7), costMicros: 70 })
        ])
      )
      assert.deepStrictEqual(yield* ledger.costs({ from: day(midnight, 3), to: day(midnight, 4) }), [])
    }))

  it.effect("eraseUser removes the user's records from the list and the report", () =>
    Effect.gen(function*() {
      const ledger = yield* UsageLedger
      const midnight = yield* farDay
      const userId = yield* F.userId
      const other = yield* F.userId
      yield* ledger.record(yield* record(userId, day(midnight, 0, "10:00:00.000"), usage(10, 10), 10))
      yield* ledger.record(yield* record(other, day(midnight, 0, "11:00:00.000"), usage(20, 20), 20))
      yield* ledger.eraseUser(userId)
      assert.deepStrictEqual(yield* ledger.list(userId), [])
      const report = yield* ledger.report({ from: day(midnight, 0), to: day(midnight, 1) })
      assert.deepStrictEqual(report.map((row) => row.userId), [other])
      assert.strictEqual((yield* ledger.list(other)).length, 1)
    }))
}

export const usageLedgerContract = (
  name: string,
  storage: Layer.Layer<UsageLedger, unknown>,
  options?: ContractOptions
): void => registerContract(`UsageLedger contract (${name})`, storage, options, usageLedgerTests)
