/**
 * `SmsGateway` on Twilio Programmable Messaging, through the official `twilio` SDK.
 *
 * One `send` is one HTTP request: the SDK's own 429 retry is off, because
 * retrying is the caller's decision (`SmsError.isRetryable`). The bytes travel
 * through `TwilioTransport` (node's HTTP client, kept-alive connections), which
 * also applies `TWILIO_API_BASE_URL`.
 */
import { SmsError, SmsGateway, SmsRejected, Spans } from "@jules/core"
import type { OutboundSms, SentSms } from "@jules/core"
import { Effect, Layer, Redacted } from "effect"
import type { Scope } from "effect"
import twilio from "twilio"
import { httpUrlProblem } from "../internal/settings.ts"
import { joinPublicUrl } from "../PublicUrl.ts"
import { SmsConfigError } from "../SmsConfigError.ts"
import { twilioErrorReason } from "./TwilioErrors.ts"
import * as TwilioTransport from "./TwilioTransport.ts"
import { statusPath } from "./TwilioWebhook.ts"

export const provider = "twilio"
export const DEFAULT_API_BASE_URL = "https://api.twilio.com"
/** Twilio refuses bodies longer than 1,600 characters. */
export const MAX_BODY_LENGTH = 1600

export interface TwilioGatewayConfig {
  /** `AC…`. */
  readonly accountSid: string
  readonly authToken: Redacted.Redacted<string>
  /** The sending number. Needed unless `messagingServiceSid` is set; both may be set. */
  readonly fromNumber?: string | undefined
  /** `MG…`: Twilio picks the sender from the service's pool. */
  readonly messagingServiceSid?: string | undefined
  /** Default `https://api.twilio.com`. */
  readonly apiBaseUrl?: string | undefined
  /**
   * `PUBLIC_BASE_URL`: when set, each send asks Twilio to post status callbacks
   * to `<publicBaseUrl>/webhooks/twilio/status`. When unset, no `StatusCallback`
   * is sent (a Messaging Service may have its own).
   */
  readonly publicBaseUrl?: string | undefined
  /**
   * Twilio answers STOP itself on long codes (default `true`). Set `false` when
   * Twilio's opt-out handling is turned off for the sender, so Jules confirms.
   */
  readonly repliesToStop?: boolean | undefined
  /** Per-request timeout, default 15 s. */
  readonly timeoutMs?: number | undefined
}

/** Settings that are present but unusable, variable by variable (never their values). */
export const invalidSettings = (settings: {
  readonly accountSid?: string | undefined
  readonly apiBaseUrl?: string | undefined
  readonly publicBaseUrl?: string | undefined
}): Array<string> => {
  const problems: Array<string> = []
  // The SDK itself throws on any other prefix (an API key `SK…` needs a different setup).
  if (settings.accountSid !== undefined && !settings.accountSid.startsWith("AC")) {
    problems.push("TWILIO_ACCOUNT_SID must start with AC")
  }
  const apiProblem = settings.apiBaseUrl && httpUrlProblem("TWILIO_API_BASE_URL", settings.apiBaseUrl)
  if (apiProblem) problems.push(apiProblem)
  const publicProblem = settings.publicBaseUrl && httpUrlProblem("PUBLIC_BASE_URL", settings.publicBaseUrl)
  if (publicProblem) problems.push(publicProblem)
  return problems
}

export const SENDER = "TWILIO_FROM_NUMBER (or TWILIO_MESSAGING_SERVICE_SID)"

type RequestClient = twilio.RequestClient

const make = (config: TwilioGatewayConfig): Effect.Effect<SmsGateway["Service"], SmsConfigError, Scope.Scope> =>
  Effect.gen(function*() {
    const missing = config.fromNumber === undefined && config.messagingServiceSid === undefined ? [SENDER] : []
    const invalid = invalidSettings(config)
    if (missing.length > 0 || invalid.length > 0) return yield* new SmsConfigError({ provider, missing, invalid })

    const apiBaseUrl = config.apiBaseUrl ?? DEFAULT_API_BASE_URL
    const transport = TwilioTransport.make({
      timeoutMs: config.timeoutMs ?? 15_000,
      apiBaseUrl: apiBaseUrl.replace(/\/+$/, "") === DEFAULT_API_BASE_URL ? undefined : apiBaseUrl
    })
    yield* Effect.addFinalizer(() => Effect.sync(transport.close))
    const statusCallback = config.publicBaseUrl === undefined
      ? undefined
      : joinPublicUrl(config.publicBaseUrl, statusPath)
    const authToken = Redacted.value(config.authToken)

    /**
     * A client per send, so the headers of this send's response (Retry-After)
     * can be read after the SDK turned the response into an exception. The HTTP
     * transport, and its connection pool, is shared.
     */
    const clientFor = (seen: { headers?: unknown }) => {
      const httpClient = {
        request: (options: TwilioTransport.TransportRequest) =>
          transport.request(options, (headers) => (seen.headers = headers))
      }
      return twilio(config.accountSid, authToken, {
        // A plain object with `request` is what the SDK calls; its type names the class.
        httpClient: httpClient as unknown as RequestClient,
        autoRetry: false,
        // The SDK prints whole requests (numbers, bodies) at debug level, which
        // TWILIO_LOG_LEVEL in the environment would turn on.
        logLevel: "info",
        env: {}
      })
    }

    const send = Spans.fn("TwilioGateway.send")(function*(sms: OutboundSms) {
      yield* Effect.annotateCurrentSpan({ "sms.provider": provider, "sms.message_id": sms.messageId })
      const seen: { headers?: unknown } = {}
      const client = clientFor(seen)
      const message = yield* Effect.tryPromise({
        try: () =>
          client.messages.create({
            to: sms.to,
            body: sms.body,
            ...(config.fromNumber === undefined ? {} : { from: config.fromNumber }),
            ...(config.messagingServiceSid === undefined ? {} : { messagingServiceSid: config.messagingServiceSid }),
            ...(statusCallback === undefined ? {} : { statusCallback })
          }),
        catch: (cause) => new SmsError({ provider, reason: twilioErrorReason(cause, seen.headers) })
      })
      if (typeof message.sid !== "string" || message.sid.length === 0) {
        // Accepted but unnamed: not retryable, since retrying could send the text twice.
        return yield* new SmsError({
          provider,
          reason: new SmsRejected({ message: "Twilio accepted the text without naming it (no sid)" })
        })
      }
      return { providerMessageId: message.sid } satisfies SentSms
    })

    return SmsGateway.of({
      provider,
      repliesToOptOutKeywords: config.repliesToStop ?? true,
      maxBodyLength: MAX_BODY_LENGTH,
      send
    })
  })

/** The gateway for an explicit configuration. */
export const layer = (config: TwilioGatewayConfig): Layer.Layer<SmsGateway, SmsConfigError> =>
  Layer.effect(SmsGateway, make(config))
