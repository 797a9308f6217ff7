/**
 * The webhook half of an SMS provider slice: the paths a provider calls, how
 * a request is authenticated, and what it says, decoded straight into core's
 * vocabulary (`IncomingText`, `DeliveryReceipt`).
 *
 * The server mounts every configured slice through one generic route module:
 * it knows HTTP (bodies, status codes, metrics, logs) and no provider; a slice
 * knows its provider's wire format and no HTTP server. Like effect's
 * `LanguageModel` provider hooks, a slice is a few plain functions.
 */
import type { DeliveryReceipt, IncomingText } from "@jules/core"
import { Effect, Result, Schema } from "effect"
import type { WebhookDecodeError } from "./WebhookDecodeError.ts"

// ---------------------------------------------------------------------------
// What a request says
// ---------------------------------------------------------------------------

/** A text a person sent: core's `IncomingText`, whose provider id a webhook always knows. */
export interface InboundText extends IncomingText {
  /** Twilio `MessageSid`, Bandwidth `message.id`: the key that makes a repeated delivery one text. */
  readonly providerMessageId: string
}

/**
 * One event of a webhook request. These carry phone numbers and bodies: never
 * log them whole.
 */
export type WebhookEvent =
  | { readonly _tag: "InboundText"; readonly text: InboundText }
  | { readonly _tag: "DeliveryReceipt"; readonly receipt: DeliveryReceipt }
  /** Read and deliberately left alone (outbound echoes, event types Jules has no use for). */
  | { readonly _tag: "Ignored"; readonly reason: string }

export const inboundText = (text: InboundText): WebhookEvent => ({ _tag: "InboundText", text })
export const deliveryReceipt = (receipt: DeliveryReceipt): WebhookEvent => ({ _tag: "DeliveryReceipt", receipt })
export const ignored = (reason: string): WebhookEvent => ({ _tag: "Ignored", reason })

// ---------------------------------------------------------------------------
// Refusals
// ---------------------------------------------------------------------------

/**
 * Why a request is refused; the server turns each into its status code.
 * Nothing here quotes the request, so a reason can be a response body.
 */
export const RefusalReason = Schema.Union([
  /** 401 with `WWW-Authenticate: <challenge>`: the provider retries with credentials (Bandwidth). */
  Schema.TaggedStruct("Challenge", { challenge: Schema.String }),
  /** 403: the signature does not match; nothing of the request is kept. */
  Schema.TaggedStruct("BadSignature", {}),
  /** 415: authenticated, but not the media type the provider sends. */
  Schema.TaggedStruct("UnsupportedMediaType", { expected: Schema.String }),
  /** 413: a body over the server's limit. */
  Schema.TaggedStruct("TooLarge", {}),
  /** 400: a body Jules cannot read; `reason` is written by the decoders. */
  Schema.TaggedStruct("Malformed", { reason: Schema.String })
])
export type RefusalReason = typeof RefusalReason.Type

export class WebhookRefused extends Schema.TaggedError<WebhookRefused>()("WebhookRefused", {
  reason: RefusalReason
}) {}

export const refuse = {
  challenge: (challenge: string) => new WebhookRefused({ reason: { _tag: "Challenge", challenge } }),
  badSignature: () => new WebhookRefused({ reason: { _tag: "BadSignature" } }),
  unsupportedMediaType: (expected: string) =>
    new WebhookRefused({ reason: { _tag: "UnsupportedMediaType", expected } }),
  tooLarge: () => new WebhookRefused({ reason: { _tag: "TooLarge" } }),
  malformed: (reason: string) => new WebhookRefused({ reason: { _tag: "Malformed", reason } })
}

// ---------------------------------------------------------------------------
// Slices
// ---------------------------------------------------------------------------

/** The request as a slice sees it: no framework types, so slices test without a server. */
export interface WebhookRequest {
  /** Lower-cased names. */
  readonly headers: Readonly<Record<string, string | undefined>>
  /** Path and raw query exactly as received: what follows `PUBLIC_BASE_URL` in a signed URL. */
  readonly pathAndQuery: string
  /** Lower-cased, without parameters. */
  readonly mediaType: string
  /**
   * The raw body, read when first asked for and bounded by the server. A
   * check on headers alone (Basic credentials) never reads it, so such a
   * refusal does not depend on the body.
   */
  readonly body: Effect.Effect<string, WebhookRefused>
}

/** The answer once every event is handled: an empty 200 unless the provider expects a body. */
export interface Acknowledgement {
  readonly contentType: string
  readonly body: string
}

export interface WebhookRoute {
  /** `POST` path, e.g. `/webhooks/twilio/sms`. */
  readonly path: `/${string}`
  /** The route's name in metrics and logs (`sms`, `status`, `messages`). */
  readonly kind: string
  readonly acknowledgement: Acknowledgement | undefined
  /** Authenticates, then decodes; the events come in the order the provider sent them. */
  readonly receive: (request: WebhookRequest) => Effect.Effect<ReadonlyArray<WebhookEvent>, WebhookRefused>
}

/** Every route of one provider. */
export interface SmsWebhook {
  readonly provider: string
  readonly routes: ReadonlyArray<WebhookRoute>
}

/**
 * A route from its two steps. `authenticate` decides the order of checks
 * (Bandwidth: credentials before the body; Twilio: the body, since the
 * signature covers it) and hands what it verified to `decode`, which is pure.
 */
export const route = <Verified>(options: {
  readonly path: `/${string}`
  readonly kind: string
  readonly acknowledgement?: Acknowledgement | undefined
  readonly authenticate: (request: WebhookRequest) => Effect.Effect<Verified, WebhookRefused>
  readonly decode: (verified: Verified) => Result.Result<ReadonlyArray<WebhookEvent>, WebhookDecodeError>
}): WebhookRoute => ({
  path: options.path,
  kind: options.kind,
  acknowledgement: options.acknowledgement,
  receive: (request) =>
    Effect.flatMap(options.authenticate(request), (verified) => {
      const decoded = options.decode(verified)
      return Result.isSuccess(decoded)
        ? Effect.succeed(decoded.success)
        : Effect.fail(refuse.malformed(decoded.failure.reason))
    })
})
