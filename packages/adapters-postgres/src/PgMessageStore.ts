/**
 * `MessageStore` on PostgreSQL: inbound and outbound texts with encrypted
 * bodies, delivery status, and turn records. Writes are idempotent on their
 * ids (`ON CONFLICT DO NOTHING`), since turns run at least once.
 *
 * The delivery status moves forward inside the `UPDATE` itself: a row is only
 * touched when core's `advanceDeliveryStatus` takes its current status to the
 * reported one, so racing callbacks cannot move it back. An update that would
 * not advance is ignored whole (no provider id or error code either), as in
 * the in-memory store.
 */
import type { DeliveryStatus, OutboundUpdate, TurnId, UserId } from "@jules/core"
import {
  advanceDeliveryStatus,
  ChatLine,
  ConversationTurn,
  CrisisCategory,
  CrisisSeverity,
  Crypto,
  DeliveryStatus as DeliveryStatusSchema,
  InboundMessage,
  MessageId,
  MessageStore,
  OutboundKind,
  OutboundMessage,
  SmsEncoding,
  TurnId as TurnIdSchema,
  TurnOutcome,
  UserId as UserIdSchema
} from "@jules/core"
import { DateTime, Effect, Layer, Option, Schema } from "effect"
import * as Arr from "effect/Array"
import { SqlClient } from "effect/sql/SqlClient"
import { historyLines, quotaCounts } from "./ConversationQueries.ts"
import { storageOperation } from "./StorageErrors.ts"

const STORE = "MessageStore"

/** Statuses from which a report of `next` is applied, by core's ordering. */
const appliesFrom = (next: DeliveryStatus): ReadonlyArray<DeliveryStatus> =>
  DeliveryStatusSchema.literals.filter((current) => advanceDeliveryStatus(current, next) === next)

const InboundRow = Schema.Struct({
  id: MessageId,
  user_id: UserIdSchema,
  body_ciphertext: Schema.String,
  provider_message_id: Schema.NullOr(Schema.String),
  received_at: Schema.DateTimeUtcFromDate
})

const OutboundRow = Schema.Struct({
  id: MessageId,
  user_id: UserIdSchema,
  turn_id: TurnIdSchema,
  sequence: Schema.Int,
  kind: OutboundKind,
  body_ciphertext: Schema.String,
  encoding: SmsEncoding,
  segments: Schema.Int,
  status: DeliveryStatusSchema,
  provider_message_id: Schema.NullOr(Schema.String),
  error_code: Schema.NullOr(Schema.String),
  carries_referral: Schema.Boolean,
  attempts: Schema.Int,
  next_attempt_at: Schema.NullOr(Schema.DateTimeUtcFromDate),
  created_at: Schema.DateTimeUtcFromDate,
  updated_at: Schema.DateTimeUtcFromDate
})

const TurnRow = Schema.Struct({
  id: TurnIdSchema,
  user_id: UserIdSchema,
  inbound_ids: Schema.Array(MessageId),
  outcome: TurnOutcome,
  crisis_category: Schema.NullOr(CrisisCategory),
  crisis_severity: CrisisSeverity,
  provider: Schema.NullOr(Schema.String),
  at: Schema.DateTimeUtcFromDate
})

const LineRow = Schema.Struct({
  id: MessageId,
  role: Schema.Literals(["user", "assistant"]),
  body_ciphertext: Schema.String,
  at: Schema.DateTimeUtcFromDate
})

const CountRow = Schema.Struct({ count: Schema.Int })
const UserRow = Schema.Struct({ user_id: UserIdSchema })

const decodeInbound = Schema.decodeUnknownEffect(Schema.Array(InboundRow))
const decodeOutbound = Schema.decodeUnknownEffect(Schema.Array(OutboundRow))
const decodeTurns = Schema.decodeUnknownEffect(Schema.Array(TurnRow))
const decodeLines = Schema.decodeUnknownEffect(Schema.Array(LineRow))
const decodeCount = Schema.decodeUnknownEffect(Schema.Array(CountRow))
const decodeQuotaCounts = Schema.decodeUnknownEffect(Schema.Array(Schema.Struct({
  replied_turns: Schema.Number,
  upgrade_nudges: Schema.Number,
  recent_turns: Schema.Number
})))
const decodeUsers = Schema.decodeUnknownEffect(Schema.Array(UserRow))

const INBOUND_COLUMNS = "id, user_id, body_ciphertext, provider_message_id, received_at"
const OUTBOUND_COLUMNS =
  "id, user_id, turn_id, sequence, kind, body_ciphertext, encoding, segments, status, provider_message_id, " +
  "error_code, carries_referral, attempts, next_attempt_at, created_at, updated_at"
const TURN_COLUMNS = "id, user_id, inbound_ids, outcome, crisis_category, crisis_severity, provider, at"

const date = DateTime.toDateUtc

/** `undefined` for SQL `NULL`, so optional fields stay absent rather than `undefined`. */
const optional = <K extends string>(key: K, value: string | null) =>
  (value === null ? {} : { [key]: value }) as { readonly [P in K]?: string }

/**
 * What `recordTurn` shares with `PgTurnRecords`, which records the turn in
 * the same statement as the reply's usage and the person's read: the texts'
 * rows (encrypted) and their reading (decrypted), and the parts of the
 * turn's statement.
 */
export const makeTurnStatements = Effect.gen(function*() {
  const sql = yield* SqlClient
  const crypto = yield* Crypto
  const outboundColumns = sql.literal(OUTBOUND_COLUMNS)

  const readOutbound = (rows: Effect.Effect<ReadonlyArray<unknown>, unknown>) =>
    Effect.flatMap(Effect.flatMap(rows, decodeOutbound), (decoded) =>
      Effect.forEach(decoded, (row) =>
        Effect.map(crypto.decrypt(row.body_ciphertext), (body) =>
          new OutboundMessage({
            id: row.id,
            userId: row.user_id,
            turnId: row.turn_id,
            sequence: row.sequence,
            kind: row.kind,
            body,
            encoding: row.encoding,
            segments: row.segments,
            status: row.status,
            ...optional("providerMessageId", row.provider_message_id),
            ...optional("errorCode", row.error_code),
            ...(row.carries_referral ? { carriesReferral: true } : {}),
            ...(row.attempts === 0 ? {} : { attempts: row.attempts }),
            ...(row.next_attempt_at === null ? {} : { nextAttemptAt: row.next_attempt_at }),
            createdAt: row.created_at,
            updatedAt: row.updated_at
          }))))

  const outboundRows = (messages: Arr.NonEmptyReadonlyArray<OutboundMessage>) =>
    Effect.forEach(messages, (message) =>
      Effect.map(crypto.encrypt(message.body), (body_ciphertext) => ({
        id: message.id,
        user_id: message.userId,
        turn_id: message.turnId,
        sequence: message.sequence,
        kind: message.kind,
        body_ciphertext,
        encoding: message.encoding,
        segments: message.segments,
        status: message.status,
        provider_message_id: message.providerMessageId ?? null,
        error_code: message.errorCode ?? null,
        carries_referral: message.carriesReferral === true,
        attempts: message.attempts ?? 0,
        next_attempt_at: message.nextAttemptAt === undefined ? null : date(message.nextAttemptAt),
        created_at: date(message.createdAt),
        updated_at: date(message.updatedAt)
      }))).pipe(Effect.map((rows) => rows as Arr.NonEmptyReadonlyArray<(typeof rows)[number]>))

  /**
   * The turn's writes, as the CTEs of one statement (`writes`: the turn, the
   * mark on the texts it answered, its texts), and the person's pending texts
   * after them (`pending`: rows with `seq`, unordered). The statement's
   * snapshot predates its own inserts: the texts it stored come from
   * `RETURNING`, and texts a replay finds already stored from the table.
   */
  const recordTurnParts = Effect.fnUntraced(function*(turn: ConversationTurn, texts: ReadonlyArray<OutboundMessage>) {
    const insertTurn = sql`INSERT INTO turns (id, user_id, inbound_ids, outcome, crisis_category, crisis_severity, provider, at)
      VALUES (${turn.id}, ${turn.userId}, ${turn.inboundIds}, ${turn.outcome}, ${turn.crisisCategory},
        ${turn.crisisSeverity}, ${turn.provider ?? null}, ${date(turn.at)})
      ON CONFLICT (id) DO NOTHING`
    const stored = Arr.isReadonlyArrayNonEmpty(texts)
      ? sql`INSERT INTO outbound_messages ${sql.insert(yield* outboundRows(texts))} ON CONFLICT (id) DO NOTHING
          RETURNING ${outboundColumns}, seq`
      : sql`SELECT ${outboundColumns}, seq FROM outbound_messages WHERE false`
    const markAnswered = sql`UPDATE inbound_messages SET answered_by = ${turn.id}
      WHERE id = ANY(${turn.inboundIds}) AND user_id = ${turn.userId} AND answered_by IS NULL`
    return {
      writes: sql`turn AS (${insertTurn}), answered AS (${markAnswered}), texts AS (${stored})`,
      pending: sql`SELECT ${outboundColumns}, seq FROM outbound_messages WHERE user_id = ${turn.userId} AND status = 'pending'
        UNION ALL
        SELECT ${outboundColumns}, seq FROM texts WHERE status = 'pending'`
    }
  })

  return { outboundColumns, outboundRows, readOutbound, recordTurnParts }
})

export const make = Effect.gen(function*() {
  const sql = yield* SqlClient
  const crypto = yield* Crypto
  const inboundColumns = sql.literal(INBOUND_COLUMNS)
  const { outboundColumns, outboundRows, readOutbound, recordTurnParts } = yield* makeTurnStatements
  const turnColumns = sql.literal(TURN_COLUMNS)

  const readInbound = (rows: Effect.Effect<ReadonlyArray<unknown>, unknown>) =>
    Effect.flatMap(Effect.flatMap(rows, decodeInbound), (decoded) =>
      Effect.forEach(decoded, (row) =>
        Effect.map(crypto.decrypt(row.body_ciphertext), (body) =>
          new InboundMessage({
            id: row.id,
            userId: row.user_id,
            body,
            ...optional("providerMessageId", row.provider_message_id),
            receivedAt: row.received_at
          }))))

  const readTurns = (rows: Effect.Effect<ReadonlyArray<unknown>, unknown>) =>
    Effect.map(Effect.flatMap(rows, decodeTurns), (decoded) =>
      decoded.map((row) =>
        new ConversationTurn({
          id: row.id,
          userId: row.user_id,
          inboundIds: row.inbound_ids,
          outcome: row.outcome,
          crisisCategory: row.crisis_category,
          crisisSeverity: row.crisis_severity,
          ...optional("provider", row.provider),
          at: row.at
        })
      ))

  const readUsers = (rows: Effect.Effect<ReadonlyArray<unknown>, unknown>) =>
    Effect.map(Effect.flatMap(rows, decodeUsers), (decoded) => decoded.map((row) => row.user_id))

  const readCount = (rows: Effect.Effect<ReadonlyArray<unknown>, unknown>) =>
    Effect.map(Effect.flatMap(rows, decodeCount), (decoded) => decoded[0]?.count ?? 0)

  const setClause = (update: OutboundUpdate) =>
    sql`status = ${update.status},
      provider_message_id = COALESCE(${update.providerMessageId ?? null}::text, provider_message_id),
      error_code = COALESCE(${update.errorCode ?? null}::text, error_code),
      updated_at = ${date(update.at)}`

  const recordInbound = Effect.fnUntraced(function*(message: InboundMessage) {
    const body = yield* crypto.encrypt(message.body)
    const inserted = yield* sql`
      INSERT INTO inbound_messages (id, user_id, body_ciphertext, provider_message_id, received_at)
      VALUES (${message.id}, ${message.userId}, ${body}, ${message.providerMessageId ?? null},
        ${date(message.receivedAt)})
      ON CONFLICT (id) DO NOTHING
      RETURNING id`
    return inserted.length > 0
  })

  const recordOutbound = Effect.fnUntraced(function*(messages: ReadonlyArray<OutboundMessage>) {
    if (!Arr.isReadonlyArrayNonEmpty(messages)) return
    yield* sql`INSERT INTO outbound_messages ${sql.insert(yield* outboundRows(messages))} ON CONFLICT (id) DO NOTHING`
  })

  /**
   * One statement for the turn and its texts, so neither is ever on record
   * without the other, and for the mark on the texts it answered (the first
   * turn to answer a text keeps it); it also reads the person's pending
   * texts (`recordTurnParts`).
   */
  const recordTurn = Effect.fnUntraced(function*(turn: ConversationTurn, texts: ReadonlyArray<OutboundMessage> = []) {
    const parts = yield* recordTurnParts(turn, texts)
    return yield* readOutbound(sql`WITH ${parts.writes}
      SELECT ${outboundColumns} FROM (${parts.pending}) pending
      ORDER BY created_at, sequence, seq`)
  })

  const updateDelivery = (providerMessageId: string, update: OutboundUpdate) =>
    // The outer SELECT sees the row as it was before the UPDATE, so an update
    // that did not apply returns the message unchanged.
    readOutbound(sql`
      WITH target AS (
        SELECT id FROM outbound_messages WHERE provider_message_id = ${providerMessageId} ORDER BY seq LIMIT 1
      ), updated AS (
        UPDATE outbound_messages SET ${setClause(update)}
        WHERE id = (SELECT id FROM target) AND status = ANY(${appliesFrom(update.status)})
        RETURNING ${outboundColumns}
      )
      SELECT ${outboundColumns} FROM updated
      UNION ALL
      SELECT ${outboundColumns} FROM outbound_messages
      WHERE id = (SELECT id FROM target) AND NOT EXISTS (SELECT 1 FROM updated)`).pipe(
      Effect.map((found) => Option.fromUndefinedOr(found[0]))
    )

  const history = Effect.fnUntraced(function*(userId: UserId, limit: number) {
    if (limit <= 0) return []
    const rows = yield* historyLines(sql, userId, limit)
    const lines = yield* decodeLines(rows)
    const chat = yield* Effect.forEach(lines, (line) =>
      Effect.map(crypto.decrypt(line.body_ciphertext), (text) =>
        new ChatLine({ messageId: line.id, role: line.role, text, at: line.at })))
    return chat.reverse()
  })

  return MessageStore.of({
    recordInbound: (message) => recordInbound(message).pipe(storageOperation(STORE, "recordInbound")),
    findInbound: (id) =>
      readInbound(sql`SELECT ${inboundColumns} FROM inbound_messages WHERE id = ${id}`).pipe(
        Effect.map((found) => Option.fromUndefinedOr(found[0])),
        storageOperation(STORE, "findInbound")
      ),
    recordOutbound: (messages) => recordOutbound(messages).pipe(storageOperation(STORE, "recordOutbound")),
    updateOutbound: (id, update) =>
      sql`UPDATE outbound_messages SET ${setClause(update)}
        WHERE id = ${id} AND status = ANY(${appliesFrom(update.status)})`.pipe(
        Effect.asVoid,
        storageOperation(STORE, "updateOutbound")
      ),
    updateDelivery: (providerMessageId, update) =>
      updateDelivery(providerMessageId, update).pipe(storageOperation(STORE, "updateDelivery")),
    pendingOutbound: (userId) =>
      readOutbound(sql`SELECT ${outboundColumns} FROM outbound_messages
        WHERE user_id = ${userId} AND status = 'pending'
        ORDER BY created_at, sequence, seq`).pipe(storageOperation(STORE, "pendingOutbound")),
    dueOutbound: (now, limit) =>
      (limit <= 0 ? Effect.succeed([]) : readUsers(sql`
        SELECT user_id FROM outbound_messages
        WHERE status = 'pending' AND COALESCE(next_attempt_at, created_at) <= ${date(now)}
        GROUP BY user_id
        ORDER BY min(COALESCE(next_attempt_at, created_at))
        LIMIT ${limit}`)).pipe(storageOperation(STORE, "dueOutbound")),
    postponeOutbound: (id, retry) =>
      sql`UPDATE outbound_messages SET attempts = ${retry.attempts},
          next_attempt_at = ${date(retry.nextAttemptAt)},
          error_code = COALESCE(${retry.errorCode ?? null}::text, error_code),
          updated_at = ${date(retry.at)}
        WHERE id = ${id} AND status = 'pending'`.pipe(Effect.asVoid, storageOperation(STORE, "postponeOutbound")),
    requeueOutbound: (id, at) =>
      sql`UPDATE outbound_messages SET status = 'pending', attempts = 0, next_attempt_at = ${date(at)},
          created_at = ${date(at)}, updated_at = ${date(at)}
        WHERE id = ${id} AND status IN ('failed', 'expired')
        RETURNING id`.pipe(Effect.map((rows) => rows.length > 0), storageOperation(STORE, "requeueOutbound")),
    strandedInbound: (from, to, limit) =>
      (limit <= 0 ? Effect.succeed([]) : readUsers(sql`
        SELECT i.user_id FROM inbound_messages i
        WHERE i.received_at >= ${date(from)} AND i.received_at < ${date(to)} AND i.answered_by IS NULL
        GROUP BY i.user_id
        ORDER BY min(i.received_at)
        LIMIT ${limit}`)).pipe(storageOperation(STORE, "strandedInbound")),
    outboundForTurn: (turnId: TurnId) =>
      readOutbound(sql`SELECT ${outboundColumns} FROM outbound_messages WHERE turn_id = ${turnId}
        ORDER BY sequence, seq`).pipe(storageOperation(STORE, "outboundForTurn")),
    countOutboundSince: (userId, kind, since) =>
      readCount(sql`SELECT count(*)::int AS count FROM outbound_messages
        WHERE user_id = ${userId} AND kind = ${kind} AND created_at >= ${date(since)}`).pipe(
        storageOperation(STORE, "countOutboundSince")
      ),
    unansweredInbound: (userId, since) =>
      readInbound(sql`SELECT ${inboundColumns} FROM inbound_messages
        WHERE user_id = ${userId} AND received_at >= ${date(since)} AND answered_by IS NULL
        ORDER BY received_at, seq`).pipe(storageOperation(STORE, "unansweredInbound")),
    history: (userId, limit) => history(userId, limit).pipe(storageOperation(STORE, "history")),
    recordTurn: (turn, texts) => recordTurn(turn, texts).pipe(storageOperation(STORE, "recordTurn")),
    findTurn: (id) =>
      readTurns(sql`SELECT ${turnColumns} FROM turns WHERE id = ${id}`).pipe(
        Effect.map((found) => Option.fromUndefinedOr(found[0])),
        storageOperation(STORE, "findTurn")
      ),
    quotaCounts: (userId, since) =>
      quotaCounts(sql, userId, since).pipe(
        Effect.flatMap(decodeQuotaCounts),
        Effect.map(([row]) => ({
          repliedTurns: row?.replied_turns ?? 0,
          upgradeNudges: row?.upgrade_nudges ?? 0,
          recentTurns: row?.recent_turns ?? 0
        })),
        storageOperation(STORE, "quotaCounts")
      ),
    exportUser: (userId) =>
      Effect.all({
        inbound: readInbound(sql`SELECT ${inboundColumns} FROM inbound_messages WHERE user_id = ${userId}
          ORDER BY received_at, seq`),
        outbound: readOutbound(sql`SELECT ${outboundColumns} FROM outbound_messages WHERE user_id = ${userId}
          ORDER BY created_at, sequence, seq`),
        turns: readTurns(sql`SELECT ${turnColumns} FROM turns WHERE user_id = ${userId} ORDER BY at, seq`)
      }).pipe(storageOperation(STORE, "exportUser")),
    eraseUser: (userId) =>
      sql.withTransaction(
        Effect.all([
          sql`DELETE FROM inbound_messages WHERE user_id = ${userId}`,
          sql`DELETE FROM outbound_messages WHERE user_id = ${userId}`,
          sql`DELETE FROM turns WHERE user_id = ${userId}`
        ], { discard: true })
      ).pipe(storageOperation(STORE, "eraseUser"))
  })
})

/** Needs `SqlClient` and `Crypto`. */
export const layer = Layer.effect(MessageStore, make)
