/**
 * `TextIntake` on PostgreSQL: what a webhook waits for, made as cheap as it
 * can be.
 *
 * - One statement per batch finds or creates each sender (by blind index,
 *   under every key held, as `PgUserStore` does) and stores each text.
 * - Group commit: texts that arrive while a statement is in flight wait for
 *   the next one, so under load many webhooks share one round trip and one
 *   commit, and a lone webhook waits for nobody.
 * - The number's blind indexes and ciphertext are remembered for the last
 *   `SENDERS_REMEMBERED` senders or more (twice that at most), so a text from
 *   someone who texted lately costs one encryption (its body) instead of two
 *   and a keyed hash per key.
 *   The numbers are in this process's memory while their webhooks are
 *   handled anyway; this keeps them a little longer, never on disk.
 *
 * A number not yet known is first looked for among the blocked ones
 * (`blocked_numbers`, as `PgUserStore.findOrCreate` does): its text is not
 * stored and its webhook learns `NumberBlocked`.
 *
 * Two texts of a batch from the same new number create one person (the batch
 * is keyed by number before it is sent). A number created by another process
 * between the statement's snapshot and its insert leaves that text unstored;
 * it is sent again at once and then finds the person.
 *
 * Announcing (`AnnounceTexts` set to a channel): the same statement also
 * notifies the channel of the people whose texts it stored (user ids, comma-
 * separated, at most `ANNOUNCED_PER_NOTIFICATION` a notification), delivered
 * when it commits. A process that answers texts elsewhere listens there
 * instead of being told of each text; nothing else is announced, and no text.
 */
import type { ArrivingText, CryptoError, IntakeReceipt, StorageError } from "@jules/core"
import { Crypto, NumberBlocked, TextIntake, UserId } from "@jules/core"
import { Context, DateTime, Deferred, Effect, Exit, Layer, Queue, Schema } from "effect"
import { SqlClient } from "effect/sql/SqlClient"
import { randomUUID } from "node:crypto"
import * as RecentlyUsed from "./RecentlyUsed.ts"
import { storageOperation, storeFailure, toStorageError } from "./StorageErrors.ts"

const STORE = "TextIntake"

/** Texts per statement: enough to absorb a burst, small enough to keep one statement short. */
const MAX_BATCH = 256
/** Senders whose number's indexes and ciphertext are kept (`RecentlyUsed`: this many to twice as many). */
const SENDERS_REMEMBERED = 10_000
/** A text that keeps losing a creation race this often is reported, not retried forever. */
const MAX_ROUNDS = 3

/** The PostgreSQL channel stored texts are announced on; unset, nothing is announced. */
export const AnnounceTexts = Context.Reference<string | undefined>("@jules/adapters-postgres/AnnounceTexts", {
  defaultValue: () => undefined
})

/** User ids per notification: 200 of 37 bytes stay well inside PostgreSQL's 8,000-byte payload. */
export const ANNOUNCED_PER_NOTIFICATION = 200

/** What the statement needs of a number. */
interface Sender {
  readonly phoneCiphertext: string
  /** The number's index under every key held, primary first. */
  readonly indexes: readonly [string, ...Array<string>]
}

/** A text ready for the statement: encrypted, indexed, and where its answer goes. */
interface Prepared extends Sender {
  readonly text: ArrivingText
  readonly bodyCiphertext: string
  readonly done: Deferred.Deferred<IntakeReceipt, StorageError | NumberBlocked>
}

const Row = Schema.Struct({
  ord: Schema.Number,
  user_id: Schema.NullOr(UserId),
  stored: Schema.Boolean,
  blocked: Schema.Boolean
})
const decodeRows = Schema.decodeUnknownEffect(Schema.Array(Row))

export const make = Effect.gen(function*() {
  const sql = yield* SqlClient
  const crypto = yield* Crypto
  const channel = yield* AnnounceTexts
  const queue = yield* Queue.unbounded<Prepared>()
  // A SELECT in a WITH runs only when read: the final SELECT reads it, once.
  const announced = channel === undefined ? sql`` : sql`,
      announced AS (
        SELECT pg_notify(${channel}, string_agg(DISTINCT p.user_id, ','))
        FROM placed p JOIN stored s ON s.id = p.message_id
        GROUP BY p.ord / ${ANNOUNCED_PER_NOTIFICATION}
      )`
  const announcedColumn = channel === undefined ? sql`` : sql`, (SELECT count(*) FROM announced) AS announced`

  /** One statement for the batch; the texts it could not place (a lost creation race) are returned. */
  const store = Effect.fnUntraced(function*(batch: ReadonlyArray<Prepared>) {
    // One new id per number: a batch may carry several texts from a new person.
    const newIds = new Map<string, string>()
    for (const { indexes } of batch) {
      if (!newIds.has(indexes[0])) newIds.set(indexes[0], randomUUID())
    }
    const lookupOrd: Array<number> = []
    const lookupIndex: Array<string> = []
    batch.forEach(({ indexes }, ord) => {
      for (const index of indexes) {
        lookupOrd.push(ord)
        lookupIndex.push(index)
      }
    })
    // Arrays of one inferred type each: instants as ISO text, and an absent provider id as "" (nulls have no type).
    const column = <A>(f: (prepared: Prepared, ord: number) => A) => batch.map(f)
    const rows = yield* sql`
      WITH input AS (
        SELECT * FROM unnest(
          ${column((_, ord) => ord)}::int[], ${column((p) => p.text.id)}::text[],
          ${column((p) => p.bodyCiphertext)}::text[], ${column((p) => p.text.providerMessageId ?? "")}::text[],
          ${column((p) => DateTime.formatIso(p.text.receivedAt))}::timestamptz[],
          ${column((p) => p.indexes[0])}::text[], ${column((p) => p.phoneCiphertext)}::text[],
          ${column((p) => newIds.get(p.indexes[0])!)}::text[],
          ${column((p) => p.text.defaults.tier)}::text[], ${column((p) => p.text.defaults.timeZone)}::text[]
        ) AS t(ord, message_id, body_ciphertext, provider_message_id, received_at, phone_index, phone_ciphertext,
          new_user_id, tier, time_zone)
      ),
      -- A provider's retry may land in the same batch as its original: only the first copy is stored.
      texts AS (
        SELECT *, row_number() OVER (PARTITION BY message_id ORDER BY ord) = 1 AS first_copy FROM input
      ),
      lookups AS (
        SELECT * FROM unnest(${lookupOrd}::int[], ${lookupIndex}::text[]) AS l(ord, phone_index)
      ),
      -- One index probe per number, here and for the blocked numbers (LIMIT keeps
      -- the subquery a probe): a plan cached while a table was small would
      -- otherwise keep scanning all of it.
      found AS (
        SELECT DISTINCT ON (l.ord) l.ord, u.id
        FROM lookups l
        CROSS JOIN LATERAL (SELECT id, created_at FROM users WHERE phone_index = l.phone_index LIMIT 1) u
        ORDER BY l.ord, u.created_at
      ),
      blocked AS (
        SELECT DISTINCT l.ord FROM lookups l
        CROSS JOIN LATERAL (SELECT 1 FROM blocked_numbers WHERE phone_index = l.phone_index LIMIT 1) b
        WHERE NOT EXISTS (SELECT 1 FROM found f WHERE f.ord = l.ord)
      ),
      created AS (
        INSERT INTO users (id, phone_ciphertext, phone_index, consent, age_status, tier, time_zone, created_at)
        SELECT DISTINCT ON (t.phone_index) t.new_user_id, t.phone_ciphertext, t.phone_index, 'opted_in', 'unknown',
          t.tier, t.time_zone, t.received_at
        FROM texts t
        WHERE NOT EXISTS (SELECT 1 FROM found f WHERE f.ord = t.ord)
          AND NOT EXISTS (SELECT 1 FROM blocked b WHERE b.ord = t.ord)
        ORDER BY t.phone_index, t.ord
        ON CONFLICT (phone_index) DO NOTHING
        RETURNING id, phone_index
      ),
      placed AS (
        SELECT t.*, COALESCE(f.id, c.id) AS user_id
        FROM texts t
        LEFT JOIN found f ON f.ord = t.ord
        LEFT JOIN created c ON c.phone_index = t.phone_index AND f.id IS NULL
      ),
      stored AS (
        INSERT INTO inbound_messages (id, user_id, body_ciphertext, provider_message_id, received_at)
        SELECT message_id, user_id, body_ciphertext, NULLIF(provider_message_id, ''), received_at
        FROM placed WHERE user_id IS NOT NULL AND first_copy
        ORDER BY ord
        ON CONFLICT (id) DO NOTHING
        RETURNING id
      )${announced}
      SELECT p.ord, p.user_id, (s.id IS NOT NULL AND p.first_copy) AS stored,
        EXISTS (SELECT 1 FROM blocked b WHERE b.ord = p.ord) AS blocked${announcedColumn}
      FROM placed p LEFT JOIN stored s ON s.id = p.message_id`.pipe(Effect.flatMap(decodeRows))
    const unplaced: Array<Prepared> = []
    for (const row of rows) {
      const prepared = batch[row.ord]!
      if (row.blocked) Deferred.doneUnsafe(prepared.done, Exit.fail(new NumberBlocked()))
      else if (row.user_id === null) unplaced.push(prepared)
      else Deferred.doneUnsafe(prepared.done, Exit.succeed({ userId: row.user_id, stored: row.stored }))
    }
    return unplaced
  })

  /** What is not settled yet (all of it, when the statement failed) learns the batch's outcome. */
  const settle = (batch: ReadonlyArray<Prepared>, exit: Exit.Exit<unknown, StorageError>) => {
    for (const { done } of batch) Deferred.doneUnsafe(done, exit as Exit.Exit<never, StorageError>)
  }

  const runBatch = Effect.fnUntraced(function*(batch: ReadonlyArray<Prepared>) {
    let pending = batch
    for (let round = 1; pending.length > 0; round++) {
      if (round > MAX_ROUNDS) {
        return yield* Effect.fail(storeFailure("the sender could not be found or created"))
      }
      pending = yield* store(pending)
    }
  }, storageOperation(STORE, "receive"))

  // The committer: takes whatever has queued up while the last statement ran.
  yield* Effect.forkScoped(Effect.forever(
    Effect.flatMap(Queue.takeBetween(queue, 1, MAX_BATCH), (batch) =>
      runBatch(batch).pipe(
        Effect.exit,
        Effect.map((exit) => settle(batch, exit))
      ))
  ))

  const senders = RecentlyUsed.make<string, Sender>(SENDERS_REMEMBERED)
  const senderOf = (phone: string): Effect.Effect<Sender, CryptoError> => {
    const known = senders.get(phone)
    if (known !== undefined) return Effect.succeed(known)
    return Effect.map(
      Effect.all({ phoneCiphertext: crypto.encrypt(phone), indexes: crypto.blindIndexes(phone) }),
      (sender) => senders.set(phone, sender)
    )
  }

  const prepare = (text: ArrivingText, done: Deferred.Deferred<IntakeReceipt, StorageError | NumberBlocked>) =>
    Effect.all({ bodyCiphertext: crypto.encrypt(text.body), sender: senderOf(text.from) }).pipe(
      Effect.map(({ bodyCiphertext, sender }): Prepared => ({ text, done, bodyCiphertext, ...sender })),
      Effect.mapError(toStorageError(STORE, "receive"))
    )

  const receive = Effect.fnUntraced(function*(text: ArrivingText) {
    const done = yield* Deferred.make<IntakeReceipt, StorageError | NumberBlocked>()
    yield* Queue.offer(queue, yield* prepare(text, done))
    return yield* Deferred.await(done)
  })

  return TextIntake.of({ receive })
})

/** Needs `SqlClient` and `Crypto`. */
export const layer = Layer.effect(TextIntake, make)
