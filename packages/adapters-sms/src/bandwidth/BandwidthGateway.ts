/**
 * `SmsGateway` on the Bandwidth Messaging API v2, through the official
 * `bandwidth-sdk` (axios-based, no built-in retry: one `send` is one request).
 *
 * Bandwidth does not answer STOP on long codes, so `repliesToOptOutKeywords` is
 * false and Jules sends the confirmation itself.
 */
import { SmsError, SmsGateway, SmsRejected, Spans } from "@jules/core"
import type { OutboundSms, SentSms } from "@jules/core"
import { Configuration, MessagesApi } from "bandwidth-sdk"
import { Effect, Layer, Redacted } from "effect"
import { httpUrlProblem } from "../internal/settings.ts"
import { SmsConfigError } from "../SmsConfigError.ts"
import { bandwidthErrorReason } from "./BandwidthErrors.ts"

export const provider = "bandwidth"
/** The messaging API's origin; the adapter adds `/api/v2`. */
export const DEFAULT_API_BASE_URL = "https://messaging.bandwidth.com"
/** Bandwidth accepts up to 2,048 characters of `text`. */
export const MAX_BODY_LENGTH = 2048

export interface BandwidthGatewayConfig {
  readonly accountId: string
  /** API user (HTTP Basic). */
  readonly username: string
  readonly password: Redacted.Redacted<string>
  /** The messaging application whose callback URL receives delivery events. */
  readonly applicationId: string
  readonly fromNumber: string
  /**
   * Default `https://messaging.bandwidth.com`. A URL without a path gets
   * `/api/v2` appended; a URL with a path (a proxy) is used as given.
   */
  readonly apiBaseUrl?: string | undefined
  /** Per-request timeout, default 15 s. */
  readonly timeoutMs?: number | undefined
}

/** The SDK's `basePath`: the URL that `/users/{accountId}/messages` is appended to. */
const basePathOf = (apiBaseUrl: string): string => {
  const url = new URL(apiBaseUrl)
  const trimmed = apiBaseUrl.replace(/\/+$/, "")
  return url.pathname === "/" || url.pathname === "" ? `${trimmed}/api/v2` : trimmed
}

const make = (config: BandwidthGatewayConfig): Effect.Effect<SmsGateway["Service"], SmsConfigError> =>
  Effect.gen(function*() {
    const apiBaseUrl = config.apiBaseUrl ?? DEFAULT_API_BASE_URL
    const problem = httpUrlProblem("BANDWIDTH_API_BASE_URL", apiBaseUrl)
    if (problem) return yield* new SmsConfigError({ provider, missing: [], invalid: [problem] })

    const api = new MessagesApi(
      new Configuration({
        username: config.username,
        password: Redacted.value(config.password),
        basePath: basePathOf(apiBaseUrl),
        baseOptions: { timeout: config.timeoutMs ?? 15_000 }
      })
    )

    const send = Spans.fn("BandwidthGateway.send")(function*(sms: OutboundSms) {
      yield* Effect.annotateCurrentSpan({ "sms.provider": provider, "sms.message_id": sms.messageId })
      const response = yield* Effect.tryPromise({
        try: (signal) =>
          api.createMessage(config.accountId, {
            applicationId: config.applicationId,
            to: new Set([sms.to]),
            from: config.fromNumber,
            text: sms.body,
            // Echoed in every delivery event for this text.
            tag: sms.messageId
          }, { signal }),
        catch: (cause) => new SmsError({ provider, reason: bandwidthErrorReason(cause) })
      })
      const id = (response.data as { id?: unknown } | undefined)?.id
      if (typeof id !== "string" || id.length === 0) {
        // Accepted but unnamed: not retryable, since retrying could send the text twice.
        return yield* new SmsError({
          provider,
          reason: new SmsRejected({ message: `Bandwidth accepted the text without an id (HTTP ${response.status})` })
        })
      }
      return { providerMessageId: id } satisfies SentSms
    })

    return SmsGateway.of({
      provider,
      repliesToOptOutKeywords: false,
      maxBodyLength: MAX_BODY_LENGTH,
      send
    })
  })

/** The gateway for an explicit configuration. */
export const layer = (config: BandwidthGatewayConfig): Layer.Layer<SmsGateway, SmsConfigError> =>
  Layer.effect(SmsGateway, make(config))
