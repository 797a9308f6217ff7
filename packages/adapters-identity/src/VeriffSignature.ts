/**
 * Veriff's request signature (devdocs.veriff.com, "HMAC authentication"):
 * `X-HMAC-SIGNATURE` = lowercase hex HMAC-SHA256 of the raw request body
 * (of the session id for GET and DELETE) under the integration's shared
 * secret. There is no official server SDK, so this is `node:crypto`.
 *
 * Webhooks are verified over the raw bytes as received (never re-serialized
 * JSON), against every configured secret (rotation), in constant time.
 */
import { createHmac, timingSafeEqual } from "node:crypto"

export const SIGNATURE_HEADER = "x-hmac-signature"
export const API_KEY_HEADER = "x-auth-client"

/** Lowercase hex HMAC-SHA256 of `data` under `secret`. */
export const sign = (secret: string, data: string): string =>
  createHmac("sha256", secret).update(data, "utf8").digest("hex")

const HEX_SHA256 = /^[0-9a-f]{64}$/i

/**
 * Whether `signature` signs `body` under one of `secrets`. Every secret is
 * tried, whatever matched, so timing says nothing about which one did.
 */
export const verify = (body: string, signature: string | undefined, secrets: ReadonlyArray<string>): boolean => {
  if (signature === undefined) return false
  const given = signature.trim()
  if (!HEX_SHA256.test(given)) return false
  const givenBytes = Buffer.from(given.toLowerCase(), "hex")
  let matched = false
  for (const secret of secrets) {
    const expected = createHmac("sha256", secret).update(body, "utf8").digest()
    if (timingSafeEqual(expected, givenBytes)) matched = true
  }
  return matched
}
