/**
 * People who move to a worker bring their unanswered texts with them.
 *
 * When workers split the people between them again (one starts, one stops,
 * a rolling deploy), a person's shard is released by one worker before the
 * next one acquires it. A text announced in that gap is heard by no one: the
 * worker letting go no longer holds the person (or its `Answer` is refused
 * as the shard moves), and the one taking over does not hold them yet. The
 * people a worker was still waiting to tell (`AnswerPacing`) and a turn cut
 * short by the move are lost the same way. The outbox loop would answer
 * them, but only once a text is two minutes old (`OutboxLoop.STRANDED_AFTER`)
 * and at its next pass, 30 s apart: a reply two or three minutes late.
 *
 * So a worker looks at the shards it holds every second, and when it holds
 * new ones it looks for the texts of the last few minutes that no turn
 * answered and tells the conversations of those people whose shards it has
 * just gained. Telling a conversation whose texts are answered, or that is
 * already answering, changes nothing (`ConversationWorker`).
 */
import { Cause, Duration, Effect, Schedule } from "effect"

/** How often a worker looks at the shards it holds (the cluster moves shards every few seconds). */
export const CHECK_EVERY = Duration.seconds(1)

export interface Watch {
  /** The shards held now (any stable key, e.g. `group:id`). */
  readonly held: () => ReadonlySet<string>
  /**
   * Told once per gain with the shards gained since the last look. It logs its
   * own failures: the shards count as looked after either way (the outbox
   * loop answers what it missed), so a database that is away is not asked
   * again every second.
   */
  readonly gained: (shards: ReadonlySet<string>) => Effect.Effect<void>
}

/**
 * Runs forever: every `CHECK_EVERY` (and at once) compares the shards held
 * with those held at the last look. A worker's first shards are a
 * gain too: texts stored while no worker held them are answered when it
 * takes them.
 */
export const watch = (options: Watch): Effect.Effect<never> => {
  let before: ReadonlySet<string> = new Set()
  const look = Effect.suspend(() => {
    const now = options.held()
    const fresh = [...now].filter((shard) => !before.has(shard))
    // Shards let go are forgotten: taken again later, they are a gain again.
    before = now
    return fresh.length === 0 ? Effect.void : options.gained(new Set(fresh)).pipe(
      // A defect in the look ends neither the watch nor the worker; the outbox loop answers what it missed.
      Effect.catchCause((cause) =>
        Cause.hasInterruptsOnly(cause)
          ? Effect.failCause(cause)
          : Effect.logWarning("looking after people moved here failed").pipe(
            Effect.annotateLogs({ error: Cause.pretty(cause).split("\n")[0] })
          )
      )
    )
  })
  return Effect.repeat(look, Schedule.spaced(CHECK_EVERY)).pipe(Effect.andThen(Effect.never))
}
