/**
 * `ConversationSnapshots` on PostgreSQL: what a turn reads before it decides,
 * in one statement instead of five. Each part is a branch of one `UNION ALL`
 * with a common row shape, told apart by `part`:
 *
 *   0 the conversation's lines (newest first by `ord`), 1 the newest crisis
 *   event, 2 the quota counts, 3 memory (facts, then the summary), 4 when
 *   each notice last went out.
 *
 * Every part but the crisis event is the stores' own query
 * (`ConversationQueries`); texts are decrypted here as the stores do.
 */
import type { ConversationSnapshot, SnapshotRequest } from "@jules/core"
import { ChatLine, ConversationSnapshots, Crypto, FactCategory, MessageId } from "@jules/core"
import { Effect, Layer, Option, Schema } from "effect"
import { SqlClient } from "effect/sql/SqlClient"
import { historyLines, lastDisclosures, memoryRows, quotaCounts, recollectionOf } from "./ConversationQueries.ts"
import { storageOperation } from "./StorageErrors.ts"

const STORE = "ConversationSnapshots"

const PartRow = Schema.Struct({
  part: Schema.Int,
  id: Schema.NullOr(MessageId),
  role: Schema.NullOr(Schema.Literals(["user", "assistant"])),
  ciphertext: Schema.NullOr(Schema.String),
  category: Schema.NullOr(FactCategory),
  n1: Schema.NullOr(Schema.Int),
  n2: Schema.NullOr(Schema.Int),
  n3: Schema.NullOr(Schema.Int),
  at: Schema.NullOr(Schema.DateTimeUtcFromDate),
  at2: Schema.NullOr(Schema.DateTimeUtcFromDate)
})
type PartRow = typeof PartRow.Type

const decodeParts = Schema.decodeUnknownEffect(Schema.Array(PartRow))

export const make = Effect.gen(function*() {
  const sql = yield* SqlClient
  const crypto = yield* Crypto

  const statement = ({ historyLines: limit, quotaSince, userId }: SnapshotRequest) =>
    sql`
      SELECT part, id, role, ciphertext, category, n1, n2, n3, at, at2 FROM (
        SELECT 0 AS part, ord, id, role, body_ciphertext AS ciphertext, NULL::text AS category,
          NULL::int AS n1, NULL::int AS n2, NULL::int AS n3, at, NULL::timestamptz AS at2
        FROM (${historyLines(sql, userId, Math.max(0, limit))}) lines
        UNION ALL
        (SELECT 1, 0, NULL, NULL, NULL, NULL, NULL, NULL, NULL, at, NULL
          FROM crisis_events WHERE user_id = ${userId} ORDER BY at DESC, seq DESC LIMIT 1)
        UNION ALL
        SELECT 2, 0, NULL, NULL, NULL, NULL, replied_turns, upgrade_nudges, recent_turns, NULL, NULL
        FROM (${quotaCounts(sql, userId, quotaSince)}) counts
        UNION ALL
        SELECT 3, ord, NULL, NULL, text_ciphertext, category, memory_part, NULL, NULL, at, covers_until
        FROM (${memoryRows(sql, userId)}) memory
        UNION ALL
        SELECT 4, 0, NULL, NULL, NULL, NULL, NULL, NULL, NULL, ai_notice, break_reminder
        FROM (${lastDisclosures(sql, userId)}) notices
      ) parts
      ORDER BY part, ord`

  const decrypt = (row: PartRow) => crypto.decrypt(row.ciphertext ?? "")

  const read = Effect.fnUntraced(function*(request: SnapshotRequest) {
    const rows = yield* Effect.flatMap(statement(request), decodeParts)
    const of = (part: number) => rows.filter((row) => row.part === part)
    const counts = of(2)[0]
    const notices = of(4)[0]
    const history = yield* Effect.forEach(of(0), (row) =>
      Effect.map(decrypt(row), (text) => new ChatLine({ messageId: row.id!, role: row.role!, text, at: row.at! })))
    const memory = yield* Effect.forEach(of(3), (row) =>
      Effect.map(decrypt(row), (text) => ({
        memoryPart: row.n1!,
        text,
        category: row.category,
        coversUntil: row.at2,
        at: row.at!
      })))
    return {
      history: history.reverse(),
      lastCrisisAt: Option.fromNullishOr(of(1)[0]?.at),
      quota: { repliedTurns: counts?.n1 ?? 0, upgradeNudges: counts?.n2 ?? 0, recentTurns: counts?.n3 ?? 0 },
      memory: recollectionOf(request.userId, memory),
      lastDisclosures: { ai_notice: Option.fromNullishOr(notices?.at), break_reminder: Option.fromNullishOr(notices?.at2) }
    } satisfies ConversationSnapshot
  })

  return ConversationSnapshots.of({ read: (request) => read(request).pipe(storageOperation(STORE, "read")) })
})

/** Needs `SqlClient` and `Crypto`. */
export const layer = Layer.effect(ConversationSnapshots, make)
