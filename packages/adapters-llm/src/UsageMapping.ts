/**
 * Vendors count prompt tokens differently; core's `TokenUsage` has four buckets
 * that do not overlap. These functions are the only place that knows the
 * difference.
 */
import { TokenUsage } from "@jules/core"

/** A count as the wire gave it: missing, null or nonsense count as 0. */
export const count = (value: number | null | undefined): number =>
  value === null || value === undefined || !Number.isFinite(value) || value < 0 ? 0 : Math.round(value)

/**
 * Anthropic already reports separate buckets: `input_tokens` are the tokens after
 * the last cache breakpoint, cache reads and writes are counted apart from them.
 */
export const fromAnthropic = (usage: {
  readonly input_tokens?: number | null | undefined
  readonly output_tokens?: number | null | undefined
  readonly cache_read_input_tokens?: number | null | undefined
  readonly cache_creation_input_tokens?: number | null | undefined
} | null | undefined): TokenUsage =>
  usage === null || usage === undefined ? TokenUsage.zero : new TokenUsage({
    inputTokens: count(usage.input_tokens),
    outputTokens: count(usage.output_tokens),
    cacheReadTokens: count(usage.cache_read_input_tokens),
    cacheWriteTokens: count(usage.cache_creation_input_tokens)
  })

/**
 * OpenAI's `prompt_tokens` include everything: `prompt_tokens_details` is a
 * breakdown of them, so `cached_tokens` and `cache_write_tokens` are both subsets
 * (the SDK types call the details "a breakdown of tokens used in the prompt", and
 * OpenAI's usage API counts input "including cached and cache-write tokens").
 * Uncached input is what remains. Local servers often send no usage: zeros.
 */
export const fromOpenAi = (usage: {
  readonly prompt_tokens?: number | null | undefined
  readonly completion_tokens?: number | null | undefined
  readonly prompt_tokens_details?: {
    readonly cached_tokens?: number | null | undefined
    readonly cache_write_tokens?: number | null | undefined
  } | null | undefined
} | null | undefined): TokenUsage => {
  if (usage === null || usage === undefined) return TokenUsage.zero
  const prompt = count(usage.prompt_tokens)
  const cacheRead = Math.min(prompt, count(usage.prompt_tokens_details?.cached_tokens))
  const cacheWrite = Math.min(prompt - cacheRead, count(usage.prompt_tokens_details?.cache_write_tokens))
  return new TokenUsage({
    inputTokens: prompt - cacheRead - cacheWrite,
    outputTokens: count(usage.completion_tokens),
    cacheReadTokens: cacheRead,
    cacheWriteTokens: cacheWrite
  })
}
