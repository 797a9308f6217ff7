/**
 * The `JULES_MAX_CONCURRENT_TURNS` turns a process may run at once, handed
 * out first come, first served. While acks wait behind other work in the
 * same process (`LoopPressure`, role `all`), one at a time and at most one
 * start every `PRESSED_START_GAP_MS`: a turn costs the CPU of many acks, and
 * turns run back to back would take most of the event loop from them.
 *
 * Not Effect's `Semaphore`: on every release it looks at each waiter in turn,
 * and under a backlog (a broadcast that thousands answer) thousands of
 * people's turns wait here, so each release cost more CPU than a turn. A
 * queue of tokens wakes only the first waiter.
 */
import { Clock, Duration, Effect, Queue } from "effect"
import type { LoopPressure } from "./LoopPressure.ts"

/** How often a turn holding a slot looks again whether it may start, while acks wait. */
const CROWDED_RETRY = Duration.millis(10)
/** While acks wait, turns start at most this often (as `AnswerPacing.MIN_PER_SECOND` tells people). */
export const PRESSED_START_GAP_MS = 100

export interface TurnSlots {
  /** Runs `turn` once a slot is free; waiting can be interrupted, a slot taken is always given back. */
  readonly withSlot: <A, E, R>(turn: Effect.Effect<A, E, R>) => Effect.Effect<A, E, R>
}

export const make = (slots: number, pressure?: LoopPressure["Service"]): Effect.Effect<TurnSlots> =>
  Effect.gen(function*() {
    const tokens = yield* Queue.bounded<true>(slots)
    for (let i = 0; i < slots; i++) yield* Queue.offer(tokens, true)
    const giveBack = Queue.offer(tokens, true)
    let running = 0
    let startedAt = -Infinity
    const start: Effect.Effect<void> = Effect.flatMap(Clock.currentTimeMillis, (now) => {
      const crowded = pressure?.pressed() === true && (running > 0 || now - startedAt < PRESSED_START_GAP_MS)
      if (crowded) return Effect.andThen(Effect.sleep(CROWDED_RETRY), start)
      running++
      startedAt = now
      return Effect.void
    })
    const finish = Effect.sync(() => {
      running--
    })
    return {
      withSlot: (turn) =>
        Effect.uninterruptibleMask((restore) =>
          Effect.flatMap(restore(Queue.take(tokens)), () =>
            Effect.ensuring(
              Effect.flatMap(restore(start), () => Effect.ensuring(restore(turn), finish)),
              giveBack
            ))
        )
    }
  })
