/**
 * What every `Crypto` must do: give back exactly what it encrypted (any
 * well-formed Unicode, the empty string included), refuse anything tampered
 * with, keep reading data under older keys after a rotation, and compute blind
 * indexes that are stable, keyed, and available under every configured key so
 * lookups survive a rotation.
 *
 * The suite takes a factory rather than one layer: `keys(["b", "a"])` is the
 * implementation configured with key `b` as primary and `a` as an older key.
 * The same id must stand for the same key material in every call (a test
 * encrypts under `["a"]` and decrypts under `["b", "a"]`).
 */
import { assert, describe, it } from "@effect/vitest"
import type { CryptoError } from "@jules/core"
import { Crypto } from "@jules/core"
import type { Layer } from "effect"
import { Effect, Schema } from "effect"
import * as Arbitrary from "effect/Arbitrary"
import type { NonEmptyReadonlyArray } from "effect/Array"
import type { ContractOptions } from "./Suite.ts"

export type CryptoKeys = (keyIds: NonEmptyReadonlyArray<string>) => Layer.Layer<Crypto, unknown>

/** Characters a tamper test puts in place of one of a ciphertext's. */
const substitutes = ["A", "Q", "b", "g", "w", "0", "9", "_", "-", ".", ":", "~"]

/** Strings that trip up encodings: empty, NUL, combining marks, RTL, astral planes, line separators. */
export const awkwardStrings: ReadonlyArray<string> = [
  "",
  " ",
  "\u0000",
  "+14155552671",
  "j'ai peur 😟 — ça va ?",
  "e\u0301 vs é",
  "مرحبا بك",
  "日本語のテキスト",
  "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 👩‍👩‍👧‍👦",
  "line\u2028separator\r\n\ttab",
  "\uFEFFbom",
  "x".repeat(10_000)
]

/** Well-formed Unicode: any code point except lone surrogates (which UTF-8 cannot carry). */
const codePoint = Arbitrary.map(
  Arbitrary.schema(Schema.Int.check(Schema.isBetween({ minimum: 0, maximum: 0x10ffff - 0x800 }))),
  (n) => n < 0xd800 ? n : n + 0x800
)
export const unicodeString: Arbitrary.Arbitrary<string> = Arbitrary.map(
  Arbitrary.array(codePoint, { maxLength: 200 }),
  (points) => String.fromCodePoint(...points)
)

const reasonOf = <A>(effect: Effect.Effect<A, CryptoError>) =>
  Effect.map(Effect.flip(effect), (error) => error.reason._tag)

export const cryptoContract = (name: string, keys: CryptoKeys, options?: ContractOptions): void => {
  const title = `Crypto contract (${name})`
  const register = options?.skip === true ? describe.skip : describe
  const under = (...ids: [string, ...Array<string>]) => Effect.provide(Effect.service(Crypto), keys(ids))

  register(title, () => {
    it.effect.prop("decrypt(encrypt(s)) is s for any well-formed Unicode string", [unicodeString], ([text]) =>
      Effect.gen(function*() {
        const crypto = yield* under("a")
        assert.strictEqual(yield* crypto.decrypt(yield* crypto.encrypt(text)), text)
      }))

    it.effect("round-trips the empty string, NUL, combining marks, RTL, emoji and long texts", () =>
      Effect.gen(function*() {
        const crypto = yield* under("a")
        for (const text of awkwardStrings) {
          assert.strictEqual(yield* crypto.decrypt(yield* crypto.encrypt(text)), text, JSON.stringify(text.slice(0, 20)))
        }
      }))

    it.effect("a ciphertext names the primary key and does not contain the plaintext", () =>
      Effect.gen(function*() {
        const crypto = yield* under("a")
        assert.strictEqual(crypto.primaryKeyId, "a")
        const ciphertext = yield* crypto.encrypt("+14155552671 Samantha")
        assert.strictEqual(crypto.keyIdOf(ciphertext), "a")
        assert.notInclude(ciphertext, "4155552671")
        assert.notInclude(ciphertext, "Samantha")
        assert.isUndefined(crypto.keyIdOf("+14155552671"))
        assert.isUndefined(crypto.keyIdOf(""))
      }))

    it.effect("changing any one character is refused, and never decrypts to another text", () =>
      Effect.gen(function*() {
        const crypto = yield* under("a", "b")
        for (const plaintext of ["my sister's name is Ana", ""]) {
          const ciphertext = yield* crypto.encrypt(plaintext)
          for (let at = 0; at < ciphertext.length; at++) {
            let refused = false
            for (const substitute of substitutes) {
              if (substitute === ciphertext[at]) continue
              const tampered = ciphertext.slice(0, at) + substitute + ciphertext.slice(at + 1)
              const result = yield* Effect.result(crypto.decrypt(tampered))
              if (result._tag === "Failure") refused = true
              else assert.strictEqual(result.success, plaintext, `a change at ${at} decrypted to another text`)
            }
            assert.isTrue(refused, `no change at character ${at} of ${ciphertext.length} was detected`)
          }
        }
      }))

    it.effect("what is not a ciphertext, or was cut short or extended, is InvalidCiphertext, not retryable", () =>
      Effect.gen(function*() {
        const crypto = yield* under("a")
        const ciphertext = yield* crypto.encrypt("I feel alone tonight")
        for (const foreign of ["", "hello", "+14155552671", ciphertext.slice(0, -1), ciphertext.slice(0, -6), `${ciphertext}AA`]) {
          const error = yield* Effect.flip(crypto.decrypt(foreign))
          assert.strictEqual(error.reason._tag, "InvalidCiphertext", JSON.stringify(foreign))
          assert.isFalse(error.isRetryable)
        }
      }))

    it.effect("a ciphertext under a key this deployment lacks is UnknownKey, naming the key", () =>
      Effect.gen(function*() {
        const ciphertext = yield* (yield* under("b")).encrypt("text")
        const error = yield* Effect.flip((yield* under("a")).decrypt(ciphertext))
        assert.strictEqual(error.reason._tag, "UnknownKey")
        assert.strictEqual(error.reason._tag === "UnknownKey" ? error.reason.keyId : undefined, "b")
        assert.isFalse(error.isRetryable)
      }))

    it.effect("after a rotation, data under the old key still decrypts and new data is under the new key", () =>
      Effect.gen(function*() {
        const before = yield* under("a")
        const old = yield* before.encrypt("before the rotation")
        const rotated = yield* under("b", "a")
        assert.strictEqual(rotated.primaryKeyId, "b")
        assert.strictEqual(yield* rotated.decrypt(old), "before the rotation")
        const fresh = yield* rotated.encrypt("after the rotation")
        assert.strictEqual(rotated.keyIdOf(fresh), "b")
        assert.strictEqual(rotated.keyIdOf(old), "a")
        // Once the old key is retired, its data is out of reach.
        assert.strictEqual(yield* reasonOf((yield* under("b")).decrypt(old)), "UnknownKey")
        assert.strictEqual(yield* (yield* under("b")).decrypt(fresh), "after the rotation")
      }))

    it.effect.prop("the blind index is deterministic and tells values apart", [unicodeString, unicodeString], ([x, y]) =>
      Effect.gen(function*() {
        const crypto = yield* under("a")
        const again = yield* under("a")
        const index = yield* crypto.blindIndex(x)
        assert.strictEqual(yield* crypto.blindIndex(x), index)
        assert.strictEqual(yield* again.blindIndex(x), index, "another instance with the same key agrees")
        if (x !== y) assert.notStrictEqual(yield* crypto.blindIndex(y), index)
      }))

    it.effect("the blind index is keyed and reveals nothing of the value", () =>
      Effect.gen(function*() {
        for (const value of ["+14155552671", "", "Samantha"]) {
          const index = yield* (yield* under("a")).blindIndex(value)
          assert.notStrictEqual(yield* (yield* under("b")).blindIndex(value), index, "another key, another index")
          if (value !== "") assert.notInclude(index, value.slice(2))
        }
        const a = yield* under("a")
        assert.notStrictEqual(yield* a.blindIndex("+14155552671"), yield* a.blindIndex("+14155552672"))
      }))

    it.effect("blindIndexes gives the index under every key, primary first, so rows indexed before a rotation stay findable", () =>
      Effect.gen(function*() {
        const value = "+14155552671"
        const single = yield* under("a")
        assert.deepStrictEqual(yield* single.blindIndexes(value), [yield* single.blindIndex(value)])
        const rotated = yield* under("b", "a")
        assert.deepStrictEqual(yield* rotated.blindIndexes(value), [
          yield* rotated.blindIndex(value),
          yield* single.blindIndex(value)
        ])
        assert.strictEqual(yield* rotated.blindIndex(value), yield* (yield* under("b")).blindIndex(value))
        const three = yield* (yield* under("c", "b", "a")).blindIndexes(value)
        assert.strictEqual(three.length, 3)
        assert.strictEqual(new Set(three).size, 3)
      }))
  })
}
