/**
 * `CrisisEventLog` on PostgreSQL. Events hold ids, categories and times only,
 * never the text that raised them. Referrals are counted when sent, per UTC
 * year of the send, in `referral_counts`, a table without any personal data
 * that erasure leaves alone (California SB 243 §22603 annual report).
 */
import type { CrisisEvent as CrisisEventType, TurnId, UserId } from "@jules/core"
import {
  CrisisCategory,
  CrisisEvent,
  CrisisEventLog,
  TurnId as TurnIdSchema,
  UserId as UserIdSchema
} from "@jules/core"
import { DateTime, Effect, Layer, Schema } from "effect"
import { SqlClient } from "effect/sql/SqlClient"
import { storageOperation } from "./StorageErrors.ts"

const STORE = "CrisisEventLog"

const EventRow = Schema.Struct({
  id: TurnIdSchema,
  user_id: UserIdSchema,
  category: CrisisCategory,
  severity: Schema.Literals(["concern", "imminent"]),
  referred: Schema.Boolean,
  at: Schema.DateTimeUtcFromDate,
  referral_sent_at: Schema.NullOr(Schema.DateTimeUtcFromDate)
})

const decodeEvents = Schema.decodeUnknownEffect(Schema.Array(EventRow))
const decodeCount = Schema.decodeUnknownEffect(Schema.Array(Schema.Struct({ count: Schema.Int })))

export const make = Effect.gen(function*() {
  const sql = yield* SqlClient

  const record = (event: CrisisEventType) =>
    Effect.map(
      sql`
        INSERT INTO crisis_events (id, user_id, category, severity, referred, at)
        VALUES (${event.id}, ${event.userId}, ${event.category}, ${event.severity}, ${event.referred},
          ${DateTime.toDateUtc(event.at)})
        ON CONFLICT (id) DO NOTHING
        RETURNING id`,
      (inserted) => inserted.length > 0
    )

  // A generator made once, not per call: core README, "Generators made once".
  const markReferralSent = Effect.fnUntraced(function*(id: TurnId, at: DateTime.Utc) {
    const marked = yield* sql`
      UPDATE crisis_events SET referral_sent_at = ${DateTime.toDateUtc(at)}
      WHERE id = ${id} AND referred AND referral_sent_at IS NULL
      RETURNING id`
    if (marked.length === 0) return false
    yield* sql`INSERT INTO referral_counts (year, count) VALUES (${DateTime.getPartUtc(at, "year")}, 1)
      ON CONFLICT (year) DO UPDATE SET count = referral_counts.count + 1`
    return true
  })
  const referralSent = (id: TurnId, at: DateTime.Utc) => sql.withTransaction(markReferralSent(id, at))

  const list = (options: {
    readonly userId?: UserId
    readonly from?: DateTime.Utc
    readonly to?: DateTime.Utc
    readonly limit: number
  }) =>
    options.limit <= 0 ? Effect.succeed([]) : sql`
      SELECT id, user_id, category, severity, referred, at, referral_sent_at FROM crisis_events
      WHERE ${
      sql.and([
        ...(options.userId === undefined ? [] : [sql`user_id = ${options.userId}`]),
        ...(options.from === undefined ? [] : [sql`at >= ${DateTime.toDateUtc(options.from)}`]),
        ...(options.to === undefined ? [] : [sql`at < ${DateTime.toDateUtc(options.to)}`])
      ])
    }
      ORDER BY at DESC, seq DESC
      LIMIT ${options.limit}`.pipe(
      Effect.flatMap(decodeEvents),
      Effect.map((rows) =>
        rows.map((row) =>
          new CrisisEvent({
            id: row.id,
            userId: row.user_id,
            category: row.category,
            severity: row.severity,
            referred: row.referred,
            at: row.at,
            ...(row.referral_sent_at === null ? {} : { referralSentAt: row.referral_sent_at })
          })
        )
      )
    )

  return CrisisEventLog.of({
    record: (event) => record(event).pipe(storageOperation(STORE, "record")),
    referralSent: (id, at) => referralSent(id, at).pipe(storageOperation(STORE, "referralSent")),
    list: (options) => list(options).pipe(storageOperation(STORE, "list")),
    referralCount: (year) =>
      sql`SELECT count::int AS count FROM referral_counts WHERE year = ${year}`.pipe(
        Effect.flatMap(decodeCount),
        Effect.map((rows) => rows[0]?.count ?? 0),
        storageOperation(STORE, "referralCount")
      ),
    eraseUser: (userId) =>
      sql`DELETE FROM crisis_events WHERE user_id = ${userId}`.pipe(
        Effect.asVoid,
        storageOperation(STORE, "eraseUser")
      )
  })
})

/** Needs `SqlClient`. */
export const layer = Layer.effect(CrisisEventLog, make)
