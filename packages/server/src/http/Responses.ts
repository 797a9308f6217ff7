/**
 * The few answers webhooks give. Bodies are short, fixed texts: nothing from
 * the request is echoed back.
 */
import { HttpServerResponse } from "effect/http"

export const ok = (): HttpServerResponse.HttpServerResponse => HttpServerResponse.empty({ status: 200 })

/** A body Jules cannot read; `reason` is written by the decoders and quotes nothing. */
export const badRequest = (reason: string): HttpServerResponse.HttpServerResponse =>
  HttpServerResponse.text(reason.slice(0, 200), { status: 400 })

export const forbidden = (): HttpServerResponse.HttpServerResponse =>
  HttpServerResponse.text("invalid signature", { status: 403 })

export const tooLarge = (): HttpServerResponse.HttpServerResponse =>
  HttpServerResponse.text("body too large", { status: 413 })

export const unsupportedMediaType = (expected: string): HttpServerResponse.HttpServerResponse =>
  HttpServerResponse.text(`expected ${expected}`, { status: 415 })

/** Storage or queue trouble on our side: the provider delivers the webhook again. */
export const unavailable = (): HttpServerResponse.HttpServerResponse =>
  HttpServerResponse.text("temporarily unavailable, retry later", { status: 503, headers: { "retry-after": "5" } })
