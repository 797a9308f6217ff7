/**
 * `EventClaims` on PostgreSQL: one row per `(source, id)`. The claim is a single
 * `INSERT … ON CONFLICT DO NOTHING RETURNING`, so of any number of racing
 * callers exactly one sees its row come back.
 */
import { EventClaims } from "@jules/core"
import { Effect, Layer } from "effect"
import { SqlClient } from "effect/sql/SqlClient"
import { storageOperation } from "./StorageErrors.ts"

export const make = Effect.gen(function*() {
  const sql = yield* SqlClient

  return EventClaims.of({
    claim: (source, id) =>
      sql`INSERT INTO event_claims (source, id) VALUES (${source}, ${id})
        ON CONFLICT (source, id) DO NOTHING RETURNING 1 AS claimed`.pipe(
        Effect.map((rows) => rows.length > 0),
        storageOperation("EventClaims", "claim")
      ),
    release: (source, id) =>
      sql`DELETE FROM event_claims WHERE source = ${source} AND id = ${id}`.pipe(
        Effect.asVoid,
        storageOperation("EventClaims", "release")
      )
  })
})

/** Needs `SqlClient`. */
export const layer = Layer.effect(EventClaims, make)
