/**
 * Tokens a turn used and what they cost. Providers count differently; adapters
 * normalise to these four buckets, which do not overlap:
 * `inputTokens` are prompt tokens read neither from nor into the cache.
 */
import { Schema } from "effect"
import { TurnId, UserId } from "./Ids.ts"

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

export class UsageRecord extends Schema.Class<UsageRecord>("@jules/core/UsageRecord")({
  /** One record per turn: recording a turn twice is a no-op. */
  id: TurnId,
  userId: UserId,
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
