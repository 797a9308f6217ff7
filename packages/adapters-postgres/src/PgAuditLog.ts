/**
 * `AuditLog` on PostgreSQL. Kind, user id and time are in clear so the trail
 * can be filtered; the detail map is encrypted like any other free text.
 * Erasing a user clears their id from their entries and keeps the entries.
 */
import type { AuditKind as AuditKindType, UserId as UserIdType } from "@jules/core"
import { AuditEntry, AuditKind, AuditLog, Crypto, UserId } from "@jules/core"
import { DateTime, Effect, Layer, Schema } from "effect"
import { SqlClient } from "effect/sql/SqlClient"
import { storageOperation } from "./StorageErrors.ts"

const STORE = "AuditLog"

const EntryRow = Schema.Struct({
  id: Schema.String,
  kind: AuditKind,
  user_id: Schema.NullOr(UserId),
  detail_ciphertext: Schema.String,
  at: Schema.DateTimeUtcFromDate
})

const Detail = Schema.fromJsonString(Schema.Record(Schema.String, Schema.String))

const decodeEntries = Schema.decodeUnknownEffect(Schema.Array(EntryRow))
const decodeDetail = Schema.decodeUnknownEffect(Detail)
const encodeDetail = Schema.encodeEffect(Detail)

export const make = Effect.gen(function*() {
  const sql = yield* SqlClient
  const crypto = yield* Crypto

  const append = Effect.fnUntraced(function*(entry: AuditEntry) {
    const detail = yield* Effect.flatMap(encodeDetail(entry.detail), crypto.encrypt)
    yield* sql`INSERT INTO audit_log (id, kind, user_id, detail_ciphertext, at)
      VALUES (${entry.id}, ${entry.kind}, ${entry.userId ?? null}, ${detail}, ${DateTime.toDateUtc(entry.at)})
      ON CONFLICT (id) DO NOTHING`
  })

  const list = (filter: { readonly userId?: UserIdType; readonly kind?: AuditKindType; readonly limit: number }) =>
    filter.limit <= 0 ? Effect.succeed([]) : sql`
      SELECT id, kind, user_id, detail_ciphertext, at FROM audit_log
      WHERE ${
      sql.and([
        ...(filter.userId === undefined ? [] : [sql`user_id = ${filter.userId}`]),
        ...(filter.kind === undefined ? [] : [sql`kind = ${filter.kind}`])
      ])
    }
      ORDER BY at, seq
      LIMIT ${filter.limit}`.pipe(
      Effect.flatMap(decodeEntries),
      Effect.flatMap((rows) =>
        Effect.forEach(rows, (row) =>
          Effect.map(Effect.flatMap(crypto.decrypt(row.detail_ciphertext), decodeDetail), (detail) =>
            new AuditEntry({
              id: row.id,
              kind: row.kind,
              ...(row.user_id === null ? {} : { userId: row.user_id }),
              detail,
              at: row.at
            })))
      )
    )

  return AuditLog.of({
    append: (entry) => append(entry).pipe(storageOperation(STORE, "append")),
    list: (filter) => list(filter).pipe(storageOperation(STORE, "list")),
    eraseUser: (userId) =>
      sql`UPDATE audit_log SET user_id = NULL WHERE user_id = ${userId}`.pipe(
        Effect.asVoid,
        storageOperation(STORE, "eraseUser")
      )
  })
})

/** Needs `SqlClient` and `Crypto`. */
export const layer = Layer.effect(AuditLog, make)
