import { assert, describe, it } from "@effect/vitest"
import type { ModelFallback, ModelRequest } from "@jules/core"
import {
  LanguageModel,
  ModelInvalidRequest,
  ModelNotAuthorized,
  ModelRateLimited,
  ModelUnavailable,
  Tier,
  TokenUsage
} from "@jules/core"
import { ModelScripts, ScriptedModel } from "@jules/testkit"
import { Effect, Exit, Fiber } from "effect"
import { TestClock } from "effect/testing"

const request = (purpose: ModelRequest["purpose"] = "reply", text = "hello"): ModelRequest => ({
  system: [{ text: "You are Jules.", cache: true }],
  messages: [{ role: "user", content: text }],
  maxOutputTokens: 300,
  purpose,
  tier: Tier.make("free")
})

const unavailable = new ModelUnavailable({ message: "overloaded", status: 529 })

/** Core's default policy: backoff and retry-after are real waits, driven here by `TestClock`. */
const waitingPolicy: ModelFallback.FallbackPolicy = {
  timeout: "20 seconds",
  attemptsPerProvider: 2,
  backoff: "500 millis",
  maxRetryAfter: "5 seconds"
}

describe("ScriptedModel", () => {
  it.effect("answers with the documented default when nothing is scripted", () =>
    Effect.gen(function*() {
      const model = yield* LanguageModel
      assert.deepStrictEqual(model.providers, ["primary", "secondary"])
      const response = yield* model.generate(request())
      assert.deepStrictEqual(response, {
        text: ScriptedModel.defaultReplyText,
        provider: "primary",
        model: "primary-test-model",
        usage: ScriptedModel.defaultUsage,
        costMicros: 600,
        offline: false
      })
      assert.strictEqual(response.usage.inputTokens, 100)
      assert.strictEqual(response.usage.outputTokens, 20)
    }).pipe(Effect.provide(ScriptedModel.layer())))

  it.effect("replies in the order scripted, with the given usage priced at the test price", () =>
    Effect.gen(function*() {
      const model = yield* LanguageModel
      const scripts = yield* ModelScripts
      const usage = new TokenUsage({ inputTokens: 1000, outputTokens: 100, cacheReadTokens: 2000, cacheWriteTokens: 0 })
      yield* scripts.reply("primary", "first", { usage })
      yield* scripts.reply("primary", "second", { model: "claude-test" })
      const first = yield* model.generate(request())
      assert.strictEqual(first.text, "first")
      assert.strictEqual(first.costMicros, 1000 * 3 + 100 * 15 + 2000 * 0.3)
      const second = yield* model.generate(request())
      assert.strictEqual(second.text, "second")
      assert.strictEqual(second.model, "claude-test")
      assert.strictEqual((yield* model.generate(request())).text, ScriptedModel.defaultReplyText)
    }).pipe(Effect.provide(ScriptedModel.layer())))

  it.effect("a step scripted for one purpose waits for a call of that purpose", () =>
    Effect.gen(function*() {
      const model = yield* LanguageModel
      const scripts = yield* ModelScripts
      yield* scripts.reply("primary", "[\"Their dog is called Rex.\"]", { purpose: "memory_extraction" })
      yield* scripts.reply("primary", "What's Rex like?", { purpose: "reply" })
      assert.strictEqual((yield* model.generate(request("reply"))).text, "What's Rex like?")
      assert.strictEqual((yield* model.generate(request("memory_extraction"))).text, "[\"Their dog is called Rex.\"]")
    }).pipe(Effect.provide(ScriptedModel.layer())))

  it.effect("records every request and counts calls per provider", () =>
    Effect.gen(function*() {
      const model = yield* LanguageModel
      const scripts = yield* ModelScripts
      yield* scripts.fail("primary", new ModelNotAuthorized({ message: "bad key", status: 401 }))
      yield* model.generate(request("reply", "first"))
      yield* model.generate(request("summary", "second"))
      assert.strictEqual(yield* scripts.calls("primary"), 2)
      assert.strictEqual(yield* scripts.calls("secondary"), 1)
      const all = yield* scripts.requests()
      assert.deepStrictEqual(all.map((c) => [c.provider, c.request.messages[0]!.content]), [
        ["primary", "first"],
        ["secondary", "first"],
        ["primary", "second"]
      ])
      assert.deepStrictEqual((yield* scripts.requests("secondary")).map((c) => c.request.purpose), ["reply"])
      yield* scripts.reset
      assert.strictEqual(yield* scripts.calls("primary"), 0)
    }).pipe(Effect.provide(ScriptedModel.layer())))

  it.effect("a default behaviour can depend on the request", () =>
    Effect.gen(function*() {
      const model = yield* LanguageModel
      const scripts = yield* ModelScripts
      yield* scripts.setDefault("primary", (r) => ScriptedModel.replyWith(`echo: ${r.messages.at(-1)!.content}`))
      assert.strictEqual((yield* model.generate(request("reply", "ping"))).text, "echo: ping")
    }).pipe(Effect.provide(ScriptedModel.layer())))

  it.effect("scripting an unknown provider is a defect, not a silent no-op", () =>
    Effect.gen(function*() {
      const scripts = yield* ModelScripts
      const exit = yield* Effect.exit(scripts.reply("primray", "typo"))
      assert.isTrue(Exit.hasDies(exit))
    }).pipe(Effect.provide(ScriptedModel.layer())))

  describe("through ModelFallback", () => {
    it.effect("a primary failing twice with a retryable error falls back to the secondary", () =>
      Effect.gen(function*() {
        const model = yield* LanguageModel
        const scripts = yield* ModelScripts
        yield* scripts.fail("primary", unavailable, { times: 2 })
        yield* scripts.reply("secondary", "from the secondary")
        const response = yield* model.generate(request())
        assert.strictEqual(response.provider, "secondary")
        assert.strictEqual(response.text, "from the secondary")
        assert.strictEqual(yield* scripts.calls("primary"), 2)
      }).pipe(Effect.provide(ScriptedModel.layer())))

    it.effect("a retryable failure once is retried on the same provider", () =>
      Effect.gen(function*() {
        const model = yield* LanguageModel
        const scripts = yield* ModelScripts
        yield* scripts.fail("primary", unavailable)
        assert.strictEqual((yield* model.generate(request())).provider, "primary")
        assert.strictEqual(yield* scripts.calls("primary"), 2)
        assert.strictEqual(yield* scripts.calls("secondary"), 0)
      }).pipe(Effect.provide(ScriptedModel.layer())))

    it.effect("a non-retryable failure goes to the secondary at once", () =>
      Effect.gen(function*() {
        const model = yield* LanguageModel
        const scripts = yield* ModelScripts
        yield* scripts.fail("primary", new ModelInvalidRequest({ message: "bad request", status: 400 }))
        assert.strictEqual((yield* model.generate(request())).provider, "secondary")
        assert.strictEqual(yield* scripts.calls("primary"), 1)
      }).pipe(Effect.provide(ScriptedModel.layer())))

    it.effect("when every provider fails, the last error comes back", () =>
      Effect.gen(function*() {
        const model = yield* LanguageModel
        const scripts = yield* ModelScripts
        yield* scripts.setDefault("primary", ScriptedModel.failWith(unavailable))
        yield* scripts.setDefault("secondary", ScriptedModel.failWith(new ModelNotAuthorized({ message: "no credit" })))
        const error = yield* Effect.flip(model.generate(request()))
        assert.strictEqual(error._tag, "LanguageModelError")
        assert.strictEqual(error.provider, "secondary")
        assert.strictEqual(error.reason._tag, "ModelNotAuthorized")
        assert.strictEqual(yield* scripts.calls("primary"), 2)
        assert.strictEqual(yield* scripts.calls("secondary"), 1)
      }).pipe(Effect.provide(ScriptedModel.layer())))

    it.effect("the test policy skips a provider asking to wait, so no clock needs moving", () =>
      Effect.gen(function*() {
        const model = yield* LanguageModel
        const scripts = yield* ModelScripts
        yield* scripts.fail("primary", new ModelRateLimited({ message: "slow down", status: 429, retryAfterMs: 1000 }))
        assert.strictEqual((yield* model.generate(request())).provider, "secondary")
      }).pipe(Effect.provide(ScriptedModel.layer())))

    it.effect("a retry-after within the policy's limit is waited for, then the same provider answers", () =>
      Effect.gen(function*() {
        const model = yield* LanguageModel
        const scripts = yield* ModelScripts
        yield* scripts.fail("primary", new ModelRateLimited({ message: "slow down", status: 429, retryAfterMs: 2000 }))
        const fiber = yield* Effect.forkChild(model.generate(request()))
        yield* TestClock.adjust("1999 millis")
        assert.isUndefined(fiber.pollUnsafe())
        assert.strictEqual(yield* scripts.calls("primary"), 1)
        yield* TestClock.adjust("1 millis")
        const response = yield* Fiber.join(fiber)
        assert.strictEqual(response.provider, "primary")
        assert.strictEqual(yield* scripts.calls("secondary"), 0)
      }).pipe(Effect.provide(ScriptedModel.layer(["primary", "secondary"], waitingPolicy))))

    it.effect("a retry-after longer than the policy's maxRetryAfter skips to the next provider without waiting", () =>
      Effect.gen(function*() {
        const model = yield* LanguageModel
        const scripts = yield* ModelScripts
        yield* scripts.fail("primary", new ModelRateLimited({ message: "slow down", status: 429, retryAfterMs: 60_000 }))
        const response = yield* model.generate(request())
        assert.strictEqual(response.provider, "secondary")
        assert.strictEqual(yield* scripts.calls("primary"), 1)
      }).pipe(Effect.provide(ScriptedModel.layer(["primary", "secondary"], waitingPolicy))))

    it.effect("without retry-after the policy's backoff is waited before the retry", () =>
      Effect.gen(function*() {
        const model = yield* LanguageModel
        const scripts = yield* ModelScripts
        yield* scripts.fail("primary", unavailable)
        const fiber = yield* Effect.forkChild(model.generate(request()))
        yield* TestClock.adjust("499 millis")
        assert.strictEqual(yield* scripts.calls("primary"), 1)
        yield* TestClock.adjust("1 millis")
        assert.strictEqual((yield* Fiber.join(fiber)).provider, "primary")
      }).pipe(Effect.provide(ScriptedModel.layer(["primary", "secondary"], waitingPolicy))))

    it.effect("a provider that hangs times out and the next one answers", () =>
      Effect.gen(function*() {
        const model = yield* LanguageModel
        const scripts = yield* ModelScripts
        yield* scripts.setDefault("primary", ScriptedModel.hang)
        const fiber = yield* Effect.forkChild(model.generate(request()))
        yield* TestClock.adjust("20 seconds") // first attempt times out
        yield* TestClock.adjust("500 millis") // backoff
        yield* TestClock.adjust("20 seconds") // second attempt times out
        const response = yield* Fiber.join(fiber)
        assert.strictEqual(response.provider, "secondary")
        assert.strictEqual(yield* scripts.calls("primary"), 2)
      }).pipe(Effect.provide(ScriptedModel.layer(["primary", "secondary"], waitingPolicy))))

    it.effect("providers can be named and ordered as in production", () =>
      Effect.gen(function*() {
        const model = yield* LanguageModel
        const scripts = yield* ModelScripts
        assert.deepStrictEqual(model.providers, ["anthropic", "openai", "offline"])
        yield* scripts.setDefault("anthropic", ScriptedModel.failWith(unavailable))
        yield* scripts.fail("openai", new ModelNotAuthorized({ message: "no key" }))
        assert.strictEqual((yield* model.generate(request())).provider, "offline")
      }).pipe(Effect.provide(ScriptedModel.layer(["anthropic", "openai", "offline"]))))
  })
})
