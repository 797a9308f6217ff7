/**
 * Encryption at rest and blind indexes. Storage adapters encrypt phone numbers,
 * names, bodies, memory and crisis details with it, and find a user by phone via
 * `blindIndex` so that no number is ever stored in clear.
 */
import type { Effect } from "effect"
import { Context, Schema } from "effect"

const ReasonFields = { message: Schema.String }

/** The ciphertext names a key this deployment does not have. */
export class UnknownKey extends Schema.TaggedError<UnknownKey>()("UnknownKey", {
  ...ReasonFields,
  keyId: Schema.String
}) {
  get isRetryable(): boolean {
    return false
  }
}

/** Not a ciphertext of ours, or tampered with (authentication failed). */
export class InvalidCiphertext extends Schema.TaggedError<InvalidCiphertext>()("InvalidCiphertext", ReasonFields) {
  get isRetryable(): boolean {
    return false
  }
}

export class CryptoError extends Schema.TaggedError<CryptoError>()("CryptoError", {
  reason: Schema.Union([UnknownKey, InvalidCiphertext])
}) {
  override get message(): string {
    return `${this.reason._tag}: ${this.reason.message}`
  }

  get isRetryable(): boolean {
    return false
  }
}

export class Crypto extends Context.Service<Crypto, {
  /** Id of the key new ciphertexts are made with. */
  readonly primaryKeyId: string
  /** Authenticated encryption; the result names its key and is safe to store as text. */
  readonly encrypt: (plaintext: string) => Effect.Effect<string, CryptoError>
  readonly decrypt: (ciphertext: string) => Effect.Effect<string, CryptoError>
  /** The key a ciphertext was made with, if it is one of ours. */
  readonly keyIdOf: (ciphertext: string) => string | undefined
  /**
   * A keyed, deterministic digest for equality lookups (HMAC-SHA256) under the
   * primary key: what a row stores. Equal inputs give equal outputs; nothing
   * about the input can be read from it.
   */
  readonly blindIndex: (value: string) => Effect.Effect<string, CryptoError>
  /**
   * The digest under every configured key, primary first: what a lookup
   * searches for, so rows indexed before a key rotation stay findable until
   * they are rewritten under the new primary key.
   */
  readonly blindIndexes: (value: string) => Effect.Effect<readonly [string, ...Array<string>], CryptoError>
}>()("@jules/core/Crypto") {}
