import { assert, describe, it } from "@effect/vitest"
import { ModelPrice } from "@jules/core"
import { Effect, Redacted } from "effect"
import type * as ModelRouting from "../src/ModelRouting.ts"
import * as OpenAiProvider from "../src/OpenAiProvider.ts"
import * as PriceTable from "../src/PriceTable.ts"
import { FakeOpenAiServer } from "@jules/testkit"
import { failureOf, request, systemBlocks, tier } from "./fixtures.ts"

const routing: ModelRouting.ModelRouting = {
  defaultModel: "gpt-default",
  tierModels: { free: "gpt-small", pro: "gpt-large" },
  purposeModels: { memory_extraction: "gpt-cheap", summary: "gpt-cheap" }
}

const setup = (options: {
  readonly timeoutMs?: number
  readonly prices?: PriceTable.PriceTable
  readonly maxTokensParam?: OpenAiProvider.MaxTokensParam
} = {}) =>
  Effect.map(FakeOpenAiServer.make(), (fake) => ({
    fake,
    provider: OpenAiProvider.make({
      apiKey: Redacted.make("sk-openai-test-key"),
      baseURL: fake.baseURL,
      routing,
      timeoutMs: options.timeoutMs ?? 5_000,
      prices: options.prices,
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
  it.live("answers with the reply, and counts cached tokens out of the prompt tokens", () =>
    Effect.gen(function*() {
      const { fake, provider } = yield* setup({
        prices: PriceTable.make({ "gpt-small": new ModelPrice({ input: 2, output: 8, cacheRead: 0.5, cacheWrite: 2 }) })
      })
      fake.enqueue(FakeOpenAiServer.reply("Sounds fun!", {
        model: "gpt-small-2026-10-01",
        usage: {
          prompt_tokens: 2_000,
          completion_tokens: 30,
          total_tokens: 2_030,
          prompt_tokens_details: { cached_tokens: 1_536 }
        }
      }))
      const response = yield* provider.generate(request())
      assert.strictEqual(response.text, "Sounds fun!")
      assert.strictEqual(response.provider, "openai")
      assert.strictEqual(response.model, "gpt-small-2026-10-01")
      assert.isFalse(response.offline)
      // cached ⊂ prompt: 2000 prompt tokens of which 1536 were read from the cache
      assert.deepStrictEqual(buckets(response.usage), [464, 30, 1_536, 0])
      assert.strictEqual(response.usage.promptTokens, 2_000)
      // priced by the requested alias, since the dated snapshot has no price of its own
      assert.strictEqual(response.costMicros, 464 * 2 + 30 * 8 + 1_536 * 0.5)
    }))

  it.live("counts cache writes as part of the prompt tokens too", () =>
    Effect.gen(function*() {
      const { fake, provider } = yield* setup()
      fake.enqueue(FakeOpenAiServer.reply("ok", {
        usage: {
          prompt_tokens: 3_000,
          completion_tokens: 10,
          total_tokens: 3_010,
          prompt_tokens_details: { cached_tokens: 1_000, cache_write_tokens: 1_500 }
        }
      }))
      const response = yield* provider.generate(request())
      assert.deepStrictEqual(buckets(response.usage), [500, 10, 1_000, 1_500])
      assert.strictEqual(response.usage.promptTokens, 3_000)
    }))

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

  it.live("429 with retry-after in seconds is a rate limit with that wait", () =>
    Effect.gen(function*() {
      const { fake, provider } = yield* setup()
      fake.enqueue(FakeOpenAiServer.error(429, "requests", { code: "rate_limit_exceeded", headers: { "retry-after": "3" } }))
      const error = yield* failureOf(provider.generate(request()))
      assert.strictEqual(error.provider, "openai")
      assert.strictEqual(error.reason._tag, "ModelRateLimited")
      assert.strictEqual(error.retryAfterMs, 3_000)
      assert.include(error.message, "rate_limit_exceeded")
      assert.strictEqual(fake.requests.length, 1)
    }))

  it.live("429 with retry-after-ms gives that wait", () =>
    Effect.gen(function*() {
      const { fake, provider } = yield* setup()
      fake.enqueue(FakeOpenAiServer.error(429, "requests", { headers: { "retry-after-ms": "40" } }))
      const error = yield* failureOf(provider.generate(request()))
      assert.strictEqual(error.reason._tag, "ModelRateLimited")
      assert.strictEqual(error.retryAfterMs, 40)
    }))

  it.live("500 and 503 are unavailable, not retried by the SDK", () =>
    Effect.gen(function*() {
      const { fake, provider } = yield* setup()
      fake.enqueue(FakeOpenAiServer.error(500, "server_error"), FakeOpenAiServer.error(503, "server_error"))
      const first = yield* failureOf(provider.generate(request()))
      const second = yield* failureOf(provider.generate(request()))
      assert.deepStrictEqual([first.reason._tag, second.reason._tag], ["ModelUnavailable", "ModelUnavailable"])
      assert.strictEqual(fake.requests.length, 2)
    }))

  it.live("401 is not authorized; 404 (unknown model) is an invalid request", () =>
    Effect.gen(function*() {
      const { fake, provider } = yield* setup()
      fake.enqueue(
        FakeOpenAiServer.error(401, "invalid_request_error", { code: "invalid_api_key" }),
        FakeOpenAiServer.error(404, "invalid_request_error", { code: "model_not_found" })
      )
      const unauthorized = yield* failureOf(provider.generate(request()))
      const unknownModel = yield* failureOf(provider.generate(request()))
      assert.strictEqual(unauthorized.reason._tag, "ModelNotAuthorized")
      assert.strictEqual(unknownModel.reason._tag, "ModelInvalidRequest")
      assert.isFalse(unknownModel.isRetryable)
    }))

  it.live("a reply slower than the timeout is a timeout", () =>
    Effect.gen(function*() {
      const { fake, provider } = yield* setup({ timeoutMs: 150 })
      fake.enqueue({ ...FakeOpenAiServer.reply("too late"), delayMs: 3_000 })
      const error = yield* failureOf(provider.generate(request()))
      assert.strictEqual(error.reason._tag, "ModelTimeout")
    }))

  it.live("a body that is not JSON, or a completion without text, is malformed", () =>
    Effect.gen(function*() {
      const { fake, provider } = yield* setup()
      fake.enqueue(
        { status: 200, rawBody: "<html>502 Bad Gateway</html>", headers: { "content-type": "text/html" } },
        { status: 200, rawBody: "{\"choices\": [" },
        FakeOpenAiServer.reply("")
      )
      const html = yield* failureOf(provider.generate(request()))
      const truncated = yield* failureOf(provider.generate(request()))
      const empty = yield* failureOf(provider.generate(request()))
      assert.deepStrictEqual(
        [html.reason._tag, truncated.reason._tag, empty.reason._tag],
        ["ModelMalformedResponse", "ModelMalformedResponse", "ModelMalformedResponse"]
      )
    }))
})
