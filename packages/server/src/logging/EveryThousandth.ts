/**
 * A warning logged for the first of every thousand times, not for each: when
 * texts are left to the outbox loop by the thousand, each case is an outage,
 * and a loud one already.
 */
import { Effect } from "effect"

export const everyThousandth = (message: string) => {
  let times = 0
  return (annotations: Record<string, unknown>): Effect.Effect<void> =>
    Effect.suspend(() =>
      times++ % 1_000 === 0 ? Effect.logWarning(message).pipe(Effect.annotateLogs({ ...annotations, timesSoFar: times })) : Effect.void
    )
}
