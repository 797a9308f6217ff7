/**
 * A start with the wrong keys is refused before anything is stored.
 *
 * The database keeps one key check value (table `jules_key_check`): a fixed,
 * public constant encrypted like every other value (`v1.<keyId>.<…>`, AES-GCM
 * with a random IV), so it reveals nothing about the key, and opening it proves
 * the configured keys include the one it was made with. It is written when the
 * database is first started. A database from before the check gets it at its
 * next start: one stored phone number must open with the configured keys, and
 * the value is written once that number is under the primary key. `KeyRotation` re-encrypts it like any other column, so after
 * `pnpm jules:rotate-keys` it moves to the new primary key.
 *
 * Without the check, a valid but different `JULES_ENCRYPTION_KEYS` starts and
 * every known number looks new: the person would be met as a stranger.
 */
import { Crypto } from "@jules/core"
import { Effect, Layer, Option } from "effect"
import { SqlClient } from "effect/sql/SqlClient"
import type { SqlError } from "effect/sql/SqlError"
import { EncryptionKeysError } from "./EncryptionKeys.ts"

export const TABLE = "jules_key_check"

/** What the check value decrypts to. Public by design: the secret is the key. */
export const CONSTANT = "jules key check v1"

/** Why the configured keys cannot open `ciphertext` (a value this database holds), or none if they can. */
const mismatch = (ciphertext: string, expected: string | undefined) =>
  Effect.gen(function*() {
    const crypto = yield* Crypto
    const keyId = crypto.keyIdOf(ciphertext) ?? "unknown"
    const opened = yield* Effect.result(crypto.decrypt(ciphertext))
    if (opened._tag === "Success" && (expected === undefined || opened.success === expected)) {
      return Option.none<EncryptionKeysError>()
    }
    const sameId = opened._tag === "Failure" && opened.failure.reason._tag !== "UnknownKey"
    return Option.some(
      new EncryptionKeysError({
        message: sameId
          ? `JULES_ENCRYPTION_KEYS: the key with id "${keyId}" is not the key this database was encrypted with ` +
            `(same id, different key). Put the original key "${keyId}" back into JULES_ENCRYPTION_KEYS.`
          : `JULES_ENCRYPTION_KEYS holds none of the keys this database was encrypted with (key ids seen: ${keyId}). ` +
            `Add the key "${keyId}" back; to move to a new key, list the new one first and "${keyId}" after it ` +
            `(JULES_ENCRYPTION_KEYS=new:…,${keyId}:…), then run pnpm jules:rotate-keys.`
      })
    )
  })

const readCheck = Effect.gen(function*() {
  const sql = yield* SqlClient
  const rows = yield* sql<{ readonly check_ciphertext: string }>`
    SELECT check_ciphertext FROM ${sql(TABLE)} WHERE id = 1`
  return Option.fromUndefinedOr(rows[0]?.check_ciphertext)
})

/**
 * Refuses (`EncryptionKeysError`, naming the key ids seen and the fix) when no
 * configured key opens the check value; writes the value under the primary key
 * when there is none yet.
 */
export const verify: Effect.Effect<void, EncryptionKeysError | SqlError, SqlClient | Crypto> = Effect
  .gen(function*() {
    const sql = yield* SqlClient
    const crypto = yield* Crypto
    let stored = yield* readCheck
    if (Option.isNone(stored)) {
      // A database from before the check may already hold data: it must open with these keys.
      const sample = yield* sql<{ readonly phone_ciphertext: string }>`
        SELECT phone_ciphertext FROM users ORDER BY id LIMIT 1`
      if (sample[0] !== undefined) {
        const problem = yield* mismatch(sample[0].phone_ciphertext, undefined)
        if (Option.isSome(problem)) return yield* problem.value
        // Mid-rotation (the data is under an older key): the check waits for a start whose primary opens it,
        // so that it never vouches for a key the data is not under.
        if (crypto.keyIdOf(sample[0].phone_ciphertext) !== crypto.primaryKeyId) return
      }
      const value = yield* Effect.orDie(crypto.encrypt(CONSTANT))
      yield* sql`INSERT INTO ${sql(TABLE)} (id, check_ciphertext) VALUES (1, ${value}) ON CONFLICT (id) DO NOTHING`
      // Another instance starting at the same moment may have written first: check what is there.
      stored = yield* readCheck
      if (Option.isNone(stored)) return
    }
    const problem = yield* mismatch(stored.value, CONSTANT)
    if (Option.isSome(problem)) return yield* problem.value
  })
  .pipe(Effect.withSpan("KeyCheck.verify"))

/** Runs `verify` when built: after migrations, before any store is used. */
export const layer: Layer.Layer<never, EncryptionKeysError | SqlError, SqlClient | Crypto> =
  Layer.effectDiscard(verify)
