/**
 * An SMS provider as one vertical slice: its name, how it reads its own
 * variables, and what those settings make (the `SmsGateway` out, the webhook
 * routes in). Each provider lives in its own folder (`twilio/`, `bandwidth/`,
 * `console/`) and is listed once in `Providers.ts`; nothing else names it.
 */
import type { SmsGateway } from "@jules/core"
import type { Config, Effect, Layer } from "effect"
import type { ConsoleOutbox } from "./console/ConsoleOutbox.ts"
import type { SmsConfigError } from "./SmsConfigError.ts"
import type { SmsWebhook } from "./SmsWebhook.ts"

/** What every provider may need, read once by `SmsConfig`. */
export interface SharedSettings {
  /** `SMS_PROVIDER`: the name of the chosen provider. */
  readonly provider: string
  /** `PUBLIC_BASE_URL` without a trailing slash: the URL providers call (signatures are computed over it). */
  readonly publicBaseUrl: string | undefined
}

/** A provider with its settings read: what the server composes. */
export interface SmsSlice {
  readonly provider: string
  readonly publicBaseUrl: string | undefined
  /** The console gateway also needs the `ConsoleOutbox`, which `SmsConfig.layer` always provides. */
  readonly gateway: Layer.Layer<SmsGateway, SmsConfigError, ConsoleOutbox>
  /** The routes the provider calls; `undefined` when nothing calls back (the console). */
  readonly webhook: SmsWebhook | undefined
}

export interface SmsProvider {
  /** The `SMS_PROVIDER` value that picks it. */
  readonly name: string
  /**
   * Reads the provider's own variables (only when it is picked); fails with
   * an `SmsConfigError` naming every missing or unusable one, never a value.
   */
  readonly configure: (shared: SharedSettings) => Effect.Effect<SmsSlice, Config.ConfigError | SmsConfigError>
}
