/** `MemoryStore` in memory: facts deduplicated case-insensitively, one summary per user. */
import type { ConversationSummary, MemoryFact, UserId } from "@jules/core"
import { MemoryStore } from "@jules/core"
import { Effect, Layer, Option, Ref } from "effect"
import { mapSet, sortByTime } from "../internal/Collections.ts"

interface State {
  readonly facts: ReadonlyArray<MemoryFact>
  readonly summaries: ReadonlyMap<UserId, ConversationSummary>
}

const sameFact = (a: MemoryFact, b: MemoryFact) => a.userId === b.userId && a.text.toLowerCase() === b.text.toLowerCase()

export const make: Effect.Effect<MemoryStore["Service"]> = Effect.gen(function*() {
  const state = yield* Ref.make<State>({ facts: [], summaries: new Map() })

  return MemoryStore.of({
    facts: (userId) =>
      Effect.map(Ref.get(state), (s) => sortByTime(s.facts.filter((f) => f.userId === userId), (f) => f.at)),
    addFacts: (facts) =>
      Ref.update(state, (s) => {
        const kept = [...s.facts]
        for (const fact of facts) {
          if (!kept.some((known) => sameFact(known, fact))) kept.push(fact)
        }
        return { ...s, facts: kept }
      }),
    removeFact: (userId, text) =>
      Ref.update(state, (s) => ({ ...s, facts: s.facts.filter((f) => !(f.userId === userId && f.text === text)) })),
    summary: (userId) => Effect.map(Ref.get(state), (s) => Option.fromUndefinedOr(s.summaries.get(userId))),
    setSummary: (summary) =>
      Ref.update(state, (s) => ({ ...s, summaries: mapSet(s.summaries, summary.userId, summary) })),
    eraseUser: (userId) =>
      Ref.update(state, (s) => {
        const summaries = new Map(s.summaries)
        summaries.delete(userId)
        return { facts: s.facts.filter((f) => f.userId !== userId), summaries }
      })
  })
})

export const layer: Layer.Layer<MemoryStore> = Layer.effect(MemoryStore, make)
