/**
 * The model provider contract, run by the Anthropic and OpenAI adapters against
 * local fake vendor servers (each harness says every situation in its vendor's
 * wire format), and by the offline responder where it applies: what every
 * answer must look like. What is particular to a wire format is in
 * `AnthropicProvider.test.ts` and `OpenAiProvider.test.ts`.
 */
import type { ModelProvider } from "@jules/core"
import {
  FakeAnthropicServer,
  FakeOpenAiServer,
  ModelProviderContract,
  ModelProviderHarness,
  modelProviderContract,
  unusedPort
} from "@jules/testkit"
import type { FakeHttpServer } from "@jules/testkit"
import { Effect, Layer, Redacted } from "effect"
import * as AnthropicProvider from "../src/AnthropicProvider.ts"
import * as ModelRouting from "../src/ModelRouting.ts"
import * as OfflineResponder from "../src/OfflineResponder.ts"
import * as OpenAiProvider from "../src/OpenAiProvider.ts"
import * as PriceTable from "../src/PriceTable.ts"

type Scenario = ModelProviderContract.ModelScenario

const prices = PriceTable.make({ [ModelProviderContract.contractModel]: ModelProviderContract.contractPrice })

/** A reply slower than the short timeout of the provider `arrange` returns for `Timeout`. */
const SHORT_TIMEOUT_MS = 200
const SLOW_REPLY_MS = 3_000

interface Vendor {
  readonly server: Effect.Effect<FakeHttpServer.FakeHttpServer, never, import("effect").Scope.Scope>
  /** The SDK's base URL for a server at `origin`. */
  readonly baseURL: (origin: string) => string
  readonly provider: (baseURL: string, timeoutMs: number) => ModelProvider
  /** The vendor's answer in `scenario`, for the scenarios a fake server can play. */
  readonly respond: (scenario: Exclude<Scenario, { _tag: "Timeout" | "Unreachable" }>) => FakeHttpServer.ScriptedResponse
}

const harness = (vendor: Vendor) =>
  Layer.effect(
    ModelProviderHarness,
    Effect.gen(function*() {
      const fake = yield* vendor.server
      const provider = vendor.provider(fake.baseURL, 5_000)
      const arrange = (scenario: Scenario) =>
        Effect.gen(function*() {
          fake.reset()
          switch (scenario._tag) {
            case "Timeout": {
              fake.enqueue({ asProvider: true, delayMs: SLOW_REPLY_MS })
              return vendor.provider(fake.baseURL, SHORT_TIMEOUT_MS)
            }
            case "Unreachable":
              return vendor.provider(vendor.baseURL(`http://127.0.0.1:${yield* unusedPort}`), 2_000)
            default:
              fake.enqueue(vendor.respond(scenario))
              return provider
          }
        })
      return ModelProviderHarness.of({ provider, arrange, attempts: Effect.sync(() => fake.requests.length) })
    })
  )

const withRetryAfter = (seconds: number) => ({ headers: { "retry-after": String(seconds) } })

const anthropic: Vendor = {
  server: FakeAnthropicServer.make(),
  baseURL: (origin) => origin,
  provider: (baseURL, timeoutMs) =>
    AnthropicProvider.make({
      apiKey: Redacted.make("sk-ant-test-key"),
      baseURL,
      routing: ModelRouting.single("claude-contract"),
      timeoutMs,
      prices
    }),
  respond: (scenario) => {
    switch (scenario._tag) {
      case "Reply":
        return FakeAnthropicServer.reply(scenario.text, {
          model: scenario.model,
          usage: {
            input_tokens: scenario.usage.inputTokens,
            output_tokens: scenario.usage.outputTokens,
            cache_read_input_tokens: scenario.usage.cacheReadTokens,
            cache_creation_input_tokens: scenario.usage.cacheWriteTokens
          }
        })
      case "RateLimited":
        return FakeAnthropicServer.error(429, "rate_limit_error", withRetryAfter(scenario.retryAfterSeconds))
      case "Overloaded":
        return FakeAnthropicServer.error(529, "overloaded_error", withRetryAfter(scenario.retryAfterSeconds))
      case "ServerError":
        return FakeAnthropicServer.error(500, "api_error")
      case "Unauthorized":
        return FakeAnthropicServer.error(401, "authentication_error", { message: "invalid x-api-key" })
      case "InvalidRequest":
        return FakeAnthropicServer.error(400, "invalid_request_error", { message: scenario.vendorMessage })
      case "NotJson":
        return { status: 200, rawBody: "{\"id\":\"msg_1\",\"content\":[" }
      case "UnexpectedJson":
        return { status: 200, body: { hello: "world" } }
      case "NoText": {
        const ok = FakeAnthropicServer.reply("unused")
        return { ...ok, body: { ...(ok.body as object), content: [{ type: "tool_use", id: "t", name: "n", input: {} }] } }
      }
    }
  }
}

const openAi: Vendor = {
  server: FakeOpenAiServer.make(),
  baseURL: (origin) => `${origin}/v1`,
  provider: (baseURL, timeoutMs) =>
    OpenAiProvider.make({
      apiKey: Redacted.make("sk-openai-test-key"),
      baseURL,
      routing: ModelRouting.single("gpt-contract"),
      timeoutMs,
      prices
    }),
  respond: (scenario) => {
    switch (scenario._tag) {
      case "Reply": {
        // OpenAI counts cached tokens inside prompt_tokens.
        const { cacheReadTokens, cacheWriteTokens, inputTokens, outputTokens } = scenario.usage
        const prompt = inputTokens + cacheReadTokens + cacheWriteTokens
        return FakeOpenAiServer.reply(scenario.text, {
          model: scenario.model,
          usage: {
            prompt_tokens: prompt,
            completion_tokens: outputTokens,
            total_tokens: prompt + outputTokens,
            prompt_tokens_details: { cached_tokens: cacheReadTokens, cache_write_tokens: cacheWriteTokens }
          }
        })
      }
      case "RateLimited":
        return FakeOpenAiServer.error(429, "requests", {
          code: "rate_limit_exceeded",
          ...withRetryAfter(scenario.retryAfterSeconds)
        })
      case "Overloaded":
        return FakeOpenAiServer.error(503, "server_error", {
          message: "The server is overloaded or not ready yet.",
          ...withRetryAfter(scenario.retryAfterSeconds)
        })
      case "ServerError":
        return FakeOpenAiServer.error(500, "server_error")
      case "Unauthorized":
        return FakeOpenAiServer.error(401, "invalid_request_error", { code: "invalid_api_key" })
      case "InvalidRequest":
        return FakeOpenAiServer.error(400, "invalid_request_error", { message: scenario.vendorMessage })
      case "NotJson":
        // What a proxy in front of a local model answers when the model is gone.
        return { status: 200, rawBody: "<html>502 Bad Gateway</html>", headers: { "content-type": "text/html" } }
      case "UnexpectedJson":
        return { status: 200, body: { object: "list", data: [] } }
      case "NoText":
        return FakeOpenAiServer.reply("")
    }
  }
}

modelProviderContract("Anthropic", harness(anthropic))
modelProviderContract("OpenAI", harness(openAi))

const offline = OfflineResponder.make()
modelProviderContract(
  "offline responder",
  Layer.succeed(
    ModelProviderHarness,
    ModelProviderHarness.of({
      provider: offline,
      arrange: () => Effect.die(new Error("the offline responder cannot be put in a situation")),
      attempts: Effect.succeed(0)
    })
  ),
  { scenarios: [] }
)
