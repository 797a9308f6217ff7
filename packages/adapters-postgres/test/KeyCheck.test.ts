/**
 * The key check: a database refuses keys that cannot open it, keeps working
 * through a rotation (old key listed after the new one, then
 * `KeyRotation.rotateAll`), and a database from before the check gets its
 * value at the next start, unless its data does not open with the keys.
 */
import { afterAll, assert, describe, layer } from "@effect/vitest"
import type { PhoneNumber } from "@jules/core"
import { type Crypto, Tier, UserStore } from "@jules/core"
import { Effect, Layer, Option, Redacted } from "effect"
import type { NonEmptyReadonlyArray } from "effect/Array"
import { SqlClient } from "effect/sql/SqlClient"
import * as AesGcmCrypto from "../src/AesGcmCrypto.ts"
import * as EncryptionKeys from "../src/EncryptionKeys.ts"
import * as KeyCheck from "../src/KeyCheck.ts"
import * as KeyRotation from "../src/KeyRotation.ts"
import * as PostgresStorage from "../src/PostgresStorage.ts"
import * as Databases from "./support/Databases.ts"
import * as Keys from "./support/Keys.ts"

afterAll(Databases.closeEmbedded)

type Key = EncryptionKeys.EncryptionKey
const [keyA, keyB, keyC] = [Keys.keys("keyA")[0], Keys.keys("keyB")[0], Keys.keys("keyC")[0]]
/** Another key under the id of A. */
const impostorA = Keys.keys("keyA")[0]

/** A start with these keys (first encrypts): the check, then `use` on the stores. */
const startWith = <A, E, R extends PostgresStorage.StoragePorts | Crypto | SqlClient>(
  keys: NonEmptyReadonlyArray<Key>,
  use: Effect.Effect<A, E, R>
) =>
  Effect.andThen(KeyCheck.verify, use).pipe(
    Effect.provide(PostgresStorage.layer.pipe(Layer.provideMerge(AesGcmCrypto.layer(keys))))
  )

const start = (keys: NonEmptyReadonlyArray<Key>) => startWith(keys, Effect.void)

const refusal = (keys: NonEmptyReadonlyArray<Key>) => Effect.flip(start(keys))

/** Back to a database as migrations leave it. */
const reset = Effect.gen(function*() {
  const sql = yield* SqlClient
  yield* sql`DELETE FROM ${sql(KeyCheck.TABLE)}`
  yield* sql`DELETE FROM users`
})

const storedCheck = Effect.gen(function*() {
  const sql = yield* SqlClient
  const rows = yield* sql<{ readonly check_ciphertext: string }>`SELECT check_ciphertext FROM ${sql(KeyCheck.TABLE)}`
  return rows.map((row) => row.check_ciphertext)
})

const phone = "+14155550142" as PhoneNumber
const createUser = Effect.flatMap(UserStore, (users) => users.findOrCreate(phone, { tier: Tier.make("free"), timeZone: "UTC" }))

for (const database of Databases.all) {
  describe.skipIf(database.skip)(`KeyCheck (${database.name})`, () => {
    layer(database.layer, { excludeTestServices: true })((it) => {
      it.effect("the first start writes the check under the primary key; another key is refused, naming the fix", () =>
        Effect.gen(function*() {
          yield* reset
          const user = yield* startWith([keyA], createUser)
          const [check] = yield* storedCheck
          assert.isTrue(check!.startsWith("v1.keyA."))
          assert.notInclude(check!, KeyCheck.CONSTANT)

          // The same keys start again, and find the same person.
          const again = yield* startWith([keyA], createUser)
          assert.strictEqual(again.id, user.id)

          const other = yield* refusal([keyC])
          assert.strictEqual(other._tag, "EncryptionKeysError")
          assert.include(other.message, "holds none of the keys this database was encrypted with (key ids seen: keyA)")
          assert.include(other.message, "pnpm jules:rotate-keys")

          const impostor = yield* refusal([impostorA])
          assert.include(impostor.message, `the key with id "keyA" is not the key this database was encrypted with`)
          // Neither message carries key material.
          for (const error of [other, impostor]) {
            for (const key of [keyA, keyC, impostorA]) {
              assert.notInclude(error.message, Buffer.from(Redacted.value(key.material)).toString("base64"))
            }
          }
          assert.deepStrictEqual(yield* storedCheck, [check!])
        }))

      it.effect("rotation: the old key after the new one starts; after rotateAll only the new key opens it", () =>
        Effect.gen(function*() {
          yield* reset
          const user = yield* startWith([keyA], createUser)
          // New key first, old key after it: starts, and the person is still known.
          const same = yield* startWith([keyB, keyA], createUser)
          assert.strictEqual(same.id, user.id)
          // The new key alone, before the rotation: refused, the old key is named.
          assert.include((yield* refusal([keyB])).message, "key ids seen: keyA")

          yield* startWith([keyB, keyA], KeyRotation.rotateAll)
          const [check] = yield* storedCheck
          assert.isTrue(check!.startsWith("v1.keyB."))
          const found = yield* startWith([keyB], Effect.flatMap(UserStore, (users) => users.findByPhone(phone)))
          assert.strictEqual(Option.getOrThrow(found).id, user.id)
          assert.include((yield* refusal([keyA])).message, "key ids seen: keyB")
          // The old key listed second still starts (it opens nothing, the new one does).
          yield* start([keyA, keyB])
        }))

      it.effect("a database from before the check: written at the next start, unless its data needs another key", () =>
        Effect.gen(function*() {
          yield* reset
          const user = yield* startWith([keyA], createUser)
          const sql = yield* SqlClient
          yield* sql`DELETE FROM ${sql(KeyCheck.TABLE)}`

          // Its phone numbers are under keyA: keyC alone is refused and nothing is written.
          assert.include((yield* refusal([keyC])).message, "key ids seen: keyA")
          assert.include((yield* refusal([impostorA])).message, "same id, different key")
          assert.deepStrictEqual(yield* storedCheck, [])

          // The right keys, even not first, start and find the person; the check waits for the data's key
          // to be the primary, so keyC alone stays refused.
          const found = yield* startWith([keyC, keyA], Effect.flatMap(UserStore, (users) => users.findByPhone(phone)))
          assert.strictEqual(Option.getOrThrow(found).id, user.id)
          assert.deepStrictEqual(yield* storedCheck, [])
          assert.include((yield* refusal([keyC])).message, "key ids seen: keyA")
          yield* start([keyA])
          assert.isTrue((yield* storedCheck)[0]!.startsWith("v1.keyA."))
          // An empty database from before the check takes any keys.
          yield* reset
          yield* start([keyB])
          assert.isTrue((yield* storedCheck)[0]!.startsWith("v1.keyB."))
        }))
    })
  })
}
