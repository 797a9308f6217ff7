/**
 * The model that writes Jules's replies. A `ModelProvider` is one vendor
 * (Anthropic, OpenAI, an OpenAI-compatible local server, the offline responder);
 * `LanguageModel` is what the turn calls: the providers in fallback order (see
 * `turn/ModelFallback.ts`).
 */
import type { Effect } from "effect"
import { Context, Schema } from "effect"
import type { Tier } from "../domain/User.ts"
import type { TokenUsage } from "../domain/Usage.ts"

/**
 * A block of system prompt. Blocks come in a fixed order, most stable first, so
 * providers can cache the prefix; `cache: true` marks the end of a cacheable
 * prefix (Anthropic `cache_control`; OpenAI caches prefixes by itself).
 */
export interface SystemBlock {
  readonly text: string
  readonly cache: boolean
}

export interface ChatMessage {
  readonly role: "user" | "assistant"
  readonly content: string
}

/**
 * What the call is for: providers may route purposes and tiers to different
 * models. `crisis_review` is the crisis screen's second opinion (`CrisisSecondOpinion`).
 */
export type ModelPurpose = "reply" | "safety_reply" | "memory_extraction" | "summary" | "crisis_review"

export interface ModelRequest {
  readonly system: ReadonlyArray<SystemBlock>
  /** Alternating turns, ending with the user's. */
  readonly messages: ReadonlyArray<ChatMessage>
  readonly maxOutputTokens: number
  readonly purpose: ModelPurpose
  readonly tier: Tier
  /**
   * Structured output: the answer must be JSON following this JSON Schema.
   * Providers that support it enforce it (OpenAI `response_format`); the
   * request's instructions ask for the same shape, and callers validate.
   */
  readonly output?: StructuredOutput | undefined
}

export interface StructuredOutput {
  readonly name: string
  readonly schema: object
}

export interface ModelResponse {
  readonly text: string
  /** The provider that answered, e.g. `"anthropic"`. */
  readonly provider: string
  readonly model: string
  readonly usage: TokenUsage
  /** Cost of this call in millionths of a dollar, from the operator's price table (`ModelPrice`). */
  readonly costMicros: number
  /** True for the offline responder: a canned reply, not a model's. */
  readonly offline: boolean
}

const ReasonFields = {
  message: Schema.String,
  /** HTTP status, when there was one. */
  status: Schema.optional(Schema.Number)
}

/** 429. */
export class ModelRateLimited extends Schema.TaggedError<ModelRateLimited>()("ModelRateLimited", {
  ...ReasonFields,
  retryAfterMs: Schema.optional(Schema.Number)
}) {
  get isRetryable(): boolean {
    return true
  }
}

/** 529 overloaded, or any 5xx. */
export class ModelUnavailable extends Schema.TaggedError<ModelUnavailable>()("ModelUnavailable", {
  ...ReasonFields,
  retryAfterMs: Schema.optional(Schema.Number)
}) {
  get isRetryable(): boolean {
    return true
  }
}

/** No answer in time. */
export class ModelTimeout extends Schema.TaggedError<ModelTimeout>()("ModelTimeout", ReasonFields) {
  get isRetryable(): boolean {
    return true
  }
}

/** The connection failed before an answer. */
export class ModelConnectionFailed
  extends Schema.TaggedError<ModelConnectionFailed>()("ModelConnectionFailed", ReasonFields)
{
  get isRetryable(): boolean {
    return true
  }
}

/** 400/404/422: the request itself is wrong; another attempt will fail the same way. */
export class ModelInvalidRequest extends Schema.TaggedError<ModelInvalidRequest>()("ModelInvalidRequest", ReasonFields) {
  get isRetryable(): boolean {
    return false
  }
}

/** 401/403: a key is missing, wrong, or out of credit. */
export class ModelNotAuthorized extends Schema.TaggedError<ModelNotAuthorized>()("ModelNotAuthorized", ReasonFields) {
  get isRetryable(): boolean {
    return false
  }
}

/** The response could not be read, or held no text. */
export class ModelMalformedResponse
  extends Schema.TaggedError<ModelMalformedResponse>()("ModelMalformedResponse", ReasonFields)
{
  get isRetryable(): boolean {
    return false
  }
}

export const LanguageModelErrorReason = Schema.Union([
  ModelRateLimited,
  ModelUnavailable,
  ModelTimeout,
  ModelConnectionFailed,
  ModelInvalidRequest,
  ModelNotAuthorized,
  ModelMalformedResponse
])
export type LanguageModelErrorReason = typeof LanguageModelErrorReason.Type

export class LanguageModelError extends Schema.TaggedError<LanguageModelError>()("LanguageModelError", {
  provider: Schema.String,
  reason: LanguageModelErrorReason
}) {
  override get message(): string {
    return `${this.provider}: ${this.reason._tag}: ${this.reason.message}`
  }

  get isRetryable(): boolean {
    return this.reason.isRetryable
  }

  /** How long the provider asked us to wait (`retry-after`), if it said. */
  get retryAfterMs(): number | undefined {
    return "retryAfterMs" in this.reason ? this.reason.retryAfterMs : undefined
  }
}

/** One vendor behind the port. Adapters supply `name` and `generate`; retries are not theirs to do. */
export interface ModelProvider {
  readonly name: string
  /** One attempt, no retries: `ModelFallback` retries and falls back. */
  readonly generate: (request: ModelRequest) => Effect.Effect<ModelResponse, LanguageModelError>
}

export class LanguageModel extends Context.Service<LanguageModel, {
  /** The providers in fallback order, for the startup log and health checks. */
  readonly providers: ReadonlyArray<string>
  readonly generate: (request: ModelRequest) => Effect.Effect<ModelResponse, LanguageModelError>
}>()("@jules/core/LanguageModel") {}
