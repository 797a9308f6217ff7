/**
 * What an operator configures about the companion. Read once, at layer
 * construction; `layerConfig` reads `JULES_*` variables (all optional).
 */
import { Config, ConfigProvider, Context, DateTime, Duration, Effect, Layer, Option, Schema } from "effect"
import type { Tier } from "../domain/User.ts"
import type { AgeGateMode } from "../policy/AgeGate.ts"
import { defaultOutboxSettings, type OutboxSettings } from "../policy/OutboxPolicy.ts"
import { DEFAULT_DISCLOSURE_INTERVAL } from "../policy/DisclosurePolicy.ts"
import type { PromptBudget } from "../policy/PromptAssembly.ts"
import type { TierLimits } from "../policy/QuotaPolicy.ts"
import * as Persona from "./Persona.ts"

/** What Jules remembers between turns (see `ConversationMemory`). */
export interface MemorySettings {
  /** Facts from first-person statements ("my dog is called Rex"), by rules, never from crisis turns. */
  readonly extractFacts: boolean
  /** Fold older lines into a summary; when false the prompt keeps only the recent lines the budget allows. */
  readonly rollingSummary: boolean
  /** Summarise once this many lines (texts and replies) are not yet covered by the summary. */
  readonly summaryAfterLines: number
  /** The newest lines, left out of the summary so the model reads them verbatim. */
  readonly keepRecentLines: number
  /** The summary call's output limit; the stored summary is cut to about four characters a token. */
  readonly summaryMaxOutputTokens: number
  /** The summary call also lists durable facts it noticed (validated, never echoed from crisis talk). */
  readonly factsFromSummary: boolean
  /**
   * Facts by the background model (`MemoryExtraction`: add, update, delete
   * against the facts held) when a model is connected; the rules otherwise
   * (`JULES_MEMORY_MODEL`, default on). Needs `extractFacts`.
   */
  readonly modelFacts: boolean
  /** The extraction call's output limit. */
  readonly extractionMaxOutputTokens: number
  /** Facts kept per person at most (`JULES_MEMORY_MAX_FACTS`); see `FactEviction` for which go first. */
  readonly maxFacts: number
}

export interface CompanionSettingsShape {
  readonly brandName: string
  /** Shown in the HELP reply: an email address, URL or phone number. */
  readonly supportContact: string
  readonly defaultTier: Tier
  /** The tier an over-quota person is invited to. */
  readonly upgradeTier: Tier
  readonly tiers: Readonly<Record<string, TierLimits>>
  /** For "per day" limits until the person's own zone is known. */
  readonly defaultTimeZone: string
  readonly ageGate: AgeGateMode
  readonly disclosureInterval: Duration.Duration
  /** Turns per minute before the burst limit applies. */
  readonly perMinuteLimit: number
  /** Conversation lines loaded before the budget trims them. */
  readonly historyLines: number
  readonly promptBudget: PromptBudget
  readonly memory: MemorySettings
  /**
   * The persona's voice: who the companion is and how it talks
   * (`JULES_PERSONA`). The rules the law and safe messaging require
   * (`Persona.requiredRules`) always follow it and cannot be configured away.
   */
  readonly persona: string
  readonly safetyRules: string
  readonly minorRules: string
  /**
   * How long a conversation stays in safety mode after a concern or imminent
   * turn (`JULES_SAFETY_MODE_PERIOD`): the model keeps the safety rules, even
   * for texts the screen finds ordinary. Zero: only the crisis turn itself.
   */
  readonly safetyModePeriod: Duration.Duration
  /**
   * Attempts per text while the turn sends it, and the first backoff
   * (doubling); after that the outbox retries on its own schedule.
   */
  readonly sendAttempts: number
  readonly sendBackoff: Duration.Duration
  readonly outbox: OutboxSettings
}

export const defaultTiers: Readonly<Record<string, TierLimits>> = {
  free: { dailyTurns: 50, maxReplySegments: 3 },
  plus: { dailyTurns: 500, maxReplySegments: 6 },
  pro: { dailyTurns: null, maxReplySegments: 10 }
}

export const defaultSettings: CompanionSettingsShape = {
  brandName: "Jules",
  supportContact: "support@example.com",
  defaultTier: "free" as Tier,
  upgradeTier: "plus" as Tier,
  tiers: defaultTiers,
  defaultTimeZone: "America/New_York",
  ageGate: "off",
  disclosureInterval: DEFAULT_DISCLOSURE_INTERVAL,
  perMinuteLimit: 20,
  historyLines: 40,
  promptBudget: { maxPromptTokens: 4000, maxOutputTokens: 300, memoryShare: 0.25 },
  memory: {
    extractFacts: true,
    rollingSummary: true,
    summaryAfterLines: 24,
    keepRecentLines: 8,
    summaryMaxOutputTokens: 250,
    factsFromSummary: true,
    modelFacts: true,
    extractionMaxOutputTokens: 300,
    maxFacts: 60
  },
  persona: Persona.voice("Jules"),
  safetyRules: Persona.safetyRules,
  minorRules: Persona.minorRules,
  safetyModePeriod: Duration.hours(24),
  sendAttempts: 3,
  sendBackoff: Duration.seconds(1),
  outbox: defaultOutboxSettings
}

export class CompanionSettings extends Context.Service<CompanionSettings, CompanionSettingsShape>()(
  "@jules/core/CompanionSettings"
) {
  static readonly layer = (overrides: Partial<CompanionSettingsShape> = {}): Layer.Layer<CompanionSettings> =>
    Layer.succeed(CompanionSettings, settingsWith(overrides))

  /** Reads the `JULES_*` variables; an unknown `JULES_TIME_ZONE` fails in every environment. */
  static readonly config: Effect.Effect<CompanionSettingsShape, Config.ConfigError> = Effect.gen(function*() {
    const opt = <A>(config: Config.Config<A>) => Config.option(config).pipe(Effect.map(Option.getOrUndefined))
    const brandName = yield* opt(Config.NonEmptyString("JULES_BRAND_NAME"))
    const supportContact = yield* opt(supportContactConfig)
    const defaultTimeZone = yield* opt(timeZoneConfig)
    const ageGate = yield* opt(Config.Literals(["off", "optional", "required"], "JULES_AGE_GATE"))
    const persona = yield* opt(Config.NonEmptyString("JULES_PERSONA"))
    const safetyModePeriod = yield* opt(Config.Duration("JULES_SAFETY_MODE_PERIOD"))
    const maxPromptTokens = yield* opt(Config.Int("JULES_PROMPT_BUDGET_TOKENS"))
    const maxOutputTokens = yield* opt(Config.Int("JULES_MAX_OUTPUT_TOKENS"))
    const tiers = yield* opt(Config.schema(Schema.fromJsonString(TiersSchema), "JULES_TIERS"))
    const perMinuteLimit = yield* opt(Config.Int("JULES_TURNS_PER_MINUTE"))
    const rollingSummary = yield* opt(Config.Boolean("JULES_ROLLING_SUMMARY"))
    const summaryAfterLines = yield* opt(Config.Int("JULES_SUMMARY_AFTER_LINES"))
    const modelFacts = yield* opt(Config.Boolean("JULES_MEMORY_MODEL"))
    const maxFacts = yield* opt(maxFactsConfig)
    const outbox = {
      maxAge: yield* opt(Config.Duration("OUTBOX_MAX_AGE")),
      staleAfter: yield* opt(Config.Duration("OUTBOX_STALE_AFTER")),
      retryMin: yield* opt(Config.Duration("OUTBOX_RETRY_MIN")),
      retryMax: yield* opt(Config.Duration("OUTBOX_RETRY_MAX"))
    }
    const overrides: Partial<Mutable<CompanionSettingsShape>> = {
      outbox: {
        ...defaultOutboxSettings,
        ...Object.fromEntries(Object.entries(outbox).filter(([, value]) => value !== undefined))
      }
    }
    if (brandName !== undefined) overrides.brandName = brandName
    if (supportContact !== undefined) overrides.supportContact = supportContact
    if (defaultTimeZone !== undefined) overrides.defaultTimeZone = defaultTimeZone
    if (ageGate !== undefined) overrides.ageGate = ageGate
    if (persona !== undefined) overrides.persona = persona
    if (safetyModePeriod !== undefined) overrides.safetyModePeriod = safetyModePeriod
    if (tiers !== undefined) overrides.tiers = tiers
    if (perMinuteLimit !== undefined) overrides.perMinuteLimit = perMinuteLimit
    if (maxPromptTokens !== undefined || maxOutputTokens !== undefined) {
      overrides.promptBudget = {
        ...defaultSettings.promptBudget,
        ...(maxPromptTokens !== undefined ? { maxPromptTokens } : {}),
        ...(maxOutputTokens !== undefined ? { maxOutputTokens } : {})
      }
    }
    if (rollingSummary !== undefined || summaryAfterLines !== undefined || modelFacts !== undefined || maxFacts !== undefined) {
      overrides.memory = {
        ...defaultSettings.memory,
        ...(rollingSummary !== undefined ? { rollingSummary } : {}),
        ...(summaryAfterLines !== undefined ? { summaryAfterLines } : {}),
        ...(modelFacts !== undefined ? { modelFacts } : {}),
        ...(maxFacts !== undefined ? { maxFacts } : {})
      }
    }
    return settingsWith(overrides)
  })

  static readonly layerConfig: Layer.Layer<CompanionSettings, Config.ConfigError> = Layer.effect(
    CompanionSettings,
    CompanionSettings.config
  )
}

/** The defaults with `overrides`; the persona follows the brand name unless given. */
const settingsWith = (overrides: Partial<CompanionSettingsShape>): CompanionSettingsShape => ({
  ...defaultSettings,
  persona: Persona.voice(overrides.brandName ?? defaultSettings.brandName),
  ...overrides
})

/** `JULES_SUPPORT_CONTACT`: shown in the HELP reply. */
export const supportContactConfig: Config.Config<string> = Config.NonEmptyString("JULES_SUPPORT_CONTACT")

/** `JULES_TIME_ZONE`: an IANA zone name, checked at startup instead of falling back to UTC per person. */
const timeZoneConfig = Config.NonEmptyString("JULES_TIME_ZONE").pipe(
  Config.mapEffect((raw) => {
    const zone = raw.trim()
    return Option.isSome(DateTime.zoneMakeNamed(zone))
      ? Effect.succeed(zone)
      : Effect.fail(
        new Config.ConfigError(
          new ConfigProvider.SourceError({
            message: "JULES_TIME_ZONE is not a time zone: set an IANA zone name such as America/New_York"
          })
        )
      )
  })
)

/** `JULES_MEMORY_MAX_FACTS`: between 5 and 500; every prompt carries the facts. */
const maxFactsConfig = Config.Int("JULES_MEMORY_MAX_FACTS").pipe(
  Config.mapEffect((n) =>
    n >= 5 && n <= 500
      ? Effect.succeed(n)
      : Effect.fail(
        new Config.ConfigError(
          new ConfigProvider.SourceError({ message: "JULES_MEMORY_MAX_FACTS must be between 5 and 500 (default 60)" })
        )
      )
  )
)

type Mutable<T> = { -readonly [K in keyof T]: T[K] }

/** `JULES_TIERS={"free":{"dailyTurns":50,"maxReplySegments":3},"pro":{"dailyTurns":null,"maxReplySegments":10}}` */
const TiersSchema = Schema.Record(
  Schema.String,
  Schema.Struct({ dailyTurns: Schema.NullOr(Schema.Int), maxReplySegments: Schema.Int })
)

/** Limits of `tier`, falling back to the default tier's for names not configured. */
export const tierLimits = (settings: CompanionSettingsShape, tier: Tier): TierLimits =>
  settings.tiers[tier] ?? settings.tiers[settings.defaultTier] ?? { dailyTurns: 50, maxReplySegments: 3 }
