/**
 * The outbox loop: once per cluster (an `effect/cluster` singleton), it finds
 *
 * - people with a text whose next attempt is due (every second), and
 * - people with texts no turn answered for `STRANDED_AFTER` (every
 *   `RESCUE_INTERVAL`), and at start every unanswered text: an `Answer` lost
 *   with a process or refused by a full mailbox, one that gave up, a turn
 *   lost with an instance,
 *
 * and sends each person's conversation entity a `CatchUp`. The entity runs it
 * between the person's turns, so a person's texts go out in order and never
 * twice; people are caught up side by side (at most `MAX_IN_FLIGHT` at once),
 * so one person's carrier trouble never holds up anyone else.
 *
 * Nothing here is durable or needs to be: after a restart the same queries
 * find the same work.
 */
import type { UserId } from "@jules/core"
import { CompanionSettings, MessageStore } from "@jules/core"
import { Cause, DateTime, Duration, Effect, FiberSet, Schedule } from "effect"
import { Singleton } from "effect/cluster"
import { ANSWER_WITHIN } from "./ConversationWorker.ts"
import { Conversation } from "./ConversationEntity.ts"

/** How often due texts are looked for: the outbox's finest retry granularity. */
const POLL_INTERVAL = Duration.seconds(1)
/** How often unanswered texts are looked for. */
const RESCUE_INTERVAL = Duration.seconds(30)
/** An unanswered text younger than this may still be on its way through its own `Answer`. */
export const STRANDED_AFTER = Duration.minutes(2)
/**
 * Each search for unanswered texts reaches this far behind the last one that
 * succeeded: an `Answer` gives up within about six minutes of its text, so a
 * text strands well inside it. The first search after a start (or after the
 * database was away) reaches back to `ANSWER_WITHIN`.
 */
const RESCUE_OVERLAP = Duration.minutes(10)
/** People looked up per query. */
const BATCH = 200
/** People being caught up at once. */
const MAX_IN_FLIGHT = 64
/** A loop that keeps failing (the database is down) says so at most this often. */
const WARN_EVERY = Duration.minutes(1)

const run = Effect.gen(function*() {
  const messages = yield* MessageStore
  const settings = yield* CompanionSettings
  const conversation = yield* Conversation.client
  const fibers = yield* FiberSet.make()
  const inFlight = new Set<UserId>()
  let lastWarning = 0

  const dispatch = (userId: UserId, immediate = false) =>
    inFlight.has(userId) || inFlight.size >= MAX_IN_FLIGHT
      ? Effect.void
      : Effect.sync(() => inFlight.add(userId)).pipe(
        Effect.andThen(conversation(userId).CatchUp({ userId, immediate })),
        Effect.catchCause((cause) =>
          Effect.logWarning("catch-up could not reach the conversation").pipe(
            Effect.annotateLogs({ userId, error: Cause.pretty(cause).split("\n")[0] })
          )
        ),
        Effect.ensuring(Effect.sync(() => inFlight.delete(userId))),
        FiberSet.run(fibers),
        Effect.asVoid
      )

  const quietly = <E>(what: string, effect: Effect.Effect<void, E>) =>
    effect.pipe(
      Effect.catchCause((cause) =>
        Effect.gen(function*() {
          if (Cause.hasInterruptsOnly(cause)) return yield* Effect.failCause(cause)
          const now = Date.now()
          if (now - lastWarning < Duration.toMillis(WARN_EVERY)) return
          lastWarning = now
          yield* Effect.logWarning(`outbox loop: ${what} failed; trying again`).pipe(
            Effect.annotateLogs({ error: Cause.pretty(cause).split("\n")[0] })
          )
        })
      )
    )

  // The first sweep after this loop starts (a restart, or the loop moving to
  // another instance) also takes texts a turn was about to send when its
  // process died, instead of waiting out their hand-over time.
  let firstSweep = true
  const due = quietly(
    "looking for due texts",
    Effect.gen(function*() {
      const now = yield* DateTime.now
      const immediate = firstSweep
      const horizon = immediate ? DateTime.addDuration(now, settings.outbox.handoverAfter) : now
      const people = yield* messages.dueOutbound(horizon, BATCH)
      firstSweep = false
      yield* Effect.forEach(people, (userId) => dispatch(userId, immediate), { discard: true })
    })
  )

  // The first search after a start takes every unanswered text: the `Answer`s
  // in flight when the last process stopped went with it. Later searches leave
  // the youngest texts to the `Answer` that is on its way.
  let lastRescue: DateTime.Utc | undefined
  const stranded = quietly(
    "looking for unanswered texts",
    Effect.gen(function*() {
      const now = yield* DateTime.now
      const oldest = DateTime.subtractDuration(now, ANSWER_WITHIN)
      const from = lastRescue === undefined
        ? oldest
        : DateTime.max(oldest, DateTime.subtractDuration(lastRescue, RESCUE_OVERLAP))
      const to = lastRescue === undefined ? now : DateTime.subtractDuration(now, STRANDED_AFTER)
      const people = yield* messages.strandedInbound(from, to, BATCH)
      // A full batch may have left people out: search the same window again next time.
      if (people.length < BATCH) lastRescue = now
      if (people.length > 0) {
        yield* Effect.logInfo("catching up on unanswered texts").pipe(Effect.annotateLogs({ people: people.length }))
      }
      yield* Effect.forEach(people, (userId) => dispatch(userId), { discard: true })
    })
  )

  yield* Effect.all([
    Effect.repeat(due, Schedule.spaced(POLL_INTERVAL)),
    Effect.repeat(stranded, Schedule.spaced(RESCUE_INTERVAL))
  ], { concurrency: 2, discard: true })
})

export const layer = Singleton.make("jules/OutboxLoop", run)

