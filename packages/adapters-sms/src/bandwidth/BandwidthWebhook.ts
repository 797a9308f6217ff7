/**
 * Bandwidth's messaging callbacks: HTTP Basic authentication (Bandwidth signs
 * nothing), the decoder for its JSON array of events, and the slice the server
 * mounts (`webhook`).
 *
 * Bandwidth first calls without credentials and sends them only after a
 * `401` carrying `WWW-Authenticate: Basic realm=""`; a 401 without that header
 * loses the callback for good. So every refusal is that challenge, decided on
 * the headers alone, before the body is read.
 */
import { type DeliveryStatus, PhoneNumber } from "@jules/core"
import { Effect, Redacted, Result, Schema } from "effect"
import { createHash, timingSafeEqual } from "node:crypto"
import type { SmsWebhook, WebhookEvent, WebhookRequest } from "../SmsWebhook.ts"
import { deliveryReceipt, ignored, inboundText, refuse, route } from "../SmsWebhook.ts"
import { WebhookDecodeError } from "../WebhookDecodeError.ts"

export const provider = "bandwidth"

/** Where Bandwidth posts both inbound texts and delivery events. */
export const messagesPath = "/webhooks/bandwidth/messages"

/** The `WWW-Authenticate` value that makes Bandwidth retry with its credentials. */
export const BASIC_AUTH_CHALLENGE = "Basic realm=\"\""

/** Bandwidth's `destination-rejected-due-to-user-opt-out`. */
export const OPTED_OUT_ERROR_CODE = "4775"

// ---------------------------------------------------------------------------
// Basic authentication
// ---------------------------------------------------------------------------

export interface CallbackCredentials {
  readonly username: string
  readonly password: string | Redacted.Redacted<string>
}

const digest = (text: string): Buffer => createHash("sha256").update(text, "utf8").digest()

/** Equal-length digests, so the comparison takes the same time whatever the input. */
const sameText = (given: string, expected: string): boolean => timingSafeEqual(digest(given), digest(expected))

/**
 * `"authorized"` when the `Authorization` header carries exactly these
 * credentials; `"challenge"` when it is missing, malformed or wrong.
 */
export const checkBasicAuth = (
  authorization: string | undefined,
  credentials: CallbackCredentials
): "authorized" | "challenge" => {
  if (typeof authorization !== "string") return "challenge"
  const match = /^\s*basic\s+([A-Za-z0-9+/=_-]+)\s*$/i.exec(authorization)
  if (match === null) return "challenge"
  const decoded = Buffer.from(match[1]!, "base64").toString("utf8")
  const colon = decoded.indexOf(":")
  if (colon < 0) return "challenge"
  const password = Redacted.isRedacted(credentials.password)
    ? Redacted.value(credentials.password)
    : credentials.password
  // Both comparisons always run: which half was wrong must not show in the timing.
  const userOk = sameText(decoded.slice(0, colon), credentials.username)
  const passwordOk = sameText(decoded.slice(colon + 1), password)
  return userOk && passwordOk ? "authorized" : "challenge"
}

// ---------------------------------------------------------------------------
// Events
// ---------------------------------------------------------------------------

export type BandwidthEvent = WebhookEvent

const fail = (reason: string) => Result.fail(new WebhookDecodeError({ provider, reason }))

const isPhoneNumber = Schema.is(PhoneNumber)
const isRecord = (u: unknown): u is Record<string, unknown> => typeof u === "object" && u !== null && !Array.isArray(u)
const isString = (u: unknown): u is string => typeof u === "string"

/** Inbound event types (`InboundCallbackTypeEnum`); only `message-received` is a text. */
const inboundTypes = new Set(["message-received", "requested-location-response", "suggestion-response"])

/** Outbound status types (`StatusCallbackTypeEnum`). */
const statusTypes: Readonly<Record<string, DeliveryStatus>> = {
  "message-sending": "sent",
  "message-sent": "sent",
  "message-delivered": "delivered",
  "message-read": "delivered",
  "message-failed": "failed"
}

const MAX_ID_LENGTH = 128

const messageId = (message: Record<string, unknown>, at: string): Result.Result<string, WebhookDecodeError> => {
  const id = message["id"]
  return isString(id) && id.length > 0 && id.length <= MAX_ID_LENGTH ? Result.succeed(id) : fail(`${at}: missing message.id`)
}

const decodeInbound = (
  event: Record<string, unknown>,
  message: Record<string, unknown>,
  at: string
): Result.Result<BandwidthEvent, WebhookDecodeError> => Result.gen(() => inboundSteps(event, message, at))

// The decoders' steps are generator functions made once, not per call: core README, "Generators made once".
function* inboundSteps(event: Record<string, unknown>, message: Record<string, unknown>, at: string) {
  // Bandwidth echoes outbound texts on some inbound types; answering them would loop.
  if (message["direction"] === "out") return ignored("outbound echo")
  if (message["direction"] !== "in") return yield* fail(`${at}: message.direction is not in or out`)
  const providerMessageId = yield* messageId(message, at)
  const from = message["from"]
  if (!isString(from) || !isPhoneNumber(from)) return yield* fail(`${at}: message.from is not an E.164 phone number`)
  // Jules keeps neither the receiving number nor the media, but a request
  // without a well-formed one is not Bandwidth's.
  const recipients = message["to"]
  const to = isString(event["to"])
    ? event["to"]
    : isString(message["owner"])
    ? message["owner"]
    : Array.isArray(recipients) && isString(recipients[0])
    ? recipients[0]
    : undefined
  if (to === undefined || to.length === 0) return yield* fail(`${at}: missing to`)
  const text = message["text"]
  if (text !== undefined && !isString(text)) return yield* fail(`${at}: message.text is not a string`)
  const media = message["media"]
  if (media !== undefined && !(Array.isArray(media) && media.every(isString))) {
    return yield* fail(`${at}: message.media is not a list of URLs`)
  }
  return inboundText({ providerMessageId, from, body: text ?? "" })
}

const decodeStatus = (
  event: Record<string, unknown>,
  message: Record<string, unknown>,
  status: DeliveryStatus,
  at: string
): Result.Result<BandwidthEvent, WebhookDecodeError> => Result.gen(() => statusSteps(event, message, status, at))

function* statusSteps(event: Record<string, unknown>, message: Record<string, unknown>, status: DeliveryStatus, at: string) {
  const providerMessageId = yield* messageId(message, at)
  const rawCode = event["errorCode"]
  const errorCode = typeof rawCode === "number" && Number.isInteger(rawCode)
    ? String(rawCode)
    : isString(rawCode) && /^\d{1,10}$/.test(rawCode)
    ? rawCode
    : undefined
  if (rawCode !== undefined && rawCode !== null && errorCode === undefined) {
    return yield* fail(`${at}: malformed errorCode`)
  }
  const tag = message["tag"]
  return deliveryReceipt({
    providerMessageId,
    status,
    ...(errorCode === undefined ? {} : { errorCode }),
    // 4482 (the To number is on a blocklist) is not the person's opt-out: it
    // fails the text, but recording it as an opt-out would claim a consent
    // change the person never made.
    recipientOptedOut: errorCode === OPTED_OUT_ERROR_CODE,
    ...(isString(tag) && tag.length > 0 ? { messageId: tag } : {})
  })
}

const decodeEvent = (event: unknown, index: number): Result.Result<BandwidthEvent, WebhookDecodeError> => {
  const at = `event ${index}`
  if (!isRecord(event)) return fail(`${at} is not an object`)
  const type = event["type"]
  if (!isString(type)) return fail(`${at}: missing type`)
  const isInbound = inboundTypes.has(type)
  const status = Object.prototype.hasOwnProperty.call(statusTypes, type) ? statusTypes[type] : undefined
  if (!isInbound && status === undefined) return Result.succeed(ignored("unknown event type"))
  const message = event["message"]
  if (!isRecord(message)) return fail(`${at}: missing message`)
  if (status !== undefined) return decodeStatus(event, message, status, at)
  if (type !== "message-received") {
    return Result.succeed(ignored(message["direction"] === "out" ? "outbound echo" : "unsupported event type"))
  }
  return decodeInbound(event, message, at)
}

/**
 * Reads a callback body (already parsed from JSON). Bandwidth always posts an
 * array; one malformed event rejects the whole body (a 400), since Bandwidth
 * retries a body as a whole.
 */
export const decodeEvents = (body: unknown): Result.Result<ReadonlyArray<BandwidthEvent>, WebhookDecodeError> => {
  if (!Array.isArray(body)) return fail("body is not a JSON array")
  const events: Array<BandwidthEvent> = []
  for (let i = 0; i < body.length; i++) {
    const decoded = decodeEvent(body[i], i)
    if (Result.isFailure(decoded)) return Result.fail(decoded.failure)
    events.push(decoded.success)
  }
  return Result.succeed(events)
}

/** Parses then decodes a raw body: invalid JSON is a `WebhookDecodeError` too. */
export const decodeBody = (rawBody: string): Result.Result<ReadonlyArray<BandwidthEvent>, WebhookDecodeError> => {
  let parsed: unknown
  try {
    parsed = JSON.parse(rawBody)
  } catch {
    return fail("body is not JSON")
  }
  return decodeEvents(parsed)
}

// ---------------------------------------------------------------------------
// The slice
// ---------------------------------------------------------------------------

/**
 * The route mounted with the callback credentials configured at Bandwidth.
 * Every event of a body is handled in order before the 200; Bandwidth retries
 * a body as a whole, so the handling of each event must be idempotent.
 */
export const webhook = (credentials: CallbackCredentials): SmsWebhook => ({
  provider,
  routes: [
    route({
      path: messagesPath,
      kind: "messages",
      authenticate: (request: WebhookRequest) =>
        // An empty configuration never authorizes, whatever the request says.
        credentials.username.length > 0 &&
          checkBasicAuth(request.headers["authorization"], credentials) === "authorized"
          ? request.body
          : Effect.fail(refuse.challenge(BASIC_AUTH_CHALLENGE)),
      decode: decodeBody
    })
  ]
})
