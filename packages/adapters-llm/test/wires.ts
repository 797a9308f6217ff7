/**
 * Each provider against its fake server, with the same routing shape (models
 * named `<family>-small`, `-large`, `-default`, `-cheap`), for the tests of
 * what is particular to one wire format and of what both must carry alike.
 */
import { FakeAnthropicServer, FakeOpenAiServer } from "@jules/testkit"
import { Effect, Redacted } from "effect"
import * as AnthropicProvider from "../src/AnthropicProvider.ts"
import type * as ModelRouting from "../src/ModelRouting.ts"
import * as OpenAiProvider from "../src/OpenAiProvider.ts"

const routing = (family: string): ModelRouting.ModelRouting => ({
  defaultModel: `${family}-default`,
  tierModels: { free: `${family}-small`, pro: `${family}-large` },
  purposeModels: { summary: `${family}-cheap`, memory_extraction: `${family}-cheap` }
})

const common = (family: string, apiKey: string, baseURL: string) => ({
  apiKey: Redacted.make(apiKey),
  baseURL,
  routing: routing(family),
  timeoutMs: 5_000
})

export const anthropic = () =>
  Effect.map(FakeAnthropicServer.make(), (fake) => ({
    fake,
    provider: AnthropicProvider.make(common("claude", "sk-ant-test-key", fake.baseURL))
  }))

export const openAi = (options: { readonly maxTokensParam?: OpenAiProvider.MaxTokensParam } = {}) =>
  Effect.map(FakeOpenAiServer.make(), (fake) => ({
    fake,
    provider: OpenAiProvider.make({ ...common("gpt", "sk-openai-test-key", fake.baseURL), ...options })
  }))
