/**
 * `Crypto` for tests. NOT ENCRYPTION: a ciphertext is `fake:<keyId>:<base64 of
 * the plaintext>`, readable by anyone, so a test can see which key "encrypted"
 * a value and that storage never holds the plaintext itself. Ciphertexts of
 * another format fail with `InvalidCiphertext`, of an unknown key with `UnknownKey`.
 *
 * `blindIndex` is a keyed FNV-1a digest (`bidx:<32 hex digits>`): deterministic
 * and free of the input's characters, but trivially reversible by brute force.
 */
import { Crypto, CryptoError, InvalidCiphertext, UnknownKey } from "@jules/core"
import { Effect, Layer, Result } from "effect"
import { Base64 } from "effect/encoding"

export interface CryptoFakeOptions {
  /** Key new ciphertexts name. Default `"test-key"`. */
  readonly primaryKeyId?: string
  /** Older keys whose ciphertexts still decrypt, as after a rotation. */
  readonly previousKeyIds?: ReadonlyArray<string>
  /** Keys the blind index. Default `"test-index-key"`. */
  readonly indexKey?: string
}

const PREFIX = "fake:"

const parse = (ciphertext: string): { readonly keyId: string; readonly payload: string } | undefined => {
  if (!ciphertext.startsWith(PREFIX)) return undefined
  const rest = ciphertext.slice(PREFIX.length)
  const separator = rest.indexOf(":")
  if (separator <= 0) return undefined
  return { keyId: rest.slice(0, separator), payload: rest.slice(separator + 1) }
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

export const make = (options: CryptoFakeOptions = {}): Crypto["Service"] => {
  const primaryKeyId = options.primaryKeyId ?? "test-key"
  const known = new Set([primaryKeyId, ...(options.previousKeyIds ?? [])])
  const indexKey = options.indexKey ?? "test-index-key"
  const invalid = (message: string) => new CryptoError({ reason: new InvalidCiphertext({ message }) })

  return Crypto.of({
    primaryKeyId,
    encrypt: (plaintext) => Effect.succeed(`${PREFIX}${primaryKeyId}:${Base64.encode(plaintext)}`),
    decrypt: (ciphertext) => {
      const parsed = parse(ciphertext)
      if (parsed === undefined) return Effect.fail(invalid("not a fake ciphertext"))
      if (!known.has(parsed.keyId)) {
        return Effect.fail(
          new CryptoError({ reason: new UnknownKey({ message: "unknown key", keyId: parsed.keyId }) })
        )
      }
      const plaintext = Base64.decodeString(parsed.payload)
      return Result.isSuccess(plaintext) ? Effect.succeed(plaintext.success) : Effect.fail(invalid("payload is not base64"))
    },
    keyIdOf: (ciphertext) => parse(ciphertext)?.keyId,
    blindIndex: (value) => Effect.succeed(`bidx:${digest(indexKey, value)}`),
    // One index key whatever the encryption key, so a rotation never moves an index.
    blindIndexes: (value) => Effect.succeed([`bidx:${digest(indexKey, value)}`] as const)
  })
}

export const layerWith = (options: CryptoFakeOptions): Layer.Layer<Crypto> => Layer.succeed(Crypto, make(options))

export const layer: Layer.Layer<Crypto> = layerWith({})
