/**
 * A moderation service's reading of one text (OpenAI's moderation endpoint in
 * production): category flags and scores, a second opinion on the crisis
 * screen that can only raise it (`policy/CrisisReview.ts`).
 *
 * Optional and off by default: it sends the person's text to the vendor, out
 * of the operator's infrastructure. Errors carry statuses and vendor codes,
 * never the text.
 */
import type { Effect } from "effect"
import { Context, Schema } from "effect"

/** The categories of OpenAI's moderation models (`omni-moderation-*`), by their wire names. */
export const ModerationCategory = Schema.Literals([
  "harassment",
  "harassment/threatening",
  "hate",
  "hate/threatening",
  "illicit",
  "illicit/violent",
  "self-harm",
  "self-harm/intent",
  "self-harm/instructions",
  "sexual",
  "sexual/minors",
  "violence",
  "violence/graphic"
])
export type ModerationCategory = typeof ModerationCategory.Type

/** What the service said about one text. Categories it did not report are absent. */
export interface ModerationVerdict {
  /** The categories the service flagged. */
  readonly flagged: ReadonlyArray<ModerationCategory>
  /** 0..1 per category. */
  readonly scores: Readonly<Partial<Record<ModerationCategory, number>>>
}

const ReasonFields = {
  message: Schema.String,
  /** HTTP status, when there was one. */
  status: Schema.optional(Schema.Number)
}

/** 429, 5xx, or the connection failed: another attempt later may work. */
export class ModerationUnavailable extends Schema.TaggedError<ModerationUnavailable>()("ModerationUnavailable", {
  ...ReasonFields,
  retryAfterMs: Schema.optional(Schema.Number)
}) {
  get isRetryable(): boolean {
    return true
  }
}

/** No answer in time. */
export class ModerationTimeout extends Schema.TaggedError<ModerationTimeout>()("ModerationTimeout", ReasonFields) {
  get isRetryable(): boolean {
    return true
  }
}

/** 4xx: a wrong key, an unknown model, a request refused; another attempt fails the same way. */
export class ModerationRefused extends Schema.TaggedError<ModerationRefused>()("ModerationRefused", ReasonFields) {
  get isRetryable(): boolean {
    return false
  }
}

/** The answer could not be read. */
export class ModerationMalformedResponse
  extends Schema.TaggedError<ModerationMalformedResponse>()("ModerationMalformedResponse", ReasonFields)
{
  get isRetryable(): boolean {
    return false
  }
}

export const CrisisModerationErrorReason = Schema.Union([
  ModerationUnavailable,
  ModerationTimeout,
  ModerationRefused,
  ModerationMalformedResponse
])
export type CrisisModerationErrorReason = typeof CrisisModerationErrorReason.Type

export class CrisisModerationError extends Schema.TaggedError<CrisisModerationError>()("CrisisModerationError", {
  /** The vendor, e.g. `"openai"`. */
  provider: Schema.String,
  reason: CrisisModerationErrorReason
}) {
  override get message(): string {
    return `${this.provider}: ${this.reason._tag}: ${this.reason.message}`
  }

  get isRetryable(): boolean {
    return this.reason.isRetryable
  }
}

export class CrisisModeration extends Context.Service<CrisisModeration, {
  /** The vendor, for logs. */
  readonly provider: string
  /** One attempt, no retries: the crisis review has a strict time budget. */
  readonly moderate: (text: string) => Effect.Effect<ModerationVerdict, CrisisModerationError>
}>()("@jules/core/CrisisModeration") {}
