/**
 * `DeadLetters` on PostgreSQL: ids, kinds, reasons, counts and times, never a
 * body (the text itself stays encrypted in `outbound_messages`).
 */
import type { DeadLetter as DeadLetterType, MessageId, UserId } from "@jules/core"
import {
  DeadLetter,
  DeadLetterReason,
  DeadLetters,
  MessageId as MessageIdSchema,
  OutboundKind,
  TurnId as TurnIdSchema,
  UserId as UserIdSchema
} from "@jules/core"
import { DateTime, Effect, Layer, Option, Schema } from "effect"
import { SqlClient } from "effect/sql/SqlClient"
import { storageOperation } from "./StorageErrors.ts"

const STORE = "DeadLetters"

const LetterRow = Schema.Struct({
  id: MessageIdSchema,
  user_id: UserIdSchema,
  turn_id: TurnIdSchema,
  kind: OutboundKind,
  reason: DeadLetterReason,
  error_code: Schema.NullOr(Schema.String),
  attempts: Schema.Int,
  created_at: Schema.DateTimeUtcFromDate,
  dead_at: Schema.DateTimeUtcFromDate
})

const decodeLetters = Schema.decodeUnknownEffect(Schema.Array(LetterRow))
const COLUMNS = "id, user_id, turn_id, kind, reason, error_code, attempts, created_at, dead_at"

const toLetter = (row: typeof LetterRow.Type) =>
  new DeadLetter({
    id: row.id,
    userId: row.user_id,
    turnId: row.turn_id,
    kind: row.kind,
    reason: row.reason,
    ...(row.error_code === null ? {} : { errorCode: row.error_code }),
    attempts: row.attempts,
    createdAt: row.created_at,
    deadAt: row.dead_at
  })

export const make = Effect.gen(function*() {
  const sql = yield* SqlClient
  const columns = sql.literal(COLUMNS)
  const read = (rows: Effect.Effect<ReadonlyArray<unknown>, unknown>) =>
    Effect.map(Effect.flatMap(rows, decodeLetters), (decoded) => decoded.map(toLetter))

  const record = (letter: DeadLetterType) =>
    sql`INSERT INTO dead_letters (${columns})
      VALUES (${letter.id}, ${letter.userId}, ${letter.turnId}, ${letter.kind}, ${letter.reason},
        ${letter.errorCode ?? null}, ${letter.attempts}, ${DateTime.toDateUtc(letter.createdAt)},
        ${DateTime.toDateUtc(letter.deadAt)})
      ON CONFLICT (id) DO NOTHING`

  const list = (options: { readonly userId?: UserId; readonly limit: number }) =>
    options.limit <= 0 ? Effect.succeed([]) : read(sql`
      SELECT ${columns} FROM dead_letters
      ${options.userId === undefined ? sql`` : sql`WHERE user_id = ${options.userId}`}
      ORDER BY dead_at DESC, seq DESC
      LIMIT ${options.limit}`)

  const remove = (id: MessageId) =>
    Effect.map(read(sql`DELETE FROM dead_letters WHERE id = ${id} RETURNING ${columns}`), (rows) =>
      Option.fromUndefinedOr(rows[0]))

  return DeadLetters.of({
    record: (letter) => record(letter).pipe(Effect.asVoid, storageOperation(STORE, "record")),
    list: (options) => list(options).pipe(storageOperation(STORE, "list")),
    remove: (id) => remove(id).pipe(storageOperation(STORE, "remove")),
    eraseUser: (userId) =>
      sql`DELETE FROM dead_letters WHERE user_id = ${userId}`.pipe(Effect.asVoid, storageOperation(STORE, "eraseUser"))
  })
})

/** Needs `SqlClient`. */
export const layer = Layer.effect(DeadLetters, make)
