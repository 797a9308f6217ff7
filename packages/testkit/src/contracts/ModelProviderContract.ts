/**
 * What every `ModelProvider` must do, whatever vendor is behind it: answer
 * with text, its own name and usage in core's four non-overlapping buckets
 * (prompt-caching reads and writes included), priced from the operator's
 * table; and turn each way a call can fail into the port's `LanguageModelError`
 * reason, retryable or not, in one attempt (retries are `ModelFallback`'s).
 *
 * An implementation runs the suite through a `ModelProviderHarness`, which
 * puts its backend (a local fake vendor server, a script) in each situation.
 * One that cannot be put in situations (the offline responder) runs only the
 * part every implementation must pass, with `scenarios: []`.
 */
import type { Vitest } from "@effect/vitest"
import { assert } from "@effect/vitest"
import type { LanguageModelError, ModelProvider, ModelPurpose, ModelRequest, ModelResponse } from "@jules/core"
import { ModelPrice, Tier, TokenUsage } from "@jules/core"
import type { Layer } from "effect"
import { Context, Effect } from "effect"
import type { ContractOptions } from "./Suite.ts"
import { registerContract } from "./Suite.ts"

/** The model a scripted reply names: a harness prices it at `contractPrice`. */
export const contractModel = "contract-model-1"

/** US dollars per million tokens for `contractModel` (the same as `ScriptedModel.testPrice`). */
export const contractPrice = new ModelPrice({ input: 3, output: 15, cacheRead: 0.3, cacheWrite: 3.75 })

/** Something a vendor's message may quote from the conversation: it must not reach our error messages. */
export const quotedPrompt = "muddy but great, my sister Ana came"

/** A situation a harness puts the provider's backend in, for its next call. */
export type ModelScenario =
  /** A normal answer naming `model`, reporting `usage` the vendor's way. */
  | { readonly _tag: "Reply"; readonly text: string; readonly model: string; readonly usage: TokenUsage }
  /** HTTP 429 with `retry-after: <seconds>`. */
  | { readonly _tag: "RateLimited"; readonly retryAfterSeconds: number }
  /** The vendor is overloaded (Anthropic 529 `overloaded_error`, OpenAI 503), with `retry-after: <seconds>`. */
  | { readonly _tag: "Overloaded"; readonly retryAfterSeconds: number }
  /** HTTP 500. */
  | { readonly _tag: "ServerError" }
  /** No answer within the provider's own timeout. */
  | { readonly _tag: "Timeout" }
  /** HTTP 401: a wrong key. */
  | { readonly _tag: "Unauthorized" }
  /** HTTP 400 whose vendor message quotes the conversation (`quotedPrompt`). */
  | { readonly _tag: "InvalidRequest"; readonly vendorMessage: string }
  /** Nothing listens where the provider connects. */
  | { readonly _tag: "Unreachable" }
  /** A 200 whose body is not JSON (truncated, or a proxy's HTML page). */
  | { readonly _tag: "NotJson" }
  /** A 200 with JSON that is not an answer at all. */
  | { readonly _tag: "UnexpectedJson" }
  /** A well-formed answer without any text. */
  | { readonly _tag: "NoText" }

export type ModelScenarioTag = ModelScenario["_tag"]

export const allScenarios: ReadonlyArray<ModelScenarioTag> = [
  "Reply",
  "RateLimited",
  "Overloaded",
  "ServerError",
  "Timeout",
  "Unauthorized",
  "InvalidRequest",
  "Unreachable",
  "NotJson",
  "UnexpectedJson",
  "NoText"
]

export class ModelProviderHarness extends Context.Service<ModelProviderHarness, {
  /** The provider as configured; a call nobody arranged gets its backend's own answer. */
  readonly provider: ModelProvider
  /**
   * Puts the backend in `scenario` for the next call, forgetting earlier calls,
   * and returns the provider to make that call with: `provider`, or another on
   * the same backend (e.g. one with a short timeout, or pointed where nothing listens).
   */
  readonly arrange: (scenario: ModelScenario) => Effect.Effect<ModelProvider>
  /** Calls that reached the backend since the last `arrange`. */
  readonly attempts: Effect.Effect<number>
}>()("@jules/testkit/ModelProviderHarness") {}

export interface ModelProviderContractOptions extends ContractOptions {
  /** The scenarios this implementation can be put in; default `allScenarios`. */
  readonly scenarios?: ReadonlyArray<ModelScenarioTag>
}

const purposes: ReadonlyArray<ModelPurpose> = ["reply", "safety_reply", "memory_extraction", "summary", "crisis_review"]

export const contractRequest = (overrides: Partial<ModelRequest> = {}): ModelRequest => ({
  system: [
    { text: "You are Jules, an AI companion who texts with people.", cache: false },
    { text: "Persona: warm, brief, curious. Never claim to be human.", cache: true },
    { text: "Today is Tuesday.", cache: false }
  ],
  messages: [
    { role: "user", content: "hey, it's me again" },
    { role: "assistant", content: "Hi! How was the hike?" },
    { role: "user", content: quotedPrompt }
  ],
  maxOutputTokens: 300,
  purpose: "reply",
  tier: Tier.make("free"),
  ...overrides
})

const usage = (inputTokens: number, outputTokens: number, cacheReadTokens: number, cacheWriteTokens: number) =>
  new TokenUsage({ inputTokens, outputTokens, cacheReadTokens, cacheWriteTokens })

const buckets = (u: TokenUsage) => [u.inputTokens, u.outputTokens, u.cacheReadTokens, u.cacheWriteTokens]

/** What every answer must look like, whoever gave it. */
const assertWellFormed = (provider: ModelProvider, response: ModelResponse) => {
  assert.strictEqual(response.provider, provider.name)
  assert.isAbove(response.text.trim().length, 0, "an answer holds text")
  assert.isAbove(response.model.length, 0, "an answer names its model")
  for (const count of buckets(response.usage)) assert.isTrue(Number.isSafeInteger(count) && count >= 0, `usage ${count}`)
  assert.isTrue(Number.isFinite(response.costMicros) && response.costMicros >= 0, `cost ${response.costMicros}`)
  if (response.offline) {
    // A canned reply is free and used no tokens.
    assert.strictEqual(response.costMicros, 0)
    assert.deepStrictEqual(buckets(response.usage), [0, 0, 0, 0])
  }
}

const failure = (provider: ModelProvider, request: ModelRequest = contractRequest()) =>
  Effect.flip(provider.generate(request))

export const modelProviderTests = (
  it: Vitest.MethodsNonLive<ModelProviderHarness>,
  scenarios: ReadonlyArray<ModelScenarioTag> = allScenarios
): void => {
  const supports = (tag: ModelScenarioTag) => scenarios.includes(tag)
  const arranged = (scenario: ModelScenario) =>
    Effect.gen(function*() {
      return yield* (yield* ModelProviderHarness).arrange(scenario)
    })
  const attempts = Effect.gen(function*() {
    return yield* (yield* ModelProviderHarness).attempts
  })

  it.effect("answers every purpose with text, its own name, a model, well-formed usage and a cost", () =>
    Effect.gen(function*() {
      const { provider } = yield* ModelProviderHarness
      for (const purpose of purposes) assertWellFormed(provider, yield* provider.generate(contractRequest({ purpose })))
    }))

  it.effect("answers a request without system blocks, and concurrent requests each get an answer", () =>
    Effect.gen(function*() {
      const { provider } = yield* ModelProviderHarness
      const bare = contractRequest({ system: [], messages: [{ role: "user", content: "hi" }], maxOutputTokens: 50 })
      assertWellFormed(provider, yield* provider.generate(bare))
      const answers = yield* Effect.all(
        Array.from({ length: 6 }, () => provider.generate(contractRequest())),
        { concurrency: "unbounded" }
      )
      for (const answer of answers) assertWellFormed(provider, answer)
    }))

  if (supports("Reply")) {
    it.effect("a reply carries the text, the model the vendor reported and its usage, priced from the table", () =>
      Effect.gen(function*() {
        const reported = usage(40, 12, 0, 0)
        const provider = yield* arranged({ _tag: "Reply", text: "Glad you went!", model: contractModel, usage: reported })
        const response = yield* provider.generate(contractRequest())
        assertWellFormed(provider, response)
        assert.strictEqual(response.text, "Glad you went!")
        assert.strictEqual(response.model, contractModel)
        assert.isFalse(response.offline)
        assert.deepStrictEqual(buckets(response.usage), [40, 12, 0, 0])
        assert.strictEqual(response.costMicros, contractPrice.costMicros(reported))
      }))

    it.effect("prompt-caching usage lands in its own buckets: cache reads and writes apart from other input", () =>
      Effect.gen(function*() {
        for (const reported of [usage(310, 42, 0, 1_950), usage(95, 30, 1_950, 0), usage(200, 30, 1_950, 400)]) {
          const provider = yield* arranged({ _tag: "Reply", text: "Noted.", model: contractModel, usage: reported })
          const response = yield* provider.generate(contractRequest())
          assert.deepStrictEqual(buckets(response.usage), buckets(reported))
          assert.strictEqual(response.usage.promptTokens, reported.promptTokens)
          assert.strictEqual(response.costMicros, contractPrice.costMicros(reported))
        }
      }))
  }

  const classifies = (
    title: string,
    scenario: ModelScenario,
    expect: (error: LanguageModelError) => void,
    options: { readonly countAttempts?: boolean } = {}
  ) => {
    if (!supports(scenario._tag)) return
    it.effect(title, () =>
      Effect.gen(function*() {
        const provider = yield* arranged(scenario)
        const error = yield* failure(provider)
        assert.strictEqual(error._tag, "LanguageModelError")
        assert.strictEqual(error.provider, provider.name)
        assert.isAbove(error.message.length, 0)
        assert.notInclude(error.message, quotedPrompt, "an error never repeats the conversation")
        expect(error)
        // One attempt: retries are ModelFallback's to decide.
        if (options.countAttempts !== false) assert.strictEqual(yield* attempts, 1)
      }))
  }

  classifies("429 is a rate limit: retryable, with the wait retry-after asked for", {
    _tag: "RateLimited",
    retryAfterSeconds: 7
  }, (error) => {
    assert.strictEqual(error.reason._tag, "ModelRateLimited")
    assert.strictEqual(error.reason.status, 429)
    assert.strictEqual(error.retryAfterMs, 7_000)
    assert.isTrue(error.isRetryable)
  })

  classifies("an overloaded vendor (529, 503) is unavailable: retryable, with the wait it asked for", {
    _tag: "Overloaded",
    retryAfterSeconds: 1
  }, (error) => {
    assert.strictEqual(error.reason._tag, "ModelUnavailable")
    assert.isAtLeast(error.reason.status ?? 0, 500)
    assert.strictEqual(error.retryAfterMs, 1_000)
    assert.isTrue(error.isRetryable)
  })

  classifies("500 is unavailable and retryable", { _tag: "ServerError" }, (error) => {
    assert.strictEqual(error.reason._tag, "ModelUnavailable")
    assert.strictEqual(error.reason.status, 500)
    assert.isTrue(error.isRetryable)
  })

  classifies("no answer in time is a timeout, retryable", { _tag: "Timeout" }, (error) => {
    assert.strictEqual(error.reason._tag, "ModelTimeout")
    assert.isTrue(error.isRetryable)
  })

  classifies("401 is not authorized, and not retryable", { _tag: "Unauthorized" }, (error) => {
    assert.strictEqual(error.reason._tag, "ModelNotAuthorized")
    assert.strictEqual(error.reason.status, 401)
    assert.isFalse(error.isRetryable)
  })

  classifies("400 is an invalid request, not retryable, and the vendor's text is not repeated", {
    _tag: "InvalidRequest",
    vendorMessage: `messages.2.content: "${quotedPrompt}" is too long`
  }, (error) => {
    assert.strictEqual(error.reason._tag, "ModelInvalidRequest")
    assert.strictEqual(error.reason.status, 400)
    assert.isFalse(error.isRetryable)
  })

  classifies("a backend nobody listens on is a connection failure, retryable", { _tag: "Unreachable" }, (error) => {
    assert.strictEqual(error.reason._tag, "ModelConnectionFailed")
    assert.isTrue(error.isRetryable)
  }, { countAttempts: false })

  const malformed = (error: LanguageModelError) => {
    assert.strictEqual(error.reason._tag, "ModelMalformedResponse")
    assert.isFalse(error.isRetryable)
    assert.isUndefined(error.retryAfterMs)
  }
  classifies("a body that is not JSON is malformed, not retryable", { _tag: "NotJson" }, malformed)
  classifies("JSON that is not an answer is malformed", { _tag: "UnexpectedJson" }, malformed)
  classifies("an answer without text is malformed", { _tag: "NoText" }, malformed)
}

export const modelProviderContract = (
  name: string,
  harness: Layer.Layer<ModelProviderHarness, unknown>,
  options?: ModelProviderContractOptions
): void =>
  registerContract(`ModelProvider contract (${name})`, harness, options, (it) =>
    modelProviderTests(it, options?.scenarios))
