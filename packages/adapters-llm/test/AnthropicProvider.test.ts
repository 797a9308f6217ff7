/**
 * What is particular to Anthropic's wire format: headers, the request body,
 * `cache_control` placement, routing, and how its answers and errors read.
 * What every provider must do (replies, usage, error reasons) is the model
 * provider contract, in `ProviderContracts.test.ts`.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Redacted } from "effect"
import * as AnthropicProvider from "../src/AnthropicProvider.ts"
import type * as ModelRouting from "../src/ModelRouting.ts"
import { FakeAnthropicServer } from "@jules/testkit"
import { request, systemBlocks, tier } from "./fixtures.ts"

const routing: ModelRouting.ModelRouting = {
  defaultModel: "claude-default",
  tierModels: { free: "claude-small", pro: "claude-large" },
  purposeModels: { summary: "claude-cheap", memory_extraction: "claude-cheap" }
}

const setup = () =>
  Effect.map(FakeAnthropicServer.make(), (fake) => ({
    fake,
    provider: AnthropicProvider.make({
      apiKey: Redacted.make("sk-ant-test-key"),
      baseURL: fake.baseURL,
      routing,
      timeoutMs: 5_000
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

  it.live("an error message names the HTTP status, the vendor's error type and request id, not its text", () =>
    Effect.gen(function*() {
      const { fake, provider } = yield* setup()
      fake.enqueue(FakeAnthropicServer.error(400, "invalid_request_error", {
        message: "messages.2.content: muddy but great is too long"
      }))
      const error = yield* Effect.flip(provider.generate(request()))
      assert.strictEqual(error.reason._tag, "ModelInvalidRequest")
      assert.include(error.message, "HTTP 400 invalid_request_error (request req_fake_err)")
      assert.notInclude(error.message, "muddy")
    }))
})
