/**
 * Age verification over HTTP:
 *
 * - `POST /webhooks/veriff` (only with Veriff configured): the raw body is
 *   read once, authenticated by `X-HMAC-SIGNATURE` (any configured secret,
 *   constant time), then decoded; a decision is handled by core's
 *   `AgeDecisions` before the 200, so storage trouble is a 503 Veriff retries.
 *   401 without a signature, 403 with a wrong one (nothing changes), 400 for
 *   a signed body that is not a Veriff webhook.
 * - `GET /v/<token>`: the short link texted to a person; redirects (303) to a
 *   fresh Veriff session for them. Unknown or expired links get a page saying
 *   to text AGE for a new one; a Veriff outage a page saying to try again soon.
 * - `GET /v/done`: where Veriff sends the person back: go back to your texts.
 *
 * When a child is verified under 13, their durable conversation mailbox goes
 * too (`MailboxErasure`), so no table keeps their id.
 */
import { VeriffWebhook } from "@jules/adapters-identity"
import type { VeriffSettings } from "@jules/adapters-identity"
import type { UserId } from "@jules/core"
import { AgeDecisions, VerificationLinks } from "@jules/core"
import { DateTime, Effect, Layer } from "effect"
import { HttpRouter, HttpServerResponse } from "effect/http"
import { MailboxErasure } from "../admin/MailboxErasure.ts"
import * as RawBody from "../http/RawBody.ts"
import * as Responses from "../http/Responses.ts"
import * as Webhook from "../http/Webhook.ts"

const page = (title: string, text: string, status: number) =>
  HttpServerResponse.text(
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">` +
      `<title>${title}</title></head><body style="font-family:system-ui,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem">` +
      `<h1 style="font-size:1.4rem">${title}</h1><p>${text}</p></body></html>`,
    {
      status,
      contentType: "text/html; charset=utf-8",
      headers: { "cache-control": "no-store", "referrer-policy": "no-referrer" }
    }
  )

const linkRoutes = HttpRouter.use(Effect.fn(function*(router) {
  const links = yield* VerificationLinks

  yield* router.add("GET", "/v/done", Effect.succeed(page("Thanks!", "You can go back to your texts now.", 200)))

  yield* router.add("GET", "/v/:token", () =>
    Effect.gen(function*() {
      const { token } = yield* HttpRouter.params
      const now = yield* DateTime.now
      return yield* links.open(token ?? "", now).pipe(
        Effect.map((url) =>
          HttpServerResponse.empty({ status: 303, headers: { location: url, "cache-control": "no-store" } })
        ),
        Effect.catchTags({
          LinkRefused: (refused) =>
            Effect.succeed(page(
              "This link no longer works",
              "It may have expired. Text AGE to get a new one.",
              refused.reason === "expired" ? 410 : 404
            )),
          AgeVerificationError: (error) =>
            Effect.logWarning("verification session not started").pipe(
              Effect.annotateLogs({ reason: error.reason._tag }),
              Effect.as(page("Please try again in a few minutes", "Age verification is not available right now.", 503))
            ),
          StorageError: (error) =>
            Effect.logError("verification link not opened").pipe(
              Effect.annotateLogs({ reason: error.reason._tag }),
              Effect.as(page("Please try again in a few minutes", "Something went wrong on our side.", 503))
            )
        })
      )
    }))
}))

const webhookRoute = (settings: VeriffSettings) =>
  HttpRouter.use(Effect.fn(function*(router) {
    const decisions = yield* AgeDecisions
    const mailbox = yield* MailboxErasure
    const webhook = VeriffWebhook.make(settings)

    yield* router.add(
      "POST",
      VeriffWebhook.PATH,
      Webhook.handler("veriff", "decision", (request) =>
        Effect.gen(function*() {
          const body = yield* RawBody.readText(request).pipe(Effect.result)
          if (body._tag === "Failure") {
            return body.failure === "TooLarge" ? Responses.tooLarge() : Responses.badRequest("unreadable body")
          }
          const received = webhook.receive({ headers: request.headers, body: body.success, receivedAt: yield* DateTime.now })
          switch (received._tag) {
            case "Refused":
              if (received.status !== 400) {
                yield* Effect.logWarning("veriff webhook refused: bad signature").pipe(
                  Effect.annotateLogs({ status: received.status })
                )
              }
              return received.status === 400
                ? Responses.badRequest(received.reason)
                : HttpServerResponse.text(received.reason, { status: received.status })
            case "Ignored":
              return Responses.ok()
            case "Decision": {
              const handled = yield* decisions.handle(received.decision)
              if (handled._tag === "Applied" && handled.ageStatus === "under_13") {
                // The person is already erased: a retry would find nobody, so a failure here is logged, not retried.
                yield* mailbox.eraseUser(received.decision.userId as UserId).pipe(
                  Effect.catchTag("SqlError", () => Effect.logError("an erased child's conversation mailbox was not cleared"))
                )
              }
              return Responses.ok()
            }
          }
        }).pipe(
          Effect.catchTags({
            StorageError: (error) =>
              Effect.logError("age decision not recorded").pipe(
                Effect.annotateLogs({ reason: error.reason._tag }),
                Effect.as(Responses.unavailable())
              )
          })
        ))
    )
  }))

/**
 * The `/v` links always; the webhook with Veriff configured (else it is not
 * mounted: 404). Needs `MailboxErasure` for the webhook.
 */
export const layer = (settings: VeriffSettings | undefined) =>
  settings === undefined ? linkRoutes : Layer.merge(linkRoutes, webhookRoute(settings))
