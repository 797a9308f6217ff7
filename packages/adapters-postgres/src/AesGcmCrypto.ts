/**
 * core's `Crypto` port on node:crypto: AES-256-GCM with a random 96-bit IV per
 * value, and HMAC-SHA256 blind indexes.
 *
 * Ciphertext: `v1.<keyId>.<base64url(iv | ciphertext | tag)>`; the `v1.<keyId>`
 * header is authenticated too (AAD). Blind index: `bi1.<keyId>.<base64url(mac)>`
 * with a MAC key derived by HKDF from the encryption key, so the same key never
 * serves two purposes. Strings are encoded as UTF-8 (a lone surrogate becomes
 * U+FFFD, as it would in a PostgreSQL `text` column).
 *
 * Rotation: the first key encrypts and indexes; every key decrypts. Lookups by
 * blind index try the index under every key (`blindIndexes`).
 */
import { createCipheriv, createDecipheriv, createHmac, createSecretKey, hkdfSync, type KeyObject, randomBytes } from "node:crypto"
import type { Config } from "effect"
import { Effect, Layer, Redacted } from "effect"
import type { NonEmptyReadonlyArray } from "effect/Array"
import { Crypto, CryptoError, InvalidCiphertext, UnknownKey } from "@jules/core"
import * as EncryptionKeys from "./EncryptionKeys.ts"
import * as RecentlyUsed from "./RecentlyUsed.ts"

const VERSION = "v1"
const INDEX_VERSION = "bi1"
const IV_BYTES = 12
const TAG_BYTES = 16
const HEADER = /^v1\.([A-Za-z0-9_-]{1,32})\.([A-Za-z0-9_-]+)$/
const INDEX_INFO = "jules/blind-index/v1"

/** Keys are imported once: a `KeyObject` spares node:crypto re-reading raw bytes on every call. */
interface Key {
  readonly id: string
  readonly encryption: KeyObject
  readonly mac: KeyObject
}

const invalid = (message: string) => new CryptoError({ reason: new InvalidCiphertext({ message }) })

/** The key id of a value in our ciphertext format, whether or not this deployment holds that key. */
export const keyIdOf = (ciphertext: string): string | undefined => HEADER.exec(ciphertext)?.[1]

/**
 * Random bytes drawn from a buffer refilled 4 KiB at a time: one system call
 * per few hundred IVs instead of one per value encrypted.
 */
const randomPool = (): (size: number) => Buffer => {
  let pool = Buffer.alloc(0)
  let offset = 0
  return (size) => {
    if (offset + size > pool.length) {
      pool = randomBytes(4096)
      offset = 0
    }
    // A copy: the pool is overwritten when it is refilled.
    const bytes = Buffer.from(pool.subarray(offset, offset + size))
    offset += size
    return bytes
  }
}

export const make = (keys: NonEmptyReadonlyArray<EncryptionKeys.EncryptionKey>): Crypto["Service"] => {
  const derived: ReadonlyArray<Key> = keys.map((key) => {
    const encryption = Redacted.value(key.material)
    return {
      id: key.id,
      encryption: createSecretKey(encryption),
      mac: createSecretKey(new Uint8Array(hkdfSync("sha256", encryption, new Uint8Array(0), INDEX_INFO, 32)))
    }
  })
  const primary = derived[0]!
  const byId = new Map(derived.map((key) => [key.id, key]))

  const header = `${VERSION}.${primary.id}`
  const headerBytes = Buffer.from(header, "utf8")
  const ivs = randomPool()

  const encryptSync = (plaintext: string): string => {
    const iv = ivs(IV_BYTES)
    const cipher = createCipheriv("aes-256-gcm", primary.encryption, iv, { authTagLength: TAG_BYTES })
    cipher.setAAD(headerBytes)
    const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()])
    return `${header}.${Buffer.concat([iv, body, cipher.getAuthTag()]).toString("base64url")}`
  }

  const decryptSync = (ciphertext: string): string | CryptoError => {
    const match = HEADER.exec(ciphertext)
    if (match === null) return invalid("not a ciphertext of this format")
    const keyId = match[1]!
    const key = byId.get(keyId)
    if (key === undefined) {
      return new CryptoError({
        reason: new UnknownKey({ message: `no key with id "${keyId}" is configured`, keyId })
      })
    }
    const payload = Buffer.from(match[2]!, "base64url")
    if (payload.length < IV_BYTES + TAG_BYTES) return invalid("ciphertext too short")
    try {
      const decipher = createDecipheriv("aes-256-gcm", key.encryption, payload.subarray(0, IV_BYTES), {
        authTagLength: TAG_BYTES
      })
      decipher.setAAD(Buffer.from(`${VERSION}.${keyId}`, "utf8"))
      decipher.setAuthTag(payload.subarray(payload.length - TAG_BYTES))
      return Buffer.concat([
        decipher.update(payload.subarray(IV_BYTES, payload.length - TAG_BYTES)),
        decipher.final()
      ]).toString("utf8")
    } catch {
      return invalid("authentication failed: tampered with, or made with another key of the same id")
    }
  }

  const indexUnder = (key: Key, value: string): string =>
    `${INDEX_VERSION}.${key.id}.${createHmac("sha256", key.mac).update(value, "utf8").digest("base64url")}`

  const decryptRemembered = recentlyDecrypted(decryptSync)

  const crypto = Crypto.of({
    primaryKeyId: primary.id,
    encrypt: (plaintext) => Effect.sync(() => encryptSync(plaintext)),
    decrypt: (ciphertext) =>
      Effect.suspend(() => {
        const result = decryptRemembered(ciphertext)
        return typeof result === "string" ? Effect.succeed(result) : Effect.fail(result)
      }),
    keyIdOf,
    blindIndex: (value) => Effect.sync(() => indexUnder(primary, value)),
    blindIndexes: (value) =>
      Effect.sync(() => [indexUnder(primary, value), ...derived.slice(1).map((key) => indexUnder(key, value))] as const)
  })

  return crypto
}

/** How many values each of the two generations of `recentlyDecrypted` holds. */
export const DECRYPTED_REMEMBERED = 4_096

/**
 * Values decrypted lately, by ciphertext. A turn reads the person's last
 * lines, facts and summary again every time (17 decryptions a turn, about
 * 36 µs each in a worker under load: more than half a millisecond), and most
 * were read by their previous turn. `RecentlyUsed` keeps the values of the
 * last 4,096 to 8,192 decryptions: the recent lines of a few hundred
 * conversations, a few megabytes. The key is the whole ciphertext,
 * authenticated when first decrypted, and the keys never change while the
 * process runs; failures are not remembered.
 */
const recentlyDecrypted = (decrypt: (ciphertext: string) => string | CryptoError) => {
  const decrypted = RecentlyUsed.make<string, string>(DECRYPTED_REMEMBERED)
  return (ciphertext: string): string | CryptoError => {
    const known = decrypted.get(ciphertext)
    if (known !== undefined) return known
    const result = decrypt(ciphertext)
    return typeof result === "string" ? decrypted.set(ciphertext, result) : result
  }
}

/** `Crypto` from the given keys (first encrypts). */
export const layer = (keys: NonEmptyReadonlyArray<EncryptionKeys.EncryptionKey>): Layer.Layer<Crypto> =>
  Layer.succeed(Crypto, make(keys))

/**
 * Keys from `JULES_ENCRYPTION_KEYS`; without it, a development key kept in
 * `JULES_DATA_DIR`, or a refusal to start when `NODE_ENV=production`.
 */
export const layerConfig: Layer.Layer<Crypto, EncryptionKeys.EncryptionKeysError | Config.ConfigError> =
  Layer.unwrap(Effect.map(EncryptionKeys.fromConfig, layer))
