/**
 * The queries a turn's reads share between the store they belong to and
 * the one statement that reads them all (`PgConversationSnapshots`), written
 * once so that the two always answer alike.
 */
import type { FactCategory, OutboundKind, Recollection, TurnOutcome, UserId } from "@jules/core"
import { ConversationSummary, MemoryFact, SENT_STATUSES, SENT_TEXT_KINDS_IN_HISTORY } from "@jules/core"
import { DateTime, Option } from "effect"
import type { SqlClient } from "effect/sql/SqlClient"

/** Outbound kinds that can be lines of the conversation (core's `inHistory`, in SQL). */
const HISTORY_KINDS: ReadonlyArray<OutboundKind> = ["reply", ...SENT_TEXT_KINDS_IN_HISTORY]

/** Outcomes where a model was called: what the daily quota counts. */
const REPLIED_OUTCOMES: ReadonlyArray<TurnOutcome> = ["replied", "apology"]

/**
 * The person's last `limit` lines, newest first: `id, role, body_ciphertext,
 * at` and `ord`, their rank from the newest (1). Equal instants: inbound
 * before replies, replies in sequence order, then arrival order. Each side
 * takes its own newest `limit` lines through its index (`inbound_messages_user`,
 * `outbound_messages_user_lines`) before they are merged, so the cost does
 * not grow with the conversation.
 */
export const historyLines = (sql: SqlClient, userId: UserId, limit: number) =>
  sql`
    SELECT id, role, body_ciphertext, at,
      row_number() OVER (ORDER BY at DESC, side DESC, sequence DESC, seq DESC) AS ord
    FROM (
      (SELECT id, 'user' AS role, body_ciphertext, received_at AS at, 0 AS side, 0 AS sequence, seq
        FROM inbound_messages WHERE user_id = ${userId}
        ORDER BY received_at DESC, seq DESC LIMIT ${limit})
      UNION ALL
      (SELECT id, 'assistant', body_ciphertext, created_at, 1, sequence, seq
        FROM outbound_messages WHERE user_id = ${userId} AND kind = ANY(${HISTORY_KINDS})
          AND (kind = 'reply' OR status = ANY(${SENT_STATUSES}))
        ORDER BY created_at DESC, sequence DESC, seq DESC LIMIT ${limit})
    ) lines
    ORDER BY at DESC, side DESC, sequence DESC, seq DESC
    LIMIT ${limit}`

/** One row: `replied_turns` and `upgrade_nudges` since `day`, `recent_turns` since `recent`. */
export const quotaCounts = (
  sql: SqlClient,
  userId: UserId,
  since: { readonly day: DateTime.Utc; readonly recent: DateTime.Utc }
) =>
  sql`SELECT
      count(*) FILTER (WHERE at >= ${DateTime.toDateUtc(since.day)} AND outcome = ANY(${REPLIED_OUTCOMES}))::int
        AS replied_turns,
      count(*) FILTER (WHERE at >= ${DateTime.toDateUtc(since.recent)})::int AS recent_turns,
      (SELECT count(*) FROM outbound_messages
        WHERE user_id = ${userId} AND kind = 'upgrade_nudge' AND created_at >= ${DateTime.toDateUtc(since.day)})::int
        AS upgrade_nudges
    FROM turns WHERE user_id = ${userId} AND at >= ${DateTime.toDateUtc(DateTime.min(since.day, since.recent))}`

/**
 * One row: when each kind of notice last went out (`ai_notice`,
 * `break_reminder`; null when never). Each is the first entry of its kind in
 * `disclosures_user_kind`, so the cost stays the same after years of notices.
 */
export const lastDisclosures = (sql: SqlClient, userId: UserId) => {
  const last = (kind: "ai_notice" | "break_reminder") =>
    sql`SELECT sent_at FROM disclosures WHERE user_id = ${userId} AND kind = ${kind} ORDER BY sent_at DESC LIMIT 1`
  return sql`SELECT (${last("ai_notice")}) AS ai_notice, (${last("break_reminder")}) AS break_reminder`
}

/**
 * The person's memory, one row each: the facts (`memory_part` 0, oldest
 * first) and the summary (`memory_part` 1), as `text_ciphertext, category,
 * covers_until, at`, in the order of `ord`.
 */
export const memoryRows = (sql: SqlClient, userId: UserId) =>
  sql`
    SELECT memory_part, text_ciphertext, category, covers_until, at,
      row_number() OVER (ORDER BY memory_part, at, seq) AS ord
    FROM (
      SELECT 0 AS memory_part, seq, text_ciphertext, category, NULL::timestamptz AS covers_until, at
      FROM memory_facts WHERE user_id = ${userId}
      UNION ALL
      SELECT 1, NULL, text_ciphertext, NULL, covers_until, at
      FROM memory_summaries WHERE user_id = ${userId}
    ) memory`

/** A row of `memoryRows`, its text decrypted. */
export interface MemoryRow {
  readonly memoryPart: number
  readonly text: string
  readonly category: FactCategory | null
  readonly coversUntil: DateTime.Utc | null
  readonly at: DateTime.Utc
}

/** The facts and the summary from `memoryRows`, in their order. */
export const recollectionOf = (userId: UserId, rows: ReadonlyArray<MemoryRow>): Recollection => {
  const facts: Array<MemoryFact> = []
  let summary = Option.none<ConversationSummary>()
  for (const row of rows) {
    if (row.memoryPart === 0 && row.category !== null) {
      facts.push(new MemoryFact({ userId, text: row.text, category: row.category, at: row.at }))
    } else if (row.memoryPart === 1 && row.coversUntil !== null) {
      summary = Option.some(new ConversationSummary({ userId, text: row.text, coversUntil: row.coversUntil, at: row.at }))
    }
  }
  return { facts, summary }
}
