/**
 * Twilio's webhooks: the `X-Twilio-Signature` check (done by the official SDK, so
 * its URL-normalisation rules stay Twilio's), the decoders for inbound texts
 * and status callbacks, and the slice the server mounts (`webhook`).
 *
 * Order of a request: read the raw body once, verify the signature over
 * `PUBLIC_BASE_URL` + path + raw query and every parameter, and only then
 * look at the media type and decode. A request that fails verification is
 * refused (403) and nothing from it is kept.
 */
import { type DeliveryReceipt, type DeliveryStatus, PhoneNumber } from "@jules/core"
import { Effect, Redacted, Result, Schema } from "effect"
import { timingSafeEqual } from "node:crypto"
import twilio from "twilio"
import type { FormParams } from "../FormParams.ts"
import { parseFormBody } from "../FormParams.ts"
import { joinPublicUrl } from "../PublicUrl.ts"
import type { InboundText, SmsWebhook } from "../SmsWebhook.ts"
import * as SmsWebhookApi from "../SmsWebhook.ts"
import { WebhookDecodeError } from "../WebhookDecodeError.ts"

export const provider = "twilio"

/** Where Twilio posts inbound texts. */
export const smsPath = "/webhooks/twilio/sms"
/** Where Twilio posts delivery status callbacks (sent as `StatusCallback` by `TwilioGateway`). */
export const statusPath = "/webhooks/twilio/status"

/** Twilio's error code for "Attempt to send to unsubscribed recipient". */
export const OPTED_OUT_ERROR_CODE = "21610"

// ---------------------------------------------------------------------------
// Signatures
// ---------------------------------------------------------------------------

export interface SignatureCheck {
  /** The account's primary auth token. */
  readonly authToken: string | Redacted.Redacted<string>
  /** The `X-Twilio-Signature` header; `undefined` when the request had none. */
  readonly signature: string | undefined
  /** The URL Twilio called, as configured at Twilio: public scheme, host, path and raw query. */
  readonly url: string
}

const tokenOf = (authToken: string | Redacted.Redacted<string>): string =>
  Redacted.isRedacted(authToken) ? Redacted.value(authToken) : authToken

const hasSignature = (signature: unknown): signature is string =>
  typeof signature === "string" && signature.length > 0

/**
 * Checks a form-encoded webhook. `params` must hold every parameter received,
 * untrimmed, empty and repeated ones included (see `parseFormBody`). Returns
 * `false`, never throws, for a missing header or an unparseable URL.
 */
export const verifyFormSignature = (check: SignatureCheck & { readonly params: FormParams }): boolean => {
  if (!hasSignature(check.signature)) return false
  const token = tokenOf(check.authToken)
  try {
    // The URL as configured is the SDK's first or second candidate (it tries it without its port, then with
    // one): asked first, a request signed over it costs one HMAC instead of two. Every other form is the SDK's.
    return sameSignature(twilio.getExpectedTwilioSignature(token, check.url, check.params), check.signature) ||
      twilio.validateRequest(token, check.signature, check.url, check.params)
  } catch {
    return false
  }
}

const sameSignature = (expected: string, received: string): boolean => {
  const a = Buffer.from(expected)
  const b = Buffer.from(received)
  return a.length === b.length && timingSafeEqual(a, b)
}

// ---------------------------------------------------------------------------
// Decoding
// ---------------------------------------------------------------------------

const fail = (reason: string) => Result.fail(new WebhookDecodeError({ provider, reason }))

const Repeated: unique symbol = Symbol("Repeated")

/** The single value of `name`: `undefined` when absent, `Repeated` when sent more than once. */
const one = (params: FormParams, name: string): string | undefined | typeof Repeated => {
  if (!Object.prototype.hasOwnProperty.call(params, name)) return undefined
  const value = params[name]
  return typeof value === "string" ? value : Repeated
}

/** A required, non-empty, single parameter, or the reason it is not one. */
const required = (params: FormParams, name: string): Result.Result<string, WebhookDecodeError> => {
  const value = one(params, name)
  if (value === Repeated) return fail(`repeated ${name}`)
  if (value === undefined || value.length === 0) return fail(`missing ${name}`)
  return Result.succeed(value)
}

const SID = /^[A-Za-z0-9]{2,64}$/
const isPhoneNumber = Schema.is(PhoneNumber)

const messageSid = (params: FormParams): Result.Result<string, WebhookDecodeError> =>
  Result.flatMap(required(params, "MessageSid"), (sid) => SID.test(sid) ? Result.succeed(sid) : fail("malformed MessageSid"))

/** Twilio sends at most 10 media per message; anything far above is not Twilio. */
const MAX_MEDIA = 100

const mediaUrls = (params: FormParams): Result.Result<ReadonlyArray<string>, WebhookDecodeError> => {
  const declared = one(params, "NumMedia")
  if (declared === Repeated) return fail("repeated NumMedia")
  const urls: Array<string> = []
  if (declared === undefined || declared === "") {
    // No count: take MediaUrl0, MediaUrl1, ... while they are there.
    for (let i = 0; i < MAX_MEDIA; i++) {
      const url = one(params, `MediaUrl${i}`)
      if (url === undefined) break
      if (url === Repeated) return fail(`repeated MediaUrl${i}`)
      urls.push(url)
    }
    return Result.succeed(urls)
  }
  if (!/^\d{1,3}$/.test(declared) || Number(declared) > MAX_MEDIA) return fail("malformed NumMedia")
  for (let i = 0; i < Number(declared); i++) {
    const url = one(params, `MediaUrl${i}`)
    if (url === Repeated) return fail(`repeated MediaUrl${i}`)
    if (url === undefined || url.length === 0) return fail(`missing MediaUrl${i}`)
    urls.push(url)
  }
  return Result.succeed(urls)
}

/**
 * Reads an inbound-text webhook. `From` must be an E.164 number (SMS only:
 * `whatsapp:` addresses are refused); `Body` may be empty or absent. `To` and
 * the media URLs (`MediaUrl0..NumMedia-1`) must be well formed, though Jules
 * keeps neither: a malformed one means the request is not Twilio's.
 */
export const decodeInbound = (params: FormParams): Result.Result<InboundText, WebhookDecodeError> =>
  Result.gen(() => inboundSteps(params))

// The decoders' steps are generator functions made once, not per call: core README, "Generators made once".
function* inboundSteps(params: FormParams) {
  const providerMessageId = yield* messageSid(params)
  const from = yield* required(params, "From")
  if (!isPhoneNumber(from)) return yield* fail("From is not an E.164 phone number")
  yield* required(params, "To")
  const body = one(params, "Body")
  if (body === Repeated) return yield* fail("repeated Body")
  yield* mediaUrls(params)
  return { providerMessageId, from, body: body ?? "" }
}

/**
 * `MessageStatus` → Jules's delivery states. `queued`/`accepted`/`scheduled`/
 * `sending` are not yet with the carrier. `read` implies delivered.
 * `partially_delivered` (some parts of a multi-part message reached the handset)
 * counts as delivered: the person has the text, and resending all of it would
 * duplicate what arrived.
 */
const statuses: Readonly<Record<string, DeliveryStatus>> = {
  queued: "pending",
  accepted: "pending",
  scheduled: "pending",
  sending: "pending",
  sent: "sent",
  delivered: "delivered",
  read: "delivered",
  partially_delivered: "delivered",
  undelivered: "undelivered",
  failed: "failed",
  canceled: "failed"
}

/** Reads a status callback about a text Jules sent. `ErrorCode` 21610 means the person opted out. */
export const decodeStatus = (params: FormParams): Result.Result<DeliveryReceipt, WebhookDecodeError> =>
  Result.gen(() => statusSteps(params))

function* statusSteps(params: FormParams) {
  const providerMessageId = yield* messageSid(params)
  const reported = yield* required(params, "MessageStatus")
  const status = Object.prototype.hasOwnProperty.call(statuses, reported) ? statuses[reported] : undefined
  if (status === undefined) {
    return yield* fail(reported === "received" || reported === "receiving"
      ? "MessageStatus is not an outbound status"
      : "unknown MessageStatus")
  }
  const errorCode = one(params, "ErrorCode")
  if (errorCode === Repeated) return yield* fail("repeated ErrorCode")
  if (errorCode !== undefined && errorCode !== "" && !/^\d{1,10}$/.test(errorCode)) {
    return yield* fail("malformed ErrorCode")
  }
  const code = errorCode === undefined || errorCode === "" ? undefined : errorCode
  return {
    providerMessageId,
    status,
    ...(code === undefined ? {} : { errorCode: code }),
    recipientOptedOut: code === OPTED_OUT_ERROR_CODE
  }
}

// ---------------------------------------------------------------------------
// The slice
// ---------------------------------------------------------------------------

export interface WebhookSettings {
  /** The account's primary auth token. */
  readonly authToken: Redacted.Redacted<string>
  /** `PUBLIC_BASE_URL`: the scheme, host and path prefix Twilio was configured with. */
  readonly publicBaseUrl: string
}

const FORM = "application/x-www-form-urlencoded"

/** Twilio's "nothing to add": the reply goes out later through the API. */
const EMPTY_TWIML = { contentType: "text/xml", body: "<Response/>" }

/** Both routes mounted with `settings`: texts answered with empty TwiML, status callbacks with an empty 200. */
export const webhook = (settings: WebhookSettings): SmsWebhook => {
  const authenticate = Effect.fnUntraced(function*(request: SmsWebhookApi.WebhookRequest) {
    const params = parseFormBody(yield* request.body)
    const signed = verifyFormSignature({
      authToken: settings.authToken,
      signature: request.headers["x-twilio-signature"],
      url: joinPublicUrl(settings.publicBaseUrl, request.pathAndQuery),
      params
    })
    if (!signed) return yield* SmsWebhookApi.refuse.badSignature()
    // Signed, so it came from Twilio; a body that is not a form is still unreadable.
    if (request.mediaType !== FORM) return yield* SmsWebhookApi.refuse.unsupportedMediaType(FORM)
    return params
  })
  return {
    provider,
    routes: [
      SmsWebhookApi.route({
        path: smsPath,
        kind: "sms",
        acknowledgement: EMPTY_TWIML,
        authenticate,
        decode: (params) => Result.map(decodeInbound(params), (text) => [SmsWebhookApi.inboundText(text)])
      }),
      SmsWebhookApi.route({
        path: statusPath,
        kind: "status",
        authenticate,
        decode: (params) => Result.map(decodeStatus(params), (receipt) => [SmsWebhookApi.deliveryReceipt(receipt)])
      })
    ]
  }
}
