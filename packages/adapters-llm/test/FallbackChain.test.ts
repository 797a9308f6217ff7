import { assert, describe, it } from "@effect/vitest"
import { LanguageModelError, ModelFallback } from "@jules/core"
import { Effect, Redacted } from "effect"
import * as AnthropicProvider from "../src/AnthropicProvider.ts"
import * as ModelRouting from "../src/ModelRouting.ts"
import * as OpenAiProvider from "../src/OpenAiProvider.ts"
import { FakeAnthropicServer, FakeOpenAiServer } from "@jules/testkit"
import { request } from "./fixtures.ts"

const policy: ModelFallback.FallbackPolicy = {
  timeout: "5 seconds",
  attemptsPerProvider: 2,
  backoff: "10 millis",
  maxRetryAfter: "5 seconds"
}

/** Anthropic first, OpenAI second, each against its own fake. */
const chain = Effect.gen(function*() {
  const anthropic = yield* FakeAnthropicServer.make()
  const openai = yield* FakeOpenAiServer.make()
  const model = ModelFallback.make([
    AnthropicProvider.make({
      apiKey: Redacted.make("sk-ant"),
      baseURL: anthropic.baseURL,
      routing: ModelRouting.single("claude-test"),
      timeoutMs: 2_000
    }),
    OpenAiProvider.make({
      apiKey: Redacted.make("sk-oai"),
      baseURL: openai.baseURL,
      routing: ModelRouting.single("gpt-test"),
      timeoutMs: 2_000
    })
  ], policy)
  return { anthropic, openai, model }
})

describe("the fallback chain over both providers", () => {
  it.live("the primary answers when it can", () =>
    Effect.gen(function*() {
      const { anthropic, model, openai } = yield* chain
      const response = yield* model.generate(request())
      assert.strictEqual(response.provider, "anthropic")
      assert.deepStrictEqual(model.providers, ["anthropic", "openai"])
      assert.deepStrictEqual([anthropic.requests.length, openai.requests.length], [1, 0])
    }))

  it.live("a primary answering 529 falls over to the secondary", () =>
    Effect.gen(function*() {
      const { anthropic, model, openai } = yield* chain
      anthropic.setDefault(FakeAnthropicServer.error(529, "overloaded_error"))
      openai.enqueue(FakeOpenAiServer.reply("secondary here"))
      const response = yield* model.generate(request())
      assert.strictEqual(response.provider, "openai")
      assert.strictEqual(response.text, "secondary here")
      // overload is retryable: the primary got its full share of attempts first
      assert.deepStrictEqual([anthropic.requests.length, openai.requests.length], [policy.attemptsPerProvider, 1])
    }))

  it.live("when every provider fails the caller gets a LanguageModelError (and the turn apologises)", () =>
    Effect.gen(function*() {
      const { anthropic, model, openai } = yield* chain
      anthropic.setDefault(FakeAnthropicServer.error(529, "overloaded_error"))
      openai.setDefault(FakeOpenAiServer.error(500, "server_error"))
      const error = yield* Effect.flip(model.generate(request()))
      assert.instanceOf(error, LanguageModelError)
      assert.strictEqual(error.provider, "openai")
      assert.strictEqual(error.reason._tag, "ModelUnavailable")
      assert.deepStrictEqual([anthropic.requests.length, openai.requests.length], [2, 2])
    }))

  it.live("a 429 with retry-after 0 is retried on the same provider", () =>
    Effect.gen(function*() {
      const { anthropic, model, openai } = yield* chain
      anthropic.enqueue(FakeAnthropicServer.error(429, "rate_limit_error", { headers: { "retry-after": "0" } }))
      const response = yield* model.generate(request())
      assert.strictEqual(response.provider, "anthropic")
      assert.deepStrictEqual([anthropic.requests.length, openai.requests.length], [2, 0])
    }))

  it.live("a provider asking to wait longer than the policy allows is skipped at once", () =>
    Effect.gen(function*() {
      const { anthropic, model, openai } = yield* chain
      anthropic.enqueue(FakeAnthropicServer.error(429, "rate_limit_error", { headers: { "retry-after": "60" } }))
      const response = yield* model.generate(request())
      assert.strictEqual(response.provider, "openai")
      assert.deepStrictEqual([anthropic.requests.length, openai.requests.length], [1, 1])
    }))

  it.live("a refused key is not retried: the next provider answers", () =>
    Effect.gen(function*() {
      const { anthropic, model, openai } = yield* chain
      anthropic.setDefault(FakeAnthropicServer.error(401, "authentication_error"))
      const response = yield* model.generate(request())
      assert.strictEqual(response.provider, "openai")
      assert.deepStrictEqual([anthropic.requests.length, openai.requests.length], [1, 1])
    }))
})
