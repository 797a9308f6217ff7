/**
 * The `JULES_MAX_CONCURRENT_TURNS` turns a process may run at once, handed
 * out first come, first served.
 *
 * Not Effect's `Semaphore`: on every release it looks at each waiter in turn,
 * and under a backlog (a broadcast that thousands answer) thousands of
 * people's turns wait here, so each release cost more CPU than a turn. A
 * queue of tokens wakes only the first waiter.
 */
import { Effect, Queue } from "effect"

export interface TurnSlots {
  /** Runs `turn` once a slot is free; waiting can be interrupted, a slot taken is always given back. */
  readonly withSlot: <A, E, R>(turn: Effect.Effect<A, E, R>) => Effect.Effect<A, E, R>
}

export const make = (slots: number): Effect.Effect<TurnSlots> =>
  Effect.gen(function*() {
    const tokens = yield* Queue.bounded<true>(slots)
    for (let i = 0; i < slots; i++) yield* Queue.offer(tokens, true)
    const giveBack = Queue.offer(tokens, true)
    return {
      withSlot: (turn) =>
        Effect.uninterruptibleMask((restore) =>
          Effect.flatMap(restore(Queue.take(tokens)), () => Effect.ensuring(restore(turn), giveBack))
        )
    }
  })
