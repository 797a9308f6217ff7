/** `EscalationNotifier` that pages nobody: notified events are kept for the test in `Escalations`. */
import type { CrisisEvent, EscalationError } from "@jules/core"
import { EscalationNotifier } from "@jules/core"
import { Context, Effect, Layer, Option, Ref } from "effect"
import * as FailureQueue from "../internal/FailureQueue.ts"

export class Escalations extends Context.Service<Escalations, {
  /** Events notified successfully, in order. */
  readonly notified: Effect.Effect<ReadonlyArray<CrisisEvent>>
  /** The next `times` notifications (default 1) fail with `error`. */
  readonly failNext: (error: EscalationError, times?: number) => Effect.Effect<void>
}>()("@jules/testkit/Escalations") {}

const make = Effect.gen(function*() {
  const notified = yield* Ref.make<ReadonlyArray<CrisisEvent>>([])
  const failures = yield* FailureQueue.make<EscalationError>()

  const notify = (event: CrisisEvent) =>
    failures.take.pipe(
      Effect.flatMap(Option.match({
        onSome: Effect.fail,
        onNone: () => Ref.update(notified, (all) => [...all, event])
      }))
    )

  return Context.make(EscalationNotifier, EscalationNotifier.of({ notify })).pipe(
    Context.add(
      Escalations,
      Escalations.of({ notified: Ref.get(notified), failNext: (error, times = 1) => failures.push(error, times) })
    )
  )
})

export const layer: Layer.Layer<EscalationNotifier | Escalations> = Layer.effectContext(make)
