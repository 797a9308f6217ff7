/**
 * Core's `LanguageModel` built from settings: one provider per configured
 * vendor, in order, behind `ModelFallback` (which owns timeouts, retries and
 * fallback). Startup logs say which providers answer, and say it loudly when
 * texts are answered by the offline responder.
 */
import type { CrisisModeration, ModelProvider } from "@jules/core"
import { LanguageModel, ModelFallback } from "@jules/core"
import type { Config } from "effect"
import { Effect, Layer } from "effect"
import * as AnthropicProvider from "./AnthropicProvider.ts"
import { LlmConfig } from "./LlmConfig.ts"
import type { LlmSettings, ModerationSettings, ProviderSettings } from "./LlmConfig.ts"
import * as ModelRouting from "./ModelRouting.ts"
import * as OfflineResponder from "./OfflineResponder.ts"
import * as OpenAiModeration from "./OpenAiModeration.ts"
import * as OpenAiProvider from "./OpenAiProvider.ts"
import * as PriceTable from "./PriceTable.ts"

/**
 * The SDK enforces `timeoutMs` and reports a precise timeout; `ModelFallback`'s
 * own timeout is a backstop a little later.
 */
export const fallbackPolicy = (settings: LlmSettings): ModelFallback.FallbackPolicy => ({
  ...ModelFallback.defaultFallbackPolicy,
  timeout: settings.timeoutMs + 1_000,
  attemptsPerProvider: settings.attemptsPerProvider
})

export const makeProvider = (
  provider: ProviderSettings,
  options: { readonly timeoutMs: number; readonly prices: PriceTable.PriceTable }
): ModelProvider => {
  switch (provider.kind) {
    case "anthropic":
      return AnthropicProvider.make({ ...provider, ...options })
    case "openai":
      return OpenAiProvider.make({ ...provider, ...options })
    case "offline":
      return OfflineResponder.make()
  }
}

/** `anthropic[claude-x (free=claude-s)]@proxy.example`, without keys or URL credentials. */
const describe = (provider: ProviderSettings): string => {
  if (provider.kind === "offline") return "offline"
  const host = provider.baseURL === undefined ? "" : `@${new URL(provider.baseURL).host}`
  return `${provider.kind}[${ModelRouting.describe(provider.routing)}]${host}`
}

const logStartup = Effect.fnUntraced(function*(settings: LlmSettings) {
  const kinds = settings.providers.map((p) => p.kind)
  yield* Effect.logInfo("language model providers, in fallback order").pipe(
    Effect.annotateLogs({
      providers: settings.providers.map(describe).join(" -> "),
      timeoutMs: settings.timeoutMs,
      attemptsPerProvider: settings.attemptsPerProvider,
      pricedModels: Object.keys(settings.prices).length
    })
  )
  const offlineAt = kinds.indexOf("offline")
  if (offlineAt === 0) {
    yield* Effect.logWarning(
      "NO LANGUAGE MODEL CONFIGURED: the offline responder answers every text with a canned placeholder. " +
        "Set ANTHROPIC_API_KEY or OPENAI_API_KEY, or LLM_PROVIDERS=openai with OPENAI_BASE_URL and OPENAI_MODEL " +
        "for a local OpenAI-compatible server (Ollama, llama.cpp, vLLM)."
    )
    if (settings.unusedOpenAiBaseURL) {
      yield* Effect.logWarning("OPENAI_BASE_URL is set but openai is not in use: add LLM_PROVIDERS=openai")
    }
    if (kinds.length > 1) {
      yield* Effect.logWarning("providers listed after offline are never called: offline always answers")
    }
  } else if (offlineAt > 0) {
    yield* Effect.logWarning(
      "the offline responder is in the fallback chain: when the models before it fail, people get its " +
        "canned placeholder instead of the apology"
    )
  }
})

export const layer = (settings: LlmSettings, policy?: ModelFallback.FallbackPolicy): Layer.Layer<LanguageModel> =>
  Layer.effect(
    LanguageModel,
    Effect.gen(function*() {
      yield* logStartup(settings)
      const options = { timeoutMs: settings.timeoutMs, prices: PriceTable.make(settings.prices) }
      const [first, ...rest] = settings.providers
      return ModelFallback.make(
        [makeProvider(first, options), ...rest.map((p) => makeProvider(p, options))],
        policy ?? fallbackPolicy(settings)
      )
    })
  )

/** Reads `LlmConfig` from the current `ConfigProvider`; fails at startup when it is incomplete. */
export const layerConfig: Layer.Layer<LanguageModel, Config.ConfigError> = Layer.unwrap(
  Effect.map(LlmConfig, (settings) => layer(settings))
)

/**
 * OpenAI's moderation endpoint from `CRISIS_MODERATION=openai` settings; warns
 * at startup when there is no key (a local server rarely serves `/moderations`).
 */
export const moderationLayer = (settings: ModerationSettings): Layer.Layer<CrisisModeration> =>
  Layer.unwrap(Effect.gen(function*() {
    if (settings.keyless) {
      yield* Effect.logWarning(
        "CRISIS_MODERATION=openai without OPENAI_API_KEY: moderation goes to OPENAI_BASE_URL, which may not " +
          "serve /moderations; the local crisis screen stands whenever it fails"
      )
    }
    return OpenAiModeration.layer(settings)
  }))
