/**
 * Failures a test queued for a fake: each call of the fake takes the next one,
 * so "the next two sends fail" reads as `failNext(reason, 2)`.
 */
import { Effect, Option, Ref } from "effect"

export interface FailureQueue<E> {
  readonly push: (failure: E, times: number) => Effect.Effect<void>
  readonly take: Effect.Effect<Option.Option<E>>
  readonly clear: Effect.Effect<void>
}

export const make = <E>(): Effect.Effect<FailureQueue<E>> =>
  Effect.map(Ref.make<ReadonlyArray<E>>([]), (queue) => ({
    push: (failure, times) =>
      Ref.update(queue, (queued) => [...queued, ...Array.from({ length: Math.max(0, times) }, () => failure)]),
    take: Ref.modify(queue, (queued): [Option.Option<E>, ReadonlyArray<E>] =>
      queued.length === 0 ? [Option.none(), queued] : [Option.some(queued[0]!), queued.slice(1)]),
    clear: Ref.set(queue, [])
  }))
