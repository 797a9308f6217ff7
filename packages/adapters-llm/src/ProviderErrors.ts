/**
 * SDK failures translated into the port's `LanguageModelError` reasons, the same
 * way for every vendor, so `ModelFallback` can decide what to retry.
 *
 * Messages carry the HTTP status, the vendor's error type and code and its
 * request id — never the vendor's free-text message, which may quote the prompt.
 */
import {
  LanguageModelError,
  ModelConnectionFailed,
  ModelInvalidRequest,
  ModelMalformedResponse,
  ModelNotAuthorized,
  ModelRateLimited,
  ModelTimeout,
  ModelUnavailable,
  retryAfterMillis
} from "@jules/core"
import { Clock, Effect, Predicate } from "effect"

/** What went wrong, independent of the SDK that reported it. */
export type SdkFailure =
  | { readonly _tag: "Timeout" }
  | { readonly _tag: "Connection"; readonly detail: string }
  | { readonly _tag: "Http"; readonly status: number; readonly headers: Headers; readonly detail: string }
  | { readonly _tag: "Unreadable"; readonly detail: string }

/** What an SDK's `APIError` carries that we read (`@anthropic-ai/sdk` and `openai` share the shape). */
export interface ApiErrorShape {
  readonly status: number | undefined
  readonly headers: Headers | undefined
  readonly type?: string | null | undefined
  readonly requestID?: string | null | undefined
}

type ErrorClass<E = unknown> = abstract new(...args: Array<never>) => E

/** A thrown SDK error as an `SdkFailure`, given the SDK's error classes; `code` reads the vendor's error code. */
export const classify = <E extends ApiErrorShape>(
  classes: { readonly timeout: ErrorClass; readonly connection: ErrorClass; readonly api: ErrorClass<E> },
  code: (error: E) => string | null | undefined
) =>
(error: unknown): SdkFailure => {
  if (error instanceof classes.timeout) return { _tag: "Timeout" }
  if (error instanceof classes.connection) return { _tag: "Connection", detail: connectionDetail(error) }
  if (error instanceof classes.api) {
    const api: E = error
    if (api.status === undefined || api.headers === undefined) {
      return { _tag: "Connection", detail: connectionDetail(error) }
    }
    return {
      _tag: "Http",
      status: api.status,
      headers: api.headers,
      detail: describeHttp(api.status, { type: api.type, code: code(api), requestId: api.requestID })
    }
  }
  return unexpected(error)
}

/**
 * How long the server asked us to wait: `retry-after-ms` (milliseconds, sent by
 * Anthropic and OpenAI), else `retry-after` in seconds or as an HTTP date.
 */
export const retryAfterMs = (headers: Headers, nowMs: number): number | undefined => {
  const ms = headers.get("retry-after-ms")
  if (ms !== null) {
    const value = Number.parseFloat(ms)
    if (Number.isFinite(value) && value >= 0) return Math.round(value)
  }
  // The standard header is read as every adapter reads it (core's `retryAfterMillis`).
  return retryAfterMillis(headers.get("retry-after"), nowMs)
}

/** `HTTP 529 overloaded_error (request req_123)` */
export const describeHttp = (
  status: number,
  fields: { readonly type?: string | null | undefined; readonly code?: string | null | undefined; readonly requestId?: string | null | undefined }
): string => {
  const kind = [fields.type, fields.code].filter((s): s is string => Predicate.isString(s) && s !== "").join("/")
  const request = Predicate.isString(fields.requestId) && fields.requestId !== "" ? ` (request ${fields.requestId})` : ""
  return `HTTP ${status}${kind === "" ? "" : ` ${kind}`}${request}`
}

/** The innermost error code (`ECONNREFUSED`, `UND_ERR_SOCKET`…) of a connection failure. */
export const connectionDetail = (error: unknown): string => {
  let current: unknown = error
  let code: string | undefined
  for (let depth = 0; depth < 5 && Predicate.isObject(current); depth++) {
    if ("code" in current && Predicate.isString(current.code)) code = current.code
    current = "cause" in current ? current.cause : undefined
  }
  return code === undefined ? "connection failed" : `connection failed (${code})`
}

/** Failures the SDKs do not wrap: a body that is not JSON, an aborted read. */
export const unexpected = (error: unknown): SdkFailure => {
  if (error instanceof SyntaxError) return { _tag: "Unreadable", detail: "response body is not valid JSON" }
  if (Predicate.isObject(error) && "name" in error && (error.name === "TimeoutError" || error.name === "AbortError")) {
    return { _tag: "Timeout" }
  }
  const name = Predicate.isObject(error) && "name" in error && Predicate.isString(error.name) ? error.name : typeof error
  return { _tag: "Unreadable", detail: `unexpected ${name} while calling the model` }
}

const fromStatus = (status: number, headers: Headers, detail: string, nowMs: number) => {
  const fields = { message: detail, status }
  if (status === 429) return new ModelRateLimited({ ...fields, retryAfterMs: retryAfterMs(headers, nowMs) })
  // 529 is Anthropic's "overloaded"; 409 is a transient conflict both SDKs retry.
  if (status >= 500 || status === 409) {
    return new ModelUnavailable({ ...fields, retryAfterMs: retryAfterMs(headers, nowMs) })
  }
  if (status === 408) return new ModelTimeout(fields)
  // 402: out of credit, which only an operator can fix.
  if (status === 401 || status === 402 || status === 403) return new ModelNotAuthorized(fields)
  if (status >= 400) return new ModelInvalidRequest(fields)
  return new ModelMalformedResponse(fields)
}

export const toLanguageModelError = (provider: string, failure: SdkFailure, nowMs: number): LanguageModelError => {
  switch (failure._tag) {
    case "Timeout":
      return new LanguageModelError({ provider, reason: new ModelTimeout({ message: "the request timed out" }) })
    case "Connection":
      return new LanguageModelError({ provider, reason: new ModelConnectionFailed({ message: failure.detail }) })
    case "Unreadable":
      return new LanguageModelError({ provider, reason: new ModelMalformedResponse({ message: failure.detail }) })
    case "Http":
      return new LanguageModelError({
        provider,
        reason: fromStatus(failure.status, failure.headers, failure.detail, nowMs)
      })
  }
}

/** Fails with the translated error, reading the clock for `retry-after` dates. */
export const fail = (provider: string, failure: SdkFailure): Effect.Effect<never, LanguageModelError> =>
  Effect.flatMap(Clock.currentTimeMillis, (now) => Effect.fail(toLanguageModelError(provider, failure, now)))

export const malformed = (provider: string, message: string): LanguageModelError =>
  new LanguageModelError({ provider, reason: new ModelMalformedResponse({ message }) })
