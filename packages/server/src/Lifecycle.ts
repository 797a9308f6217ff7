/**
 * Whether the server is shutting down. Once draining, readiness answers 503 so
 * a load balancer stops sending traffic, and long-lived responses (the dev
 * simulator's event stream) end so the HTTP server can close.
 *
 * `layerSignal` must be built after the HTTP server: its finalizer, which runs
 * first on shutdown, starts the drain before the server stops listening.
 */
import { Context, Deferred, Effect, Layer } from "effect"

export class Lifecycle extends Context.Service<Lifecycle, {
  /** Completes when shutdown begins. */
  readonly draining: Deferred.Deferred<void>
  readonly isDraining: Effect.Effect<boolean>
}>()("@jules/server/Lifecycle") {
  static readonly layer: Layer.Layer<Lifecycle> = Layer.effect(
    Lifecycle,
    Effect.gen(function*() {
      const draining = yield* Deferred.make<void>()
      return Lifecycle.of({ draining, isDraining: Deferred.isDone(draining) })
    })
  )

  /** Starts the drain when its scope closes. */
  static readonly layerSignal: Layer.Layer<never, never, Lifecycle> = Layer.effectDiscard(
    Effect.gen(function*() {
      const { draining } = yield* Lifecycle
      yield* Effect.addFinalizer(() =>
        Deferred.succeed(draining, undefined).pipe(
          Effect.andThen(Effect.logInfo("shutting down: finishing turns in flight"))
        )
      )
    })
  )
}
