/**
 * `TurnRecords` on PostgreSQL: one statement instead of three. Its CTEs are
 * the reply's usage (`PgUsageLedger`'s insert) and the turn's own record
 * (`PgMessageStore`'s: the turn, the marks on the texts it answered, its
 * texts); it then reads the person and their pending texts. Every CTE runs
 * whether or not it is read, and the read of the person sees the row as the
 * statement began: after the model wrote, just before the send.
 *
 * One row for each pending text, the person's columns (`person_*`) on each;
 * one row with no text when none is pending, so the person is always there.
 * The lazy re-encryption of an old number is left to `UserStore.findById`,
 * which the turn called when it began.
 */
import type { TurnRecord } from "@jules/core"
import { TurnRecords } from "@jules/core"
import { Effect, Layer, Option, Schema } from "effect"
import { SqlClient } from "effect/sql/SqlClient"
import { makeTurnStatements } from "./PgMessageStore.ts"
import { insertUsage } from "./PgUsageLedger.ts"
import { makeUserReading, USER_COLUMNS, UserRow } from "./PgUserStore.ts"
import { storageOperation } from "./StorageErrors.ts"

const STORE = "TurnRecords"

const USER_COLUMN_NAMES = USER_COLUMNS.split(", ")
const PERSON_COLUMNS = USER_COLUMN_NAMES.map((column) => `${column} AS person_${column}`).join(", ")

/** The person's columns of a row, `person_` taken off; `None` when the person is gone. */
const personRow = (row: Record<string, unknown>): Option.Option<Record<string, unknown>> =>
  row["person_id"] === null || row["person_id"] === undefined
    ? Option.none()
    : Option.some(Object.fromEntries(USER_COLUMN_NAMES.map((column) => [column, row[`person_${column}`]])))

const decodePerson = Schema.decodeUnknownEffect(UserRow)

export const make = Effect.gen(function*() {
  const sql = yield* SqlClient
  const { readOutbound, recordTurnParts } = yield* makeTurnStatements
  const toUser = yield* makeUserReading
  const personColumns = sql.literal(PERSON_COLUMNS)

  const record = Effect.fnUntraced(function*({ texts, turn, usage }: TurnRecord) {
    const parts = yield* recordTurnParts(turn, texts)
    const usageWrite = usage === undefined ? sql`` : sql`usage AS (${insertUsage(sql, usage)}), `
    const rows: ReadonlyArray<Record<string, unknown>> = yield* sql`WITH ${usageWrite}${parts.writes}
      SELECT person.*, pending.* FROM (SELECT 1) AS one
      LEFT JOIN (SELECT ${personColumns} FROM users WHERE id = ${turn.userId}) AS person ON true
      LEFT JOIN (${parts.pending}) AS pending ON true
      ORDER BY pending.created_at, pending.sequence, pending.seq`
    const pending = yield* readOutbound(Effect.succeed(rows.filter((row) => row["id"] !== null)))
    const found = Option.flatMap(Option.fromUndefinedOr(rows[0]), personRow)
    const person = Option.isNone(found)
      ? Option.none()
      : Option.some(yield* Effect.flatMap(decodePerson(found.value), toUser))
    return { pending, person }
  })

  return TurnRecords.of({ record: (request) => record(request).pipe(storageOperation(STORE, "record")) })
})

/** Needs `SqlClient` and `Crypto`. */
export const layer = Layer.effect(TurnRecords, make)
