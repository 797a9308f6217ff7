/**
 * How many turns a process runs at once, and how many of them work at once.
 *
 * - In flight: at most `JULES_MAX_CONCURRENT_TURNS` turns, let in first come,
 *   first served. This is also the most calls a process has open to the model
 *   at once, so an overloaded provider is not hammered by a broadcast.
 * - Working: of those, a process of role `all`, whose acks share the event
 *   loop with its turns, lets `WORKING_AT_ONCE` use the process itself (its
 *   CPU, the database) at a time; a worker lets them all. A turn waiting
 *   outside the process, on the model, the moderation vendor or the carrier
 *   (`awayFromSlot`), lends its working place to another turn and takes one
 *   back when the answer comes, ahead of turns not yet started (a turn half
 *   done holds its texts and their context; finishing it first keeps that
 *   memory short-lived). A hosted model takes a second or more, twice a
 *   turn: with the place held through those waits, eight places answered
 *   four texts a second.
 * - While acks wait behind other work in the same process (`LoopPressure`,
 *   role `all`), a turn starts only when no other is working and at most one
 *   every `PRESSED_START_GAP_MS`: a turn costs the CPU of many acks, and
 *   turns run back to back would take most of the event loop from them.
 *   Turns waiting on the model cost the loop nothing and do not hold others
 *   back; those coming back take their places and finish first.
 *
 * Not Effect's `Semaphore`: on every release it looks at each waiter in turn,
 * and under a backlog (a broadcast that thousands answer) thousands of
 * people's turns wait here, so each release cost more CPU than a turn. A
 * queue of tokens, and lists of waiters, wake only the first.
 */
import { Clock, Context, Deferred, Duration, Effect, Exit, Queue } from "effect"
import type { LoopPressure } from "./LoopPressure.ts"

/** In role `all`, turns using the process itself at once at most (or `JULES_MAX_CONCURRENT_TURNS`, when lower). */
export const WORKING_AT_ONCE = 8
/** How often a turn about to start looks again whether it may, while acks wait. */
const CROWDED_RETRY = Duration.millis(10)
/** While acks wait, turns start at most this often (as `AnswerPacing.MIN_PER_SECOND` tells people). */
export const PRESSED_START_GAP_MS = 100

export interface TurnSlots {
  /**
   * Runs `turn` once it may: in flight, then working. Waiting can be
   * interrupted; whatever was taken is always given back.
   */
  readonly withSlot: <A, E, R>(turn: Effect.Effect<A, E, R>) => Effect.Effect<A, E, R>
  /** Turns holding a working place now. */
  readonly working: () => number
}

/** A turn's working place, shared by the fibers of the turn (it may wait on two vendors at once). */
interface Hold {
  holds: boolean
  /** The turn has ended: a fiber of it left running waits without a place. */
  ended: boolean
  /** Waits outside the process in progress. */
  away: number
  /** One of the turn's fibers is waiting to take a place back: the others need not. */
  comingBack: boolean
  readonly places: Places
}

/** The turn the running fiber belongs to, if any: set by `withSlot` for the turn's fibers. */
const CurrentHold = Context.Reference<Hold | undefined>("@jules/server/TurnSlots/CurrentHold", {
  defaultValue: () => undefined
})

/**
 * Runs `wait` (a call outside the process) with the current turn's working
 * place lent to another turn meanwhile; outside a turn, just runs it. A wait
 * cut short by an interruption (a timeout around it) comes back without its
 * place; the turn gets one again at the end of its next wait.
 */
export const awayFromSlot = <A, E, R>(wait: Effect.Effect<A, E, R>): Effect.Effect<A, E, R> =>
  Effect.flatMap(Effect.service(CurrentHold), (hold) => hold === undefined ? wait : hold.places.away(hold, wait))

interface Waiter {
  readonly woken: Deferred.Deferred<void>
  handed: boolean
}

/** The working places: those coming back from a wait are served before those starting. */
class Places {
  private free: number
  private readonly resuming: Array<Waiter> = []
  private readonly starting: Array<Waiter> = []
  /** Turns holding a place now. */
  inUse = 0

  constructor(size: number) {
    this.free = size
  }

  /** Takes a place for `hold`; interruptible while it waits (run it under `restore`). */
  take(hold: Hold, resuming: boolean): Effect.Effect<void> {
    return Effect.suspend(() => {
      if (this.free > 0 && this.resuming.length === 0 && (resuming || this.starting.length === 0)) {
        this.free--
        this.held(hold)
        return Effect.void
      }
      const waiter: Waiter = { woken: Deferred.makeUnsafe<void>(), handed: false }
      const line = resuming ? this.resuming : this.starting
      line.push(waiter)
      return Deferred.await(waiter.woken).pipe(
        Effect.tap(() => Effect.sync(() => this.held(hold))),
        Effect.onInterrupt(() =>
          Effect.sync(() => {
            // Handed a place just as it was interrupted: pass it on.
            if (waiter.handed) this.give()
            else line.splice(line.indexOf(waiter), 1)
          })
        )
      )
    })
  }

  private held(hold: Hold) {
    // A turn that ended while this fiber of it waited: pass the place on.
    if (hold.ended) return this.give()
    hold.holds = true
    this.inUse++
  }

  /** Gives `hold`'s place back, if it has one. */
  release(hold: Hold) {
    if (!hold.holds) return
    hold.holds = false
    this.inUse--
    this.give()
  }

  private give() {
    const next = this.resuming.shift() ?? this.starting.shift()
    if (next === undefined) {
      this.free++
      return
    }
    next.handed = true
    Deferred.doneUnsafe(next.woken, Exit.void)
  }

  away<A, E, R>(hold: Hold, wait: Effect.Effect<A, E, R>): Effect.Effect<A, E, R> {
    return Effect.uninterruptibleMask((restore) =>
      Effect.suspend(() => {
        if (hold.ended) return restore(wait)
        if (hold.away++ === 0) this.release(hold)
        return Effect.flatMap(Effect.exit(restore(wait)), (exit) => {
          const back = --hold.away === 0 && !hold.holds && !hold.ended && !hold.comingBack
            ? Effect.ensuring(
              Effect.suspend(() => {
                hold.comingBack = true
                return restore(this.take(hold, true))
              }),
              Effect.sync(() => {
                hold.comingBack = false
              })
            )
            : Effect.void
          return Effect.andThen(back, exit)
        })
      })
    )
  }
}

export const make = (
  slots: number,
  pressure?: LoopPressure["Service"],
  workingAtOnce = WORKING_AT_ONCE
): Effect.Effect<TurnSlots> =>
  Effect.gen(function*() {
    const tokens = yield* Queue.bounded<true>(slots)
    for (let i = 0; i < slots; i++) yield* Queue.offer(tokens, true)
    const giveBack = Queue.offer(tokens, true)
    const places = new Places(Math.min(slots, workingAtOnce))
    let startedAt = -Infinity
    const start: Effect.Effect<void> = Effect.flatMap(Clock.currentTimeMillis, (now) => {
      const crowded = pressure?.pressed() === true && (places.inUse > 0 || now - startedAt < PRESSED_START_GAP_MS)
      if (crowded) return Effect.andThen(Effect.sleep(CROWDED_RETRY), start)
      startedAt = now
      return Effect.void
    })
    return {
      withSlot: (turn) =>
        Effect.uninterruptibleMask((restore) =>
          Effect.flatMap(restore(Queue.take(tokens)), () => {
            const hold: Hold = { holds: false, ended: false, away: 0, comingBack: false, places }
            const working = Effect.andThen(
              restore(places.take(hold, false)),
              restore(Effect.provideService(turn, CurrentHold, hold))
            )
            const end = Effect.sync(() => {
              hold.ended = true
              places.release(hold)
            })
            return Effect.ensuring(Effect.andThen(restore(start), working), Effect.andThen(end, giveBack))
          })
        ),
      working: () => places.inUse
    }
  })
