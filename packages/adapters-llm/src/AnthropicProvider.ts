/**
 * Anthropic's Messages API behind the `ModelProvider` port, on the official
 * `@anthropic-ai/sdk`. One attempt per call: the SDK's retries are off
 * (`maxRetries: 0`) because `ModelFallback` owns retries for every provider.
 *
 * System blocks keep their order; blocks marked `cache` get
 * `cache_control: {type: "ephemeral"}`, which ends a cacheable prefix.
 */
import Anthropic, { APIConnectionError, APIConnectionTimeoutError, APIError } from "@anthropic-ai/sdk"
import type { LanguageModelError, ModelProvider, ModelRequest, ModelResponse } from "@jules/core"
import { Spans } from "@jules/core"
import { Effect, Redacted, Schema } from "effect"
import { httpFetch } from "./HttpFetch.ts"
import * as ModelRouting from "./ModelRouting.ts"
import * as PriceTable from "./PriceTable.ts"
import type { ProviderOptions } from "./ProviderOptions.ts"
import * as ProviderErrors from "./ProviderErrors.ts"
import * as UsageMapping from "./UsageMapping.ts"

/** `baseURL` defaults to `https://api.anthropic.com` (or Ollama's Anthropic-compatible endpoint); `name` to `"anthropic"`. */
export type AnthropicProviderOptions = ProviderOptions

export const defaultBaseURL = "https://api.anthropic.com"

const Count = Schema.optional(Schema.NullOr(Schema.Number))

/** The fields we read from a Messages API response; anything else is ignored. */
const MessageBody = Schema.Struct({
  model: Schema.optional(Schema.NullOr(Schema.String)),
  content: Schema.Array(Schema.Struct({ type: Schema.String, text: Schema.optional(Schema.String) })),
  usage: Schema.optional(Schema.NullOr(Schema.Struct({
    input_tokens: Count,
    output_tokens: Count,
    cache_creation_input_tokens: Count,
    cache_read_input_tokens: Count
  })))
})
const decodeMessage = Schema.decodeUnknownEffect(MessageBody)

const classify = ProviderErrors.classify(
  { timeout: APIConnectionTimeoutError, connection: APIConnectionError, api: APIError },
  (error) => error.errorCode
)

/** The Messages API request body for `request` on `model`. */
export const toParams = (request: ModelRequest, model: string): Anthropic.MessageCreateParamsNonStreaming => ({
  model,
  max_tokens: request.maxOutputTokens,
  ...(request.system.length === 0 ? {} : {
    system: request.system.map((block): Anthropic.TextBlockParam =>
      block.cache
        ? { type: "text", text: block.text, cache_control: { type: "ephemeral" } }
        : { type: "text", text: block.text }
    )
  }),
  messages: request.messages.map((message) => ({ role: message.role, content: message.content }))
})

export const make = (options: AnthropicProviderOptions): ModelProvider => {
  const name = options.name ?? "anthropic"
  const prices = options.prices ?? PriceTable.free
  const client = new Anthropic({
    apiKey: Redacted.value(options.apiKey),
    baseURL: options.baseURL ?? defaultBaseURL,
    maxRetries: 0,
    timeout: options.timeoutMs,
    // Pinned so that ANTHROPIC_LOG=debug or a content-mode tracing variable can
    // never put prompts or replies into logs and spans.
    logLevel: "warn",
    openTelemetry: { traces: { contentMode: "metadata_only" } },
    fetch: httpFetch
  })

  const generate = Spans.fn("AnthropicProvider.generate")(
    function*(request: ModelRequest): Effect.fn.Return<ModelResponse, LanguageModelError> {
      const model = ModelRouting.resolve(options.routing, request)
      yield* Effect.annotateCurrentSpan({ provider: name, model, purpose: request.purpose, tier: request.tier })
      const raw = yield* Effect.tryPromise({
        try: (signal) => client.messages.create(toParams(request, model), { signal }),
        catch: classify
      }).pipe(Effect.catch((failure) => ProviderErrors.fail(name, failure)))
      const body = yield* decodeMessage(raw).pipe(
        Effect.mapError(() => ProviderErrors.malformed(name, "the response is not a Messages API message"))
      )
      const text = body.content.flatMap((block) =>
        block.type === "text" && block.text !== undefined ? [block.text] : []
      ).join("")
      if (text.trim() === "") return yield* ProviderErrors.malformed(name, "the response holds no text")
      const reported = body.model || model
      const usage = UsageMapping.fromAnthropic(body.usage)
      const costMicros = yield* prices.costMicros({ requested: model, reported }, usage)
      return { text, provider: name, model: reported, usage, costMicros, offline: false }
    }
  )

  return { name, generate }
}
