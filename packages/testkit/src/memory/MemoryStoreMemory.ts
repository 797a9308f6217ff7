/** `MemoryStore` in memory: facts deduplicated case-insensitively, one summary per user. */
import type { ConversationSummary, FactChanges, MemoryFact, UserId } from "@jules/core"
import { MemoryStore } from "@jules/core"
import { Effect, Layer, Option, Ref } from "effect"
import { mapSet, sortByTime } from "../internal/Collections.ts"

interface State {
  readonly facts: ReadonlyArray<MemoryFact>
  readonly summaries: ReadonlyMap<UserId, ConversationSummary>
  /** `userId turnId` of every turn whose changes were applied. */
  readonly applied: ReadonlySet<string>
}

const sameFact = (a: MemoryFact, b: MemoryFact) => a.userId === b.userId && a.text.toLowerCase() === b.text.toLowerCase()

const withFacts = (facts: ReadonlyArray<MemoryFact>, added: ReadonlyArray<MemoryFact>): ReadonlyArray<MemoryFact> => {
  const kept = [...facts]
  for (const fact of added) {
    if (!kept.some((known) => sameFact(known, fact))) kept.push(fact)
  }
  return kept
}

const turnKey = (userId: UserId, turnId: string) => `${userId} ${turnId}`

export const make: Effect.Effect<MemoryStore["Service"]> = Effect.gen(function*() {
  const state = yield* Ref.make<State>({ facts: [], summaries: new Map(), applied: new Set() })

  const factsOf = (s: State, userId: UserId) => sortByTime(s.facts.filter((f) => f.userId === userId), (f) => f.at)

  return MemoryStore.of({
    facts: (userId) => Effect.map(Ref.get(state), (s) => factsOf(s, userId)),
    recall: (userId) =>
      Effect.map(Ref.get(state), (s) => ({
        facts: factsOf(s, userId),
        summary: Option.fromUndefinedOr(s.summaries.get(userId))
      })),
    addFacts: (facts) => Ref.update(state, (s) => ({ ...s, facts: withFacts(s.facts, facts) })),
    removeFact: (userId, text) =>
      Ref.update(state, (s) => ({ ...s, facts: s.facts.filter((f) => !(f.userId === userId && f.text === text)) })),
    applyChanges: (changes: FactChanges) =>
      Ref.modify(state, (s): [boolean, State] => {
        const key = turnKey(changes.userId, changes.turnId)
        if (s.applied.has(key)) return [false, s]
        const removed = new Set(changes.remove)
        const kept = s.facts.filter((f) => !(f.userId === changes.userId && removed.has(f.text)))
        return [true, { ...s, facts: withFacts(kept, changes.add), applied: new Set(s.applied).add(key) }]
      }),
    changesApplied: (userId, turnId) => Effect.map(Ref.get(state), (s) => s.applied.has(turnKey(userId, turnId))),
    summary: (userId) => Effect.map(Ref.get(state), (s) => Option.fromUndefinedOr(s.summaries.get(userId))),
    setSummary: (summary) =>
      Ref.update(state, (s) => ({ ...s, summaries: mapSet(s.summaries, summary.userId, summary) })),
    eraseUser: (userId) =>
      Ref.update(state, (s) => {
        const summaries = new Map(s.summaries)
        summaries.delete(userId)
        const applied = new Set([...s.applied].filter((key) => !key.startsWith(`${userId} `)))
        return { facts: s.facts.filter((f) => f.userId !== userId), summaries, applied }
      })
  })
})

export const layer: Layer.Layer<MemoryStore> = Layer.effect(MemoryStore, make)
