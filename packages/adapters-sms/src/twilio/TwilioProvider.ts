/**
 * Twilio as one slice: reads every `TWILIO_*` variable once, and from them
 * makes the gateway (API sends) and the webhook (texts and status callbacks),
 * which share the auth token and `PUBLIC_BASE_URL`.
 */
import { Config, Effect } from "effect"
import { optionalRedacted, optionalString } from "../internal/settings.ts"
import { SmsConfigError } from "../SmsConfigError.ts"
import type { SharedSettings, SmsProvider } from "../SmsProvider.ts"
import * as TwilioGateway from "./TwilioGateway.ts"
import * as TwilioWebhook from "./TwilioWebhook.ts"

const name = TwilioGateway.provider

/**
 * Reads `TWILIO_ACCOUNT_SID`, `TWILIO_AUTH_TOKEN`, `TWILIO_FROM_NUMBER` and/or
 * `TWILIO_MESSAGING_SERVICE_SID`, `TWILIO_API_BASE_URL`, `TWILIO_REPLIES_TO_STOP`
 * (default true). `PUBLIC_BASE_URL` is required: Twilio signs the URL it calls,
 * which the server cannot guess behind a proxy.
 */
const configure = Effect.fn("TwilioProvider.configure")(function*(shared: SharedSettings) {
  const accountSid = yield* optionalString("TWILIO_ACCOUNT_SID")
  const authToken = yield* optionalRedacted("TWILIO_AUTH_TOKEN")
  const fromNumber = yield* optionalString("TWILIO_FROM_NUMBER")
  const messagingServiceSid = yield* optionalString("TWILIO_MESSAGING_SERVICE_SID")
  const apiBaseUrl = yield* optionalString("TWILIO_API_BASE_URL")
  const repliesToStop = yield* Config.Boolean("TWILIO_REPLIES_TO_STOP").pipe(Config.withDefault(true))
  const { publicBaseUrl } = shared

  const missing = [
    ...(accountSid === undefined ? ["TWILIO_ACCOUNT_SID"] : []),
    ...(authToken === undefined ? ["TWILIO_AUTH_TOKEN"] : []),
    ...(fromNumber === undefined && messagingServiceSid === undefined ? [TwilioGateway.SENDER] : []),
    ...(publicBaseUrl === undefined ? ["PUBLIC_BASE_URL (the URL Twilio calls)"] : [])
  ]
  const invalid = TwilioGateway.invalidSettings({ accountSid, apiBaseUrl })
  if (
    accountSid === undefined || authToken === undefined || publicBaseUrl === undefined ||
    missing.length > 0 || invalid.length > 0
  ) {
    return yield* new SmsConfigError({ provider: name, missing, invalid })
  }
  return {
    provider: name,
    publicBaseUrl,
    gateway: TwilioGateway.layer({
      accountSid,
      authToken,
      fromNumber,
      messagingServiceSid,
      apiBaseUrl,
      publicBaseUrl,
      repliesToStop
    }),
    webhook: TwilioWebhook.webhook({ authToken, publicBaseUrl })
  }
})

export const provider: SmsProvider = { name, configure }
