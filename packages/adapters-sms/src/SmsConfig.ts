/**
 * Picks the SMS gateway from `SMS_PROVIDER`: `twilio`, `bandwidth`, or
 * `console` (the default, for development). Each provider's variables are read
 * only when it is chosen, and a missing one stops startup with its name.
 */
import type { SmsGateway } from "@jules/core"
import { Config, Effect, Layer } from "effect"
import * as BandwidthGateway from "./BandwidthGateway.ts"
import * as ConsoleGateway from "./ConsoleGateway.ts"
import { ConsoleOutbox } from "./ConsoleOutbox.ts"
import type { SmsConfigError } from "./SmsConfigError.ts"
import * as TwilioGateway from "./TwilioGateway.ts"

export const SmsProvider = Config.Literals(["twilio", "bandwidth", "console"], "SMS_PROVIDER").pipe(
  Config.withDefault("console" as const)
)
export type SmsProvider = "twilio" | "bandwidth" | "console"

/**
 * The configured `SmsGateway`, plus the `ConsoleOutbox` (always provided, so the
 * simulator page can be wired the same way whatever the provider; it stays
 * empty unless the console gateway is in use).
 */
export const layerConfig: Layer.Layer<SmsGateway | ConsoleOutbox, Config.ConfigError | SmsConfigError> = Layer.unwrap(
  Effect.map(
    SmsProvider,
    (provider): Layer.Layer<SmsGateway, Config.ConfigError | SmsConfigError, ConsoleOutbox> =>
      provider === "twilio"
        ? TwilioGateway.layerConfig
        : provider === "bandwidth"
        ? BandwidthGateway.layerConfig
        : ConsoleGateway.layer
  )
).pipe(Layer.provideMerge(ConsoleOutbox.layer))
