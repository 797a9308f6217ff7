import { assert, describe, it } from "@effect/vitest"
import { ModelPrice } from "@jules/core"
import { Effect, Redacted } from "effect"
import * as AnthropicProvider from "../src/AnthropicProvider.ts"
import * as ModelRouting from "../src/ModelRouting.ts"
import * as PriceTable from "../src/PriceTable.ts"
import { FakeAnthropicServer } from "@jules/testkit"
import { failureOf, request, systemBlocks, tier } from "./fixtures.ts"

const routing: ModelRouting.ModelRouting = {
  defaultModel: "claude-default",
  tierModels: { free: "claude-small", pro: "claude-large" },
  purposeModels: { summary: "claude-cheap", memory_extraction: "claude-cheap" }
}

const setup = (options: { readonly timeoutMs?: number; readonly prices?: PriceTable.PriceTable } = {}) =>
  Effect.map(FakeAnthropicServer.make(), (fake) => ({
    fake,
    provider: AnthropicProvider.make({
      apiKey: Redacted.make("sk-ant-test-key"),
      baseURL: fake.baseURL,
      routing,
      timeoutMs: options.timeoutMs ?? 5_000,
      prices: options.prices
    })
  }))

const bodyOf = (fake: FakeAnthropicServer.FakeAnthropicServer, index = 0) =>
  fake.requests[index]?.body as {
    model: string
    max_tokens: number
    system: Array<{ type: string; text: string; cache_control?: { type: string } }>
    messages: Array<{ role: string; content: string }>
  }

describe("AnthropicProvider", () => {
  it.live("answers with the reply text, the model used, and usage in separate buckets", () =>
    Effect.gen(function*() {
      const { fake, provider } = yield* setup({
        prices: PriceTable.make({
          "claude-small-20261101": new ModelPrice({ input: 1, output: 5, cacheRead: 0.1, cacheWrite: 1.25 })
        })
      })
      fake.enqueue(FakeAnthropicServer.reply("Glad you went!", {
        model: "claude-small-20261101",
        usage: { input_tokens: 40, output_tokens: 12, cache_read_input_tokens: 1_800, cache_creation_input_tokens: 200 }
      }))

      const response = yield* provider.generate(request())

      assert.strictEqual(response.text, "Glad you went!")
      assert.strictEqual(response.provider, "anthropic")
      assert.strictEqual(response.model, "claude-small-20261101")
      assert.isFalse(response.offline)
      assert.deepStrictEqual(
        [response.usage.inputTokens, response.usage.outputTokens, response.usage.cacheReadTokens, response.usage.cacheWriteTokens],
        [40, 12, 1_800, 200]
      )
      assert.strictEqual(response.usage.promptTokens, 2_040)
      // 40×1 + 12×5 + 1800×0.1 + 200×1.25 micro-dollars
      assert.strictEqual(response.costMicros, 40 + 60 + 180 + 250)
    }))

  it.live("treats null cache counts as zero and concatenates text blocks", () =>
    Effect.gen(function*() {
      const { fake, provider } = yield* setup()
      const ok = FakeAnthropicServer.reply("ignored")
      const body = ok.body as Record<string, unknown>
      fake.enqueue({
        ...ok,
        body: {
          ...body,
          content: [
            { type: "thinking", thinking: "…", signature: "sig" },
            { type: "text", text: "Part one. " },
            { type: "text", text: "Part two." }
          ],
          usage: { input_tokens: 7, output_tokens: 3, cache_read_input_tokens: null, cache_creation_input_tokens: null }
        }
      })
      const response = yield* provider.generate(request())
      assert.strictEqual(response.text, "Part one. Part two.")
      assert.deepStrictEqual(
        [response.usage.inputTokens, response.usage.outputTokens, response.usage.cacheReadTokens, response.usage.cacheWriteTokens],
        [7, 3, 0, 0]
      )
      assert.strictEqual(response.costMicros, 0)
    }))

  it.live("sends the key as a bearer token with the API version, and the conversation as given", () =>
    Effect.gen(function*() {
      const { fake, provider } = yield* setup()
      yield* provider.generate(request({ maxOutputTokens: 222 }))
      const sent = fake.requests[0]!
      assert.strictEqual(sent.method, "POST")
      assert.strictEqual(sent.path, "/v1/messages")
      assert.strictEqual(sent.headers["authorization"], "Bearer sk-ant-test-key")
      assert.isString(sent.headers["anthropic-version"])
      assert.strictEqual(sent.headers["x-stainless-retry-count"], "0")
      const body = bodyOf(fake)
      assert.strictEqual(body.max_tokens, 222)
      assert.deepStrictEqual(body.messages, [...request().messages])
    }))

  it.live("marks exactly the blocks flagged cache with cache_control, in order", () =>
    Effect.gen(function*() {
      const { fake, provider } = yield* setup()
      yield* provider.generate(request())
      const system = bodyOf(fake).system
      assert.deepStrictEqual(system.map((b) => b.text), systemBlocks.map((b) => b.text))
      assert.deepStrictEqual(
        system.map((b) => b.cache_control ?? null),
        systemBlocks.map((b) => b.cache ? { type: "ephemeral" } : null)
      )
    }))

  it.live("sends a byte-identical system prompt for the same blocks", () =>
    Effect.gen(function*() {
      const { fake, provider } = yield* setup()
      yield* provider.generate(request())
      yield* provider.generate(request({ messages: [{ role: "user", content: "another day" }] }))
      assert.strictEqual(JSON.stringify(bodyOf(fake, 0).system), JSON.stringify(bodyOf(fake, 1).system))
    }))

  it.live("routes the model by tier and purpose, and the wire carries it", () =>
    Effect.gen(function*() {
      const { fake, provider } = yield* setup()
      yield* provider.generate(request({ tier: tier("free") }))
      yield* provider.generate(request({ tier: tier("pro") }))
      yield* provider.generate(request({ tier: tier("plus") }))
      yield* provider.generate(request({ tier: tier("pro"), purpose: "summary" }))
      assert.deepStrictEqual(
        fake.requests.map((r) => (r.body as { model: string }).model),
        ["claude-small", "claude-large", "claude-default", "claude-cheap"]
      )
    }))

  it.live("reports the requested model when the server names none", () =>
    Effect.gen(function*() {
      const { fake, provider } = yield* setup()
      fake.enqueue(FakeAnthropicServer.reply("Hi", { model: "" }))
      const response = yield* provider.generate(request({ tier: tier("pro") }))
      assert.strictEqual(response.model, "claude-large")
    }))

  it.live("429 with retry-after in seconds is a rate limit with that wait", () =>
    Effect.gen(function*() {
      const { fake, provider } = yield* setup()
      fake.enqueue(FakeAnthropicServer.error(429, "rate_limit_error", { headers: { "retry-after": "7" } }))
      const error = yield* failureOf(provider.generate(request()))
      assert.strictEqual(error.provider, "anthropic")
      assert.strictEqual(error.reason._tag, "ModelRateLimited")
      assert.strictEqual(error.retryAfterMs, 7_000)
      assert.isTrue(error.isRetryable)
      assert.strictEqual(fake.requests.length, 1)
    }))

  it.live("429 with retry-after-ms wins over retry-after", () =>
    Effect.gen(function*() {
      const { fake, provider } = yield* setup()
      fake.enqueue(
        FakeAnthropicServer.error(429, "rate_limit_error", { headers: { "retry-after-ms": "1250", "retry-after": "2" } })
      )
      const error = yield* failureOf(provider.generate(request()))
      assert.strictEqual(error.reason._tag, "ModelRateLimited")
      assert.strictEqual(error.retryAfterMs, 1_250)
    }))

  it.live("529 overloaded is unavailable, with the wait it asked for, and is not retried by the SDK", () =>
    Effect.gen(function*() {
      const { fake, provider } = yield* setup()
      fake.enqueue(FakeAnthropicServer.error(529, "overloaded_error", { headers: { "retry-after": "1" } }))
      const error = yield* failureOf(provider.generate(request()))
      assert.strictEqual(error.reason._tag, "ModelUnavailable")
      assert.strictEqual(error.reason.status, 529)
      assert.strictEqual(error.retryAfterMs, 1_000)
      assert.include(error.message, "overloaded_error")
      assert.strictEqual(fake.requests.length, 1)
    }))

  it.live("500 is unavailable", () =>
    Effect.gen(function*() {
      const { fake, provider } = yield* setup()
      fake.enqueue(FakeAnthropicServer.error(500, "api_error"))
      const error = yield* failureOf(provider.generate(request()))
      assert.strictEqual(error.reason._tag, "ModelUnavailable")
      assert.isTrue(error.isRetryable)
    }))

  it.live("401 is not authorized and not retryable", () =>
    Effect.gen(function*() {
      const { fake, provider } = yield* setup()
      fake.enqueue(FakeAnthropicServer.error(401, "authentication_error"))
      const error = yield* failureOf(provider.generate(request()))
      assert.strictEqual(error.reason._tag, "ModelNotAuthorized")
      assert.isFalse(error.isRetryable)
    }))

  it.live("400 is an invalid request, and the message does not repeat the vendor's text", () =>
    Effect.gen(function*() {
      const { fake, provider } = yield* setup()
      fake.enqueue(FakeAnthropicServer.error(400, "invalid_request_error", {
        message: "messages.2.content: muddy but great is too long"
      }))
      const error = yield* failureOf(provider.generate(request()))
      assert.strictEqual(error.reason._tag, "ModelInvalidRequest")
      assert.notInclude(error.message, "muddy")
      assert.include(error.message, "req_fake_err")
    }))

  it.live("a reply slower than the timeout is a timeout", () =>
    Effect.gen(function*() {
      const { fake, provider } = yield* setup({ timeoutMs: 150 })
      fake.enqueue({ ...FakeAnthropicServer.reply("too late"), delayMs: 3_000 })
      const error = yield* failureOf(provider.generate(request()))
      assert.strictEqual(error.reason._tag, "ModelTimeout")
      assert.isTrue(error.isRetryable)
    }))

  it.live("a body that is not JSON is malformed", () =>
    Effect.gen(function*() {
      const { fake, provider } = yield* setup()
      fake.enqueue({ status: 200, rawBody: "{\"id\":\"msg_1\",\"content\":[" })
      const error = yield* failureOf(provider.generate(request()))
      assert.strictEqual(error.reason._tag, "ModelMalformedResponse")
      assert.isFalse(error.isRetryable)
    }))

  it.live("JSON that is not a message, or a message without text, is malformed", () =>
    Effect.gen(function*() {
      const { fake, provider } = yield* setup()
      fake.enqueue({ status: 200, body: { hello: "world" } })
      const notMessage = yield* failureOf(provider.generate(request()))
      assert.strictEqual(notMessage.reason._tag, "ModelMalformedResponse")

      const ok = FakeAnthropicServer.reply("x")
      fake.enqueue({ ...ok, body: { ...(ok.body as object), content: [{ type: "tool_use", id: "t", name: "n", input: {} }] } })
      const noText = yield* failureOf(provider.generate(request()))
      assert.strictEqual(noText.reason._tag, "ModelMalformedResponse")
    }))

  it.live("a server that is not there is a connection failure", () =>
    Effect.gen(function*() {
      // The address of a fake that has been shut down: nothing listens there any more.
      const closedURL = yield* Effect.scoped(Effect.map(FakeAnthropicServer.make(), (fake) => fake.baseURL))
      const provider = AnthropicProvider.make({
        apiKey: Redacted.make("k"),
        baseURL: closedURL,
        routing: ModelRouting.single("m"),
        timeoutMs: 2_000
      })
      const error = yield* failureOf(provider.generate(request()))
      assert.strictEqual(error.reason._tag, "ModelConnectionFailed")
      assert.include(error.message, "ECONNREFUSED")
      assert.isTrue(error.isRetryable)
    }))
})
