/**
 * OpenAI's moderation endpoint behind `CrisisModeration`, against a local fake
 * of `/v1/moderations` in OpenAI's wire format: the verdict, and each failure
 * as the port's error (never with the text in it).
 */
import { assert, describe, it } from "@effect/vitest"
import { FakeOpenAiModerationServer, FakeOpenAiServer, unusedPort } from "@jules/testkit"
import { Effect, Redacted } from "effect"
import * as OpenAiModeration from "../src/OpenAiModeration.ts"

const text = "a text that must never appear in an error"

const setup = (options: { readonly timeoutMs?: number; readonly model?: string } = {}) =>
  Effect.map(FakeOpenAiModerationServer.make(), (fake) => ({
    fake,
    moderation: OpenAiModeration.make({
      apiKey: Redacted.make("sk-moderation-test-key"),
      baseURL: fake.baseURL,
      model: options.model,
      timeoutMs: options.timeoutMs ?? 5_000
    })
  }))

describe("OpenAiModeration", () => {
  it.live("sends the text to /v1/moderations with the key and model, and reads flags and scores", () =>
    Effect.gen(function*() {
      const { fake, moderation } = yield* setup()
      fake.enqueue(FakeOpenAiModerationServer.moderation({
        flagged: ["self-harm", "self-harm/intent"],
        scores: { "self-harm": 0.91, "self-harm/intent": 0.88, violence: 0.02 }
      }))
      const verdict = yield* moderation.moderate(text)
      assert.deepStrictEqual(verdict.flagged, ["self-harm", "self-harm/intent"])
      assert.strictEqual(verdict.scores["self-harm/intent"], 0.88)
      assert.strictEqual(verdict.scores.violence, 0.02)
      assert.strictEqual(Object.keys(verdict.scores).length, FakeOpenAiModerationServer.categories.length)
      const request = fake.requests[0]!
      assert.strictEqual(request.path, "/v1/moderations")
      assert.strictEqual(request.headers.authorization, "Bearer sk-moderation-test-key")
      assert.deepStrictEqual(request.body, { model: "omni-moderation-latest", input: text })
    }))

  it.live("a clean text: nothing flagged; the model can be chosen", () =>
    Effect.gen(function*() {
      const { fake, moderation } = yield* setup({ model: "omni-moderation-2024-09-26" })
      const verdict = yield* moderation.moderate("see you at the game on saturday")
      assert.deepStrictEqual(verdict.flagged, [])
      assert.isBelow(verdict.scores["self-harm"]!, 0.01)
      assert.strictEqual((fake.requests[0]!.body as { model: string }).model, "omni-moderation-2024-09-26")
    }))

  it.live("429: retryable, with the wait OpenAI asked for; one attempt only", () =>
    Effect.gen(function*() {
      const { fake, moderation } = yield* setup()
      fake.enqueue(FakeOpenAiServer.error(429, "requests", {
        code: "rate_limit_exceeded",
        headers: { "retry-after-ms": "1500" }
      }))
      const error = yield* Effect.flip(moderation.moderate(text))
      assert.strictEqual(error.reason._tag, "ModerationUnavailable")
      assert.strictEqual(error.reason.status, 429)
      assert.strictEqual(error.reason._tag === "ModerationUnavailable" ? error.reason.retryAfterMs : -1, 1500)
      assert.isTrue(error.isRetryable)
      assert.include(error.message, "rate_limit_exceeded")
      assert.notInclude(error.message, text)
      assert.strictEqual(fake.requests.length, 1)
    }))

  it.live("500: retryable", () =>
    Effect.gen(function*() {
      const { fake, moderation } = yield* setup()
      fake.enqueue(FakeOpenAiServer.error(500, "server_error", { message: `oops on ${text}` }))
      const error = yield* Effect.flip(moderation.moderate(text))
      assert.strictEqual(error.reason._tag, "ModerationUnavailable")
      assert.strictEqual(error.reason.status, 500)
      assert.isTrue(error.isRetryable)
      // OpenAI's free-text message may quote the input: it is never kept.
      assert.notInclude(error.message, text)
    }))

  it.live("no answer within the timeout: ModerationTimeout", () =>
    Effect.gen(function*() {
      const { fake, moderation } = yield* setup({ timeoutMs: 100 })
      fake.enqueue({ ...FakeOpenAiModerationServer.moderation(), delayMs: 1_000 })
      const started = Date.now()
      const error = yield* Effect.flip(moderation.moderate(text))
      assert.strictEqual(error.reason._tag, "ModerationTimeout")
      assert.isTrue(error.isRetryable)
      assert.isBelow(Date.now() - started, 900)
    }))

  it.live("401 and 400 are refusals, not retryable; an unreadable body is malformed", () =>
    Effect.gen(function*() {
      const { fake, moderation } = yield* setup()
      fake.enqueue(
        FakeOpenAiServer.error(401, "invalid_request_error", { code: "invalid_api_key" }),
        FakeOpenAiServer.error(400, "invalid_request_error", { code: "model_not_found" }),
        { status: 200, body: { id: "modr-1", model: "omni", results: "nope" } },
        { status: 200, body: { id: "modr-2", model: "omni", results: [] } },
        { status: 200, rawBody: "<html>proxy error</html>" }
      )
      const refusals = [yield* Effect.flip(moderation.moderate(text)), yield* Effect.flip(moderation.moderate(text))]
      assert.deepStrictEqual(refusals.map((e) => [e.reason._tag, e.reason.status, e.isRetryable]), [
        ["ModerationRefused", 401, false],
        ["ModerationRefused", 400, false]
      ])
      for (let i = 0; i < 3; i++) {
        const error = yield* Effect.flip(moderation.moderate(text))
        assert.strictEqual(error.reason._tag, "ModerationMalformedResponse")
        assert.isFalse(error.isRetryable)
      }
    }))

  it.live("the connection refused: retryable", () =>
    Effect.gen(function*() {
      const port = yield* unusedPort
      const moderation = OpenAiModeration.make({
        apiKey: Redacted.make("k"),
        baseURL: `http://127.0.0.1:${port}/v1`,
        timeoutMs: 2_000
      })
      const error = yield* Effect.flip(moderation.moderate(text))
      assert.strictEqual(error.reason._tag, "ModerationUnavailable")
      assert.isTrue(error.isRetryable)
    }))
})
