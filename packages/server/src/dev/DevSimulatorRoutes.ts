/**
 * The development simulator, served only with `SMS_PROVIDER=console`:
 *
 * - `GET /dev`: the page.
 * - `POST /dev/messages` `{"from":"+15555550123","body":"hi"}`: a text, as if
 *   the carrier had delivered it (the same `Inbox` as real webhooks).
 * - `GET /dev/events?phone=+15555550123`: server-sent events, one per text the
 *   console gateway sent to that number (recent ones first, then live).
 * - `GET /dev/history?phone=+15555550123`: both sides of the thread as the
 *   database holds them, in order, and the number's consent state (`DevHistory`):
 *   what the page shows after a reload or a restart.
 *
 * It holds numbers and bodies, as a phone screen does: for development only.
 */
import { ConsoleOutbox } from "@jules/adapters-sms"
import type { ConsoleSms } from "@jules/adapters-sms"
import { MessageStore, parsePhoneNumber, UserStore } from "@jules/core"
import { Deferred, Effect, Option, Result, Schema, Stream } from "effect"
import { uuidV4Unsafe } from "effect/crypto/SecureRandom"
import { HttpRouter, HttpServerResponse } from "effect/http"
import { Inbox } from "../conversation/Inbox.ts"
import * as RawBody from "../http/RawBody.ts"
import * as Responses from "../http/Responses.ts"
import { Lifecycle } from "../Lifecycle.ts"
import * as DevHistory from "./DevHistory.ts"
import { html } from "./SimulatorPage.ts"

const IncomingText = Schema.Struct({
  from: Schema.String,
  body: Schema.String.pipe(Schema.check(Schema.isMinLength(1), Schema.isMaxLength(1600)))
})
const decodeIncoming = Schema.decodeUnknownOption(Schema.fromJsonString(IncomingText))

const phoneParameter = (url: string) =>
  parsePhoneNumber(new URL(url, "http://localhost").searchParams.get("phone") ?? "", "1")

const event = (sms: ConsoleSms) =>
  `data: ${JSON.stringify({ id: sms.providerMessageId, messageId: sms.messageId, body: sms.body })}\n\n`

export const layer = HttpRouter.use(Effect.fn(function*(router) {
  const inbox = yield* Inbox
  const outbox = yield* ConsoleOutbox
  const { draining } = yield* Lifecycle
  const users = yield* UserStore
  const messages = yield* MessageStore

  yield* router.add("GET", "/dev", Effect.succeed(HttpServerResponse.html(html)))

  yield* router.add("POST", "/dev/messages", (request) =>
    Effect.gen(function*() {
      const raw = yield* RawBody.read(request)
      if (Result.isFailure(raw)) return raw.failure
      const text = decodeIncoming(raw.success)
      if (Option.isNone(text)) return Responses.badRequest("expected {\"from\": \"+1…\", \"body\": \"…\"}")
      const from = parsePhoneNumber(text.value.from, "1")
      if (Option.isNone(from)) return Responses.badRequest("from is not a phone number")
      return yield* inbox.accept({
        provider: "console",
        providerMessageId: uuidV4Unsafe(),
        from: from.value,
        body: text.value.body
      }).pipe(
        Effect.map((accepted) =>
          HttpServerResponse.jsonUnsafe({ messageId: Option.getOrNull(Option.map(accepted, (a) => a.messageId)) }, {
            status: 202
          })
        ),
        Effect.catchTag("InboxUnavailable", () => Effect.succeed(Responses.unavailable()))
      )
    }))

  yield* router.add("GET", "/dev/history", (request) => {
    const phone = phoneParameter(request.url)
    if (Option.isNone(phone)) return Effect.succeed(Responses.badRequest("phone is not a phone number"))
    return DevHistory.read(phone.value).pipe(
      Effect.provideService(UserStore, users),
      Effect.provideService(MessageStore, messages),
      Effect.map((history) => HttpServerResponse.jsonUnsafe(history, { headers: { "cache-control": "no-store" } })),
      Effect.catchTag("StorageError", (error) =>
        Effect.as(
          Effect.logWarning("dev simulator: reading the thread failed", { reason: error.reason._tag }),
          Responses.unavailable()
        ))
    )
  })

  yield* router.add("GET", "/dev/events", (request) => {
    const phone = phoneParameter(request.url)
    if (Option.isNone(phone)) return Effect.succeed(Responses.badRequest("phone is not a phone number"))
    const texts = Stream.unwrap(Effect.gen(function*() {
      // Subscribe before reading the recent texts, so nothing falls in between.
      const live = yield* outbox.subscribe
      const recent = (yield* outbox.recent).filter((sms) => sms.to === phone.value)
      const seen = new Set(recent.map((sms) => sms.providerMessageId))
      return Stream.concat(
        Stream.fromIterable(recent),
        live.pipe(Stream.filter((sms) => sms.to === phone.value && !seen.has(sms.providerMessageId)))
      )
    }))
    const body = Stream.make(": connected\n\n").pipe(
      Stream.concat(Stream.merge(
        Stream.map(texts, event),
        Stream.map(Stream.tick("15 seconds"), () => ": keep-alive\n\n")
      )),
      Stream.interruptWhen(Deferred.await(draining)),
      Stream.encodeText
    )
    return Effect.succeed(HttpServerResponse.stream(body, {
      contentType: "text/event-stream",
      headers: { "cache-control": "no-cache", "x-accel-buffering": "no" }
    }))
  })
}))
