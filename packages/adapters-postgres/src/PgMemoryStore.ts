/**
 * `MemoryStore` on PostgreSQL. Facts and summaries are encrypted, so
 * "already remembered" (case-insensitive) and "this exact text" are decided
 * here after decrypting one user's facts; no index over the text exists that
 * could tell two users' facts apart or alike. A per-user advisory lock makes
 * concurrent `addFacts` for one user add each text once, and a turn's changes
 * once (`memory_turns` marks the turns applied; marks older than a month go).
 */
import type {
  ConversationSummary as ConversationSummaryType,
  FactChanges,
  MemoryFact as MemoryFactType,
  TurnId,
  UserId
} from "@jules/core"
import { ConversationSummary, Crypto, FactCategory, MemoryFact, MemoryStore, UserId as UserIdSchema } from "@jules/core"
import { DateTime, Effect, Layer, Option, Schema } from "effect"
import { SqlClient } from "effect/sql/SqlClient"
import { memoryRows, recollectionOf } from "./ConversationQueries.ts"
import { storageOperation } from "./StorageErrors.ts"

const STORE = "MemoryStore"

const FactRow = Schema.Struct({
  seq: Schema.String,
  user_id: UserIdSchema,
  text_ciphertext: Schema.String,
  category: FactCategory,
  at: Schema.DateTimeUtcFromDate
})

const SummaryRow = Schema.Struct({
  user_id: UserIdSchema,
  text_ciphertext: Schema.String,
  covers_until: Schema.DateTimeUtcFromDate,
  at: Schema.DateTimeUtcFromDate
})

/** A row of `recall` (`ConversationQueries.memoryRows`). */
const RecallRow = Schema.Struct({
  memory_part: Schema.Int,
  text_ciphertext: Schema.String,
  category: Schema.NullOr(FactCategory),
  covers_until: Schema.NullOr(Schema.DateTimeUtcFromDate),
  at: Schema.DateTimeUtcFromDate
})

const decodeFacts = Schema.decodeUnknownEffect(Schema.Array(FactRow))
const decodeRecall = Schema.decodeUnknownEffect(Schema.Array(RecallRow))
const decodeSummaries = Schema.decodeUnknownEffect(Schema.Array(SummaryRow))

const date = DateTime.toDateUtc

/** How long a turn's mark is kept: far longer than any redelivery of the turn. */
const MARK_DAYS = 30

export const make = Effect.gen(function*() {
  const sql = yield* SqlClient
  const crypto = yield* Crypto

  /** One user's facts, oldest first, with their row keys. */
  const factsOf = (userId: UserId) =>
    sql`SELECT seq::text AS seq, user_id, text_ciphertext, category, at FROM memory_facts WHERE user_id = ${userId}
      ORDER BY at, seq`.pipe(
      Effect.flatMap(decodeFacts),
      Effect.flatMap((rows) =>
        Effect.forEach(rows, (row) =>
          Effect.map(crypto.decrypt(row.text_ciphertext), (text) => ({
            seq: row.seq,
            fact: new MemoryFact({ userId: row.user_id, text, category: row.category, at: row.at })
          })))
      )
    )

  const lockUser = (userId: UserId) => sql`SELECT pg_advisory_xact_lock(hashtext(${`memory:${userId}`}))`

  // The steps below are generators made once, not per call: core README, "Generators made once".

  /** Inside a transaction holding the user's lock. */
  const insertNew = Effect.fnUntraced(function*(userId: UserId, facts: ReadonlyArray<MemoryFactType>) {
    const known = new Set((yield* factsOf(userId)).map(({ fact }) => fact.text.toLowerCase()))
    for (const fact of facts) {
      const key = fact.text.toLowerCase()
      if (known.has(key)) continue
      known.add(key)
      const ciphertext = yield* crypto.encrypt(fact.text)
      yield* sql`INSERT INTO memory_facts (user_id, text_ciphertext, category, at)
        VALUES (${userId}, ${ciphertext}, ${fact.category}, ${date(fact.at)})`
    }
  })

  const addFactsOfUser = (userId: UserId, facts: ReadonlyArray<MemoryFactType>) =>
    sql.withTransaction(Effect.andThen(lockUser(userId), insertNew(userId, facts)))

  const applyChangesLocked = Effect.fnUntraced(function*(changes: FactChanges) {
    const { userId } = changes
    yield* lockUser(userId)
    const marked = yield* sql`INSERT INTO memory_turns (user_id, turn_id, at)
      VALUES (${userId}, ${changes.turnId}, ${date(changes.at)}) ON CONFLICT DO NOTHING RETURNING turn_id`
    if (marked.length === 0) return false
    yield* sql`DELETE FROM memory_turns WHERE user_id = ${userId}
      AND at < ${date(DateTime.subtract(changes.at, { days: MARK_DAYS }))}`
    if (changes.remove.length > 0) {
      const removed = new Set(changes.remove)
      const matching = (yield* factsOf(userId)).filter(({ fact }) => removed.has(fact.text)).map(({ seq }) => seq)
      if (matching.length > 0) yield* sql`DELETE FROM memory_facts WHERE seq = ANY(${matching}::bigint[])`
    }
    yield* insertNew(userId, changes.add)
    return true
  })
  const applyChanges = (changes: FactChanges) => sql.withTransaction(applyChangesLocked(changes))

  const changesApplied = (userId: UserId, turnId: TurnId) =>
    Effect.map(
      sql`SELECT 1 FROM memory_turns WHERE user_id = ${userId} AND turn_id = ${turnId}`,
      (rows) => rows.length > 0
    )

  const addFacts = (facts: ReadonlyArray<MemoryFactType>) => {
    const byUser = new Map<UserId, Array<MemoryFactType>>()
    for (const fact of facts) byUser.set(fact.userId, [...(byUser.get(fact.userId) ?? []), fact])
    return Effect.forEach(byUser, ([userId, own]) => addFactsOfUser(userId, own), { discard: true })
  }

  const removeFactLocked = Effect.fnUntraced(function*(userId: UserId, text: string) {
    yield* lockUser(userId)
    const matching = (yield* factsOf(userId)).filter(({ fact }) => fact.text === text).map(({ seq }) => seq)
    if (matching.length > 0) yield* sql`DELETE FROM memory_facts WHERE seq = ANY(${matching}::bigint[])`
  })
  const removeFact = (userId: UserId, text: string) => sql.withTransaction(removeFactLocked(userId, text))

  const setSummary = (summary: ConversationSummaryType) =>
    Effect.flatMap(crypto.encrypt(summary.text), (ciphertext) =>
      sql`INSERT INTO memory_summaries (user_id, text_ciphertext, covers_until, at)
        VALUES (${summary.userId}, ${ciphertext}, ${date(summary.coversUntil)}, ${date(summary.at)})
        ON CONFLICT (user_id) DO UPDATE SET text_ciphertext = EXCLUDED.text_ciphertext,
          covers_until = EXCLUDED.covers_until, at = EXCLUDED.at`)

  const summary = (userId: UserId) =>
    sql`SELECT user_id, text_ciphertext, covers_until, at FROM memory_summaries WHERE user_id = ${userId}`.pipe(
      Effect.flatMap(decodeSummaries),
      Effect.flatMap(([row]) =>
        row === undefined ? Effect.succeedNone : Effect.map(crypto.decrypt(row.text_ciphertext), (text) =>
          Option.some(
            new ConversationSummary({ userId: row.user_id, text, coversUntil: row.covers_until, at: row.at })
          ))
      )
    )

  /** Facts (oldest first) and the summary, one statement. */
  const recall = (userId: UserId) =>
    sql`${memoryRows(sql, userId)} ORDER BY ord`.pipe(
      Effect.flatMap(decodeRecall),
      Effect.flatMap((rows) =>
        Effect.forEach(rows, (row) =>
          Effect.map(crypto.decrypt(row.text_ciphertext), (text) => ({
            memoryPart: row.memory_part,
            text,
            category: row.category,
            coversUntil: row.covers_until,
            at: row.at
          })))
      ),
      Effect.map((rows) => recollectionOf(userId, rows))
    )

  return MemoryStore.of({
    recall: (userId) => recall(userId).pipe(storageOperation(STORE, "recall")),
    facts: (userId) =>
      factsOf(userId).pipe(
        Effect.map((rows) => rows.map(({ fact }) => fact)),
        storageOperation(STORE, "facts")
      ),
    addFacts: (facts) => addFacts(facts).pipe(storageOperation(STORE, "addFacts")),
    removeFact: (userId, text) => removeFact(userId, text).pipe(storageOperation(STORE, "removeFact")),
    applyChanges: (changes) => applyChanges(changes).pipe(storageOperation(STORE, "applyChanges")),
    changesApplied: (userId, turnId) =>
      changesApplied(userId, turnId).pipe(storageOperation(STORE, "changesApplied")),
    summary: (userId) => summary(userId).pipe(storageOperation(STORE, "summary")),
    setSummary: (value) => setSummary(value).pipe(Effect.asVoid, storageOperation(STORE, "setSummary")),
    eraseUser: (userId) =>
      sql.withTransaction(
        Effect.all([
          sql`DELETE FROM memory_facts WHERE user_id = ${userId}`,
          sql`DELETE FROM memory_summaries WHERE user_id = ${userId}`,
          sql`DELETE FROM memory_turns WHERE user_id = ${userId}`
        ], { discard: true })
      ).pipe(storageOperation(STORE, "eraseUser"))
  })
})

/** Needs `SqlClient` and `Crypto`. */
export const layer = Layer.effect(MemoryStore, make)
