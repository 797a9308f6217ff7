/**
 * What is particular to the Chat Completions wire format (OpenAI and compatible
 * local servers): the request body, the token limit parameter, servers that
 * report no usage, and how errors read. What every provider must do (replies,
 * usage, error reasons) is the model provider contract, in `ProviderContracts.test.ts`.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Redacted } from "effect"
import type * as ModelRouting from "../src/ModelRouting.ts"
import * as OpenAiProvider from "../src/OpenAiProvider.ts"
import { FakeOpenAiServer } from "@jules/testkit"
import { request, systemBlocks, tier } from "./fixtures.ts"

const routing: ModelRouting.ModelRouting = {
  defaultModel: "gpt-default",
  tierModels: { free: "gpt-small", pro: "gpt-large" },
  purposeModels: { memory_extraction: "gpt-cheap", summary: "gpt-cheap" }
}

const setup = (options: { readonly maxTokensParam?: OpenAiProvider.MaxTokensParam } = {}) =>
  Effect.map(FakeOpenAiServer.make(), (fake) => ({
    fake,
    provider: OpenAiProvider.make({
      apiKey: Redacted.make("sk-openai-test-key"),
      baseURL: fake.baseURL,
      routing,
      timeoutMs: 5_000,
      maxTokensParam: options.maxTokensParam
    })
  }))

type SentBody = {
  model: string
  max_tokens?: number
  max_completion_tokens?: number
  messages: Array<{ role: string; content: string }>
}
const bodyOf = (fake: FakeOpenAiServer.FakeOpenAiServer, index = 0) => fake.requests[index]?.body as SentBody

const buckets = (u: { inputTokens: number; outputTokens: number; cacheReadTokens: number; cacheWriteTokens: number }) =>
  [u.inputTokens, u.outputTokens, u.cacheReadTokens, u.cacheWriteTokens]

describe("OpenAiProvider", () => {
  it.live("a local server that sends no usage yields zero usage and zero cost", () =>
    Effect.gen(function*() {
      const { fake, provider } = yield* setup()
      fake.enqueue(FakeOpenAiServer.reply("hello from llama", { model: "llama3.1", usage: null }))
      const response = yield* provider.generate(request())
      assert.strictEqual(response.text, "hello from llama")
      assert.deepStrictEqual(buckets(response.usage), [0, 0, 0, 0])
      assert.strictEqual(response.costMicros, 0)
    }))

  it.live("sends the key as a bearer token, the system blocks as one leading system message, then the turns", () =>
    Effect.gen(function*() {
      const { fake, provider } = yield* setup()
      yield* provider.generate(request({ maxOutputTokens: 123 }))
      const sent = fake.requests[0]!
      assert.strictEqual(sent.path, "/v1/chat/completions")
      assert.strictEqual(sent.headers["authorization"], "Bearer sk-openai-test-key")
      const body = bodyOf(fake)
      assert.strictEqual(body.max_completion_tokens, 123)
      assert.isUndefined(body.max_tokens)
      assert.deepStrictEqual(body.messages, [
        { role: "system", content: systemBlocks.map((b) => b.text).join("\n\n") },
        ...request().messages
      ])
    }))

  it.live("can send max_tokens for servers that know only that", () =>
    Effect.gen(function*() {
      const { fake, provider } = yield* setup({ maxTokensParam: "max_tokens" })
      yield* provider.generate(request({ maxOutputTokens: 77 }))
      assert.strictEqual(bodyOf(fake).max_tokens, 77)
      assert.isUndefined(bodyOf(fake).max_completion_tokens)
    }))

  it.live("sends a byte-identical system message for the same blocks", () =>
    Effect.gen(function*() {
      const { fake, provider } = yield* setup()
      yield* provider.generate(request())
      yield* provider.generate(request({ messages: [{ role: "user", content: "something else entirely" }] }))
      const system = (i: number) => JSON.stringify(bodyOf(fake, i).messages[0])
      assert.strictEqual(system(0), system(1))
    }))

  it.live("routes the model by tier and purpose, and the wire carries it", () =>
    Effect.gen(function*() {
      const { fake, provider } = yield* setup()
      yield* provider.generate(request({ tier: tier("free") }))
      yield* provider.generate(request({ tier: tier("pro") }))
      yield* provider.generate(request({ tier: tier("plus") }))
      yield* provider.generate(request({ tier: tier("free"), purpose: "memory_extraction" }))
      assert.deepStrictEqual(
        fake.requests.map((r) => (r.body as SentBody).model),
        ["gpt-small", "gpt-large", "gpt-default", "gpt-cheap"]
      )
    }))

  it.live("an error message names the HTTP status, the vendor's error type and code and request id", () =>
    Effect.gen(function*() {
      const { fake, provider } = yield* setup()
      fake.enqueue(FakeOpenAiServer.error(429, "requests", { code: "rate_limit_exceeded", message: "slow down, Sam" }))
      const error = yield* Effect.flip(provider.generate(request()))
      assert.strictEqual(error.reason._tag, "ModelRateLimited")
      assert.include(error.message, "HTTP 429 requests/rate_limit_exceeded (request req_fake_err)")
      assert.notInclude(error.message, "Sam")
    }))
})
