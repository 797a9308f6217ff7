/**
 * Twilio's webhooks: `POST /webhooks/twilio/sms` (a text arrived) and
 * `POST /webhooks/twilio/status` (what became of a text Jules sent).
 *
 * The raw body is read once; the `X-Twilio-Signature` is checked against
 * `PUBLIC_BASE_URL` + the path and query exactly as received (the URL Twilio
 * was configured with); only then is the body decoded. A bad signature is
 * answered 403 and nothing of the request is kept. An inbound text is stored
 * and queued before the empty TwiML answer, which Twilio gets in milliseconds:
 * the reply is sent later through the API.
 */
import { joinPublicUrl, parseFormBody, TwilioWebhook } from "@jules/adapters-sms"
import type { FormParams } from "@jules/adapters-sms"
import { DeliveryReceipts } from "@jules/core"
import { Effect, Redacted, Result } from "effect"
import type { HttpServerRequest, HttpServerResponse } from "effect/http"
import { HttpRouter } from "effect/http"
import { ServerConfig } from "../config/ServerConfig.ts"
import { Inbox } from "../conversation/Inbox.ts"
import * as RawBody from "./RawBody.ts"
import * as Responses from "./Responses.ts"
import * as Webhook from "./Webhook.ts"

const FORM = "application/x-www-form-urlencoded"

export const layer = HttpRouter.use(Effect.fn(function*(router) {
  const config = yield* ServerConfig
  const inbox = yield* Inbox
  const receipts = yield* DeliveryReceipts
  const authToken = config.twilioAuthToken ?? Redacted.make("")
  const publicBaseUrl = config.publicBaseUrl ?? ""

  /** The verified form parameters, or the response refusing the request. */
  const verified = Effect.fnUntraced(function*(
    request: HttpServerRequest.HttpServerRequest
  ): Effect.fn.Return<Result.Result<FormParams, HttpServerResponse.HttpServerResponse>> {
    const raw = yield* RawBody.read(request)
    if (Result.isFailure(raw)) return Result.fail(raw.failure)
    const params = parseFormBody(raw.success)
    const signed = TwilioWebhook.verifyFormSignature({
      authToken,
      signature: request.headers["x-twilio-signature"],
      url: joinPublicUrl(publicBaseUrl, RawBody.pathAndQuery(request)),
      params
    })
    if (!signed) {
      yield* Effect.logWarning("twilio webhook refused: bad signature").pipe(
        Effect.annotateLogs({ path: request.url.split("?")[0] })
      )
      return Result.fail(Responses.forbidden())
    }
    // Signed, so it came from Twilio; a body that is not a form is still unreadable.
    if (RawBody.mediaType(request) !== FORM) return Result.fail(Responses.unsupportedMediaType(FORM))
    return Result.succeed(params)
  })

  yield* router.add(
    "POST",
    TwilioWebhook.smsPath,
    Webhook.handler("twilio", "sms", (request) =>
      Effect.gen(function*() {
        const params = yield* verified(request)
        if (Result.isFailure(params)) return params.failure
        const decoded = TwilioWebhook.decodeInbound(params.success)
        if (Result.isFailure(decoded)) return Responses.badRequest(decoded.failure.reason)
        const text = decoded.success
        return yield* inbox.accept({
          provider: "twilio",
          providerMessageId: text.providerMessageId,
          from: text.from,
          body: text.body
        }).pipe(
          Effect.as(Responses.emptyTwiml()),
          Effect.catchTag("InboxUnavailable", (error) =>
            Effect.logError("inbound text not accepted").pipe(
              Effect.annotateLogs({ reason: error.message }),
              Effect.as(Responses.unavailable())
            ))
        )
      }))
  )

  yield* router.add(
    "POST",
    TwilioWebhook.statusPath,
    Webhook.handler("twilio", "status", (request) =>
      Effect.gen(function*() {
        const params = yield* verified(request)
        if (Result.isFailure(params)) return params.failure
        const decoded = TwilioWebhook.decodeStatus(params.success)
        if (Result.isFailure(decoded)) return Responses.badRequest(decoded.failure.reason)
        const report = decoded.success
        return yield* receipts.record({
          providerMessageId: report.providerMessageId,
          status: report.status,
          errorCode: report.errorCode,
          recipientOptedOut: report.recipientOptedOut
        }).pipe(
          Effect.as(Responses.ok()),
          Effect.catchTag("StorageError", (error) =>
            Effect.logError("delivery report not recorded").pipe(
              Effect.annotateLogs({ reason: error.reason._tag }),
              Effect.as(Responses.unavailable())
            ))
        )
      }))
  )
}))
