/**
 * Bandwidth's webhook: `POST /webhooks/bandwidth/messages`, a JSON array of
 * events (texts received, delivery reports) behind HTTP Basic credentials.
 *
 * Bandwidth first calls without credentials and only sends them after a 401
 * carrying `WWW-Authenticate: Basic realm=""`, so every refusal carries it.
 * The events of a body are handled in order; outbound echoes and unknown types
 * are ignored. Bandwidth retries a body as a whole until it gets a 2xx, and
 * every step here is idempotent, so a retry after a partial failure is safe.
 */
import { BandwidthWebhook } from "@jules/adapters-sms"
import type { StorageError } from "@jules/core"
import { DeliveryReceipts } from "@jules/core"
import { Effect, Redacted, Result } from "effect"
import { HttpRouter, HttpServerResponse } from "effect/http"
import { ServerConfig } from "../config/ServerConfig.ts"
import { Inbox } from "../conversation/Inbox.ts"
import type { InboxUnavailable } from "../conversation/Inbox.ts"
import * as RawBody from "./RawBody.ts"
import * as Responses from "./Responses.ts"
import * as Webhook from "./Webhook.ts"

const challenge = () =>
  HttpServerResponse.text("authentication required", {
    status: 401,
    headers: { "www-authenticate": BandwidthWebhook.BASIC_AUTH_CHALLENGE }
  })

export const layer = HttpRouter.use(Effect.fn(function*(router) {
  const config = yield* ServerConfig
  const inbox = yield* Inbox
  const receipts = yield* DeliveryReceipts
  const credentials = config.bandwidthCallback ?? { username: "", password: Redacted.make("") }

  const handleEvent = (event: BandwidthWebhook.BandwidthEvent): Effect.Effect<void, InboxUnavailable | StorageError> => {
    switch (event._tag) {
      case "InboundSms":
        return inbox.accept({
          provider: "bandwidth",
          providerMessageId: event.providerMessageId,
          from: event.from,
          body: event.body
        }).pipe(Effect.asVoid)
      case "DeliveryReport":
        return receipts.record({
          providerMessageId: event.providerMessageId,
          status: event.status,
          errorCode: event.errorCode,
          recipientOptedOut: event.recipientOptedOut,
          messageId: event.messageId
        }).pipe(Effect.asVoid)
      case "Ignored":
        return Effect.void
    }
  }

  yield* router.add(
    "POST",
    BandwidthWebhook.messagesPath,
    Webhook.handler("bandwidth", "messages", (request) =>
      Effect.gen(function*() {
        // Never authorize an empty configuration, whatever the request says.
        const authorized = credentials.username.length > 0 &&
          BandwidthWebhook.checkBasicAuth(request.headers["authorization"], credentials) === "authorized"
        if (!authorized) return challenge()
        const raw = yield* RawBody.read(request)
        if (Result.isFailure(raw)) return raw.failure
        const decoded = BandwidthWebhook.decodeBody(raw.success)
        if (Result.isFailure(decoded)) return Responses.badRequest(decoded.failure.reason)
        return yield* Effect.forEach(decoded.success, handleEvent, { discard: true }).pipe(
          Effect.as(Responses.ok()),
          Effect.catchTags({
            InboxUnavailable: (error) =>
              Effect.logError("inbound text not accepted").pipe(
                Effect.annotateLogs({ reason: error.message }),
                Effect.as(Responses.unavailable())
              ),
            StorageError: (error) =>
              Effect.logError("delivery report not recorded").pipe(
                Effect.annotateLogs({ reason: error.reason._tag }),
                Effect.as(Responses.unavailable())
              )
          })
        )
      }))
  )
}))
