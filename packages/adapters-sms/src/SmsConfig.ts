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

/** The chosen provider with its settings. */
export type GatewaySettings =
  | { readonly provider: "console" }
  | { readonly provider: "twilio"; readonly config: TwilioGateway.TwilioGatewayConfig }
  | { readonly provider: "bandwidth"; readonly config: BandwidthGateway.BandwidthGatewayConfig }

/** Reads the settings of `provider` (and of no other); fails naming every missing variable. */
export const settingsFor = (
  provider: SmsProvider
): Effect.Effect<GatewaySettings, Config.ConfigError | SmsConfigError> =>
  provider === "twilio"
    ? Effect.map(TwilioGateway.config, (config) => ({ provider, config }))
    : provider === "bandwidth"
    ? Effect.map(BandwidthGateway.config, (config) => ({ provider, config }))
    : Effect.succeed({ provider })

/**
 * The `SmsGateway` for settings already read, plus the `ConsoleOutbox` (always
 * provided, so the simulator page can be wired the same way whatever the
 * provider; it stays empty unless the console gateway is in use).
 */
export const layer = (settings: GatewaySettings): Layer.Layer<SmsGateway | ConsoleOutbox, SmsConfigError> =>
  (settings.provider === "twilio"
    ? TwilioGateway.layer(settings.config)
    : settings.provider === "bandwidth"
    ? BandwidthGateway.layer(settings.config)
    : ConsoleGateway.layer).pipe(Layer.provideMerge(ConsoleOutbox.layer))

/** The configured gateway from the environment (`SMS_PROVIDER`, then that provider's variables). */
export const layerConfig: Layer.Layer<SmsGateway | ConsoleOutbox, Config.ConfigError | SmsConfigError> = Layer.unwrap(
  Effect.map(Effect.flatMap(SmsProvider, settingsFor), layer)
)
