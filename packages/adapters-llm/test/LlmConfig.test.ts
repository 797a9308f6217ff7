import { assert, describe, it } from "@effect/vitest"
import { LanguageModel } from "@jules/core"
import { ConfigProvider, Effect, Layer, Redacted } from "effect"
import type { AnthropicSettings, OpenAiSettings } from "../src/LlmConfig.ts"
import { LlmConfig, llmDefaults } from "../src/LlmConfig.ts"
import * as LlmLayer from "../src/LlmLayer.ts"
import * as ModelRouting from "../src/ModelRouting.ts"
import { FakeAnthropicServer, FakeOpenAiServer } from "@jules/testkit"
import { captureLogs, request, tier } from "./fixtures.ts"

const readWith = (env: Record<string, string>) =>
  LlmConfig.pipe(Effect.provideService(ConfigProvider.ConfigProvider, ConfigProvider.fromUnknown(env)))

const kinds = (env: Record<string, string>) =>
  Effect.map(readWith(env), (settings) => settings.providers.map((p) => p.kind))

const configFailure = (env: Record<string, string>) => Effect.map(Effect.flip(readWith(env)), (e) => e.message)

describe("LlmConfig", () => {
  it.effect("with nothing configured, the offline responder answers", () =>
    Effect.gen(function*() {
      assert.deepStrictEqual(yield* kinds({}), ["offline"])
      assert.deepStrictEqual(yield* kinds({ ANTHROPIC_API_KEY: "", OPENAI_API_KEY: "  " }), ["offline"])
    }))

  it.effect("by default, the providers with keys, anthropic first", () =>
    Effect.gen(function*() {
      assert.deepStrictEqual(yield* kinds({ ANTHROPIC_API_KEY: "a" }), ["anthropic"])
      assert.deepStrictEqual(yield* kinds({ OPENAI_API_KEY: "o" }), ["openai"])
      assert.deepStrictEqual(yield* kinds({ OPENAI_API_KEY: "o", ANTHROPIC_API_KEY: "a" }), ["anthropic", "openai"])
    }))

  it.effect("LLM_PROVIDERS sets the order", () =>
    Effect.gen(function*() {
      assert.deepStrictEqual(
        yield* kinds({ LLM_PROVIDERS: " OpenAI , anthropic,offline", OPENAI_API_KEY: "o", ANTHROPIC_API_KEY: "a" }),
        ["openai", "anthropic", "offline"]
      )
      assert.deepStrictEqual(yield* kinds({ LLM_PROVIDERS: "offline", ANTHROPIC_API_KEY: "a" }), ["offline"])
    }))

  it.effect("a listed provider without its key fails at startup, naming the variable", () =>
    Effect.gen(function*() {
      assert.include(yield* configFailure({ LLM_PROVIDERS: "anthropic" }), "ANTHROPIC_API_KEY")
      assert.include(yield* configFailure({ LLM_PROVIDERS: "anthropic,openai", ANTHROPIC_API_KEY: "a" }), "OPENAI_API_KEY")
    }))

  it.effect("unknown or repeated provider names fail", () =>
    Effect.gen(function*() {
      assert.include(yield* configFailure({ LLM_PROVIDERS: "anthropic,gemini", ANTHROPIC_API_KEY: "a" }), "gemini")
      assert.include(yield* configFailure({ LLM_PROVIDERS: "offline,offline" }), "twice")
    }))

  it.effect("Ollama: one base URL and a model, no key needed", () =>
    Effect.gen(function*() {
      const settings = yield* readWith({
        LLM_PROVIDERS: "openai",
        OPENAI_BASE_URL: "http://localhost:11434/v1",
        OPENAI_MODEL: "llama3.1"
      })
      const openai = settings.providers[0] as OpenAiSettings
      assert.strictEqual(openai.kind, "openai")
      assert.strictEqual(openai.baseURL, "http://localhost:11434/v1")
      assert.strictEqual(Redacted.value(openai.apiKey), llmDefaults.keylessPlaceholder)
      assert.strictEqual(openai.maxTokensParam, "max_tokens")
      // a local server usually serves one model: background work uses it too
      assert.strictEqual(ModelRouting.resolve(openai.routing, { purpose: "reply", tier: tier("pro") }), "llama3.1")
      assert.strictEqual(ModelRouting.resolve(openai.routing, { purpose: "summary", tier: tier("free") }), "llama3.1")
    }))

  it.effect("a base URL without a model name fails, since the default model would not exist there", () =>
    Effect.gen(function*() {
      assert.include(
        yield* configFailure({ LLM_PROVIDERS: "openai", OPENAI_BASE_URL: "http://localhost:11434/v1" }),
        "OPENAI_MODEL"
      )
      assert.include(yield* configFailure({ OPENAI_API_KEY: "o", OPENAI_BASE_URL: "not a url" }), "OPENAI_BASE_URL")
    }))

  it.effect("models: defaults, tier overrides and a cheaper background model", () =>
    Effect.gen(function*() {
      const settings = yield* readWith({
        ANTHROPIC_API_KEY: "sk-ant-secret",
        ANTHROPIC_TIER_MODELS: "free=claude-haiku-5-5, pro = claude-opus-5-5",
        OPENAI_API_KEY: "sk-oai-secret",
        OPENAI_MODEL: "gpt-custom",
        OPENAI_BACKGROUND_MODEL: "gpt-tiny"
      })
      const [anthropic, openai] = settings.providers as unknown as [AnthropicSettings, OpenAiSettings]
      const route = (r: ModelRouting.ModelRouting, purpose: "reply" | "summary" | "memory_extraction", t: string) =>
        ModelRouting.resolve(r, { purpose, tier: tier(t) })
      assert.strictEqual(route(anthropic.routing, "reply", "free"), "claude-haiku-5-5")
      assert.strictEqual(route(anthropic.routing, "reply", "pro"), "claude-opus-5-5")
      assert.strictEqual(route(anthropic.routing, "reply", "plus"), llmDefaults.anthropicModel)
      assert.strictEqual(route(anthropic.routing, "memory_extraction", "pro"), llmDefaults.anthropicBackgroundModel)
      assert.strictEqual(route(openai.routing, "reply", "pro"), "gpt-custom")
      assert.strictEqual(route(openai.routing, "summary", "pro"), "gpt-tiny")
      assert.strictEqual(openai.maxTokensParam, "max_completion_tokens")
      assert.strictEqual(settings.timeoutMs, llmDefaults.timeoutMs)
      // the keys stay wrapped
      assert.notInclude(JSON.stringify(settings), "secret")
      assert.notInclude(String(anthropic.apiKey), "secret")
    }))

  it.effect("prices and timeouts", () =>
    Effect.gen(function*() {
      const settings = yield* readWith({
        LLM_PRICES: JSON.stringify({ "claude-sonnet-5-5": { input: 3, output: 15, cacheRead: 0.3, cacheWrite: 3.75 } }),
        LLM_TIMEOUT_MS: "8000",
        LLM_ATTEMPTS_PER_PROVIDER: "3"
      })
      const price = settings.prices["claude-sonnet-5-5"]!
      assert.strictEqual(price.output, 15)
      assert.strictEqual(settings.timeoutMs, 8_000)
      assert.strictEqual(settings.attemptsPerProvider, 3)
      assert.include(yield* configFailure({ LLM_PRICES: "{not json" }), "LLM_PRICES")
      assert.include(yield* configFailure({ LLM_PRICES: JSON.stringify({ m: { input: 1, output: 2 } }) }), "LLM_PRICES")
      assert.include(yield* configFailure({ LLM_TIMEOUT_MS: "0" }), "LLM_TIMEOUT_MS")
    }))
})

describe("LlmLayer.layerConfig", () => {
  it.live("builds the chain from the environment, in order, and logs it", () =>
    Effect.gen(function*() {
      const anthropic = yield* FakeAnthropicServer.make()
      const openai = yield* FakeOpenAiServer.make()
      anthropic.setDefault(FakeAnthropicServer.error(529, "overloaded_error"))
      const logs = captureLogs()
      const env = ConfigProvider.layer(ConfigProvider.fromUnknown({
        LLM_PROVIDERS: "anthropic,openai",
        ANTHROPIC_API_KEY: "sk-ant-config\n",
        ANTHROPIC_BASE_URL: anthropic.baseURL,
        OPENAI_API_KEY: "sk-oai-config",
        OPENAI_BASE_URL: openai.baseURL,
        OPENAI_MODEL: "gpt-from-env",
        LLM_ATTEMPTS_PER_PROVIDER: "1"
      }))
      const response = yield* Effect.gen(function*() {
        const model = yield* LanguageModel
        assert.deepStrictEqual(model.providers, ["anthropic", "openai"])
        return yield* model.generate(request())
      }).pipe(Effect.provide(LlmLayer.layerConfig.pipe(Layer.provide(env))), Effect.provide(logs.layer))

      assert.strictEqual(response.provider, "openai")
      assert.strictEqual(anthropic.requests[0]?.headers["authorization"], "Bearer sk-ant-config")
      assert.strictEqual((openai.requests[0]?.body as { model: string }).model, "gpt-from-env")
      assert.deepStrictEqual([anthropic.requests.length, openai.requests.length], [1, 1])
      const startup = logs.entries.find((e) => e.message.includes("fallback order"))
      assert.match(String(startup?.annotations["providers"]), /^anthropic\[claude-sonnet-5-5\]@127\.0\.0\.1:\d+ -> openai\[gpt-from-env\]@127\.0\.0\.1:\d+$/)
      // nothing the person wrote reaches the logs
      assert.isFalse(logs.entries.some((e) => JSON.stringify(e).includes("muddy")))
    }))

  it.live("says loudly when the offline responder is all there is", () =>
    Effect.gen(function*() {
      const logs = captureLogs()
      const response = yield* Effect.gen(function*() {
        const model = yield* LanguageModel
        return yield* model.generate(request())
      }).pipe(
        Effect.provide(LlmLayer.layerConfig.pipe(Layer.provide(ConfigProvider.layer(ConfigProvider.fromUnknown({}))))),
        Effect.provide(logs.layer)
      )
      assert.isTrue(response.offline)
      const warning = logs.entries.find((e) => e.level === "Warn" && e.message.includes("NO LANGUAGE MODEL"))
      assert.isDefined(warning)
    }))

  it.effect("hints at LLM_PROVIDERS when a local server is configured but not enabled", () =>
    Effect.gen(function*() {
      const logs = captureLogs()
      yield* Effect.gen(function*() {
        yield* LanguageModel
      }).pipe(
        Effect.provide(LlmLayer.layerConfig.pipe(Layer.provide(ConfigProvider.layer(ConfigProvider.fromUnknown({
          OPENAI_BASE_URL: "http://localhost:11434/v1",
          OPENAI_MODEL: "llama3.1"
        }))))),
        Effect.provide(logs.layer)
      )
      assert.isTrue(logs.entries.some((e) => e.level === "Warn" && e.message.includes("OPENAI_BASE_URL is set")))
    }))

  it.effect("fails to build when a listed provider has no key", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(
        Effect.asVoid(Effect.gen(function*() {
          yield* LanguageModel
        })).pipe(
          Effect.provide(LlmLayer.layerConfig.pipe(
            Layer.provide(ConfigProvider.layer(ConfigProvider.fromUnknown({ LLM_PROVIDERS: "openai" })))
          ))
        )
      )
      assert.include(error.message, "OPENAI_API_KEY")
    }))
})
