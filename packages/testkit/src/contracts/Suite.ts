/**
 * How a contract suite is registered: one `describe` per port and
 * implementation, whose tests share one build of the layer (a database
 * adapter connects and migrates once per suite). Tests run with the live
 * clock, since a real store's pool and timeouts would stall under `TestClock`.
 */
import type { Vitest } from "@effect/vitest"
import { describe, it, layer } from "@effect/vitest"
import type { Layer } from "effect"

export interface ContractOptions {
  /** Registers the suite skipped, e.g. when no test database is configured. */
  readonly skip?: boolean
}

export type ContractTests<R> = (it: Vitest.MethodsNonLive<R>) => void

export const registerContract = <R>(
  title: string,
  storage: Layer.Layer<R, unknown>,
  options: ContractOptions | undefined,
  tests: ContractTests<R>
): void => {
  if (options?.skip === true) {
    // Registered inside a skipped `describe`, the tests are listed as skipped and never run.
    describe.skip(title, () => tests(it as unknown as Vitest.MethodsNonLive<R>))
    return
  }
  layer(storage, { excludeTestServices: true })(title, tests)
}
