/** `DeadLetters` in memory, newest first when listed. */
import type { DeadLetter, MessageId } from "@jules/core"
import { DeadLetters } from "@jules/core"
import { Effect, Layer, Option, Ref } from "effect"
import { mapDeleteWhere, mapSet, sortByTime } from "../internal/Collections.ts"

export const make: Effect.Effect<DeadLetters["Service"]> = Effect.gen(function*() {
  const state = yield* Ref.make<ReadonlyMap<MessageId, DeadLetter>>(new Map())

  return DeadLetters.of({
    record: (letter) => Ref.update(state, (s) => (s.has(letter.id) ? s : mapSet(s, letter.id, letter))),
    list: ({ limit, userId }) =>
      Effect.map(Ref.get(state), (s) =>
        sortByTime([...s.values()].filter((l) => userId === undefined || l.userId === userId), (l) => l.deadAt)
          .reverse()
          .slice(0, Math.max(0, limit))),
    remove: (id) =>
      Ref.modify(state, (s): [Option.Option<DeadLetter>, ReadonlyMap<MessageId, DeadLetter>] => {
        const letter = s.get(id)
        return letter === undefined ? [Option.none(), s] : [Option.some(letter), mapDeleteWhere(s, (l) => l.id === id)]
      }),
    eraseUser: (userId) => Ref.update(state, (s) => mapDeleteWhere(s, (l) => l.userId === userId))
  })
})

export const layer: Layer.Layer<DeadLetters> = Layer.effect(DeadLetters, make)
