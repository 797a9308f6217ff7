/**
 * Whether acks are waiting behind other work in this process: texts are
 * arriving, and the event loop runs late (a timer fired more than
 * `LAG_LIMIT_MS` after its time within the last `WINDOW_MS`). An ack waits
 * as long as a timer does.
 *
 * Only a process of role `all` needs to know: its acks and turns share one
 * event loop, and under pressure it starts turns more slowly
 * (`AnswerPacing`, `TurnSlots`). A `web` process runs no turns and a `worker`
 * acks nothing: for them the loop is never pressed (`layerNever`).
 *
 * The loop is sampled only while texts arrive (a timer every `TICK_MS`, until
 * a second after the last text): a quiet server does nothing here. The
 * database's speed plays no part: a distant PostgreSQL makes every ack
 * slower, and starting fewer turns would not help.
 */
import { Clock, Context, Duration, Effect, Layer, Queue } from "effect"

/** A timer this late means the loop is busy. */
export const LAG_LIMIT_MS = 5
const TICK_MS = 10
/** Lag is judged over this long. */
const WINDOW_MS = 100
/** Without texts for this long, the loop is not sampled and not pressed. */
const IDLE_AFTER_MS = 1_000

export class LoopPressure extends Context.Service<LoopPressure, {
  /** A text was stored (an ack is on its way). */
  readonly arrived: Effect.Effect<void>
  /** Acks are waiting behind other work now. */
  readonly pressed: () => boolean
}>()("@jules/server/LoopPressure") {
  /** Samples the loop while texts arrive (role `all`). */
  static readonly layer = Layer.effect(
    LoopPressure,
    Effect.gen(function*() {
      let arrivedAt = -Infinity
      let pressed = false
      let windowStart = 0
      let windowLag = 0
      const wake = yield* Queue.dropping<void>(1)

      const sample = Effect.gen(function*() {
        const before = yield* Clock.currentTimeMillis
        if (before - arrivedAt > IDLE_AFTER_MS) {
          pressed = false
          yield* Queue.take(wake)
          windowStart = yield* Clock.currentTimeMillis
          windowLag = 0
          return
        }
        yield* Effect.sleep(Duration.millis(TICK_MS))
        const after = yield* Clock.currentTimeMillis
        const lag = after - before - TICK_MS
        if (lag > windowLag) windowLag = lag
        // A long stall counts at once; a window's worth of punctual timers clears it.
        if (lag > LAG_LIMIT_MS) pressed = true
        if (after - windowStart >= WINDOW_MS) {
          pressed = windowLag > LAG_LIMIT_MS
          windowStart = after
          windowLag = 0
        }
      })
      yield* Effect.forkScoped(Effect.forever(sample))

      return LoopPressure.of({
        arrived: Effect.flatMap(Clock.currentTimeMillis, (now) =>
          Effect.sync(() => {
            if (now - arrivedAt > IDLE_AFTER_MS) Queue.offerUnsafe(wake, undefined)
            arrivedAt = now
          })),
        pressed: () => pressed
      })
    })
  )

  /** Never pressed: a process whose acks and turns do not share a loop. */
  static readonly layerNever = Layer.succeed(LoopPressure, LoopPressure.of({ arrived: Effect.void, pressed: () => false }))
}
