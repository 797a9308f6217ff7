/** `DisclosureLog` in memory. */
import type { DisclosureKind, DisclosureRecord, MessageId } from "@jules/core"
import { DisclosureLog } from "@jules/core"
import { DateTime, Effect, Layer, Option, Ref } from "effect"
import { mapDeleteWhere, mapSet, sortByTime } from "../internal/Collections.ts"

export const make: Effect.Effect<DisclosureLog["Service"]> = Effect.gen(function*() {
  const records = yield* Ref.make<ReadonlyMap<MessageId, DisclosureRecord>>(new Map())

  return DisclosureLog.of({
    record: (record) => Ref.update(records, (all) => all.has(record.id) ? all : mapSet(all, record.id, record)),
    lastSent: (userId) =>
      Effect.map(Ref.get(records), (all) => {
        const last = (kind: DisclosureKind) => {
          const sent = [...all.values()].filter((r) => r.userId === userId && r.kind === kind).map((r) => r.sentAt)
          return sent.length === 0 ? Option.none() : Option.some(sent.reduce((a, b) => DateTime.max(a, b)))
        }
        return { ai_notice: last("ai_notice"), break_reminder: last("break_reminder") }
      }),
    list: (userId) =>
      Effect.map(Ref.get(records), (all) => sortByTime([...all.values()].filter((r) => r.userId === userId), (r) => r.sentAt)),
    eraseUser: (userId) => Ref.update(records, (all) => mapDeleteWhere(all, (r) => r.userId === userId))
  })
})

export const layer: Layer.Layer<DisclosureLog> = Layer.effect(DisclosureLog, make)
