/** `EventClaims` in memory: a set of claimed `(source, id)` pairs. */
import { EventClaims } from "@jules/core"
import { Effect, Layer, Ref } from "effect"

export const make: Effect.Effect<EventClaims["Service"]> = Effect.gen(function*() {
  const claimed = yield* Ref.make<ReadonlySet<string>>(new Set())

  // A NUL separator keeps ("a:b", "c") and ("a", "b:c") stay apart.
  const keyOf = (source: string, id: string) => `${source}\u0000${id}`
  return EventClaims.of({
    claim: (source, id) =>
      Ref.modify(claimed, (all): [boolean, ReadonlySet<string>] => {
        const key = keyOf(source, id)
        return all.has(key) ? [false, all] : [true, new Set(all).add(key)]
      }),
    release: (source, id) =>
      Ref.update(claimed, (all) => {
        const rest = new Set(all)
        rest.delete(keyOf(source, id))
        return rest
      })
  })
})

export const layer: Layer.Layer<EventClaims> = Layer.effect(EventClaims, make)
