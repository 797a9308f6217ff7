/**
 * What is particular to the Chat Completions wire format (OpenAI and compatible
 * local servers): the request body, the token limit parameter, and servers
 * that report no usage. What both wire formats carry alike (bearer key, stable
 * system prompt, routing, error messages) is in `ProviderWire.test.ts`; what
 * every provider must do (replies, usage, error reasons) is the model provider
 * contract, in `ProviderContracts.test.ts`.
 */
import { assert, describe, it } from "@effect/vitest"
import { operationsJsonSchema } from "@jules/core"
import { FakeOpenAiServer } from "@jules/testkit"
import { Effect } from "effect"
import { request, systemBlocks } from "./fixtures.ts"
import { openAi as setup } from "./wires.ts"

type SentBody = {
  model: string
  max_tokens?: number
  max_completion_tokens?: number
  messages: Array<{ role: string; content: string }>
  response_format?: { type: string; json_schema: { name: string; strict: boolean; schema: unknown } }
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

  it.live("sends the system blocks as one leading system message, then the turns", () =>
    Effect.gen(function*() {
      const { fake, provider } = yield* setup()
      yield* provider.generate(request({ maxOutputTokens: 123 }))
      const body = bodyOf(fake)
      assert.strictEqual(body.max_completion_tokens, 123)
      assert.isUndefined(body.max_tokens)
      assert.deepStrictEqual(body.messages, [
        { role: "system", content: systemBlocks.map((b) => b.text).join("\n\n") },
        ...request().messages
      ])
    }))

  it.live("structured output goes as a strict JSON schema; other requests ask for none", () =>
    Effect.gen(function*() {
      const { fake, provider } = yield* setup()
      fake.enqueue(FakeOpenAiServer.reply("{\"operations\":[]}"))
      const response = yield* provider.generate(request({
        purpose: "memory_extraction",
        output: { name: "memory_operations", schema: operationsJsonSchema }
      }))
      assert.strictEqual(response.text, "{\"operations\":[]}")
      assert.deepStrictEqual(bodyOf(fake).response_format, {
        type: "json_schema",
        json_schema: { name: "memory_operations", strict: true, schema: JSON.parse(JSON.stringify(operationsJsonSchema)) }
      })
      yield* provider.generate(request())
      assert.isUndefined(bodyOf(fake, 1).response_format)
    }))

  it.live("can send max_tokens for servers that know only that", () =>
    Effect.gen(function*() {
      const { fake, provider } = yield* setup({ maxTokensParam: "max_tokens" })
      yield* provider.generate(request({ maxOutputTokens: 77 }))
      assert.strictEqual(bodyOf(fake).max_tokens, 77)
      assert.isUndefined(bodyOf(fake).max_completion_tokens)
    }))
})
