import { assert, describe, it } from "@effect/vitest"
import { Crypto } from "@jules/core"
import { ConfigProvider, Effect, Exit, Layer, Redacted } from "effect"
import { mkdtemp, readFile, rm, stat } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import * as AesGcmCrypto from "../src/AesGcmCrypto.ts"
import * as EncryptionKeys from "../src/EncryptionKeys.ts"
import * as Keys from "./support/Keys.ts"
import { cryptoContract } from "@jules/testkit"

const cryptoOf = (keys: ReturnType<typeof Keys.keys>) => AesGcmCrypto.make(keys)

const failureTag = <A>(effect: Effect.Effect<A, { readonly reason: { readonly _tag: string } }>) =>
  Effect.map(Effect.flip(effect), (error) => error.reason._tag)

/** Flips one bit of the payload (after `v1.<keyId>.`), keeping it valid base64url. */
const tamper = (ciphertext: string, at: number) => {
  const prefix = ciphertext.slice(0, ciphertext.lastIndexOf(".") + 1)
  const payload = Buffer.from(ciphertext.slice(prefix.length), "base64url")
  payload[at % payload.length]! ^= 0x01
  return prefix + payload.toString("base64url")
}

/** One key per id for the whole run, so `["b", "a"]` reads what `["a"]` wrote. */
const keyById = new Map<string, EncryptionKeys.EncryptionKey>()
const keyFor = (id: string) => {
  const known = keyById.get(id)
  if (known !== undefined) return known
  const [key] = Keys.keys(id)
  keyById.set(id, key)
  return key
}

cryptoContract("AES-256-GCM", (ids) => AesGcmCrypto.layer([keyFor(ids[0]), ...ids.slice(1).map(keyFor)]))

/** What every `Crypto` must do is the contract above; here, what is particular to AES-GCM. */
describe("AesGcmCrypto", () => {
  const [a, b] = [Keys.keys("a"), Keys.keys("b")]
  const crypto = cryptoOf(a)

  it.effect("a ciphertext reads v1.<keyId>.<payload>", () =>
    Effect.gen(function*() {
      const ciphertext = yield* crypto.encrypt("+14155552671 Sam")
      assert.match(ciphertext, /^v1\.a\.[A-Za-z0-9_-]+$/)
      assert.strictEqual(AesGcmCrypto.keyIdOf(ciphertext), "a")
    }))

  it.effect("two encryptions of one plaintext differ (a random IV each)", () =>
    Effect.gen(function*() {
      const first = yield* crypto.encrypt("I feel alone tonight")
      const second = yield* crypto.encrypt("I feel alone tonight")
      assert.notStrictEqual(first, second)
    }))

  it.effect("any tampered byte of the payload fails with InvalidCiphertext", () =>
    Effect.gen(function*() {
      const ciphertext = yield* crypto.encrypt("my sister's name is Ana")
      const length = Buffer.from(ciphertext.split(".")[2]!, "base64url").length
      for (let at = 0; at < length; at++) {
        assert.strictEqual(yield* failureTag(crypto.decrypt(tamper(ciphertext, at))), "InvalidCiphertext", `byte ${at}`)
      }
      for (const garbage of ["v1.a.", "v1.a.!!!", "v2.a.AAAA", "v1.a.AAAA"]) {
        assert.strictEqual(yield* failureTag(crypto.decrypt(garbage)), "InvalidCiphertext", JSON.stringify(garbage))
      }
    }))

  it.effect("values read again and again, among more than it remembers, read back what was written", () =>
    Effect.gen(function*() {
      // A fresh instance: its memory of decrypted values starts empty.
      const reader = cryptoOf(a)
      const count = 3 * AesGcmCrypto.DECRYPTED_REMEMBERED
      const plaintexts = Array.from({ length: count }, (_, i) => `line ${i}: ${"é".repeat(i % 7)}`)
      const ciphertexts = yield* Effect.forEach(plaintexts, (text) => reader.encrypt(text))
      // Each pass reads a window of recent values again, as turns read a conversation's last lines.
      for (let i = 0; i < count; i++) {
        for (const j of [i, i - 1, i - 40, i - AesGcmCrypto.DECRYPTED_REMEMBERED - 1].filter((j) => j >= 0)) {
          assert.strictEqual(yield* reader.decrypt(ciphertexts[j]!), plaintexts[j])
        }
      }
    }))

  it.effect("a value read once still refuses a tampered copy of itself", () =>
    Effect.gen(function*() {
      const ciphertext = yield* crypto.encrypt("i told my brother everything")
      assert.strictEqual(yield* crypto.decrypt(ciphertext), "i told my brother everything")
      assert.strictEqual(yield* failureTag(crypto.decrypt(tamper(ciphertext, 20))), "InvalidCiphertext")
      assert.strictEqual(yield* crypto.decrypt(ciphertext), "i told my brother everything")
    }))

  it.effect("a lone surrogate is stored as U+FFFD, as a PostgreSQL text column would", () =>
    Effect.gen(function*() {
      assert.strictEqual(yield* crypto.decrypt(yield* crypto.encrypt("a\uD800b")), "a\uFFFDb")
    }))

  it.effect("a blind index names its key: bi1.<keyId>.<mac>", () =>
    Effect.gen(function*() {
      const rotated = cryptoOf([...b, ...a])
      const [primary, older] = yield* rotated.blindIndexes("+14155552671")
      assert.match(primary!, /^bi1\.b\./)
      assert.match(older!, /^bi1\.a\./)
    }))

  it.effect("layer provides Crypto", () =>
    Effect.gen(function*() {
      const provided = yield* Crypto
      assert.strictEqual(provided.primaryKeyId, "a")
    }).pipe(Effect.provide(AesGcmCrypto.layer(a))))
})

describe("EncryptionKeys", () => {
  const key = Buffer.alloc(32, 7).toString("base64")

  const parseError = (text: string) => Effect.map(Effect.flip(EncryptionKeys.parse(text)), (error) => error.message)

  it.effect("reads id:base64key lists; the first key is the primary", () =>
    Effect.gen(function*() {
      const keys = yield* EncryptionKeys.parse(` k2:${key} , k1:${Buffer.alloc(32, 1).toString("base64url")}`)
      assert.deepStrictEqual(keys.map((k) => k.id), ["k2", "k1"])
      assert.strictEqual(Redacted.value(keys[0].material).length, 32)
    }))

  it.effect("rejects malformed and short keys without printing key material", () =>
    Effect.gen(function*() {
      const short = Buffer.alloc(16, 9).toString("base64")
      const cases: ReadonlyArray<readonly [string, string]> = [
        ["", "no key given"],
        [key, "entry 1 is not of the form id:base64key"],
        [`k1:${short}`, "must be 32 bytes, got 16"],
        [`k1:${key},k2:not base64!`, "entry 2 (id \"k2\"): key is not valid base64"],
        [`k1:${key},k1:${key}`, "appears twice"],
        [`bad.id:${key}`, "key id must be"]
      ]
      for (const [text, expected] of cases) {
        const message = yield* parseError(text)
        assert.include(message, expected)
        assert.notInclude(message, short)
        assert.notInclude(message, key)
      }
    }))

  const withConfig = (env: Record<string, string>) =>
    Effect.provide(ConfigProvider.layer(ConfigProvider.fromUnknown(env)))

  it.effect("production without keys refuses to start, saying why", () =>
    Effect.gen(function*() {
      const exit = yield* Effect.exit(
        Layer.build(AesGcmCrypto.layerConfig).pipe(Effect.scoped, withConfig({ NODE_ENV: "production" }))
      )
      assert.isTrue(Exit.isFailure(exit))
      const error = yield* Effect.flip(EncryptionKeys.fromConfig.pipe(withConfig({ NODE_ENV: "production" })))
      assert.include(error.message, "JULES_ENCRYPTION_KEYS")
      assert.include(error.message, "production")
    }))

  it.effect("a malformed key fails the layer", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(
        Layer.build(AesGcmCrypto.layerConfig).pipe(Effect.scoped, withConfig({ JULES_ENCRYPTION_KEYS: "k1:abc" }))
      )
      assert.include(error.message, "32 bytes")
    }))

  it.effect("development without keys generates one into the data directory (0600) and reuses it", () =>
    Effect.acquireUseRelease(
      Effect.promise(() => mkdtemp(join(tmpdir(), "jules-keys-"))),
      (dir) =>
        Effect.gen(function*() {
          const env = { JULES_DATA_DIR: join(dir, "data") }
          const first = yield* EncryptionKeys.fromConfig.pipe(withConfig(env))
          const file = EncryptionKeys.devKeyFile(env.JULES_DATA_DIR)
          const mode = (yield* Effect.promise(() => stat(file))).mode & 0o777
          assert.strictEqual(mode, 0o600)
          const second = yield* EncryptionKeys.fromConfig.pipe(withConfig(env))
          assert.strictEqual(second[0].id, first[0].id)
          const ciphertext = yield* cryptoOf(first).encrypt("kept across restarts")
          assert.strictEqual(yield* cryptoOf(second).decrypt(ciphertext), "kept across restarts")
          // Configured keys win over the file.
          const configured = yield* EncryptionKeys.fromConfig.pipe(
            withConfig({ ...env, JULES_ENCRYPTION_KEYS: `k9:${key}` })
          )
          assert.strictEqual(configured[0].id, "k9")
          assert.include(yield* Effect.promise(() => readFile(file, "utf8")), `${first[0].id}:`)
        }),
      (dir) => Effect.promise(() => rm(dir, { recursive: true, force: true }))
    ))

  it.effect("an in-memory run without keys uses a fresh throwaway key each time", () =>
    Effect.gen(function*() {
      const first = yield* EncryptionKeys.fromConfig.pipe(withConfig({ JULES_DATA_DIR: "memory://" }))
      const second = yield* EncryptionKeys.fromConfig.pipe(withConfig({ JULES_DATA_DIR: "memory://" }))
      assert.notStrictEqual(first[0].id, second[0].id)
    }))
})
