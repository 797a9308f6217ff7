/**
 * What is particular to Anthropic's wire format: headers, the request body,
 * `cache_control` placement, and how its answers read. What both wire formats
 * carry alike (bearer key, stable system prompt, routing, error messages) is
 * in `ProviderWire.test.ts`; what every provider must do (replies, usage,
 * error reasons) is the model provider contract, in `ProviderContracts.test.ts`.
 */
import { assert, describe, it } from "@effect/vitest"
import { FakeAnthropicServer } from "@jules/testkit"
import { Effect } from "effect"
import { request, systemBlocks, tier } from "./fixtures.ts"
import { anthropic as setup } from "./wires.ts"

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

  it.live("sends the API version, no SDK retries, and the conversation as given", () =>
    Effect.gen(function*() {
      const { fake, provider } = yield* setup()
      yield* provider.generate(request({ maxOutputTokens: 222 }))
      const sent = fake.requests[0]!
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

  it.live("reports the requested model when the server names none", () =>
    Effect.gen(function*() {
      const { fake, provider } = yield* setup()
      fake.enqueue(FakeAnthropicServer.reply("Hi", { model: "" }))
      const response = yield* provider.generate(request({ tier: tier("pro") }))
      assert.strictEqual(response.model, "claude-large")
    }))
})
