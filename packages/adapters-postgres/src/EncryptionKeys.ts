/**
 * The keys that encrypt data at rest: `JULES_ENCRYPTION_KEYS=id:base64key,...`,
 * the first encrypts, all decrypt. Rotating is adding a new key in front.
 *
 * Without keys, development generates one into the data directory (mode 0600)
 * and warns; production refuses to start. No message here ever carries key
 * material: errors name the entry and the key id only.
 */
import { randomBytes } from "node:crypto"
import { mkdir, readFile, writeFile } from "node:fs/promises"
import { join } from "node:path"
import { Config, Effect, Option, Redacted, Schema } from "effect"
import type { NonEmptyReadonlyArray } from "effect/Array"
import * as StorageConfig from "./StorageConfig.ts"

export class EncryptionKeysError extends Schema.TaggedError<EncryptionKeysError>()("EncryptionKeysError", {
  message: Schema.String
}) {}

export interface EncryptionKey {
  /** Written into every ciphertext, so a deployment knows which key opens it. */
  readonly id: string
  /** 32 bytes for AES-256. */
  readonly material: Redacted.Redacted<Uint8Array>
}

/** Key ids travel inside ciphertexts (`v1.<id>.<payload>`): no dots, commas or colons. */
const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/
/** Standard or URL-safe alphabet, padding optional. */
const BASE64 = /^[A-Za-z0-9+/_-]+={0,2}$/
export const KEY_BYTES = 32

const fail = (message: string) => new EncryptionKeysError({ message: `JULES_ENCRYPTION_KEYS: ${message}` })

/** Reads `id:base64key,...`. Standard base64 and base64url are both accepted. */
export const parse = (text: string): Effect.Effect<NonEmptyReadonlyArray<EncryptionKey>, EncryptionKeysError> =>
  Effect.suspend(() => {
    const entries = text.split(",").map((entry) => entry.trim()).filter((entry) => entry.length > 0)
    if (entries.length === 0) return Effect.fail(fail("no key given; expected id:base64key[,id:base64key...]"))
    const keys: Array<EncryptionKey> = []
    for (const [index, entry] of entries.entries()) {
      const position = `entry ${index + 1}`
      const colon = entry.indexOf(":")
      if (colon <= 0) return Effect.fail(fail(`${position} is not of the form id:base64key`))
      const id = entry.slice(0, colon).trim()
      const encoded = entry.slice(colon + 1).trim()
      if (!KEY_ID.test(id)) {
        return Effect.fail(fail(`${position}: key id must be 1-32 letters, digits, "_" or "-"`))
      }
      if (keys.some((key) => key.id === id)) return Effect.fail(fail(`${position}: key id "${id}" appears twice`))
      if (!BASE64.test(encoded)) return Effect.fail(fail(`${position} (id "${id}"): key is not valid base64`))
      const material = Buffer.from(encoded.replaceAll("-", "+").replaceAll("_", "/"), "base64")
      if (material.length !== KEY_BYTES) {
        return Effect.fail(
          fail(`${position} (id "${id}"): key must be ${KEY_BYTES} bytes, got ${material.length}`)
        )
      }
      keys.push({ id, material: Redacted.make(new Uint8Array(material), { label: `EncryptionKey(${id})` }) })
    }
    return Effect.succeed(keys as unknown as NonEmptyReadonlyArray<EncryptionKey>)
  })

/** A fresh key in `JULES_ENCRYPTION_KEYS` syntax. */
export const generate = (id = `dev${randomBytes(3).toString("hex")}`): string =>
  `${id}:${randomBytes(KEY_BYTES).toString("base64")}`

/** Where development keeps its generated key, inside the data directory. */
export const devKeyFile = (dataDir: string): string => join(dataDir, "encryption-keys")

/**
 * The development key of this data directory, created on first use. `wx` makes
 * creation atomic: when two processes race, the loser reads the winner's key.
 */
const loadOrCreateDevKeys = (
  dataDir: string
): Effect.Effect<NonEmptyReadonlyArray<EncryptionKey>, EncryptionKeysError> =>
  Effect.gen(function*() {
    if (StorageConfig.isInMemory(dataDir)) {
      yield* Effect.logWarning(
        "JULES_ENCRYPTION_KEYS is not set: using a throwaway key for this in-memory run. Set it in production."
      )
      return yield* parse(generate())
    }
    const file = devKeyFile(dataDir)
    const existing = yield* Effect.tryPromise({
      try: () => readFile(file, "utf8"),
      catch: (cause) => cause
    }).pipe(
      Effect.map(Option.some),
      Effect.catch((cause) =>
        isNotFound(cause)
          ? Effect.succeed(Option.none<string>())
          : Effect.fail(new EncryptionKeysError({ message: `cannot read the development key file ${file}` }))
      )
    )
    if (Option.isSome(existing)) {
      yield* Effect.logWarning(
        `JULES_ENCRYPTION_KEYS is not set: using the development key in ${file}. Set it in production.`
      )
      return yield* parse(existing.value).pipe(
        Effect.mapError((error) => new EncryptionKeysError({ message: `${file}: ${error.message}` }))
      )
    }
    const created = generate()
    const written = yield* Effect.tryPromise({
      try: async () => {
        await mkdir(dataDir, { recursive: true, mode: 0o700 })
        await writeFile(file, `${created}\n`, { mode: 0o600, flag: "wx" })
      },
      catch: (cause) => cause
    }).pipe(
      Effect.as(true),
      Effect.catch((cause) =>
        isAlreadyExists(cause)
          ? Effect.succeed(false)
          : Effect.fail(new EncryptionKeysError({ message: `cannot write the development key file ${file}` }))
      )
    )
    if (!written) return yield* loadOrCreateDevKeys(dataDir)
    yield* Effect.logWarning(
      `JULES_ENCRYPTION_KEYS is not set: generated a development key into ${file} (mode 0600). ` +
        "Back it up with the data: without it nothing stored can be read. Set JULES_ENCRYPTION_KEYS in production."
    )
    return yield* parse(created)
  })

const isNotFound = (cause: unknown) => (cause as NodeJS.ErrnoException | undefined)?.code === "ENOENT"
const isAlreadyExists = (cause: unknown) => (cause as NodeJS.ErrnoException | undefined)?.code === "EEXIST"

export interface Settings {
  readonly keys: Option.Option<Redacted.Redacted<string>>
  readonly production: boolean
  readonly dataDir: string
}

/** Decides which keys to use; the rules are in the module comment. */
export const resolve = (
  settings: Settings
): Effect.Effect<NonEmptyReadonlyArray<EncryptionKey>, EncryptionKeysError> => {
  if (Option.isSome(settings.keys) && Redacted.value(settings.keys.value).trim().length > 0) {
    return parse(Redacted.value(settings.keys.value))
  }
  if (settings.production) {
    return Effect.fail(
      fail(
        "not set. NODE_ENV=production refuses to start without encryption keys. " +
          "Generate one with `node -e \"console.log('k1:' + require('crypto').randomBytes(32).toString('base64'))\"` " +
          "and set JULES_ENCRYPTION_KEYS to it; keep it safe, the data cannot be read without it."
      )
    )
  }
  return loadOrCreateDevKeys(settings.dataDir)
}

export const settingsConfig: Config.Config<Settings> = Config.all({
  keys: Config.option(Config.Redacted("JULES_ENCRYPTION_KEYS")),
  production: Config.String("NODE_ENV").pipe(
    Config.withDefault("development"),
    Config.map((env) => env.trim() === "production")
  ),
  dataDir: StorageConfig.dataDir
})

/** The keys from `JULES_ENCRYPTION_KEYS`, `NODE_ENV` and `JULES_DATA_DIR`. */
export const fromConfig: Effect.Effect<
  NonEmptyReadonlyArray<EncryptionKey>,
  EncryptionKeysError | Config.ConfigError
> = Effect.flatMap(settingsConfig, resolve)
