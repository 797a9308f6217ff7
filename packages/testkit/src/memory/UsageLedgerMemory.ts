/** `UsageLedger` in memory: one record per model call, and the per-user, per-UTC-day report. */
import type { UsageRecord, UsageRecordId } from "@jules/core"
import { isReplyPurpose, TokenUsage, UsageCost, UsageLedger, UsageSummary } from "@jules/core"
import { DateTime, Effect, Layer, Ref } from "effect"
import { isAtOrAfter, mapDeleteWhere, mapSet, sortByTime } from "../internal/Collections.ts"

const addUsage = (a: TokenUsage, b: TokenUsage) =>
  new TokenUsage({
    inputTokens: a.inputTokens + b.inputTokens,
    outputTokens: a.outputTokens + b.outputTokens,
    cacheReadTokens: a.cacheReadTokens + b.cacheReadTokens,
    cacheWriteTokens: a.cacheWriteTokens + b.cacheWriteTokens
  })

export const make: Effect.Effect<UsageLedger["Service"]> = Effect.gen(function*() {
  const records = yield* Ref.make<ReadonlyMap<UsageRecordId, UsageRecord>>(new Map())

  return UsageLedger.of({
    record: (record) => Ref.update(records, (all) => all.has(record.id) ? all : mapSet(all, record.id, record)),
    list: (userId) =>
      Effect.map(Ref.get(records), (all) => sortByTime([...all.values()].filter((r) => r.userId === userId), (r) => r.at)),
    report: ({ from, to, userId }) =>
      Effect.map(Ref.get(records), (all) => {
        const rows = new Map<string, UsageSummary>()
        for (const r of all.values()) {
          if (userId !== undefined && r.userId !== userId) continue
          if (!isAtOrAfter(r.at, from) || isAtOrAfter(r.at, to)) continue
          const day = DateTime.formatIsoDateUtc(r.at)
          const key = `${day} ${r.userId}`
          const row = rows.get(key)
          rows.set(
            key,
            new UsageSummary({
              userId: r.userId,
              day,
              turns: (row?.turns ?? 0) + (isReplyPurpose(r.purpose) ? 1 : 0),
              usage: addUsage(row?.usage ?? TokenUsage.zero, r.usage),
              costMicros: (row?.costMicros ?? 0) + r.costMicros
            })
          )
        }
        return [...rows.values()].sort((a, b) =>
          a.day < b.day ? -1 : a.day > b.day ? 1 : a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : 0
        )
      }),
    costs: ({ from, to }) =>
      Effect.map(Ref.get(records), (all) => {
        const rows = new Map<string, UsageCost>()
        for (const r of all.values()) {
          if (!isAtOrAfter(r.at, from) || isAtOrAfter(r.at, to)) continue
          const day = DateTime.formatIsoDateUtc(r.at)
          const key = JSON.stringify([day, r.provider, r.model])
          const row = rows.get(key)
          rows.set(
            key,
            new UsageCost({
              day,
              provider: r.provider,
              model: r.model,
              calls: (row?.calls ?? 0) + 1,
              turns: (row?.turns ?? 0) + (isReplyPurpose(r.purpose) ? 1 : 0),
              usage: addUsage(row?.usage ?? TokenUsage.zero, r.usage),
              costMicros: (row?.costMicros ?? 0) + r.costMicros
            })
          )
        }
        const order = (row: UsageCost) => [row.day, row.provider, row.model]
        return [...rows.values()].sort((a, b) => {
          const [x, y] = [order(a), order(b)]
          for (let i = 0; i < 3; i++) if (x[i] !== y[i]) return x[i]! < y[i]! ? -1 : 1
          return 0
        })
      }),
    eraseUser: (userId) => Ref.update(records, (all) => mapDeleteWhere(all, (r) => r.userId === userId))
  })
})

export const layer: Layer.Layer<UsageLedger> = Layer.effect(UsageLedger, make)
