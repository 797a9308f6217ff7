/**
 * Webhook bodies are read once, as raw text (signatures are computed over
 * what was sent), and never beyond `MAX_BODY_BYTES`: Twilio and Bandwidth
 * callbacks are a few kilobytes.
 */
import { ByteSize, Effect, Result } from "effect"
import type { HttpServerRequest, HttpServerResponse } from "effect/http"
import { HttpIncomingMessage } from "effect/http"
import * as Responses from "./Responses.ts"

export const MAX_BODY_BYTES = 64 * 1024

/** Why a body could not be read: over `MAX_BODY_BYTES` (413), or broken on the wire (400). */
export type Unreadable = "TooLarge" | "Unreadable"

/** The body as text, or why it cannot be read. */
export const readText = (request: HttpServerRequest.HttpServerRequest): Effect.Effect<string, Unreadable> =>
  request.text.pipe(
    Effect.provideService(HttpIncomingMessage.MaxBodySize, ByteSize.bytes(MAX_BODY_BYTES)),
    Effect.mapError((error): Unreadable =>
      error.reason._tag === "RequestParseError" && error.reason.reason === "BodyTooLarge" ? "TooLarge" : "Unreadable"
    )
  )

/** The body as text, or the 4xx to answer when it cannot be read. */
export const read = (
  request: HttpServerRequest.HttpServerRequest
): Effect.Effect<Result.Result<string, HttpServerResponse.HttpServerResponse>> =>
  readText(request).pipe(
    Effect.map((text) => Result.succeed(text)),
    Effect.catch((why) =>
      Effect.succeed(Result.fail(why === "TooLarge" ? Responses.tooLarge() : Responses.badRequest("unreadable body")))
    )
  )

/** The media type of the request, lower-cased, without parameters. */
export const mediaType = (request: HttpServerRequest.HttpServerRequest): string =>
  (request.headers["content-type"] ?? "").split(";")[0]!.trim().toLowerCase()

/**
 * The request target exactly as the client sent it (path and raw query): the
 * part of the signed URL that follows `PUBLIC_BASE_URL`.
 */
export const pathAndQuery = (request: HttpServerRequest.HttpServerRequest): string =>
  request.originalUrl.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i, "")
