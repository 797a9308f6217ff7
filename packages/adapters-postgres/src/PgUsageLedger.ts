/**
 * `UsageLedger` on PostgreSQL: one row per model call; the report sums per user and
 * UTC day in SQL, ordered by day then user id in code-point order (`COLLATE
 * "C"`), whatever the database's collation.
 */
import type { UserId as UserIdType } from "@jules/core"
import {
  TokenUsage,
  UsageCost,
  UsageLedger,
  UsagePurpose,
  UsageRecord,
  UsageRecordId,
  UsageSummary,
  UserId
} from "@jules/core"
import { DateTime, Effect, Layer, Schema } from "effect"
import { SqlClient } from "effect/sql/SqlClient"
import { storageOperation } from "./StorageErrors.ts"

const STORE = "UsageLedger"

const Tokens = {
  input_tokens: Schema.Int,
  output_tokens: Schema.Int,
  cache_read_tokens: Schema.Int,
  cache_write_tokens: Schema.Int,
  cost_micros: Schema.Int
}

const RecordRow = Schema.Struct({
  id: UsageRecordId,
  user_id: UserId,
  purpose: UsagePurpose,
  provider: Schema.String,
  model: Schema.String,
  ...Tokens,
  at: Schema.DateTimeUtcFromDate
})

const SummaryRow = Schema.Struct({
  user_id: UserId,
  day: Schema.String,
  turns: Schema.Int,
  ...Tokens
})

const CostRow = Schema.Struct({
  day: Schema.String,
  provider: Schema.String,
  model: Schema.String,
  calls: Schema.Int,
  turns: Schema.Int,
  ...Tokens
})

const decodeRecords = Schema.decodeUnknownEffect(Schema.Array(RecordRow))
const decodeCosts = Schema.decodeUnknownEffect(Schema.Array(CostRow))
const decodeSummaries = Schema.decodeUnknownEffect(Schema.Array(SummaryRow))

const usageOf = (row: { readonly [K in keyof typeof Tokens]: number }) =>
  new TokenUsage({
    inputTokens: row.input_tokens,
    outputTokens: row.output_tokens,
    cacheReadTokens: row.cache_read_tokens,
    cacheWriteTokens: row.cache_write_tokens
  })

/** The statement that records a usage record once (a replay inserts nothing); shared with `PgTurnRecords`. */
export const insertUsage = (sql: SqlClient, record: UsageRecord) =>
  sql`INSERT INTO usage_records (id, user_id, purpose, provider, model, input_tokens, output_tokens, cache_read_tokens,
      cache_write_tokens, cost_micros, at)
    VALUES (${record.id}, ${record.userId}, ${record.purpose}, ${record.provider}, ${record.model}, ${record.usage.inputTokens},
      ${record.usage.outputTokens}, ${record.usage.cacheReadTokens}, ${record.usage.cacheWriteTokens},
      ${record.costMicros}, ${DateTime.toDateUtc(record.at)})
    ON CONFLICT (id) DO NOTHING`

export const make = Effect.gen(function*() {
  const sql = yield* SqlClient

  const report = (options: { readonly from: DateTime.Utc; readonly to: DateTime.Utc; readonly userId?: UserIdType }) =>
    sql`
      SELECT user_id, to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day, count(*) FILTER (WHERE purpose IN ('reply', 'safety_reply'))::int AS turns,
        sum(input_tokens)::float8 AS input_tokens, sum(output_tokens)::float8 AS output_tokens,
        sum(cache_read_tokens)::float8 AS cache_read_tokens, sum(cache_write_tokens)::float8 AS cache_write_tokens,
        sum(cost_micros)::float8 AS cost_micros
      FROM usage_records
      WHERE at >= ${DateTime.toDateUtc(options.from)} AND at < ${DateTime.toDateUtc(options.to)}
        ${options.userId === undefined ? sql`` : sql`AND user_id = ${options.userId}`}
      GROUP BY 1, 2
      ORDER BY day, user_id COLLATE "C"`.pipe(
      Effect.flatMap(decodeSummaries),
      Effect.map((rows) =>
        rows.map((row) =>
          new UsageSummary({
            userId: row.user_id,
            day: row.day,
            turns: row.turns,
            usage: usageOf(row),
            costMicros: row.cost_micros
          })
        )
      )
    )

  const costs = (options: { readonly from: DateTime.Utc; readonly to: DateTime.Utc }) =>
    sql`
      SELECT to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day, provider, model, count(*)::int AS calls,
        count(*) FILTER (WHERE purpose IN ('reply', 'safety_reply'))::int AS turns,
        sum(input_tokens)::float8 AS input_tokens, sum(output_tokens)::float8 AS output_tokens,
        sum(cache_read_tokens)::float8 AS cache_read_tokens, sum(cache_write_tokens)::float8 AS cache_write_tokens,
        sum(cost_micros)::float8 AS cost_micros
      FROM usage_records
      WHERE at >= ${DateTime.toDateUtc(options.from)} AND at < ${DateTime.toDateUtc(options.to)}
      GROUP BY 1, 2, 3
      ORDER BY day, provider COLLATE "C", model COLLATE "C"`.pipe(
      Effect.flatMap(decodeCosts),
      Effect.map((rows) =>
        rows.map((row) =>
          new UsageCost({
            day: row.day,
            provider: row.provider,
            model: row.model,
            calls: row.calls,
            turns: row.turns,
            usage: usageOf(row),
            costMicros: row.cost_micros
          })
        )
      )
    )

  return UsageLedger.of({
    record: (record) => insertUsage(sql, record).pipe(Effect.asVoid, storageOperation(STORE, "record")),
    list: (userId) =>
      sql`SELECT id, user_id, purpose, provider, model, input_tokens, output_tokens, cache_read_tokens, cache_write_tokens,
          cost_micros::float8 AS cost_micros, at
        FROM usage_records WHERE user_id = ${userId} ORDER BY at, seq`.pipe(
        Effect.flatMap(decodeRecords),
        Effect.map((rows) =>
          rows.map((row) =>
            new UsageRecord({
              id: row.id,
              userId: row.user_id,
              purpose: row.purpose,
              provider: row.provider,
              model: row.model,
              usage: usageOf(row),
              costMicros: row.cost_micros,
              at: row.at
            })
          )
        ),
        storageOperation(STORE, "list")
      ),
    report: (options) => report(options).pipe(storageOperation(STORE, "report")),
    costs: (options) => costs(options).pipe(storageOperation(STORE, "costs")),
    eraseUser: (userId) =>
      sql`DELETE FROM usage_records WHERE user_id = ${userId}`.pipe(Effect.asVoid, storageOperation(STORE, "eraseUser"))
  })
})

/** Needs `SqlClient`. */
export const layer = Layer.effect(UsageLedger, make)
