/**
 * Billing over HTTP:
 *
 * - `GET /b/:token`: the short link texted to a person. Redirects (303) to a
 *   fresh Stripe Checkout, or the Billing Portal for a subscriber; 404 for a
 *   link that is unknown or for another purpose, 410 once expired, 503 while
 *   Stripe cannot be reached. No referrer leaves with the redirect, so the
 *   token stays between the person and Jules.
 * - `GET /billing/return`: where Stripe sends the person back.
 * - `POST /webhooks/stripe` (only with Stripe configured): the raw body's
 *   signature checked against every `STRIPE_WEBHOOK_SECRET` (400 and nothing
 *   done when none matches, or for a body that is no Stripe event), then the
 *   event handled once (`Subscriptions`); 503 when storage or Stripe failed
 *   (Stripe delivers it again), 200 otherwise.
 */
import type { StripeSettings } from "@jules/adapters-billing"
import { StripeWebhook } from "@jules/adapters-billing"
import { BillingLinks, Subscriptions } from "@jules/core"
import { DateTime, Effect } from "effect"
import type { HttpServerRequest } from "effect/http"
import { HttpRouter, HttpServerResponse } from "effect/http"
import * as RawBody from "./RawBody.ts"
import * as Responses from "./Responses.ts"
import * as Webhook from "./Webhook.ts"

const PAGE_HEADERS = { "cache-control": "no-store", "referrer-policy": "no-referrer" }

const page = (status: number, text: string) =>
  HttpServerResponse.text(text, { status, headers: PAGE_HEADERS })

const openLink = Effect.gen(function*() {
  const links = yield* BillingLinks
  const token = (yield* HttpRouter.params)["token"] ?? ""
  return yield* links.open(token, yield* DateTime.now).pipe(
    Effect.map((url) => HttpServerResponse.redirect(url, { status: 303, headers: PAGE_HEADERS })),
    Effect.catchTags({
      LinkRefused: (refused) =>
        Effect.succeed(
          refused.reason === "expired"
            ? page(410, "This link has expired. Text UPGRADE for a new one.")
            : page(404, "This link is not valid. Text UPGRADE for a new one.")
        ),
      BillingError: (error) =>
        Effect.logWarning("billing link not opened").pipe(
          Effect.annotateLogs({ reason: error.reason._tag }),
          Effect.as(page(503, "Billing is unavailable right now. Please try again in a minute."))
        ),
      StorageError: (error) =>
        Effect.logError("billing link not opened").pipe(
          Effect.annotateLogs({ reason: error.reason._tag }),
          Effect.as(page(503, "Billing is unavailable right now. Please try again in a minute."))
        )
    })
  )
})

const stripeWebhook = (settings: StripeSettings) =>
  Webhook.handler("stripe", "events", (request: HttpServerRequest.HttpServerRequest) =>
    Effect.gen(function*() {
      const subscriptions = yield* Subscriptions
      const body = yield* RawBody.read(request)
      if (body._tag === "Failure") return body.failure
      const verified = yield* StripeWebhook.verify({
        rawBody: body.success,
        signature: request.headers["stripe-signature"],
        secrets: settings.webhookSecrets
      }).pipe(Effect.result)
      if (verified._tag === "Failure") {
        const refused = verified.failure
        if (refused.reason === "BadSignature") {
          yield* Effect.logWarning("stripe webhook refused: bad signature")
          return Responses.badRequest("invalid signature")
        }
        return Responses.badRequest(refused.detail)
      }
      const event = verified.success
      if (event === undefined) return Responses.ok()
      return yield* subscriptions.handle(event).pipe(
        Effect.tap((handled) =>
          Effect.logInfo("stripe event").pipe(Effect.annotateLogs({ eventId: event.id, type: event.type, handled }))
        ),
        Effect.as(Responses.ok()),
        Effect.catchTags({
          BillingError: (error) =>
            error.isRetryable
              ? Effect.logWarning("stripe event not handled, Stripe will retry").pipe(
                Effect.annotateLogs({ eventId: event.id, reason: error.reason._tag }),
                Effect.as(Responses.unavailable())
              )
              // Stripe refuses to show the subscription (another account or mode): retrying cannot help.
              : Effect.logError("stripe event refers to a subscription Stripe refuses to show").pipe(
                Effect.annotateLogs({ eventId: event.id, reason: error.reason._tag }),
                Effect.as(Responses.ok())
              ),
          StorageError: (error) =>
            Effect.logError("stripe event not handled, Stripe will retry").pipe(
              Effect.annotateLogs({ eventId: event.id, reason: error.reason._tag }),
              Effect.as(Responses.unavailable())
            )
        })
      )
    }))

/** The link routes always (without Stripe a link is never issued, so every one is a 404); the webhook with Stripe. */
export const layer = (settings: StripeSettings | undefined) =>
  HttpRouter.use(Effect.fn(function*(router) {
    yield* router.add("GET", "/b/:token", openLink)
    yield* router.add(
      "GET",
      "/billing/return",
      Effect.succeed(page(200, "Thank you! You can close this page and go back to your texts."))
    )
    if (settings !== undefined) yield* router.add("POST", "/webhooks/stripe", stripeWebhook(settings))
  }))
