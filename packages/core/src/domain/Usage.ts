/**
 * Tokens a model call used and what it cost. Providers count differently; adapters
 * normalise to these four buckets, which do not overlap:
 * `inputTokens` are prompt tokens read neither from nor into the cache.
 */
import { Schema } from "effect"
import type { TurnId } from "./Ids.ts"
import { UserId } from "./Ids.ts"

export class TokenUsage extends Schema.Class<TokenUsage>("@jules/core/TokenUsage")({
  inputTokens: Schema.Int,
  outputTokens: Schema.Int,
  cacheReadTokens: Schema.Int,
  cacheWriteTokens: Schema.Int
}) {
  static readonly zero = new TokenUsage({ inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0 })

  get promptTokens(): number {
    return this.inputTokens + this.cacheReadTokens + this.cacheWriteTokens
  }
}

/** What a model call was for: the names of core's `ModelPurpose`. */
export const UsagePurpose = Schema.Literals(["reply", "safety_reply", "memory_extraction", "summary", "crisis_review"])
export type UsagePurpose = typeof UsagePurpose.Type

/** Calls that answer a text: what the report counts as turns. */
export const isReplyPurpose = (purpose: UsagePurpose): boolean => purpose === "reply" || purpose === "safety_reply"

/** See `usageRecordId`. */
export const UsageRecordId = Schema.String.pipe(Schema.brand("UsageRecordId"))
export type UsageRecordId = typeof UsageRecordId.Type

/**
 * The id of a call's record: the turn's id for its reply, `<turnId>#<purpose>`
 * for another call of the turn (the rolling summary, the crisis second opinion). Turns run at
 * least once, so each call is recorded once however often its turn runs.
 */
export const usageRecordId = (turnId: TurnId, purpose: UsagePurpose): UsageRecordId =>
  (isReplyPurpose(purpose) ? turnId : `${turnId}#${purpose}`) as string as UsageRecordId

/** One model call: a turn's reply, or a background call made after it. */
export class UsageRecord extends Schema.Class<UsageRecord>("@jules/core/UsageRecord")({
  /** `usageRecordId(turnId, purpose)`: recording the same call twice is a no-op. */
  id: UsageRecordId,
  userId: UserId,
  purpose: UsagePurpose,
  provider: Schema.String,
  model: Schema.String,
  usage: TokenUsage,
  /** Cost in millionths of a US dollar, from the configured price table. */
  costMicros: Schema.Int,
  at: Schema.DateTimeUtc
}) {}

/** A row of the usage report: one user, one UTC day. */
export class UsageSummary extends Schema.Class<UsageSummary>("@jules/core/UsageSummary")({
  userId: UserId,
  day: Schema.String,
  /** Replies (`reply`, `safety_reply` records); background calls add to tokens and cost only. */
  turns: Schema.Int,
  usage: TokenUsage,
  costMicros: Schema.Int
}) {}

/** A row of the cost report: one UTC day, one provider, one model, every user together. */
export class UsageCost extends Schema.Class<UsageCost>("@jules/core/UsageCost")({
  day: Schema.String,
  provider: Schema.String,
  model: Schema.String,
  /** Model calls of any purpose. */
  calls: Schema.Int,
  /** Replies (`reply`, `safety_reply` records). */
  turns: Schema.Int,
  usage: TokenUsage,
  costMicros: Schema.Int
}) {}

/** Prices of one model in US dollars per million tokens, as vendors publish them. */
export class ModelPrice extends Schema.Class<ModelPrice>("@jules/core/ModelPrice")({
  input: Schema.Number,
  output: Schema.Number,
  cacheRead: Schema.Number,
  cacheWrite: Schema.Number
}) {
  static readonly free = new ModelPrice({ input: 0, output: 0, cacheRead: 0, cacheWrite: 0 })

  /** Cost of `usage` in millionths of a dollar (dollars per million tokens × tokens = micro-dollars). */
  costMicros(usage: TokenUsage): number {
    return Math.round(
      usage.inputTokens * this.input +
        usage.outputTokens * this.output +
        usage.cacheReadTokens * this.cacheRead +
        usage.cacheWriteTokens * this.cacheWrite
    )
  }
}
