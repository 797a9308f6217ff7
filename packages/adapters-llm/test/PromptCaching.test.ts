/**
 * Prompt caching end to end: several turns of one conversation through core's
 * real turn use case, with the real provider adapters talking HTTP to the
 * local fake vendor servers. What goes on the wire must let the vendor cache
 * the stable prefix (byte-identical, `cache_control` exactly on the cacheable
 * blocks), and what the vendor reports about its cache must land in the usage
 * ledger, priced from the configured table.
 */
import { assert, describe, it } from "@effect/vitest"
import type { ModelProvider } from "@jules/core"
import { ModelFallback, ModelPrice, Persona, UsageLedger } from "@jules/core"
import type { TokenUsage } from "@jules/core"
import { FakeAnthropicServer, FakeOpenAiServer, Scenario, ScriptedModel } from "@jules/testkit"
import { DateTime, Effect, Redacted } from "effect"
import * as AnthropicProvider from "../src/AnthropicProvider.ts"
import type * as ModelRouting from "../src/ModelRouting.ts"
import * as OpenAiProvider from "../src/OpenAiProvider.ts"
import * as PriceTable from "../src/PriceTable.ts"

const routing = (model: string): ModelRouting.ModelRouting => ({ defaultModel: model, tierModels: {}, purposeModels: {} })

/** Dollars per million tokens, as an operator configures them in `LLM_PRICES`. */
const price = new ModelPrice({ input: 3, output: 15, cacheRead: 0.3, cacheWrite: 3.75 })

/** The turn use case with every port in memory, but this provider as the model. */
const scenario = (provider: ModelProvider) =>
  Scenario.layer({ languageModel: ModelFallback.layer([provider], ScriptedModel.testFallbackPolicy) })

interface AnthropicBlock {
  readonly type: string
  readonly text: string
  readonly cache_control?: { readonly type: string }
}

const buckets = (usage: TokenUsage) => [usage.inputTokens, usage.outputTokens, usage.cacheReadTokens, usage.cacheWriteTokens]

describe("prompt caching through a conversation", () => {
  it.live("Anthropic: the cached prefix is byte-identical across turns, and cache tokens reach the ledger", () =>
    Effect.gen(function*() {
      const fake = yield* FakeAnthropicServer.make()
      const provider = AnthropicProvider.make({
        apiKey: Redacted.make("sk-ant-test-key"),
        baseURL: fake.baseURL,
        routing: routing("claude-test"),
        timeoutMs: 5_000,
        prices: PriceTable.make({ "claude-fake-1": price })
      })
      // The first turn writes the cache, the next ones read it.
      const vendorUsage = [
        { input_tokens: 310, output_tokens: 42, cache_creation_input_tokens: 1_950, cache_read_input_tokens: 0 },
        { input_tokens: 95, output_tokens: 30, cache_creation_input_tokens: 0, cache_read_input_tokens: 1_950 },
        { input_tokens: 120, output_tokens: 55, cache_creation_input_tokens: 0, cache_read_input_tokens: 1_950 },
        { input_tokens: 130, output_tokens: 25, cache_creation_input_tokens: 0, cache_read_input_tokens: 1_950 }
      ]
      fake.enqueue(...vendorUsage.map((usage, i) => FakeAnthropicServer.reply(`Reply number ${i + 1}.`, { usage })))
      const texts = ["hey, my dog is called Rex", "he chewed my shoe lol", "work was so long today", "ok night!"]

      const records = yield* Effect.gen(function*() {
        const alex = yield* Scenario.person()
        for (const text of texts) assert.strictEqual((yield* alex.texts(text)).outcome, "replied")
        return yield* (yield* UsageLedger).list((yield* alex.user).id)
      }).pipe(Effect.provide(scenario(provider)))

      const requests = fake.requests
      assert.strictEqual(requests.length, texts.length)
      const systems = requests.map((r) => (r.body as { system: ReadonlyArray<AnthropicBlock> }).system)
      // `cache_control` is on the persona (the cacheable block) and nowhere else.
      for (const system of systems) {
        assert.deepStrictEqual(system.map((block) => block.cache_control), [{ type: "ephemeral" }, undefined])
      }
      // Up to and including the last block with `cache_control`, every request sends the same bytes.
      const prefixes = systems.map((system) => {
        const last = system.findLastIndex((block) => block.cache_control !== undefined)
        return JSON.stringify(system.slice(0, last + 1))
      })
      for (const [i, request] of requests.entries()) {
        assert.strictEqual(prefixes[i], prefixes[0])
        assert.include(request.rawBody, prefixes[0]!.slice(1, -1))
      }
      // What changes - memory, the time, the conversation - comes after the breakpoint.
      assert.notInclude(systems[0]!.at(-1)!.text, "Rex")
      assert.include(systems[1]!.at(-1)!.text, "Their dog is called Rex.")

      assert.deepStrictEqual(records.map((r) => [r.purpose, r.provider, r.model]), texts.map(() => ["reply", "anthropic", "claude-fake-1"]))
      assert.deepStrictEqual(
        records.map((r) => buckets(r.usage)),
        vendorUsage.map((u) => [u.input_tokens, u.output_tokens, u.cache_read_input_tokens, u.cache_creation_input_tokens])
      )
      // 310×3 + 42×15 + 1950×3.75 micro-dollars for the first; 95×3 + 30×15 + 1950×0.3 for the second.
      assert.strictEqual(records[0]!.costMicros, Math.round(930 + 630 + 7312.5))
      assert.strictEqual(records[1]!.costMicros, Math.round(285 + 450 + 585))
      assert.deepStrictEqual(records.map((r) => r.costMicros), records.map((r) => price.costMicros(r.usage)))
    }).pipe(Effect.scoped))

  it.live("Anthropic: safety mode adds its rules to the cached prefix, after the same persona bytes", () =>
    Effect.gen(function*() {
      const fake = yield* FakeAnthropicServer.make()
      const provider = AnthropicProvider.make({
        apiKey: Redacted.make("sk-ant-test-key"),
        baseURL: fake.baseURL,
        routing: routing("claude-test"),
        timeoutMs: 5_000,
        prices: PriceTable.make({ "claude-fake-1": price })
      })
      fake.setDefault(FakeAnthropicServer.reply("I'm here with you. Are you safe right now?", {
        usage: { input_tokens: 200, output_tokens: 30, cache_creation_input_tokens: 400, cache_read_input_tokens: 1_950 }
      }))
      const records = yield* Effect.gen(function*() {
        const alex = yield* Scenario.person()
        yield* alex.texts("hi")
        assert.strictEqual((yield* alex.texts("honestly I just want to die")).turn?.crisisSeverity, "concern")
        return yield* (yield* UsageLedger).list((yield* alex.user).id)
      }).pipe(Effect.provide(scenario(provider)))

      const [normal, safety] = fake.requests.map((r) => (r.body as { system: ReadonlyArray<AnthropicBlock> }).system)
      assert.deepStrictEqual(safety!.map((b) => b.cache_control?.type), ["ephemeral", "ephemeral", undefined])
      assert.strictEqual(JSON.stringify(safety![0]), JSON.stringify(normal![0]))
      assert.include(safety![1]!.text, "Safety mode")
      assert.deepStrictEqual(records.map((r) => r.purpose), ["reply", "safety_reply"])
      assert.deepStrictEqual(buckets(records[1]!.usage), [200, 30, 1_950, 400])
    }).pipe(Effect.scoped))

  it.live("OpenAI: the joined system text starts with the same bytes every turn, and cached tokens reach the ledger", () =>
    Effect.gen(function*() {
      const fake = yield* FakeOpenAiServer.make()
      const provider = OpenAiProvider.make({
        apiKey: Redacted.make("sk-openai-test-key"),
        baseURL: fake.baseURL,
        routing: routing("gpt-test"),
        timeoutMs: 5_000,
        prices: PriceTable.make({ "gpt-fake-1": price })
      })
      const vendorUsage = [
        { prompt_tokens: 2_100, completion_tokens: 40, total_tokens: 2_140, prompt_tokens_details: { cached_tokens: 0 } },
        { prompt_tokens: 2_180, completion_tokens: 35, total_tokens: 2_215, prompt_tokens_details: { cached_tokens: 1_920 } },
        { prompt_tokens: 2_240, completion_tokens: 20, total_tokens: 2_260, prompt_tokens_details: { cached_tokens: 1_920 } }
      ]
      fake.enqueue(...vendorUsage.map((usage, i) => FakeOpenAiServer.reply(`Reply number ${i + 1}.`, { usage })))
      const texts = ["my name is Sam", "I live in Denver", "anyway how are you"]
      const { records, report } = yield* Effect.gen(function*() {
        const sam = yield* Scenario.person()
        for (const text of texts) yield* sam.texts(text)
        const ledger = yield* UsageLedger
        const user = yield* sam.user
        const now = yield* DateTime.now
        return {
          records: yield* ledger.list(user.id),
          report: yield* ledger.report({ from: DateTime.subtract(now, { days: 1 }), to: DateTime.add(now, { days: 1 }) })
        }
      }).pipe(Effect.provide(scenario(provider)))

      const systems = fake.requests.map((r) =>
        (r.body as { messages: ReadonlyArray<{ role: string; content: string }> }).messages[0]!
      )
      assert.isTrue(systems.every((m) => m.role === "system"))
      // The persona comes first and is the same every turn; memory follows it.
      const persona = Persona.persona("Jules")
      for (const system of systems) assert.isTrue(system.content.startsWith(persona + OpenAiProvider.blockSeparator))
      assert.include(systems[2]!.content, "They live in Denver.")

      assert.deepStrictEqual(
        records.map((r) => buckets(r.usage)),
        vendorUsage.map((u) => [
          u.prompt_tokens - u.prompt_tokens_details.cached_tokens,
          u.completion_tokens,
          u.prompt_tokens_details.cached_tokens,
          0
        ])
      )
      assert.deepStrictEqual(records.map((r) => r.costMicros), records.map((r) => price.costMicros(r.usage)))
      assert.strictEqual(report.length, 1)
      assert.strictEqual(report[0]!.turns, 3)
      assert.strictEqual(report[0]!.usage.cacheReadTokens, 3_840)
      assert.strictEqual(report[0]!.costMicros, records.reduce((n, r) => n + r.costMicros, 0))
    }).pipe(Effect.scoped))
})
