/**
 * Which model answers a request. Each provider has a default model, optional
 * per-tier models (a small one for `free`, a larger one for `pro`) and optional
 * per-purpose models, so background work (memory extraction, summaries, the
 * crisis second opinion) can run on a cheaper, faster model whatever the user's plan.
 */
import type { ModelPurpose, ModelRequest } from "@jules/core"

export interface ModelRouting {
  readonly defaultModel: string
  /** Tier name → model. */
  readonly tierModels: Readonly<Record<string, string>>
  /** Purpose → model; wins over the tier. */
  readonly purposeModels: Readonly<Partial<Record<ModelPurpose, string>>>
}

/** The purposes that are not a reply the user reads, and may use a cheaper model. */
export const backgroundPurposes: ReadonlyArray<ModelPurpose> = ["memory_extraction", "summary", "crisis_review"]

export const single = (model: string): ModelRouting => ({ defaultModel: model, tierModels: {}, purposeModels: {} })

export const resolve = (routing: ModelRouting, request: Pick<ModelRequest, "purpose" | "tier">): string =>
  routing.purposeModels[request.purpose] ??
    (Object.hasOwn(routing.tierModels, request.tier) ? routing.tierModels[request.tier] : undefined) ??
    routing.defaultModel

/** For the startup log: `claude-x (free=claude-s, summary=claude-s)`. */
export const describe = (routing: ModelRouting): string => {
  const overrides = [
    ...Object.entries(routing.tierModels),
    ...Object.entries(routing.purposeModels)
  ].filter(([, model]) => model !== routing.defaultModel).map(([key, model]) => `${key}=${model}`)
  return overrides.length === 0 ? routing.defaultModel : `${routing.defaultModel} (${overrides.join(", ")})`
}
