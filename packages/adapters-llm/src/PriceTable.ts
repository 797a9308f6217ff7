/**
 * The operator's prices (model → dollars per million tokens) turned into the
 * cost of one call. A model without a price costs 0, and the first call to it
 * logs one warning naming the model, so an operator notices a gap in the table
 * without the log filling up.
 */
import type { TokenUsage } from "@jules/core"
import { ModelPrice } from "@jules/core"
import { Effect } from "effect"

export interface PriceTable {
  /**
   * Cost in millionths of a dollar. Vendors often answer with a dated snapshot of
   * the alias asked for (`gpt-5.5` → `gpt-5.5-2026-04-23`), so the model the vendor
   * reports is looked up first, then the one requested.
   */
  readonly costMicros: (
    models: { readonly requested: string; readonly reported: string },
    usage: TokenUsage
  ) => Effect.Effect<number>
}

export const make = (prices: Readonly<Record<string, ModelPrice>>): PriceTable => {
  const priceOf = (model: string): ModelPrice | undefined => Object.hasOwn(prices, model) ? prices[model] : undefined
  const warned = new Set<string>()
  return {
    costMicros: ({ requested, reported }, usage) =>
      Effect.suspend(() => {
        const price = priceOf(reported) ?? priceOf(requested)
        if (price !== undefined) return Effect.succeed(price.costMicros(usage))
        if (warned.has(requested)) return Effect.succeed(0)
        warned.add(requested)
        return Effect.logWarning("no price configured for this model: its calls are recorded at cost 0 (set LLM_PRICES)")
          .pipe(Effect.annotateLogs({ model: requested, reportedModel: reported }), Effect.as(0))
      })
  }
}

/** Every call free, and no warnings: the offline responder, and tests that do not look at cost. */
export const free: PriceTable = {
  costMicros: (_models, usage) => Effect.succeed(ModelPrice.free.costMicros(usage))
}
