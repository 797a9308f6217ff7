/** Encryption keys for tests: fresh random keys, never the development key file. */
import type { NonEmptyReadonlyArray } from "effect/Array"
import { Effect } from "effect"
import * as AesGcmCrypto from "../../src/AesGcmCrypto.ts"
import * as EncryptionKeys from "../../src/EncryptionKeys.ts"

export const keys = (...ids: ReadonlyArray<string>): NonEmptyReadonlyArray<EncryptionKeys.EncryptionKey> =>
  Effect.runSync(EncryptionKeys.parse(ids.map((id) => EncryptionKeys.generate(id)).join(",")))

/** `Crypto` under one fresh key. */
export const cryptoLayer = (id = "test") => AesGcmCrypto.layer(keys(id))
