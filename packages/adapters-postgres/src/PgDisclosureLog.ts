/** `DisclosureLog` on PostgreSQL: every AI notice and break reminder sent. */
import { DisclosureKind, DisclosureLog, DisclosureRecord, MessageId, UserId } from "@jules/core"
import { DateTime, Effect, Layer, Option, Schema } from "effect"
import { SqlClient } from "effect/sql/SqlClient"
import { lastDisclosures } from "./ConversationQueries.ts"
import { storageOperation } from "./StorageErrors.ts"

const STORE = "DisclosureLog"

const RecordRow = Schema.Struct({
  id: MessageId,
  user_id: UserId,
  kind: DisclosureKind,
  sent_at: Schema.DateTimeUtcFromDate
})

const decodeRecords = Schema.decodeUnknownEffect(Schema.Array(RecordRow))
const decodeLast = Schema.decodeUnknownEffect(
  Schema.Array(Schema.Struct({
    ai_notice: Schema.NullOr(Schema.DateTimeUtcFromDate),
    break_reminder: Schema.NullOr(Schema.DateTimeUtcFromDate)
  }))
)

export const make = Effect.gen(function*() {
  const sql = yield* SqlClient

  return DisclosureLog.of({
    record: (record) =>
      sql`INSERT INTO disclosures (id, user_id, kind, sent_at)
        VALUES (${record.id}, ${record.userId}, ${record.kind}, ${DateTime.toDateUtc(record.sentAt)})
        ON CONFLICT (id) DO NOTHING`.pipe(Effect.asVoid, storageOperation(STORE, "record")),
    lastSent: (userId) =>
      lastDisclosures(sql, userId).pipe(
        Effect.flatMap(decodeLast),
        Effect.map((rows) => ({
          ai_notice: Option.fromNullishOr(rows[0]?.ai_notice),
          break_reminder: Option.fromNullishOr(rows[0]?.break_reminder)
        })),
        storageOperation(STORE, "lastSent")
      ),
    list: (userId) =>
      sql`SELECT id, user_id, kind, sent_at FROM disclosures WHERE user_id = ${userId} ORDER BY sent_at, seq`.pipe(
        Effect.flatMap(decodeRecords),
        Effect.map((rows) =>
          rows.map((row) =>
            new DisclosureRecord({ id: row.id, userId: row.user_id, kind: row.kind, sentAt: row.sent_at })
          )
        ),
        storageOperation(STORE, "list")
      ),
    eraseUser: (userId) =>
      sql`DELETE FROM disclosures WHERE user_id = ${userId}`.pipe(Effect.asVoid, storageOperation(STORE, "eraseUser"))
  })
})

/** Needs `SqlClient`. */
export const layer = Layer.effect(DisclosureLog, make)
