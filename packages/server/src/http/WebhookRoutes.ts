/**
 * Every SMS provider's webhooks, mounted from the configured slices
 * (`@jules/adapters-sms`): this module knows HTTP and no provider.
 *
 * A slice authenticates and decodes; here the raw body is read once and
 * bounded, refusals become status codes (401 + the slice's challenge, 403 bad
 * signature, 400/413/415 unreadable), and the events are handled in order:
 * an inbound text is stored and queued (`Inbox`) and a delivery receipt
 * recorded (`DeliveryReceipts`) before the acknowledgement, so storage
 * trouble is a 503 the provider retries. Nothing is stored from a refused
 * request: events exist only once the slice has authenticated it.
 */
import { SmsWebhook } from "@jules/adapters-sms"
import type { SmsWebhookSlice, WebhookEvent, WebhookRefused, WebhookRoute } from "@jules/adapters-sms"
import type { StorageError } from "@jules/core"
import { DeliveryReceipts } from "@jules/core"
import { Effect, Result } from "effect"
import type { HttpServerRequest } from "effect/http"
import { HttpRouter, HttpServerResponse } from "effect/http"
import { Inbox } from "../conversation/Inbox.ts"
import type { InboxUnavailable } from "../conversation/Inbox.ts"
import * as RawBody from "./RawBody.ts"
import * as Responses from "./Responses.ts"
import * as Webhook from "./Webhook.ts"

/** The answer to a refusal; bodies are fixed texts or the decoders' PII-free reasons. */
const refusal = (
  provider: string,
  request: HttpServerRequest.HttpServerRequest,
  error: WebhookRefused
): Effect.Effect<HttpServerResponse.HttpServerResponse> => {
  const reason = error.reason
  switch (reason._tag) {
    case "Challenge":
      return Effect.succeed(HttpServerResponse.text("authentication required", {
        status: 401,
        headers: { "www-authenticate": reason.challenge }
      }))
    case "BadSignature":
      return Effect.logWarning(`${provider} webhook refused: bad signature`).pipe(
        Effect.annotateLogs({ path: request.url.split("?")[0] }),
        Effect.as(Responses.forbidden())
      )
    case "UnsupportedMediaType":
      return Effect.succeed(Responses.unsupportedMediaType(reason.expected))
    case "TooLarge":
      return Effect.succeed(Responses.tooLarge())
    case "Malformed":
      return Effect.succeed(Responses.badRequest(reason.reason))
  }
}

/** The body as a slice asks for it; unreadable and oversized bodies are refusals like any other. */
const bodyOf = (request: HttpServerRequest.HttpServerRequest): Effect.Effect<string, WebhookRefused> =>
  RawBody.readText(request).pipe(
    Effect.mapError((why) => why === "TooLarge" ? SmsWebhook.refuse.tooLarge() : SmsWebhook.refuse.malformed("unreadable body"))
  )

export const layer = (webhooks: ReadonlyArray<SmsWebhookSlice>) =>
  HttpRouter.use(Effect.fn(function*(router) {
    const inbox = yield* Inbox
    const receipts = yield* DeliveryReceipts

    const handleEvent = (
      provider: string,
      event: WebhookEvent
    ): Effect.Effect<void, InboxUnavailable | StorageError> => {
      switch (event._tag) {
        case "InboundText":
          return Effect.asVoid(inbox.accept({ ...event.text, provider }))
        case "DeliveryReceipt":
          return Effect.asVoid(receipts.record(event.receipt))
        case "Ignored":
          return Effect.void
      }
    }

    const mount = (provider: string, route: WebhookRoute) =>
      router.add(
        "POST",
        route.path,
        // Made once per route, not per request: core README, "Generators made once".
        Webhook.handler(provider, route.kind, Effect.fnUntraced(function*(request: HttpServerRequest.HttpServerRequest) {
          const received = yield* Effect.result(route.receive({
            headers: request.headers,
            pathAndQuery: RawBody.pathAndQuery(request),
            mediaType: RawBody.mediaType(request),
            // The request's bytes are kept once read (the platform caches them), however often a slice asks.
            body: bodyOf(request)
          }))
          if (Result.isFailure(received)) return yield* refusal(provider, request, received.failure)
          return yield* Effect.forEach(received.success, (event) => handleEvent(provider, event), { discard: true })
            .pipe(
              Effect.as(
                route.acknowledgement === undefined
                  ? Responses.ok()
                  : HttpServerResponse.text(route.acknowledgement.body, {
                    contentType: route.acknowledgement.contentType
                  })
              ),
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

    for (const webhook of webhooks) {
      for (const route of webhook.routes) yield* mount(webhook.provider, route)
    }
  }))
