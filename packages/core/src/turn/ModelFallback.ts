/**
 * The language model the turn calls: providers tried in order, each with a
 * timeout, retrying only what can succeed on a second try (rate limits,
 * overload, 5xx, timeouts, dropped connections) and honouring `retry-after`.
 * When every provider has failed the last error is returned; the turn answers
 * with the fixed apology.
 *
 * Retries live here, not in the SDKs (adapters call them with `maxRetries: 0`),
 * so one policy governs every provider.
 */
import { Duration, Effect, Layer } from "effect"
import type { ModelProvider, ModelRequest, ModelResponse } from "../ports/LanguageModel.ts"
import { LanguageModel, LanguageModelError, ModelTimeout } from "../ports/LanguageModel.ts"
import * as Spans from "../Spans.ts"

export interface FallbackPolicy {
  /** Per attempt. */
  readonly timeout: Duration.Input
  /** Attempts per provider, the first included. */
  readonly attemptsPerProvider: number
  /** First backoff when the provider gave no `retry-after`; doubles per attempt. */
  readonly backoff: Duration.Input
  /** A provider asking to wait longer than this is skipped for the next one. */
  readonly maxRetryAfter: Duration.Input
}

export const defaultFallbackPolicy: FallbackPolicy = {
  timeout: "20 seconds",
  attemptsPerProvider: 2,
  backoff: "500 millis",
  maxRetryAfter: "5 seconds"
}

const withTimeout = (provider: ModelProvider, request: ModelRequest, timeout: Duration.Input) =>
  provider.generate(request).pipe(
    Effect.timeoutOrElse({
      duration: timeout,
      orElse: () =>
        Effect.fail(
          new LanguageModelError({
            provider: provider.name,
            reason: new ModelTimeout({ message: `no answer within ${Duration.format(Duration.fromInputUnsafe(timeout))}` })
          })
        )
    })
  )

/** How long to wait before attempt `attempt + 1`, or `undefined` to give up on this provider. */
const retryDelay = (error: LanguageModelError, attempt: number, policy: FallbackPolicy): number | undefined => {
  if (!error.isRetryable || attempt >= policy.attemptsPerProvider) return undefined
  const asked = error.retryAfterMs
  if (asked !== undefined) return asked <= Duration.toMillis(policy.maxRetryAfter) ? asked : undefined
  return Duration.toMillis(policy.backoff) * 2 ** (attempt - 1)
}

export const make = (
  providers: readonly [ModelProvider, ...Array<ModelProvider>],
  policy: FallbackPolicy = defaultFallbackPolicy
): LanguageModel["Service"] => {
  const tryProvider = Effect.fnUntraced(function*(provider: ModelProvider, request: ModelRequest) {
    for (let attempt = 1;; attempt++) {
      const result = yield* Effect.result(withTimeout(provider, request, policy.timeout))
      if (result._tag === "Success") return result.success
      const error = result.failure
      yield* Effect.logWarning("model call failed").pipe(
        Effect.annotateLogs({ provider: provider.name, reason: error.reason._tag, attempt })
      )
      const delay = retryDelay(error, attempt, policy)
      if (delay === undefined) return yield* Effect.fail(error)
      if (delay > 0) yield* Effect.sleep(delay)
    }
  })

  const generate = Spans.fn("LanguageModel.generate")(function*(request: ModelRequest) {
    let lastError: LanguageModelError | undefined
    for (const provider of providers) {
      const result = yield* Effect.result(tryProvider(provider, request))
      if (result._tag === "Success") return result.success satisfies ModelResponse
      lastError = result.failure
    }
    return yield* Effect.fail(lastError!)
  })

  return LanguageModel.of({ providers: providers.map((p) => p.name), generate })
}

export const layer = (
  providers: readonly [ModelProvider, ...Array<ModelProvider>],
  policy?: FallbackPolicy
): Layer.Layer<LanguageModel> => Layer.succeed(LanguageModel, make(providers, policy))
