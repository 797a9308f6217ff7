/**
 * Re-encrypts every stored value that is not under the primary key, and
 * re-indexes phone numbers under it, and the key check value with them. After
 * a run, keys older than the primary can be removed from `JULES_ENCRYPTION_KEYS`
 * (and a start with only an older key is refused).
 *
 * Safe while the server runs against PostgreSQL: each row is rewritten with a
 * conditional `UPDATE` (only if it still holds the ciphertext read), so a
 * concurrent write, which uses the primary key anyway, wins. An embedded
 * PGlite directory is used by one process at a time: stop the server first.
 */
import type { StorageError } from "@jules/core"
import { Crypto } from "@jules/core"
import { Effect, Schema } from "effect"
import { SqlClient } from "effect/sql/SqlClient"
import { storageOperation } from "./StorageErrors.ts"

export interface ColumnReport {
  readonly table: string
  readonly column: string
  /** Rows read. */
  readonly scanned: number
  /** Rows rewritten under the primary key. */
  readonly rewritten: number
  /** Rows left alone because another row already holds the same phone's index. */
  readonly skipped: number
}

export interface RotationReport {
  readonly primaryKeyId: string
  readonly columns: ReadonlyArray<ColumnReport>
}

/** Encrypted columns besides the phone number, with the key that finds their row. */
const ENCRYPTED_COLUMNS = [
  { table: "inbound_messages", key: "id", column: "body_ciphertext" },
  { table: "outbound_messages", key: "id", column: "body_ciphertext" },
  { table: "memory_facts", key: "seq", column: "text_ciphertext" },
  { table: "memory_summaries", key: "user_id", column: "text_ciphertext" },
  { table: "audit_log", key: "id", column: "detail_ciphertext" },
  // The key check value (`KeyCheck`) moves to the primary key with the data it guards.
  { table: "jules_key_check", key: "id", column: "check_ciphertext" }
] as const

const BATCH = 500

const Row = Schema.Struct({ key: Schema.String, ciphertext: Schema.String })
const UserRow = Schema.Struct({ key: Schema.String, ciphertext: Schema.String, phone_index: Schema.String })
const decodeRows = Schema.decodeUnknownEffect(Schema.Array(Row))
const decodeUserRows = Schema.decodeUnknownEffect(Schema.Array(UserRow))

const rotateColumn = (target: (typeof ENCRYPTED_COLUMNS)[number]) =>
  Effect.gen(function*() {
    const sql = yield* SqlClient
    const crypto = yield* Crypto
    const [table, key, column] = [sql(target.table), sql(target.key), sql(target.column)]
    let scanned = 0
    let rewritten = 0
    let after: string | undefined
    while (true) {
      const rows = yield* decodeRows(
        yield* sql`SELECT ${key}::text AS key, ${column} AS ciphertext FROM ${table}
          ${after === undefined ? sql`` : sql`WHERE ${key} > ${after}`}
          ORDER BY ${key} LIMIT ${BATCH}`
      )
      for (const row of rows) {
        scanned++
        if (crypto.keyIdOf(row.ciphertext) === crypto.primaryKeyId) continue
        const fresh = yield* Effect.flatMap(crypto.decrypt(row.ciphertext), crypto.encrypt)
        const updated = yield* sql`UPDATE ${table} SET ${column} = ${fresh}
          WHERE ${key} = ${row.key} AND ${column} = ${row.ciphertext} RETURNING 1 AS done`
        rewritten += updated.length
      }
      if (rows.length < BATCH) break
      after = rows[rows.length - 1]!.key
    }
    return { table: target.table, column: target.column, scanned, rewritten, skipped: 0 } satisfies ColumnReport
  }).pipe(storageOperation("KeyRotation", target.table))

const rotateUsers = Effect.gen(function*() {
  const sql = yield* SqlClient
  const crypto = yield* Crypto
  let scanned = 0
  let rewritten = 0
  let skipped = 0
  let after: string | undefined
  while (true) {
    const rows = yield* decodeUserRows(
      yield* sql`SELECT id AS key, phone_ciphertext AS ciphertext, phone_index FROM users
        ${after === undefined ? sql`` : sql`WHERE id > ${after}`}
        ORDER BY id LIMIT ${BATCH}`
    )
    for (const row of rows) {
      scanned++
      const phone = yield* crypto.decrypt(row.ciphertext)
      const index = yield* crypto.blindIndex(phone)
      if (crypto.keyIdOf(row.ciphertext) === crypto.primaryKeyId && index === row.phone_index) continue
      const fresh = yield* crypto.encrypt(phone)
      const updated = yield* sql`UPDATE users
        SET phone_ciphertext = ${fresh}, phone_index = ${index}, updated_at = now()
        WHERE id = ${row.key} AND phone_ciphertext = ${row.ciphertext} AND phone_index = ${row.phone_index}
        RETURNING 1 AS done`.pipe(
        // Two rows for one number (made by servers on different primaries at once) cannot share an index.
        Effect.catchIf((error) => error.reason._tag === "UniqueViolation", () => Effect.succeed(undefined))
      )
      if (updated === undefined) skipped++
      else rewritten += updated.length
    }
    if (rows.length < BATCH) break
    after = rows[rows.length - 1]!.key
  }
  return { table: "users", column: "phone_ciphertext", scanned, rewritten, skipped } satisfies ColumnReport
}).pipe(storageOperation("KeyRotation", "users"))

/** Rotates every encrypted column to the primary key; returns what it did per column. */
export const rotateAll: Effect.Effect<RotationReport, StorageError, SqlClient | Crypto> = Effect.gen(function*() {
  const crypto = yield* Crypto
  const users = yield* rotateUsers
  const others = yield* Effect.forEach(ENCRYPTED_COLUMNS, rotateColumn)
  return { primaryKeyId: crypto.primaryKeyId, columns: [users, ...others] }
}).pipe(Effect.withSpan("KeyRotation.rotateAll"))
