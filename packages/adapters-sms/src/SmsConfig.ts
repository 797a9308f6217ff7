/**
 * The one place SMS variables are read: `SMS_PROVIDER` (a name from
 * `Providers.ts`, `console` by default), `PUBLIC_BASE_URL`, then the chosen
 * provider's own variables (and no other's). The server reads none of them:
 * it takes `readShared` and `settingsFor` from here (see its `Preflight`).
 */
import type { SmsGateway } from "@jules/core"
import type { Config } from "effect"
import { Effect, Layer } from "effect"
import { ConsoleOutbox } from "./console/ConsoleOutbox.ts"
import { httpUrlProblem, optionalTrimmed } from "./internal/settings.ts"
import { DEFAULT_PROVIDER, providers } from "./Providers.ts"
import { SmsConfigError } from "./SmsConfigError.ts"
import type { SharedSettings, SmsSlice } from "./SmsProvider.ts"

export type { SharedSettings } from "./SmsProvider.ts"

/** The chosen provider with its settings read: its gateway and webhook. */
export type Settings = SmsSlice

/** `SMS_PROVIDER` values, in the order messages list them. */
export const providerNames: ReadonlyArray<string> = providers.map((provider) => provider.name)

const oneOf = (names: ReadonlyArray<string>): string =>
  names.length < 2 ? names.join("") : `${names.slice(0, -1).join(", ")} or ${names[names.length - 1]}`

/**
 * Reads `SMS_PROVIDER` and `PUBLIC_BASE_URL` (blank counts as unset), with
 * what is wrong with them: defaults stand in for unusable values, so the
 * caller can go on checking everything else and report it all at once.
 */
export const readShared: Effect.Effect<
  { readonly shared: SharedSettings; readonly invalid: ReadonlyArray<string> },
  Config.ConfigError
> = Effect.gen(function*() {
  const invalid: Array<string> = []
  const rawProvider = (yield* optionalTrimmed("SMS_PROVIDER")) ?? DEFAULT_PROVIDER
  const known = providerNames.includes(rawProvider)
  if (!known) invalid.push(`SMS_PROVIDER must be ${oneOf(providerNames)}`)
  const rawPublicBaseUrl = yield* optionalTrimmed("PUBLIC_BASE_URL")
  const urlProblem = rawPublicBaseUrl === undefined ? undefined : httpUrlProblem("PUBLIC_BASE_URL", rawPublicBaseUrl)
  if (urlProblem !== undefined) invalid.push("PUBLIC_BASE_URL must be an absolute http(s) URL")
  return {
    shared: {
      provider: known ? rawProvider : DEFAULT_PROVIDER,
      // Signatures are computed over base + path: a trailing slash would double it.
      publicBaseUrl: urlProblem === undefined ? rawPublicBaseUrl?.replace(/\/+$/, "") : undefined
    },
    invalid
  }
})

/** Reads the settings of `shared.provider` (and of no other); fails naming every missing variable. */
export const settingsFor = (shared: SharedSettings): Effect.Effect<Settings, Config.ConfigError | SmsConfigError> => {
  const provider = providers.find((candidate) => candidate.name === shared.provider)
  return provider === undefined
    ? Effect.fail(
      new SmsConfigError({ provider: shared.provider, missing: [], invalid: [`SMS_PROVIDER must be ${oneOf(providerNames)}`] })
    )
    : provider.configure(shared)
}

/** Every SMS variable, checked: the settings, or an `SmsConfigError` naming each problem. */
export const settings: Effect.Effect<Settings, Config.ConfigError | SmsConfigError> = Effect.flatMap(
  readShared,
  ({ invalid, shared }) =>
    invalid.length > 0
      ? Effect.fail(new SmsConfigError({ provider: shared.provider, missing: [], invalid }))
      : settingsFor(shared)
)

/**
 * The `SmsGateway` for settings already read, plus the `ConsoleOutbox` (always
 * provided, so the simulator page can be wired the same way whatever the
 * provider; it stays empty unless the console gateway is in use).
 */
export const layer = (settings: Settings): Layer.Layer<SmsGateway | ConsoleOutbox, SmsConfigError> =>
  settings.gateway.pipe(Layer.provideMerge(ConsoleOutbox.layer))

/** The configured gateway from the environment (`SMS_PROVIDER`, then that provider's variables). */
export const layerConfig: Layer.Layer<SmsGateway | ConsoleOutbox, Config.ConfigError | SmsConfigError> = Layer.unwrap(
  Effect.map(settings, layer)
)
