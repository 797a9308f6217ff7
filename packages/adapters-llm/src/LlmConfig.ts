/**
 * The language-model settings, read once at startup with `Config`:
 *
 * - `LLM_PROVIDERS` — fallback order, e.g. `anthropic,openai`; default: the
 *   providers with an API key (anthropic, then openai), else `offline`.
 * - `ANTHROPIC_API_KEY`, `ANTHROPIC_BASE_URL`, `ANTHROPIC_MODEL`,
 *   `ANTHROPIC_TIER_MODELS` (`free=…,pro=…`), `ANTHROPIC_BACKGROUND_MODEL`.
 * - `OPENAI_API_KEY`, `OPENAI_BASE_URL`, `OPENAI_MODEL`, `OPENAI_TIER_MODELS`,
 *   `OPENAI_BACKGROUND_MODEL`, `OPENAI_MAX_TOKENS_PARAM`.
 * - `LLM_TIMEOUT_MS`, `LLM_ATTEMPTS_PER_PROVIDER`, `LLM_PRICES` (JSON).
 * - The crisis screen's second opinions, off by default because they send
 *   texts out: `CRISIS_MODERATION` (`openai`: OpenAI's moderation endpoint,
 *   with `OPENAI_API_KEY` and `OPENAI_BASE_URL`), `CRISIS_MODERATION_MODEL`,
 *   `CRISIS_MODERATION_TIMEOUT_MS`; `CRISIS_SECOND_OPINION` (`model`: the
 *   language model judges uncertain texts), `CRISIS_SECOND_OPINION_TIMEOUT_MS`.
 *
 * A provider listed without what it needs fails here, at startup, with a
 * message naming the missing variable, rather than at the first text.
 */
import { ModelPrice } from "@jules/core"
import { Config, ConfigProvider, Effect, Option, Redacted, Schema } from "effect"
import * as ModelRouting from "./ModelRouting.ts"
import { defaultModel as defaultModerationModel } from "./OpenAiModeration.ts"
import type { MaxTokensParam } from "./OpenAiProvider.ts"

export const providerKinds = ["anthropic", "openai", "offline"] as const
export type ProviderKind = typeof providerKinds[number]

export interface AnthropicSettings {
  readonly kind: "anthropic"
  readonly apiKey: Redacted.Redacted<string>
  readonly baseURL: string | undefined
  readonly routing: ModelRouting.ModelRouting
}

export interface OpenAiSettings {
  readonly kind: "openai"
  readonly apiKey: Redacted.Redacted<string>
  readonly baseURL: string | undefined
  readonly routing: ModelRouting.ModelRouting
  readonly maxTokensParam: MaxTokensParam
}

export interface OfflineSettings {
  readonly kind: "offline"
}

export type ProviderSettings = AnthropicSettings | OpenAiSettings | OfflineSettings

/** `CRISIS_MODERATION=openai`: OpenAI's moderation endpoint, on the OpenAI key and base URL. */
export interface ModerationSettings {
  readonly kind: "openai"
  readonly apiKey: Redacted.Redacted<string>
  /** No `OPENAI_API_KEY`, only a server at `OPENAI_BASE_URL`: refused in production (see the server's Preflight). */
  readonly keyless: boolean
  readonly baseURL: string | undefined
  readonly model: string
  readonly timeoutMs: number
}

/** Second opinions on the crisis screen; each `undefined` when off (the default). */
export interface CrisisReviewSettings {
  readonly moderation: ModerationSettings | undefined
  /** `CRISIS_SECOND_OPINION=model`: the language model judges texts in the screen's uncertain band. */
  readonly secondOpinion: { readonly timeoutMs: number } | undefined
}

export interface LlmSettings {
  /** In fallback order. */
  readonly providers: readonly [ProviderSettings, ...Array<ProviderSettings>]
  /** Per attempt. */
  readonly timeoutMs: number
  readonly attemptsPerProvider: number
  /** Model → price; models not listed cost 0 (with a warning). */
  readonly prices: Readonly<Record<string, ModelPrice>>
  /** OPENAI_BASE_URL was set although openai is not in use: worth a hint in the startup log. */
  readonly unusedOpenAiBaseURL: boolean
  readonly crisisReview: CrisisReviewSettings
}

/**
 * Starting points only: model ids change every few months, so operators should
 * set `ANTHROPIC_MODEL` / `OPENAI_MODEL` (and the background models) themselves.
 */
export const llmDefaults = {
  anthropicModel: "claude-sonnet-5-5",
  anthropicBackgroundModel: "claude-haiku-5-5",
  openAiModel: "gpt-5.5",
  openAiBackgroundModel: "gpt-5.4-mini",
  timeoutMs: 20_000,
  attemptsPerProvider: 2,
  /** Local servers ignore the key, but the SDK insists on one. */
  keylessPlaceholder: "no-key-needed",
  moderationModel: defaultModerationModel,
  moderationTimeoutMs: 1_500,
  secondOpinionTimeoutMs: 3_000
} as const

const configError = (message: string) => new Config.ConfigError(new ConfigProvider.SourceError({ message }))

const optionalString = (name: string) =>
  Config.option(Config.String(name)).pipe(
    Config.map(Option.map((s) => s.trim())),
    Config.map(Option.filter((s) => s !== ""))
  )

/** Trimmed, since keys pasted from files often carry a newline. */
const optionalSecret = (name: string) =>
  Config.option(Config.Redacted(name)).pipe(
    Config.map(Option.map((secret) => Redacted.make(Redacted.value(secret).trim()))),
    Config.map(Option.filter((secret) => Redacted.value(secret) !== ""))
  )

const baseURL = (name: string) =>
  Config.option(Config.URL(name)).pipe(
    // The SDKs append their paths (`/v1/messages`, `/chat/completions`) themselves.
    Config.map(Option.map((url) => url.href.replace(/\/+$/, "")))
  )

const tierModels = (name: string) =>
  Config.Record(Schema.String, Schema.String, name, { trim: true }).pipe(Config.withDefault({}))

const positiveInt = (name: string, fallback: number) =>
  Config.Int(name).pipe(
    Config.withDefault(fallback),
    Config.mapEffect((n) => n >= 1 ? Effect.succeed(n) : Effect.fail(configError(`${name} must be at least 1, got ${n}`)))
  )

const Dollars = Schema.Finite.check(Schema.isGreaterThanOrEqualTo(0))
const PriceEntry = Schema.Struct({ input: Dollars, output: Dollars, cacheRead: Dollars, cacheWrite: Dollars })

/** `LLM_PRICES`: `{"model":{"input":3,"output":15,"cacheRead":0.3,"cacheWrite":3.75}}`, dollars per million tokens. */
const prices = Config.schema(Schema.fromJsonString(Schema.Record(Schema.String, PriceEntry)), "LLM_PRICES").pipe(
  Config.map((table) =>
    Object.fromEntries(Object.entries(table).map(([model, price]) => [model, new ModelPrice(price)]))
  ),
  Config.withDefault({} as Readonly<Record<string, ModelPrice>>)
)

const parseProviderList = (raw: string): Effect.Effect<ReadonlyArray<ProviderKind>, Config.ConfigError> => {
  const names = raw.split(",").map((s) => s.trim().toLowerCase()).filter((s) => s !== "")
  const kinds: Array<ProviderKind> = []
  for (const name of names) {
    const kind = providerKinds.find((k) => k === name)
    if (kind === undefined) {
      return Effect.fail(
        configError(`LLM_PROVIDERS: unknown provider "${name}" (expected ${providerKinds.join(", ")})`)
      )
    }
    if (kinds.includes(kind)) return Effect.fail(configError(`LLM_PROVIDERS lists "${name}" twice`))
    kinds.push(kind)
  }
  if (kinds.length === 0) return Effect.fail(configError("LLM_PROVIDERS is set but names no provider"))
  return Effect.succeed(kinds)
}

const routing = (
  prefix: "ANTHROPIC" | "OPENAI",
  model: string,
  backgroundModel: string
): Effect.Effect<ModelRouting.ModelRouting, Config.ConfigError> =>
  Effect.map(tierModels(`${prefix}_TIER_MODELS`), (tiers) => ({
    defaultModel: model,
    tierModels: tiers,
    purposeModels: Object.fromEntries(ModelRouting.backgroundPurposes.map((p) => [p, backgroundModel]))
  }))

const anthropicSettings = Effect.gen(function*() {
  const apiKey = yield* optionalSecret("ANTHROPIC_API_KEY")
  if (Option.isNone(apiKey)) {
    return yield* Effect.fail(
      configError("LLM_PROVIDERS includes anthropic but ANTHROPIC_API_KEY is not set")
    )
  }
  const url = Option.getOrUndefined(yield* baseURL("ANTHROPIC_BASE_URL"))
  const model = Option.getOrElse(yield* optionalString("ANTHROPIC_MODEL"), () => llmDefaults.anthropicModel)
  // Behind a base URL (a proxy, Ollama's Anthropic endpoint) the cheap model may not exist.
  const background = Option.getOrElse(
    yield* optionalString("ANTHROPIC_BACKGROUND_MODEL"),
    () => url === undefined ? llmDefaults.anthropicBackgroundModel : model
  )
  return {
    kind: "anthropic",
    apiKey: apiKey.value,
    baseURL: url,
    routing: yield* routing("ANTHROPIC", model, background)
  } satisfies AnthropicSettings
})

const openAiSettings = Effect.gen(function*() {
  const url = Option.getOrUndefined(yield* baseURL("OPENAI_BASE_URL"))
  const apiKey = yield* optionalSecret("OPENAI_API_KEY")
  if (Option.isNone(apiKey) && url === undefined) {
    return yield* Effect.fail(configError(
      "LLM_PROVIDERS includes openai but OPENAI_API_KEY is not set " +
        "(for a local OpenAI-compatible server set OPENAI_BASE_URL instead)"
    ))
  }
  const configuredModel = yield* optionalString("OPENAI_MODEL")
  if (Option.isNone(configuredModel) && url !== undefined) {
    return yield* Effect.fail(configError(
      "OPENAI_MODEL is required with OPENAI_BASE_URL: name the model your server serves, e.g. llama3.1"
    ))
  }
  const model = Option.getOrElse(configuredModel, () => llmDefaults.openAiModel)
  const background = Option.getOrElse(
    yield* optionalString("OPENAI_BACKGROUND_MODEL"),
    () => url === undefined ? llmDefaults.openAiBackgroundModel : model
  )
  const maxTokensParam = yield* Config.Literals(["max_completion_tokens", "max_tokens"], "OPENAI_MAX_TOKENS_PARAM")
    .pipe(Config.withDefault(url === undefined ? "max_completion_tokens" : "max_tokens"))
  return {
    kind: "openai",
    apiKey: Option.getOrElse(apiKey, () => Redacted.make(llmDefaults.keylessPlaceholder)),
    baseURL: url,
    routing: yield* routing("OPENAI", model, background),
    maxTokensParam
  } satisfies OpenAiSettings
})

/** `name` as one of `choices` (case-insensitive), `off` when unset. */
const switchVar = <const C extends string>(name: string, choices: ReadonlyArray<C>) =>
  Effect.flatMap(optionalString(name), (raw): Effect.Effect<C | "off", Config.ConfigError> => {
    if (Option.isNone(raw)) return Effect.succeed("off")
    const value = raw.value.toLowerCase()
    if (value === "off") return Effect.succeed("off")
    const choice = choices.find((c) => c === value)
    return choice === undefined
      ? Effect.fail(configError(`${name} must be ${choices.join(", ")} or off`))
      : Effect.succeed(choice)
  })

const moderationSettings = Effect.gen(function*() {
  if ((yield* switchVar("CRISIS_MODERATION", ["openai"])) === "off") return undefined
  const apiKey = yield* optionalSecret("OPENAI_API_KEY")
  const url = Option.getOrUndefined(yield* baseURL("OPENAI_BASE_URL"))
  if (Option.isNone(apiKey) && url === undefined) {
    return yield* Effect.fail(configError(
      "CRISIS_MODERATION=openai needs OPENAI_API_KEY (the moderation endpoint sends each text to OpenAI): " +
        "set OPENAI_API_KEY, or unset CRISIS_MODERATION"
    ))
  }
  return {
    kind: "openai",
    apiKey: Option.getOrElse(apiKey, () => Redacted.make(llmDefaults.keylessPlaceholder)),
    keyless: Option.isNone(apiKey),
    baseURL: url,
    model: Option.getOrElse(yield* optionalString("CRISIS_MODERATION_MODEL"), () => llmDefaults.moderationModel),
    timeoutMs: yield* positiveInt("CRISIS_MODERATION_TIMEOUT_MS", llmDefaults.moderationTimeoutMs)
  } satisfies ModerationSettings
})

const secondOpinionSettings = (kinds: ReadonlyArray<ProviderKind>) =>
  Effect.gen(function*() {
    if ((yield* switchVar("CRISIS_SECOND_OPINION", ["model"])) === "off") return undefined
    if (kinds[0] === undefined || kinds[0] === "offline") {
      return yield* Effect.fail(configError(
        "CRISIS_SECOND_OPINION=model needs a language model (the offline responder cannot judge a text): " +
          "set ANTHROPIC_API_KEY or OPENAI_API_KEY, or unset CRISIS_SECOND_OPINION"
      ))
    }
    return { timeoutMs: yield* positiveInt("CRISIS_SECOND_OPINION_TIMEOUT_MS", llmDefaults.secondOpinionTimeoutMs) }
  })

/** Reads every `LLM_*`, `ANTHROPIC_*`, `OPENAI_*` and `CRISIS_*` variable this package knows. */
export const LlmConfig: Effect.Effect<LlmSettings, Config.ConfigError> = Effect.gen(function*() {
  const listed = yield* optionalString("LLM_PROVIDERS")
  const kinds: ReadonlyArray<ProviderKind> = Option.isSome(listed)
    ? yield* parseProviderList(listed.value)
    : [
      ...(Option.isSome(yield* optionalSecret("ANTHROPIC_API_KEY")) ? ["anthropic" as const] : []),
      ...(Option.isSome(yield* optionalSecret("OPENAI_API_KEY")) ? ["openai" as const] : [])
    ]
  const providers: Array<ProviderSettings> = []
  for (const kind of kinds) {
    providers.push(
      kind === "anthropic"
        ? yield* anthropicSettings
        : kind === "openai"
        ? yield* openAiSettings
        : { kind: "offline" }
    )
  }
  const [first, ...rest] = providers
  const moderation = yield* moderationSettings
  return {
    providers: first === undefined ? [{ kind: "offline" }] : [first, ...rest],
    timeoutMs: yield* positiveInt("LLM_TIMEOUT_MS", llmDefaults.timeoutMs),
    attemptsPerProvider: yield* positiveInt("LLM_ATTEMPTS_PER_PROVIDER", llmDefaults.attemptsPerProvider),
    prices: yield* prices,
    unusedOpenAiBaseURL: !kinds.includes("openai") && moderation === undefined &&
      Option.isSome(yield* optionalString("OPENAI_BASE_URL")),
    crisisReview: { moderation, secondOpinion: yield* secondOpinionSettings(kinds) }
  }
})
