/**
 * What every webhook route shares: timing and metrics by result, and a last
 * guard that turns an unexpected defect into a logged 500 (the tests post
 * thousands of malformed bodies to make sure none reaches it).
 */
import { Cause, Clock, Effect } from "effect"
import type { HttpServerRequest } from "effect/http"
import { HttpServerResponse } from "effect/http"
import * as Metrics from "../observability/Metrics.ts"

const resultOf = (status: number): Metrics.WebhookResult =>
  status < 300 ? "accepted" : status === 401 || status === 403 ? "unauthorized" : status >= 500 ? "unavailable" : "malformed"

export const handler = <R>(
  provider: string,
  kind: string,
  handle: (request: HttpServerRequest.HttpServerRequest) => Effect.Effect<HttpServerResponse.HttpServerResponse, never, R>
): ((request: HttpServerRequest.HttpServerRequest) => Effect.Effect<HttpServerResponse.HttpServerResponse, never, R>) =>
  // Made once per route, not per request: core README, "Generators made once".
  Effect.fnUntraced(function*(request: HttpServerRequest.HttpServerRequest) {
    const start = yield* Clock.currentTimeMillis
    const response = yield* handle(request).pipe(
      Effect.catchCause((cause) =>
        Cause.hasInterruptsOnly(cause)
          ? Effect.failCause(cause)
          : Effect.logError("webhook handler crashed", cause).pipe(
            Effect.as(HttpServerResponse.text("internal error", { status: 500 }))
          )
      )
    )
    yield* Metrics.webhookHandled(provider, kind, resultOf(response.status), (yield* Clock.currentTimeMillis) - start)
    return response
  })
