/**
 * The crisis screen's second opinions as configured (`CRISIS_MODERATION`,
 * `CRISIS_SECOND_OPINION`): off by default, read with the OpenAI key and base
 * URL, refused without what they need; and the moderation adapter wired to
 * core's `CrisisSecondOpinion` in whole turns against the fake endpoint.
 */
import { assert, describe, it } from "@effect/vitest"
import { CrisisSecondOpinion } from "@jules/core"
import { FakeOpenAiModerationServer, Scenario } from "@jules/testkit"
import { ConfigProvider, Effect, Layer, Redacted } from "effect"
import { LlmConfig, llmDefaults } from "../src/LlmConfig.ts"
import * as LlmLayer from "../src/LlmLayer.ts"

const readWith = (env: Record<string, string>) =>
  LlmConfig.pipe(Effect.provideService(ConfigProvider.ConfigProvider, ConfigProvider.fromUnknown(env)))

const configFailure = (env: Record<string, string>) => Effect.map(Effect.flip(readWith(env)), (e) => e.message)

describe("crisis review settings", () => {
  it.effect("both off by default, with or without a model", () =>
    Effect.gen(function*() {
      for (const env of [{}, { OPENAI_API_KEY: "sk-x" }, { CRISIS_MODERATION: "off", CRISIS_SECOND_OPINION: " OFF " }]) {
        const settings = yield* readWith(env)
        assert.deepStrictEqual(settings.crisisReview, { moderation: undefined, secondOpinion: undefined })
      }
    }))

  it.effect("CRISIS_MODERATION=openai uses the OpenAI key and base URL, with its own model and timeout", () =>
    Effect.gen(function*() {
      const plain = (yield* readWith({ CRISIS_MODERATION: "openai", ANTHROPIC_API_KEY: "a", OPENAI_API_KEY: " sk-mod\n" }))
        .crisisReview.moderation!
      assert.strictEqual(Redacted.value(plain.apiKey), "sk-mod")
      assert.deepStrictEqual([plain.keyless, plain.baseURL, plain.model, plain.timeoutMs], [
        false,
        undefined,
        "omni-moderation-latest",
        llmDefaults.moderationTimeoutMs
      ])
      // Anthropic answers; OpenAI only moderates (without LLM_PROVIDERS its key would add it to the chain).
      const tuned = (yield* readWith({
        LLM_PROVIDERS: "anthropic",
        ANTHROPIC_API_KEY: "a",
        CRISIS_MODERATION: "OpenAI",
        OPENAI_API_KEY: "sk-mod",
        OPENAI_BASE_URL: "https://proxy.example/v1/",
        CRISIS_MODERATION_MODEL: "omni-moderation-2024-09-26",
        CRISIS_MODERATION_TIMEOUT_MS: "800"
      })).crisisReview.moderation!
      assert.deepStrictEqual([tuned.baseURL, tuned.model, tuned.timeoutMs], [
        "https://proxy.example/v1",
        "omni-moderation-2024-09-26",
        800
      ])
      // Only moderation uses OpenAI here: the base URL is not unused.
      const settings = yield* readWith({
        LLM_PROVIDERS: "anthropic",
        ANTHROPIC_API_KEY: "a",
        CRISIS_MODERATION: "openai",
        OPENAI_API_KEY: "k",
        OPENAI_BASE_URL: "http://h/v1"
      })
      assert.deepStrictEqual(settings.providers.map((p) => p.kind), ["anthropic"])
      assert.isFalse(settings.unusedOpenAiBaseURL)
    }))

  it.effect("CRISIS_MODERATION=openai without OPENAI_API_KEY is refused, unless a base URL names a server", () =>
    Effect.gen(function*() {
      const message = yield* configFailure({ CRISIS_MODERATION: "openai", ANTHROPIC_API_KEY: "a" })
      assert.include(message, "CRISIS_MODERATION=openai needs OPENAI_API_KEY")
      const keyless = (yield* readWith({ CRISIS_MODERATION: "openai", OPENAI_BASE_URL: "http://127.0.0.1:8080/v1" }))
        .crisisReview.moderation!
      assert.isTrue(keyless.keyless)
      assert.include(yield* configFailure({ CRISIS_MODERATION: "perspective" }), "CRISIS_MODERATION must be openai or off")
      assert.include(
        yield* configFailure({ CRISIS_MODERATION: "openai", OPENAI_API_KEY: "k", CRISIS_MODERATION_TIMEOUT_MS: "0" }),
        "CRISIS_MODERATION_TIMEOUT_MS"
      )
    }))

  it.effect("CRISIS_SECOND_OPINION=model needs a model, and takes a timeout", () =>
    Effect.gen(function*() {
      const settings = yield* readWith({ CRISIS_SECOND_OPINION: "model", ANTHROPIC_API_KEY: "a" })
      assert.deepStrictEqual(settings.crisisReview.secondOpinion, { timeoutMs: llmDefaults.secondOpinionTimeoutMs })
      const tuned = yield* readWith({
        CRISIS_SECOND_OPINION: "model",
        OPENAI_API_KEY: "o",
        CRISIS_SECOND_OPINION_TIMEOUT_MS: "5000"
      })
      assert.deepStrictEqual(tuned.crisisReview.secondOpinion, { timeoutMs: 5_000 })
      for (const env of [{}, { LLM_PROVIDERS: "offline,anthropic", ANTHROPIC_API_KEY: "a" }]) {
        assert.include(yield* configFailure({ ...env, CRISIS_SECOND_OPINION: "model" }), "needs a language model")
      }
      assert.include(yield* configFailure({ CRISIS_SECOND_OPINION: "yes", ANTHROPIC_API_KEY: "a" }), "model or off")
    }))
})

describe("OpenAI moderation in whole turns", () => {
  const everyday = "we finally fixed the fence in the back garden this afternoon"

  const scenario = (fake: FakeOpenAiModerationServer.FakeOpenAiModerationServer) =>
    Scenario.layer({
      crisisSecondOpinion: CrisisSecondOpinion.layer({ moderationTimeout: "300 millis" }).pipe(
        Layer.provide(LlmLayer.moderationLayer({
          kind: "openai",
          apiKey: Redacted.make("sk-mod"),
          keyless: false,
          baseURL: fake.baseURL,
          model: "omni-moderation-latest",
          timeoutMs: 300
        }))
      )
    })

  it.live("a flagged text becomes a concern; a late, limited or failing endpoint leaves the screen's result", () =>
    Effect.gen(function*() {
      const fake = yield* FakeOpenAiModerationServer.make()
      yield* Effect.gen(function*() {
        fake.enqueue(FakeOpenAiModerationServer.moderation({ flagged: ["violence"], scores: { violence: 0.93 } }))
        const alex = yield* Scenario.person()
        const flagged = yield* alex.texts(everyday)
        assert.deepStrictEqual([flagged.turn?.crisisSeverity, flagged.turn?.crisisCategory], ["concern", "violence"])
        assert.include(flagged.bodies.at(-1)!, "988")
        fake.enqueue(
          { ...FakeOpenAiModerationServer.moderation({ flagged: ["self-harm"] }), delayMs: 1_000 },
          { status: 429, body: { error: { message: "slow down", type: "requests", param: null, code: "rate_limit_exceeded" } } },
          { status: 500, body: { error: { message: "boom", type: "server_error", param: null, code: null } } }
        )
        for (let i = 0; i < 3; i++) {
          const exchange = yield* (yield* Scenario.person()).texts(everyday)
          assert.strictEqual(exchange.turn?.crisisSeverity, "none")
        }
        assert.strictEqual(fake.requests.length, 4)
      }).pipe(Effect.provide(scenario(fake)))
    }))
})
