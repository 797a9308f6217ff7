/**
 * `AgeVerification` on Veriff's API: `POST {VERIFF_API_BASE_URL}/v1/sessions`
 * with `X-AUTH-CLIENT` (the API key) and `X-HMAC-SIGNATURE` (the body signed
 * with the shared secret), answered with the session's id and URL.
 *
 * Veriff learns Jules's id for the person (`vendorData`) and where to send
 * them when done (`callback`), nothing else: no phone number, no name, no
 * text they wrote. Its decision comes back by webhook (`VeriffWebhook`).
 *
 * A network failure, a timeout, 429 or 5xx is `VerificationUnavailable`
 * (retryable: the person opens the link again); any other refusal (a wrong
 * key, 400) is `VerificationRejected`.
 */
import type { UserId } from "@jules/core"
import { AgeVerification, AgeVerificationError, Spans, VerificationRejected, VerificationUnavailable } from "@jules/core"
import { Duration, Effect, Layer, Option, Redacted, Schema } from "effect"
import { FetchHttpClient, HttpClient, HttpClientRequest } from "effect/http"
import type { VeriffSettings } from "./VeriffConfig.ts"
import { API_KEY_HEADER, sign, SIGNATURE_HEADER } from "./VeriffSignature.ts"

const REQUEST_TIMEOUT = Duration.seconds(10)

const SessionCreated = Schema.Struct({
  status: Schema.Literal("success"),
  verification: Schema.Struct({
    id: Schema.String.pipe(Schema.check(Schema.isMinLength(1))),
    url: Schema.String.pipe(Schema.check(Schema.isMinLength(1)))
  })
})
const decodeSessionCreated = Schema.decodeUnknownOption(SessionCreated)

const unavailable = (message: string) => new AgeVerificationError({ reason: new VerificationUnavailable({ message }) })
const rejected = (message: string) => new AgeVerificationError({ reason: new VerificationRejected({ message }) })

/** The request body: the person's id and the way back, nothing that identifies them. */
export const sessionBody = (userId: UserId, callbackUrl: string | undefined): string =>
  JSON.stringify({
    verification: {
      ...(callbackUrl === undefined ? {} : { callback: callbackUrl }),
      vendorData: userId
    }
  })

export const make = (settings: VeriffSettings) =>
  Effect.gen(function*() {
    const client = yield* HttpClient.HttpClient
    const apiKey = Redacted.value(settings.apiKey)
    const signingSecret = Redacted.value(settings.sharedSecrets[0]!)
    const url = `${settings.apiBaseUrl}/v1/sessions`

    const startSession = Spans.fn("AgeVerification.startSession")(function*(userId: UserId) {
      const body = sessionBody(userId, settings.callbackUrl)
      const request = HttpClientRequest.post(url).pipe(
        HttpClientRequest.setHeaders({
          [API_KEY_HEADER]: apiKey,
          [SIGNATURE_HEADER]: sign(signingSecret, body),
          accept: "application/json"
        }),
        HttpClientRequest.bodyText(body, "application/json")
      )
      const response = yield* client.execute(request).pipe(
        Effect.timeoutOrElse({
          duration: REQUEST_TIMEOUT,
          orElse: () => Effect.fail(unavailable("Veriff did not answer in time"))
        }),
        Effect.catchTag("HttpClientError", () => Effect.fail(unavailable("Veriff is unreachable")))
      )
      if (response.status === 429 || response.status >= 500) {
        return yield* unavailable(`Veriff answered ${response.status}`)
      }
      if (response.status < 200 || response.status >= 300) {
        return yield* rejected(`Veriff refused the session (${response.status})`)
      }
      const json = yield* response.json.pipe(Effect.catch(() => Effect.fail(unavailable("Veriff's answer is not JSON"))))
      const created = decodeSessionCreated(json)
      if (Option.isNone(created)) return yield* unavailable("Veriff's answer has no session")
      return { sessionId: created.value.verification.id, url: created.value.verification.url }
    })

    return AgeVerification.of({ startSession })
  })

/** Veriff with the platform's `fetch`. */
export const layer = (settings: VeriffSettings): Layer.Layer<AgeVerification> =>
  Layer.effect(AgeVerification, make(settings)).pipe(Layer.provide(FetchHttpClient.layer))
