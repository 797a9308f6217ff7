/** What every model provider adapter is built from; each adds what its wire format needs. */
import type { Redacted } from "effect"
import type * as ModelRouting from "./ModelRouting.ts"
import type * as PriceTable from "./PriceTable.ts"

export interface ProviderOptions {
  readonly apiKey: Redacted.Redacted<string>
  /** The API's origin (a proxy, a regional endpoint, a local server); each provider has its default. */
  readonly baseURL?: string | undefined
  readonly routing: ModelRouting.ModelRouting
  /** Per request, enforced by the SDK. */
  readonly timeoutMs: number
  readonly prices?: PriceTable.PriceTable | undefined
  /** The name in logs and `ModelResponse.provider`; by default the provider's own. */
  readonly name?: string | undefined
}
