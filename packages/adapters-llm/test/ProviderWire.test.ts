/**
 * What both wire formats must carry alike: the key as a bearer token, a
 * system prompt that is the same bytes every turn (so provider caching hits),
 * the model routed by tier and purpose, and error messages written from the
 * status, the vendor's error type and request id, never the vendor's text
 * (which can quote the person). What is particular to one format is in
 * `AnthropicProvider.test.ts` and `OpenAiProvider.test.ts`; what every
 * provider must do through the port is the contract (`ProviderContracts.test.ts`).
 */
import { assert, describe, it } from "@effect/vitest"
import type { ModelProvider } from "@jules/core"
import type { FakeHttpServer } from "@jules/testkit"
import { FakeAnthropicServer, FakeOpenAiServer } from "@jules/testkit"
import type { Effect as E, Scope } from "effect"
import { Effect } from "effect"
import { request, tier } from "./fixtures.ts"
import { anthropic, openAi } from "./wires.ts"

interface Wire {
  readonly name: string
  readonly setup: () => E.Effect<
    { readonly fake: FakeHttpServer.FakeHttpServer<unknown>; readonly provider: ModelProvider },
    never,
    Scope.Scope
  >
  readonly family: string
  readonly path: string
  readonly apiKey: string
  /** The system prompt as the request body carries it. */
  readonly system: (body: unknown) => unknown
  readonly failure: {
    readonly answer: FakeHttpServer.ScriptedResponse
    readonly reason: string
    readonly names: string
    readonly quoted: string
  }
}

const wires: ReadonlyArray<Wire> = [
  {
    name: "AnthropicProvider",
    setup: anthropic,
    family: "claude",
    path: "/v1/messages",
    apiKey: "sk-ant-test-key",
    system: (body) => (body as { system: unknown }).system,
    failure: {
      answer: FakeAnthropicServer.error(400, "invalid_request_error", {
        message: "messages.2.content: muddy but great is too long"
      }),
      reason: "ModelInvalidRequest",
      names: "HTTP 400 invalid_request_error (request req_fake_err)",
      quoted: "muddy"
    }
  },
  {
    name: "OpenAiProvider",
    setup: openAi,
    family: "gpt",
    path: "/v1/chat/completions",
    apiKey: "sk-openai-test-key",
    system: (body) => (body as { messages: ReadonlyArray<unknown> }).messages[0],
    failure: {
      answer: FakeOpenAiServer.error(429, "requests", { code: "rate_limit_exceeded", message: "slow down, Sam" }),
      reason: "ModelRateLimited",
      names: "HTTP 429 requests/rate_limit_exceeded (request req_fake_err)",
      quoted: "Sam"
    }
  }
]

for (const wire of wires) {
  describe(`${wire.name} on the wire`, () => {
    it.live("posts to its endpoint with the key as a bearer token", () =>
      Effect.gen(function*() {
        const { fake, provider } = yield* wire.setup()
        yield* provider.generate(request())
        const sent = fake.requests[0]!
        assert.strictEqual(sent.method, "POST")
        assert.strictEqual(sent.path, wire.path)
        assert.strictEqual(sent.headers["authorization"], `Bearer ${wire.apiKey}`)
      }))

    it.live("sends a byte-identical system prompt for the same blocks", () =>
      Effect.gen(function*() {
        const { fake, provider } = yield* wire.setup()
        yield* provider.generate(request())
        yield* provider.generate(request({ messages: [{ role: "user", content: "something else entirely" }] }))
        const system = (i: number) => JSON.stringify(wire.system(fake.requests[i]!.body))
        assert.strictEqual(system(0), system(1))
      }))

    it.live("routes the model by tier and purpose, and the wire carries it", () =>
      Effect.gen(function*() {
        const { fake, provider } = yield* wire.setup()
        yield* provider.generate(request({ tier: tier("free") }))
        yield* provider.generate(request({ tier: tier("pro") }))
        yield* provider.generate(request({ tier: tier("plus") }))
        yield* provider.generate(request({ tier: tier("pro"), purpose: "summary" }))
        yield* provider.generate(request({ tier: tier("free"), purpose: "memory_extraction" }))
        assert.deepStrictEqual(
          fake.requests.map((r) => (r.body as { model: string }).model),
          ["small", "large", "default", "cheap", "cheap"].map((size) => `${wire.family}-${size}`)
        )
      }))

    it.live("an error message names the HTTP status, the vendor's error type and request id, not its text", () =>
      Effect.gen(function*() {
        const { fake, provider } = yield* wire.setup()
        fake.enqueue(wire.failure.answer)
        const error = yield* Effect.flip(provider.generate(request()))
        assert.strictEqual(error.reason._tag, wire.failure.reason)
        assert.include(error.message, wire.failure.names)
        assert.notInclude(error.message, wire.failure.quoted)
      }))
  })
}
