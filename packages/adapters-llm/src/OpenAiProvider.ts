/**
 * OpenAI Chat Completions behind the `ModelProvider` port, on the official
 * `openai` SDK. The same wire format is spoken by Ollama, llama.cpp and vLLM, so
 * a `baseURL` makes this the adapter for local models too.
 *
 * System blocks are joined in order into one system message; OpenAI caches
 * prompt prefixes by itself, so the only duty here is to keep the joined text
 * byte-identical for identical blocks. One attempt per call (`maxRetries: 0`):
 * `ModelFallback` owns retries.
 */
import type { LanguageModelError, ModelProvider, ModelRequest, ModelResponse } from "@jules/core"
import { Spans } from "@jules/core"
import { APIConnectionError, APIConnectionTimeoutError, APIError } from "openai"
import type OpenAI from "openai"
import { Effect, Schema } from "effect"
import * as ModelRouting from "./ModelRouting.ts"
import * as OpenAiClient from "./OpenAiClient.ts"
import * as PriceTable from "./PriceTable.ts"
import type { ProviderOptions } from "./ProviderOptions.ts"
import * as ProviderErrors from "./ProviderErrors.ts"
import * as UsageMapping from "./UsageMapping.ts"

/**
 * OpenAI's own models take `max_completion_tokens` (`max_tokens` is deprecated
 * and refused by reasoning models); older compatible servers only know `max_tokens`.
 */
export type MaxTokensParam = "max_completion_tokens" | "max_tokens"

/** `baseURL` defaults to `https://api.openai.com/v1` (`http://localhost:11434/v1` for Ollama); `name` to `"openai"`. */
export interface OpenAiProviderOptions extends ProviderOptions {
  /** Default: `max_completion_tokens`. */
  readonly maxTokensParam?: MaxTokensParam | undefined
}

export const defaultBaseURL = OpenAiClient.defaultBaseURL

/** Separates system blocks in the joined system message. */
export const blockSeparator = "\n\n"

const Count = Schema.optional(Schema.NullOr(Schema.Number))

/** The fields we read from a chat completion; anything else is ignored. */
const CompletionBody = Schema.Struct({
  model: Schema.optional(Schema.NullOr(Schema.String)),
  choices: Schema.Array(Schema.Struct({
    message: Schema.Struct({ content: Schema.optional(Schema.NullOr(Schema.String)) })
  })),
  usage: Schema.optional(Schema.NullOr(Schema.Struct({
    prompt_tokens: Count,
    completion_tokens: Count,
    prompt_tokens_details: Schema.optional(Schema.NullOr(Schema.Struct({
      cached_tokens: Count,
      cache_write_tokens: Count
    })))
  })))
})
const decodeCompletion = Schema.decodeUnknownEffect(CompletionBody)

const classify = ProviderErrors.classify(
  { timeout: APIConnectionTimeoutError, connection: APIConnectionError, api: APIError },
  (error) => error.code
)

/** The Chat Completions request body for `request` on `model`. */
export const toParams = (
  request: ModelRequest,
  model: string,
  maxTokensParam: MaxTokensParam = "max_completion_tokens"
): OpenAI.Chat.ChatCompletionCreateParamsNonStreaming => {
  const system = request.system.map((block) => block.text).join(blockSeparator)
  const messages: Array<OpenAI.Chat.ChatCompletionMessageParam> = [
    ...(request.system.length === 0 ? [] : [{ role: "system" as const, content: system }]),
    ...request.messages.map((message) => ({ role: message.role, content: message.content }))
  ]
  // Structured output (memory extraction): the answer must follow the schema.
  const format = request.output === undefined ? {} : {
    response_format: {
      type: "json_schema" as const,
      json_schema: { name: request.output.name, schema: request.output.schema as Record<string, unknown>, strict: true }
    }
  }
  return maxTokensParam === "max_tokens"
    ? { model, messages, max_tokens: request.maxOutputTokens, ...format }
    : { model, messages, max_completion_tokens: request.maxOutputTokens, ...format }
}

export const make = (options: OpenAiProviderOptions): ModelProvider => {
  const name = options.name ?? "openai"
  const prices = options.prices ?? PriceTable.free
  const client = OpenAiClient.make(options)

  const generate = Spans.fn("OpenAiProvider.generate")(
    function*(request: ModelRequest): Effect.fn.Return<ModelResponse, LanguageModelError> {
      const model = ModelRouting.resolve(options.routing, request)
      yield* Effect.annotateCurrentSpan({ provider: name, model, purpose: request.purpose, tier: request.tier })
      const raw = yield* Effect.tryPromise({
        try: (signal) => client.chat.completions.create(toParams(request, model, options.maxTokensParam), { signal }),
        catch: classify
      }).pipe(Effect.catch((failure) => ProviderErrors.fail(name, failure)))
      const body = yield* decodeCompletion(raw).pipe(
        Effect.mapError(() => ProviderErrors.malformed(name, "the response is not a chat completion"))
      )
      const text = body.choices[0]?.message.content ?? ""
      if (text.trim() === "") return yield* ProviderErrors.malformed(name, "the response holds no text")
      const reported = body.model || model
      const usage = UsageMapping.fromOpenAi(body.usage)
      const costMicros = yield* prices.costMicros({ requested: model, reported }, usage)
      return { text, provider: name, model: reported, usage, costMicros, offline: false }
    }
  )

  return { name, generate }
}
