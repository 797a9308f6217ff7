import { assert, describe, it } from "@effect/vitest"
import { DateTime } from "effect"
import type { HeldFact } from "../src/policy/FactEviction.ts"
import { factsToEvict } from "../src/policy/FactEviction.ts"
import type { FactCategory } from "../src/domain/Memory.ts"

const at = (minutes: number) => DateTime.makeUnsafe(minutes * 60_000)
const fact = (text: string, category: FactCategory, minutes: number): HeldFact => ({ text, category, at: at(minutes) })

describe("FactEviction", () => {
  const held = [
    fact("Their name is Sam.", "name", 0),
    fact("They have a party on Friday.", "plans", 1),
    fact("They like tea.", "other", 2),
    fact("They have a concert on Saturday.", "plans", 3),
    fact("They go by Sammy.", "preferences", 4)
  ]

  it("within the bound, nothing goes", () => {
    assert.deepStrictEqual(factsToEvict(held, 1, 6), [])
  })

  it("over it, the oldest of the most expendable category go first; the name last", () => {
    assert.deepStrictEqual(factsToEvict(held, 2, 5), ["They have a party on Friday.", "They have a concert on Saturday."])
    assert.deepStrictEqual(factsToEvict(held, 3, 5), [
      "They have a party on Friday.",
      "They have a concert on Saturday.",
      "They like tea."
    ])
    assert.deepStrictEqual(factsToEvict(held, 5, 5).at(-1), "Their name is Sam.")
  })
})
