/**
 * `CrisisEventLog` in memory. Referral counts live in their own map keyed by
 * UTC year (of the send), so erasing a user's events leaves the yearly counts
 * as they were.
 */
import type { TurnId } from "@jules/core"
import { CrisisEvent, CrisisEventLog } from "@jules/core"
import { DateTime, Effect, Layer, Ref } from "effect"
import { isAtOrAfter, mapDeleteWhere, mapSet, sortByTime } from "../internal/Collections.ts"

interface State {
  readonly events: ReadonlyMap<TurnId, CrisisEvent>
  readonly referralsByYear: ReadonlyMap<number, number>
}

export const make: Effect.Effect<CrisisEventLog["Service"]> = Effect.gen(function*() {
  const state = yield* Ref.make<State>({ events: new Map(), referralsByYear: new Map() })

  return CrisisEventLog.of({
    record: (event) =>
      Ref.modify(state, (s): [boolean, State] => {
        if (s.events.has(event.id)) return [false, s]
        return [true, { ...s, events: mapSet(s.events, event.id, event) }]
      }),
    referralSent: (id, at) =>
      Ref.modify(state, (s): [boolean, State] => {
        const event = s.events.get(id)
        if (event === undefined || !event.referred || event.referralSentAt !== undefined) return [false, s]
        const year = DateTime.getPartUtc(at, "year")
        return [true, {
          events: mapSet(s.events, id, new CrisisEvent({ ...event, referralSentAt: at })),
          referralsByYear: mapSet(s.referralsByYear, year, (s.referralsByYear.get(year) ?? 0) + 1)
        }]
      }),
    list: ({ from, limit, to, userId }) =>
      Effect.map(Ref.get(state), (s) =>
        sortByTime(
          [...s.events.values()].filter((e) =>
            (userId === undefined || e.userId === userId) &&
            (from === undefined || isAtOrAfter(e.at, from)) &&
            (to === undefined || !isAtOrAfter(e.at, to))
          ),
          (e) => e.at
        )
          .reverse()
          .slice(0, Math.max(0, limit))),
    referralCount: (year) => Effect.map(Ref.get(state), (s) => s.referralsByYear.get(year) ?? 0),
    eraseUser: (userId) =>
      Ref.update(state, (s) => ({ ...s, events: mapDeleteWhere(s.events, (e) => e.userId === userId) }))
  })
})

export const layer: Layer.Layer<CrisisEventLog> = Layer.effect(CrisisEventLog, make)
