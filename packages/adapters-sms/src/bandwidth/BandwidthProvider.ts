/**
 * Bandwidth as one slice: reads every `BANDWIDTH_*` variable once, and from
 * them makes the gateway (API user) and the webhook (callback credentials,
 * which are configured separately at Bandwidth).
 */
import { Effect } from "effect"
import { optionalRedacted, optionalString } from "../internal/settings.ts"
import { SmsConfigError } from "../SmsConfigError.ts"
import type { SmsProvider } from "../SmsProvider.ts"
import * as BandwidthGateway from "./BandwidthGateway.ts"
import * as BandwidthWebhook from "./BandwidthWebhook.ts"

const name = BandwidthGateway.provider

/**
 * Reads `BANDWIDTH_ACCOUNT_ID`, `BANDWIDTH_USERNAME`, `BANDWIDTH_PASSWORD`,
 * `BANDWIDTH_APPLICATION_ID`, `BANDWIDTH_FROM_NUMBER`,
 * `BANDWIDTH_CALLBACK_USERNAME`, `BANDWIDTH_CALLBACK_PASSWORD` and the optional
 * `BANDWIDTH_API_BASE_URL`. Fails naming every missing variable.
 */
const configure = Effect.fn("BandwidthProvider.configure")(function*(shared: { readonly publicBaseUrl: string | undefined }) {
  const accountId = yield* optionalString("BANDWIDTH_ACCOUNT_ID")
  const username = yield* optionalString("BANDWIDTH_USERNAME")
  const password = yield* optionalRedacted("BANDWIDTH_PASSWORD")
  const applicationId = yield* optionalString("BANDWIDTH_APPLICATION_ID")
  const fromNumber = yield* optionalString("BANDWIDTH_FROM_NUMBER")
  const apiBaseUrl = yield* optionalString("BANDWIDTH_API_BASE_URL")
  const callbackUsername = yield* optionalString("BANDWIDTH_CALLBACK_USERNAME")
  const callbackPassword = yield* optionalRedacted("BANDWIDTH_CALLBACK_PASSWORD")
  if (
    accountId === undefined || username === undefined || password === undefined ||
    applicationId === undefined || fromNumber === undefined ||
    callbackUsername === undefined || callbackPassword === undefined
  ) {
    const missing = Object.entries({
      BANDWIDTH_ACCOUNT_ID: accountId,
      BANDWIDTH_USERNAME: username,
      BANDWIDTH_PASSWORD: password,
      BANDWIDTH_APPLICATION_ID: applicationId,
      BANDWIDTH_FROM_NUMBER: fromNumber,
      BANDWIDTH_CALLBACK_USERNAME: callbackUsername,
      BANDWIDTH_CALLBACK_PASSWORD: callbackPassword
    }).filter(([, value]) => value === undefined).map(([variable]) => variable)
    return yield* new SmsConfigError({ provider: name, missing, invalid: [] })
  }
  return {
    provider: name,
    publicBaseUrl: shared.publicBaseUrl,
    gateway: BandwidthGateway.layer({ accountId, username, password, applicationId, fromNumber, apiBaseUrl }),
    webhook: BandwidthWebhook.webhook({ username: callbackUsername, password: callbackPassword })
  }
})

export const provider: SmsProvider = { name, configure }
