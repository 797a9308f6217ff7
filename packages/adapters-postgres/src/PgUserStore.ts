/**
 * `UserStore` on PostgreSQL. The phone number is stored encrypted and found by
 * its blind index; after a key rotation a lookup tries the index under every
 * key, and any write to the user re-encrypts and re-indexes the number under
 * the primary key (lazy rotation; `KeyRotation.rotateAll` does the rest).
 */
import type { AgeStatus, ConsentChange, CryptoError, NewUserDefaults, Tier, UserId } from "@jules/core"
import {
  AgeStatus as AgeStatusSchema,
  ConsentChange as ConsentChangeSchema,
  ConsentSource,
  ConsentState,
  Crypto,
  NumberBlocked,
  PhoneNumber,
  StorageError,
  Tier as TierSchema,
  User,
  UserId as UserIdSchema,
  UserStore
} from "@jules/core"
import { DateTime, Effect, Layer, Option, Schema } from "effect"
import { SecureRandom } from "effect/crypto"
import { SqlClient } from "effect/sql/SqlClient"
import { storageOperation, storeFailure } from "./StorageErrors.ts"

const STORE = "UserStore"

export const UserRow = Schema.Struct({
  id: UserIdSchema,
  phone_ciphertext: Schema.String,
  phone_index: Schema.String,
  consent: ConsentState,
  age_status: AgeStatusSchema,
  tier: TierSchema,
  time_zone: Schema.String,
  created_at: Schema.DateTimeUtcFromDate
})
export type UserRow = typeof UserRow.Type

const ConsentRow = Schema.Struct({
  user_id: UserIdSchema,
  state: ConsentState,
  source: ConsentSource,
  at: Schema.DateTimeUtcFromDate
})

const decodeUserRows = Schema.decodeUnknownEffect(Schema.Array(UserRow))
const decodeConsentRows = Schema.decodeUnknownEffect(Schema.Array(ConsentRow))
const decodePhone = Schema.decodeUnknownEffect(PhoneNumber)

export const USER_COLUMNS = "id, phone_ciphertext, phone_index, consent, age_status, tier, time_zone, created_at"

/** The user a row is, its number decrypted; shared with `PgTurnRecords`. */
export const makeUserReading = Effect.gen(function*() {
  const crypto = yield* Crypto
  return Effect.fnUntraced(function*(row: UserRow) {
    const phone = yield* Effect.flatMap(crypto.decrypt(row.phone_ciphertext), decodePhone)
    return new User({
      id: row.id,
      phone,
      consent: row.consent,
      ageStatus: row.age_status,
      tier: row.tier,
      timeZone: row.time_zone,
      createdAt: row.created_at
    })
  })
})

export const make = Effect.gen(function*() {
  const sql = yield* SqlClient
  const crypto = yield* Crypto
  const columns = sql.literal(USER_COLUMNS)

  /** The phone's index under every key we hold, primary first. */
  const indexesOf = (phone: string): Effect.Effect<ReadonlyArray<string>, CryptoError> => crypto.blindIndexes(phone)

  const toUser = yield* makeUserReading

  /**
   * Lazy rotation: a row still under an older key gets the number re-encrypted
   * and re-indexed under the primary. Conditional on the old index, so a
   * concurrent rewrite wins harmlessly.
   */
  const rewriteIfStale = Effect.fnUntraced(function*(row: UserRow, user: User) {
    const index = yield* crypto.blindIndex(user.phone)
    if (index === row.phone_index && crypto.keyIdOf(row.phone_ciphertext) === crypto.primaryKeyId) return
    const ciphertext = yield* crypto.encrypt(user.phone)
    yield* sql`UPDATE users SET phone_ciphertext = ${ciphertext}, phone_index = ${index}, updated_at = now()
      WHERE id = ${row.id} AND phone_index = ${row.phone_index}`
  })

  const readUsers = (
    rows: Effect.Effect<ReadonlyArray<unknown>, unknown>
  ): Effect.Effect<ReadonlyArray<readonly [UserRow, User]>, unknown> =>
    Effect.flatMap(Effect.flatMap(rows, decodeUserRows), (decoded) =>
      Effect.forEach(decoded, (row) => Effect.map(toUser(row), (user) => [row, user] as const)))

  const findRowByPhone = (phone: string): Effect.Effect<Option.Option<readonly [UserRow, User]>, unknown> =>
    Effect.flatMap(indexesOf(phone), (indexes) =>
      Effect.map(
        readUsers(sql`SELECT ${columns} FROM users WHERE phone_index = ANY(${indexes}) ORDER BY created_at LIMIT 1`),
        (found) => Option.fromUndefinedOr(found[0])
      ))

  /** Applies a change to one user and returns them; fails when there is no such user. */
  const updateUser = Effect.fnUntraced(function*(
    operation: string,
    id: UserId,
    update: Effect.Effect<ReadonlyArray<unknown>, unknown>
  ) {
    const [found] = yield* readUsers(update)
    if (found === undefined) {
      return yield* new StorageError({ store: STORE, operation, reason: storeFailure(`no user with id ${id}`) })
    }
    yield* rewriteIfStale(found[0], found[1])
    return found[1]
  })

  const findOrCreate = Effect.fnUntraced(function*(phone: PhoneNumber, defaults: NewUserDefaults) {
    const existing = yield* findRowByPhone(phone)
    if (Option.isSome(existing)) {
      yield* rewriteIfStale(existing.value[0], existing.value[1])
      return existing.value[1]
    }
    // Only a number not yet known is looked up among the blocked: texts from known people cost nothing more.
    const blocked = yield* sql`SELECT 1 FROM blocked_numbers WHERE phone_index = ANY(${yield* indexesOf(phone)}) LIMIT 1`
    // A value, not a failure, so that `storageOperation` passes it through untouched.
    if (blocked.length > 0) return new NumberBlocked()
    const id = UserIdSchema.make(SecureRandom.uuidV4Unsafe())
    const createdAt = yield* DateTime.now
    const ciphertext = yield* crypto.encrypt(phone)
    const index = yield* crypto.blindIndex(phone)
    // Concurrent creators race on the unique index: one row wins, the others read it.
    const [created] = yield* readUsers(sql`
      INSERT INTO users (id, phone_ciphertext, phone_index, consent, age_status, tier, time_zone, created_at)
      VALUES (${id}, ${ciphertext}, ${index}, 'opted_in', 'unknown', ${defaults.tier}, ${defaults.timeZone},
        ${DateTime.toDateUtc(createdAt)})
      ON CONFLICT (phone_index) DO NOTHING
      RETURNING ${columns}`)
    if (created !== undefined) return created[1]
    const winner = yield* findRowByPhone(phone)
    if (Option.isSome(winner)) return winner.value[1]
    return yield* new StorageError({
      store: STORE,
      operation: "findOrCreate",
      reason: storeFailure("the user was erased while being created")
    })
  })

  // Generators made once, not per call: core README, "Generators made once".
  const setConsentSteps = Effect.fnUntraced(function*(change: ConsentChange) {
    const user = yield* updateUser(
      "setConsent",
      change.userId,
      sql`UPDATE users SET consent = ${change.state}, updated_at = now() WHERE id = ${change.userId}
        RETURNING ${columns}`
    )
    yield* sql`INSERT INTO consent_changes (user_id, state, source, at)
      VALUES (${change.userId}, ${change.state}, ${change.source}, ${DateTime.toDateUtc(change.at)})`
    return user
  })
  const setConsent = (change: ConsentChange) => sql.withTransaction(setConsentSteps(change))

  const block = Effect.fnUntraced(function*(id: UserId) {
    const [found] = yield* readUsers(sql`SELECT ${columns} FROM users WHERE id = ${id}`)
    if (found === undefined) return
    // Under the primary key: lookups search every key's index, so it stays found after a rotation.
    const index = yield* crypto.blindIndex(found[1].phone)
    yield* sql`INSERT INTO blocked_numbers (phone_index, blocked_at) VALUES (${index}, now())
      ON CONFLICT (phone_index) DO NOTHING`
  })

  /** One of the person's plain settings, changed; the user as it now is. */
  const setColumn = (operation: string, column: "age_status" | "tier" | "time_zone", id: UserId, value: string) =>
    updateUser(
      operation,
      id,
      sql`UPDATE users SET ${sql(column)} = ${value}, updated_at = now() WHERE id = ${id} RETURNING ${columns}`
    ).pipe(storageOperation(STORE, operation))

  return UserStore.of({
    findByPhone: (phone) =>
      findRowByPhone(phone).pipe(Effect.map(Option.map(([, user]) => user)), storageOperation(STORE, "findByPhone")),
    findById: (id) =>
      readUsers(sql`SELECT ${columns} FROM users WHERE id = ${id}`).pipe(
        Effect.map((found) => Option.map(Option.fromUndefinedOr(found[0]), ([, user]) => user)),
        storageOperation(STORE, "findById")
      ),
    findOrCreate: (phone, defaults) =>
      findOrCreate(phone, defaults).pipe(
        storageOperation(STORE, "findOrCreate"),
        Effect.flatMap((found) => found instanceof NumberBlocked ? Effect.fail(found) : Effect.succeed(found))
      ),
    setConsent: (change) => setConsent(change).pipe(storageOperation(STORE, "setConsent")),
    consentHistory: (id) =>
      sql`SELECT user_id, state, source, at FROM consent_changes WHERE user_id = ${id} ORDER BY seq`.pipe(
        Effect.flatMap(decodeConsentRows),
        Effect.map((rows) =>
          rows.map((row) =>
            new ConsentChangeSchema({ userId: row.user_id, state: row.state, source: row.source, at: row.at })
          )
        ),
        storageOperation(STORE, "consentHistory")
      ),
    setAgeStatus: (id, status: AgeStatus) => setColumn("setAgeStatus", "age_status", id, status),
    setTier: (id, tier: Tier) => setColumn("setTier", "tier", id, tier),
    setTimeZone: (id, timeZone: string) => setColumn("setTimeZone", "time_zone", id, timeZone),
    block: (id) => block(id).pipe(storageOperation(STORE, "block")),
    erase: (id) =>
      sql.withTransaction(
        Effect.andThen(
          sql`DELETE FROM consent_changes WHERE user_id = ${id}`,
          sql`DELETE FROM users WHERE id = ${id}`
        )
      ).pipe(Effect.asVoid, storageOperation(STORE, "erase"))
  })
})

/** Needs `SqlClient` and `Crypto`; finds numbers indexed under older keys too (`Crypto.blindIndexes`). */
export const layer = Layer.effect(UserStore, make)
