/**
 * Everything the server is configured with, read once before anything opens or
 * listens, and checked as a whole: one `ServerConfigError` names every
 * problem with its fix, not the first one found.
 *
 * Each part is read by its own module (`ServerConfig`, `SmsConfig`, `LlmConfig`,
 * `CompanionSettings.config`, `Database.optionsConfig`, `EncryptionKeys`);
 * `problems` only looks at what they read. In every environment: unusable
 * values (an unknown `JULES_TIME_ZONE`, malformed keys, …). With
 * `NODE_ENV=production` also what is fine on a laptop and wrong with real
 * people: the console SMS gateway, no language model, the example support
 * contact, the dev simulator, the embedded database without an explicit
 * opt-in, no encryption keys, and crisis moderation (`CRISIS_MODERATION=openai`)
 * without an OpenAI key.
 */
import { Database, EncryptionKeys, StorageConfig } from "@jules/adapters-postgres"
import { LlmConfig } from "@jules/adapters-llm"
import { SmsConfig } from "@jules/adapters-sms"
import type { SmsConfigError } from "@jules/adapters-sms"
import type { LlmSettings } from "@jules/adapters-llm"
import type { CompanionSettingsShape } from "@jules/core"
import { CompanionSettings, defaultSettings, supportContactConfig } from "@jules/core"
import { Config, Effect, Option, Redacted, Result } from "effect"
import * as AdminConfig from "../admin/AdminConfig.ts"
import type { AdminSettings } from "../admin/AdminConfig.ts"
import type { StripeSettings } from "@jules/adapters-billing"
import * as BillingConfig from "./BillingConfig.ts"
import type { VeriffSettings } from "@jules/adapters-identity"
import * as IdentityConfig from "./IdentityConfig.ts"
import * as ServerConfig from "./ServerConfig.ts"
import { production } from "./ServerConfig.ts"
import type { ServerSettings } from "./ServerConfig.ts"
import { ServerConfigError } from "./ServerConfigError.ts"

/** What the server runs with, as read at startup. */
export interface Startup {
  readonly server: ServerSettings
  /** The chosen SMS provider's slice: its gateway and the webhook routes to mount. */
  readonly sms: SmsConfig.Settings
  readonly llm: LlmSettings
  readonly companion: CompanionSettingsShape
  readonly database: Database.Options
  /** `JULES_EMBEDDED_DATABASE`, unset: the default of the environment. */
  readonly embeddedDatabase: "on" | "off" | undefined
  readonly keys: EncryptionKeys.Settings
  /** Stripe (`STRIPE_*`); `undefined`: billing is off. */
  readonly billing: StripeSettings | undefined
  /** `ADMIN_API_TOKEN`: no tokens, no `/admin`. */
  readonly admin: AdminSettings
  /** Veriff (`VERIFF_*`); `undefined`: not configured, and then `JULES_AGE_GATE` is `off`. */
  readonly veriff: VeriffSettings | undefined
}

export const KEY_COMMAND = "node -e \"console.log('k1:' + require('crypto').randomBytes(32).toString('base64'))\""

export interface Problems {
  readonly missing: ReadonlyArray<string>
  readonly invalid: ReadonlyArray<string>
  readonly unsafe: ReadonlyArray<string>
}

const keysGiven = (keys: EncryptionKeys.Settings): Option.Option<string> =>
  Option.filter(Option.map(keys.keys, (value) => Redacted.value(value).trim()), (value) => value.length > 0)

/** The problems of a configuration whose parts were read (a part that could not be read is `undefined`). */
export const problems = (options: {
  readonly production: boolean
  readonly server: ServerSettings | undefined
  readonly llm: LlmSettings | undefined
  /** The support contact in use (the example one when `JULES_SUPPORT_CONTACT` is unset). */
  readonly supportContact: string | undefined
  readonly database: Database.Options | undefined
  readonly embeddedDatabase: "on" | "off" | undefined
  readonly keys: EncryptionKeys.Settings | undefined
}): Problems => {
  const missing: Array<string> = []
  const invalid: Array<string> = []
  const unsafe: Array<string> = []
  const { database, embeddedDatabase, keys, llm, server, supportContact } = options

  if (database !== undefined) {
    if (database._tag === "Url" && embeddedDatabase === "on") {
      invalid.push("JULES_EMBEDDED_DATABASE=on but DATABASE_URL is set: unset one of them")
    }
    if (database._tag === "Embedded" && embeddedDatabase === "off") {
      missing.push("DATABASE_URL (JULES_EMBEDDED_DATABASE=off)")
    }
    if (database._tag === "Embedded" && server !== undefined && server.role !== "all") {
      missing.push(
        `DATABASE_URL (JULES_ROLE=${server.role}: web and worker processes share one PostgreSQL database; ` +
          "the embedded one belongs to a single process)"
      )
    }
  }
  if (keys !== undefined) {
    const given = keysGiven(keys)
    if (Option.isSome(given)) {
      const parsed = Effect.runSync(Effect.result(EncryptionKeys.parse(given.value)))
      if (Result.isFailure(parsed)) invalid.push(parsed.failure.message)
    }
  }
  if (!options.production) return { missing, invalid, unsafe }

  if (server?.smsProvider === "console") {
    unsafe.push(
      "the console SMS gateway (texts would be printed, not sent): set SMS_PROVIDER=twilio or bandwidth with its credentials"
    )
  }
  if (server?.devSimulator === true) {
    unsafe.push(
      "JULES_DEV_SIMULATOR=on (anyone could text as any number through /dev): remove it or set JULES_DEV_SIMULATOR=off"
    )
  }
  if (llm !== undefined && llm.providers.every((provider) => provider.kind === "offline")) {
    unsafe.push(
      "the offline model (every text would get a placeholder): set ANTHROPIC_API_KEY or OPENAI_API_KEY, " +
        "or LLM_PROVIDERS=openai with OPENAI_BASE_URL and OPENAI_MODEL for an OpenAI-compatible server"
    )
  }
  if (llm?.crisisReview.moderation?.keyless === true) {
    unsafe.push(
      "CRISIS_MODERATION=openai without OPENAI_API_KEY (moderation would go to the keyless OPENAI_BASE_URL server, " +
        "which may not serve it, and every text would get the local screen only): set OPENAI_API_KEY, " +
        "or unset CRISIS_MODERATION"
    )
  }
  if (supportContact === defaultSettings.supportContact) {
    unsafe.push(
      `the example support contact ${defaultSettings.supportContact} (HELP replies give it to people): ` +
        "set JULES_SUPPORT_CONTACT to an email address, URL or phone number that reaches you"
    )
  }
  if (database?._tag === "Embedded" && embeddedDatabase !== "on") {
    unsafe.push(
      "the embedded database (no DATABASE_URL; PGlite suits one small instance): set DATABASE_URL to a PostgreSQL " +
        "database, or JULES_EMBEDDED_DATABASE=on to keep PGlite under JULES_DATA_DIR"
    )
  }
  if (keys !== undefined && Option.isNone(keysGiven(keys))) {
    unsafe.push(
      `a missing JULES_ENCRYPTION_KEYS (development generates a key into the data directory): generate one with ` +
        `${KEY_COMMAND}, set JULES_ENCRYPTION_KEYS to it and keep it safe, nothing stored can be read without it`
    )
  }
  return { missing, invalid, unsafe }
}

/** A `Config` failure as one line, without the error class name. */
const configProblem = (error: Config.ConfigError): string =>
  error.message.replace(/^SourceError: /, "").replace(/\s*\n\s*/g, " ")

/**
 * Reads every part of the configuration and checks it; fails with one
 * `ServerConfigError` listing every problem found, in every part.
 */
export const run: Effect.Effect<Startup, ServerConfigError> = Effect.gen(function*() {
  const missing: Array<string> = []
  const invalid: Array<string> = []
  const read = <A>(part: Effect.Effect<A, Config.ConfigError | ServerConfigError | SmsConfigError>) =>
    Effect.map(Effect.result(part), (result) => {
      if (Result.isSuccess(result)) return result.success
      const error = result.failure
      if (error._tag === "ServerConfigError" || error._tag === "SmsConfigError") {
        missing.push(...error.missing)
        invalid.push(...error.invalid)
      } else {
        invalid.push(configProblem(error))
      }
      return undefined
    })

  const isProduction = (yield* read(production)) ?? false
  const serverRead = yield* read(ServerConfig.read)
  if (serverRead !== undefined) {
    missing.push(...serverRead.missing)
    invalid.push(...serverRead.invalid)
  }
  const server = serverRead?.settings
  // The provider and public URL the server read through `SmsConfig`; now that provider's own variables.
  const sms = server === undefined
    ? undefined
    : yield* read(SmsConfig.settingsFor({ provider: server.smsProvider, publicBaseUrl: server.publicBaseUrl }))
  const llm = yield* read(LlmConfig)
  const companion = yield* read(CompanionSettings.config)
  // When another companion variable is unusable, the support contact is still checked.
  const supportContact = companion?.supportContact ?? Option.getOrElse(
    (yield* read(Config.option(supportContactConfig))) ?? Option.none(),
    () => defaultSettings.supportContact
  )
  const database = yield* read(Database.optionsConfig)
  const embeddedDatabase = yield* read(StorageConfig.embeddedDatabase)
  const keys = yield* read(EncryptionKeys.settingsConfig)
  // Stripe against the tiers configured (the default tiers when JULES_TIERS could not be read).
  const billingRead = yield* read(BillingConfig.read({
    companion: companion ?? defaultSettings,
    production: isProduction,
    publicBaseUrl: server?.publicBaseUrl
  }))
  missing.push(...(billingRead?.missing ?? []))
  invalid.push(...(billingRead?.invalid ?? []))
  const admin = yield* read(AdminConfig.settings)
  // Veriff against the age gate (an unreadable JULES_AGE_GATE is named by the companion settings).
  const identityRead = yield* read(IdentityConfig.read({
    ageGate: companion?.ageGate ?? "off",
    production: isProduction,
    publicBaseUrl: server?.publicBaseUrl
  }))
  missing.push(...(identityRead?.missing ?? []))
  invalid.push(...(identityRead?.invalid ?? []))

  const found = problems({ production: isProduction, server, llm, supportContact, database, embeddedDatabase, keys })
  missing.push(...found.missing)
  invalid.push(...found.invalid)
  if (missing.length > 0 || invalid.length > 0 || found.unsafe.length > 0) {
    // A problem two parts find is named once.
    return yield* new ServerConfigError({ missing: [...new Set(missing)], invalid: [...new Set(invalid)], unsafe: found.unsafe })
  }
  return {
    server: server!,
    sms: sms!,
    llm: llm!,
    companion: companion!,
    database: database!,
    embeddedDatabase,
    keys: keys!,
    billing: billingRead?.settings,
    admin: admin!,
    veriff: identityRead?.settings
  }
})
