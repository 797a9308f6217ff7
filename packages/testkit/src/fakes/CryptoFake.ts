/**
 * `Crypto` for tests. NOT ENCRYPTION: a ciphertext is `fake:<keyId>:<base64 of
 * the plaintext>:<check>`, readable by anyone, so a test can see which key
 * "encrypted" a value and that storage never holds the plaintext itself. The
 * check (a keyed FNV-1a digest of key id and payload) makes any change to a
 * ciphertext fail with `InvalidCiphertext`, as authenticated encryption does;
 * other formats fail with `InvalidCiphertext` too, a key not configured with `UnknownKey`.
 *
 * `blindIndex` is a keyed FNV-1a digest under the primary key
 * (`bidx:<32 hex digits>`): deterministic and free of the input's characters,
 * but trivially reversible by brute force. As with real keys, each key gives
 * another index, and `blindIndexes` lists the index under every key.
 */
import { Crypto, CryptoError, InvalidCiphertext, UnknownKey } from "@jules/core"
import { Effect, Layer, Result } from "effect"
import { Base64 } from "effect/encoding"

export interface CryptoFakeOptions {
  /** Key new ciphertexts name. Default `"test-key"`. */
  readonly primaryKeyId?: string
  /** Older keys whose ciphertexts still decrypt, as after a rotation. */
  readonly previousKeyIds?: ReadonlyArray<string>
  /** Secret the blind index of each key is derived from. Default `"test-index-key"`. */
  readonly indexKey?: string
}

const PREFIX = "fake:"

/** Key id, and the rest after it (`<payload>:<check>`, unverified). */
const parse = (ciphertext: string): { readonly keyId: string; readonly rest: string } | undefined => {
  if (!ciphertext.startsWith(PREFIX)) return undefined
  const rest = ciphertext.slice(PREFIX.length)
  const separator = rest.indexOf(":")
  if (separator <= 0) return undefined
  return { keyId: rest.slice(0, separator), rest: rest.slice(separator + 1) }
}

const fnv1a32 = (input: string, seed: number): number => {
  let hash = seed >>> 0
  for (let i = 0; i < input.length; i++) {
    hash ^= input.charCodeAt(i)
    hash = Math.imul(hash, 0x01000193) >>> 0
  }
  return hash
}

const digest = (key: string, value: string): string => {
  const input = `${key}\u0000${value}`
  return [0x811c9dc5, 0x01234567, 0x89abcdef, 0xdeadbeef]
    .map((seed) => fnv1a32(input, seed).toString(16).padStart(8, "0"))
    .join("")
}

const CHECK_KEY = "fake-integrity"

/** Keeps a leading U+FEFF, which the default decoder would drop. */
const utf8 = new TextDecoder("utf-8", { ignoreBOM: true })

export const make = (options: CryptoFakeOptions = {}): Crypto["Service"] => {
  const primaryKeyId = options.primaryKeyId ?? "test-key"
  const keyIds = [primaryKeyId, ...(options.previousKeyIds ?? []).filter((id) => id !== primaryKeyId)] as const
  const indexKey = options.indexKey ?? "test-index-key"
  const invalid = (message: string) => new CryptoError({ reason: new InvalidCiphertext({ message }) })
  const check = (keyId: string, payload: string) => digest(CHECK_KEY, `${keyId}:${payload}`)
  const indexUnder = (keyId: string, value: string) => `bidx:${digest(`${indexKey}/${keyId}`, value)}`

  return Crypto.of({
    primaryKeyId,
    encrypt: (plaintext) =>
      Effect.sync(() => {
        const payload = Base64.encode(plaintext)
        return `${PREFIX}${primaryKeyId}:${payload}:${check(primaryKeyId, payload)}`
      }),
    decrypt: (ciphertext) => {
      const parsed = parse(ciphertext)
      if (parsed === undefined) return Effect.fail(invalid("not a fake ciphertext"))
      if (!keyIds.includes(parsed.keyId)) {
        return Effect.fail(
          new CryptoError({ reason: new UnknownKey({ message: "unknown key", keyId: parsed.keyId }) })
        )
      }
      const separator = parsed.rest.lastIndexOf(":")
      const payload = parsed.rest.slice(0, Math.max(0, separator))
      if (separator < 0 || parsed.rest.slice(separator + 1) !== check(parsed.keyId, payload)) {
        return Effect.fail(invalid("integrity check failed: tampered with, or not a fake ciphertext"))
      }
      const bytes = Base64.decode(payload)
      return Result.isSuccess(bytes)
        ? Effect.succeed(utf8.decode(bytes.success))
        : Effect.fail(invalid("payload is not base64"))
    },
    keyIdOf: (ciphertext) => parse(ciphertext)?.keyId,
    blindIndex: (value) => Effect.sync(() => indexUnder(primaryKeyId, value)),
    blindIndexes: (value) =>
      Effect.sync(() => [indexUnder(primaryKeyId, value), ...keyIds.slice(1).map((id) => indexUnder(id, value))] as const)
  })
}

export const layerWith = (options: CryptoFakeOptions): Layer.Layer<Crypto> => Layer.succeed(Crypto, make(options))

export const layer: Layer.Layer<Crypto> = layerWith({})
