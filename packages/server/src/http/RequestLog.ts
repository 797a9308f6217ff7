/**
 * Every request gets an id (the caller's `X-Request-Id` when it looks like
 * one, else a fresh one), echoed in the response and attached to every log
 * line written while handling it; and one access log line when it is
 * answered: method, path without the query, status, duration. Health checks
 * log at debug level.
 *
 * This replaces `HttpRouter`'s default request logger, which is turned off
 * (`disableLogger`), so request logs go through the redacting JSON logger too.
 */
import { Clock, Effect } from "effect"
import { randomUUID } from "node:crypto"
import { HttpRouter, HttpServerError, HttpServerRequest, HttpServerResponse } from "effect/http"
import * as LinkPaths from "./LinkPaths.ts"

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/

export const requestIdOf = (header: string | undefined): string =>
  header !== undefined && REQUEST_ID.test(header) ? header : randomUUID()

export const layer = HttpRouter.middleware((httpEffect) =>
  Effect.gen(function*() {
    const request = yield* HttpServerRequest.HttpServerRequest
    const requestId = requestIdOf(request.headers["x-request-id"])
    // Link tokens are credentials: never in a log line.
    const path = LinkPaths.redact(request.url.split("?")[0]!)
    const start = yield* Clock.currentTimeMillis
    // No generator made per request here: core README, "Generators made once".
    const logAccess = (status: number) =>
      Effect.flatMap(Clock.currentTimeMillis, (now) =>
        (path.startsWith("/health/") ? Effect.logDebug("request") : Effect.logInfo("request")).pipe(
          Effect.annotateLogs({ method: request.method, path, status, durationMs: now - start })
        ))
    return yield* httpEffect.pipe(
      Effect.tap((response) => logAccess(response.status)),
      // The status the server will answer with: 404 for an unknown route, 400/413 for unreadable bodies, else 500.
      Effect.tapCause((cause) =>
        Effect.flatMap(HttpServerError.causeResponse(cause), ([response]) => logAccess(response.status))
      ),
      Effect.map(HttpServerResponse.setHeader("x-request-id", requestId)),
      Effect.annotateLogs({ requestId })
    )
  }), { global: true })
