/**
 * Facts are bounded per person (`MemorySettings.maxFacts`), because every
 * reply's prompt carries them and a person's memory must not grow without
 * end. When a turn would pass the bound, facts go in this order:
 *
 * 1. the category most likely to be stale or least useful first - plans
 *    (they pass), then other, places, work, health, people, pets,
 *    preferences, and the name last;
 * 2. within a category, the oldest first (what was said most recently is
 *    the most likely to still be true).
 *
 * Facts the turn itself adds are never evicted by it.
 */
import type { DateTime } from "effect"
import type { FactCategory } from "../domain/Memory.ts"

export const EVICTION_ORDER: ReadonlyArray<FactCategory> = [
  "plans",
  "other",
  "places",
  "work",
  "health",
  "people",
  "pets",
  "preferences",
  "name"
]

export interface HeldFact {
  readonly text: string
  readonly category: FactCategory
  readonly at: DateTime.Utc
}

/** Texts of the held facts to forget so that `held` plus `adding` fit in `max`. */
export const factsToEvict = (held: ReadonlyArray<HeldFact>, adding: number, max: number): ReadonlyArray<string> => {
  const excess = held.length + adding - Math.max(0, max)
  if (excess <= 0) return []
  const rank = (fact: HeldFact) => EVICTION_ORDER.indexOf(fact.category)
  return held
    .map((fact, index) => ({ fact, index }))
    // `held` is oldest first: for equal ranks, the earlier index goes first.
    .sort((a, b) => rank(a.fact) - rank(b.fact) || a.index - b.index)
    .slice(0, excess)
    .map(({ fact }) => fact.text)
}
