/**
 * @jules/adapters-llm — the language models behind core's `LanguageModel` port:
 * Anthropic, OpenAI (and any OpenAI-compatible server: Ollama, llama.cpp, vLLM)
 * and the offline responder used when nothing is configured; OpenAI's
 * moderation endpoint behind core's `CrisisModeration` port.
 *
 * Most callers want `LlmLayer.layerConfig`.
 */
export * as AnthropicProvider from "./AnthropicProvider.ts"
export * from "./LlmConfig.ts"
export * as LlmLayer from "./LlmLayer.ts"
export { layer, layerConfig } from "./LlmLayer.ts"
export * as ModelRouting from "./ModelRouting.ts"
export * as OfflineResponder from "./OfflineResponder.ts"
export * as OpenAiModeration from "./OpenAiModeration.ts"
export * as OpenAiProvider from "./OpenAiProvider.ts"
export * as PriceTable from "./PriceTable.ts"
export * as ProviderErrors from "./ProviderErrors.ts"
export * as UsageMapping from "./UsageMapping.ts"
