/**
 * An append-only record that a test can read at any time and wait on. A fake
 * server fills it while a client talks to it over real HTTP, and nothing tells
 * the test when the client is done, so tests wait for a count instead.
 */
import { Effect } from "effect"

export interface Journal<A> {
  /** Everything recorded since the start or the last `clear`, oldest first (a live view). */
  readonly entries: ReadonlyArray<A>
  /** Succeeds with a copy of `entries` once there are at least `count` (bound it with `Effect.timeout`). */
  readonly awaitCount: (count: number) => Effect.Effect<ReadonlyArray<A>>
  readonly record: (entry: A) => void
  readonly clear: () => void
}

export const make = <A>(): Journal<A> => {
  const entries: Array<A> = []
  const waiters = new Set<() => void>()
  return {
    entries,
    awaitCount: (count) =>
      Effect.callback<ReadonlyArray<A>>((resume) => {
        const check = () => {
          if (entries.length < count) return
          waiters.delete(check)
          resume(Effect.succeed([...entries]))
        }
        waiters.add(check)
        check()
        return Effect.sync(() => waiters.delete(check))
      }),
    record: (entry) => {
      entries.push(entry)
      for (const check of [...waiters]) check()
    },
    clear: () => {
      entries.length = 0
    }
  }
}
