/** `AuditLog` in memory: append-only; erasing a user only removes their id from entries. */
import { AuditEntry, AuditLog } from "@jules/core"
import { Effect, Layer, Ref } from "effect"
import { mapSet, sortByTime } from "../internal/Collections.ts"

export const make: Effect.Effect<AuditLog["Service"]> = Effect.gen(function*() {
  const entries = yield* Ref.make<ReadonlyMap<string, AuditEntry>>(new Map())

  return AuditLog.of({
    append: (entry) => Ref.update(entries, (all) => all.has(entry.id) ? all : mapSet(all, entry.id, entry)),
    list: ({ kind, limit, userId }) =>
      Effect.map(Ref.get(entries), (all) =>
        sortByTime(
          [...all.values()].filter((e) =>
            (userId === undefined || e.userId === userId) && (kind === undefined || e.kind === kind)
          ),
          (e) => e.at
        ).slice(0, Math.max(0, limit))),
    eraseUser: (userId) =>
      Ref.update(entries, (all) =>
        new Map(
          [...all].map(([id, e]) =>
            [id, e.userId === userId ? new AuditEntry({ id: e.id, kind: e.kind, detail: e.detail, at: e.at }) : e]
          )
        ))
  })
})

export const layer: Layer.Layer<AuditLog> = Layer.effect(AuditLog, make)
