/**
 * Reading the background model's memory operations: the request it gets, and
 * an answer read defensively - only the JSON asked for, only numbers it was
 * shown, only short third-person facts that do not touch on a crisis.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Option, Schema } from "effect"
import type { KnownFact } from "../src/policy/MemoryExtraction.ts"
import { extractionRequest, MAX_OPERATIONS, readOperations } from "../src/policy/MemoryExtraction.ts"
import type { Tier } from "../src/domain/User.ts"

const known: ReadonlyArray<KnownFact> = [
  { text: "They live in Denver.", category: "places" },
  { text: "Their dog is called Rex.", category: "pets" }
]
const answer = (...operations: ReadonlyArray<unknown>) => JSON.stringify({ operations })

describe("MemoryExtraction", () => {
  it("asks the background model, with the facts numbered and the exchange, for structured output", () => {
    const request = extractionRequest({
      known,
      userText: "moved to   Austin!",
      previousReply: "How's Denver?",
      tier: "free" as Tier,
      maxOutputTokens: 300
    })
    assert.strictEqual(request.purpose, "memory_extraction")
    assert.strictEqual(request.output?.name, "memory_operations")
    assert.strictEqual(
      request.messages[0]!.content,
      "Remembered facts:\n1. [places] They live in Denver.\n2. [pets] Their dog is called Rex.\n\n" +
        "Latest exchange:\nCompanion: How's Denver?\nThem: moved to Austin!"
    )
  })

  it("reads add, update and delete against the facts shown", () => {
    const read = readOperations(
      answer(
        { op: "update", id: 1, fact: "They live in Austin.", category: "places" },
        { op: "delete", id: 2 },
        { op: "add", id: null, fact: "Their cat is called Milo", category: "pets" },
        { op: "none", id: null, fact: null, category: null }
      ),
      known
    )
    assert.deepStrictEqual(Option.getOrThrow(read), {
      remove: ["They live in Denver.", "Their dog is called Rex."],
      add: [{ text: "They live in Austin.", category: "places" }, { text: "Their cat is called Milo.", category: "pets" }]
    })
  })

  it("finds the JSON in a code fence; drops unknown numbers, non-facts, crisis facts and repeats", () => {
    const read = readOperations(
      "```json\n" + answer(
        { op: "delete", id: 9 },
        { op: "update", id: 0, fact: "They live in Austin.", category: "places" },
        { op: "add", fact: "I am your friend.", category: "other" },
        { op: "add", fact: "They want to end their life.", category: "health" },
        { op: "add", fact: "They like tea.", category: "preferences" },
        { op: "add", fact: "they like TEA.", category: "preferences" }
      ) + "\n```",
      known
    )
    assert.deepStrictEqual(Option.getOrThrow(read), { remove: [], add: [{ text: "They like tea.", category: "preferences" }] })
  })

  it("a stated age is left to the age gate, never kept as a fact", () => {
    const read = readOperations(
      answer(
        { op: "add", fact: "They are 15 years old.", category: "other" },
        { op: "add", fact: "They are 15.", category: "other" },
        { op: "add", fact: "They are in 10th grade.", category: "other" }
      ),
      known
    )
    assert.deepStrictEqual(Option.getOrThrow(read).add, [{ text: "They are in 10th grade.", category: "other" }])
  })

  it("an answer that is not the JSON asked for is no answer", () => {
    for (const text of ["Sure, I'll remember!", "{}", "{\"operations\": \"none\"}", answer({ op: "add", fact: "They knit." })]) {
      assert.isTrue(Option.isNone(readOperations(text, known)), text)
    }
    assert.deepStrictEqual(Option.getOrThrow(readOperations(answer(), known)), { remove: [], add: [] })
  })

  it(`reads at most ${MAX_OPERATIONS} operations`, () => {
    const many = Array.from({ length: 20 }, (_, i) => ({ op: "add", fact: `They have ${i + 2} plants.`, category: "other" }))
    assert.strictEqual(Option.getOrThrow(readOperations(answer(...many), known)).add.length, MAX_OPERATIONS)
  })

  it.effect.prop("never throws on any answer, and every fact it keeps is a short third-person sentence", [Schema.String], ([text]) =>
    Effect.sync(() => {
      const read = readOperations(text, known)
      for (const fact of Option.match(read, { onNone: () => [], onSome: (r) => r.add })) assert.match(fact.text, /^(?:They|Their) /)
    }))
})
