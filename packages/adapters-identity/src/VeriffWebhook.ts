/**
 * `POST /webhooks/veriff`, provider side: the raw body is authenticated
 * (`X-HMAC-SIGNATURE` under any configured shared secret, constant time) and
 * only then decoded. A refusal says which status to answer: 401 without a
 * signature, 403 with a wrong one, 400 for a signed body Jules cannot read.
 * The server's route knows HTTP; this module knows Veriff.
 */
import type { DateTime } from "effect"
import { Redacted } from "effect"
import type { DecodedWebhook } from "./VeriffDecision.ts"
import * as VeriffDecision from "./VeriffDecision.ts"
import type { VeriffSettings } from "./VeriffConfig.ts"
import { SIGNATURE_HEADER, verify } from "./VeriffSignature.ts"

export const PATH = "/webhooks/veriff"

export type Received =
  | Exclude<DecodedWebhook, { readonly _tag: "Malformed" }>
  | { readonly _tag: "Refused"; readonly status: 400 | 401 | 403; readonly reason: string }

export interface VeriffWebhook {
  readonly receive: (request: {
    readonly headers: Readonly<Record<string, string | undefined>>
    readonly body: string
    readonly receivedAt: DateTime.Utc
  }) => Received
}

export const make = (settings: Pick<VeriffSettings, "sharedSecrets">): VeriffWebhook => {
  const secrets = settings.sharedSecrets.map(Redacted.value)
  return {
    receive: ({ body, headers, receivedAt }) => {
      const signature = headers[SIGNATURE_HEADER]
      if (signature === undefined || signature.trim().length === 0) {
        return { _tag: "Refused", status: 401, reason: "missing X-HMAC-SIGNATURE" }
      }
      if (!verify(body, signature, secrets)) return { _tag: "Refused", status: 403, reason: "invalid signature" }
      const decoded = VeriffDecision.decode(body, receivedAt)
      return decoded._tag === "Malformed" ? { _tag: "Refused", status: 400, reason: decoded.reason } : decoded
    }
  }
}
