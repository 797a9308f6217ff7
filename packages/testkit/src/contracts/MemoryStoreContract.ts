/** What every `MemoryStore` must do. */
import { assert } from "@effect/vitest"
import type { FactCategory, UserId } from "@jules/core"
import { ConversationSummary, FactChanges, MemoryFact, MemoryStore, TurnId } from "@jules/core"
import type { Layer } from "effect"
import { Effect, Option } from "effect"
import * as F from "./Fixtures.ts"
import type { ContractOptions, ContractTests } from "./Suite.ts"
import { registerContract } from "./Suite.ts"

const fact = (userId: UserId, text: string, minutes = 0, category: FactCategory = "other") =>
  new MemoryFact({ userId, text, category, at: F.plusMinutes(F.base, minutes) })

const changes = (userId: UserId, turn: string, remove: ReadonlyArray<string>, add: ReadonlyArray<MemoryFact>) =>
  new FactChanges({ userId, turnId: TurnId.make(turn), remove, add, at: F.plusMinutes(F.base, 30) })

const texts = (facts: ReadonlyArray<MemoryFact>) => facts.map((f) => f.text)

export const memoryStoreTests: ContractTests<MemoryStore> = (it) => {
  it.effect("facts come back with every field, oldest first", () =>
    Effect.gen(function*() {
      const store = yield* MemoryStore
      const userId = yield* F.userId
      const facts = [
        fact(userId, "Their dog is called Rex.", 0, "pets"),
        fact(userId, "They work night shifts at a hospital.", 5, "work"),
        fact(userId, "They prefer to be called Sam.", 9, "preferences")
      ]
      yield* store.addFacts([facts[1]!])
      yield* store.addFacts([facts[2]!, facts[0]!])
      assert.deepStrictEqual(F.plainAll(MemoryFact, yield* store.facts(userId)), F.plainAll(MemoryFact, facts))
      assert.deepStrictEqual(yield* store.facts(yield* F.userId), [])
    }))

  it.effect("a fact already remembered, in any letter case, is not added twice", () =>
    Effect.gen(function*() {
      const store = yield* MemoryStore
      const userId = yield* F.userId
      yield* store.addFacts([fact(userId, "Their dog is called Rex.")])
      yield* store.addFacts([fact(userId, "their DOG is called rex.", 1), fact(userId, "Their dog is called Rex.", 2)])
      yield* store.addFacts([fact(userId, "They like tea.", 3), fact(userId, "THEY LIKE TEA.", 4)])
      assert.deepStrictEqual(texts(yield* store.facts(userId)), ["Their dog is called Rex.", "They like tea."])
    }))

  it.effect("the same fact is remembered separately for different people", () =>
    Effect.gen(function*() {
      const store = yield* MemoryStore
      const a = yield* F.userId
      const b = yield* F.userId
      yield* store.addFacts([fact(a, "They have two sisters."), fact(b, "They have two sisters.")])
      assert.deepStrictEqual(texts(yield* store.facts(a)), ["They have two sisters."])
      assert.deepStrictEqual(texts(yield* store.facts(b)), ["They have two sisters."])
    }))

  it.effect("removeFact forgets the fact with exactly that text and nothing else", () =>
    Effect.gen(function*() {
      const store = yield* MemoryStore
      const userId = yield* F.userId
      const other = yield* F.userId
      yield* store.addFacts([fact(userId, "They moved to Denver.", 0), fact(userId, "They run marathons.", 1)])
      yield* store.addFacts([fact(other, "They moved to Denver.")])
      yield* store.removeFact(userId, "They moved to Denver.")
      yield* store.removeFact(userId, "Something never said.")
      assert.deepStrictEqual(texts(yield* store.facts(userId)), ["They run marathons."])
      assert.deepStrictEqual(texts(yield* store.facts(other)), ["They moved to Denver."])
    }))

  it.effect("applyChanges forgets and adds a turn's facts once, however often the turn runs", () =>
    Effect.gen(function*() {
      const store = yield* MemoryStore
      const userId = yield* F.userId
      yield* store.addFacts([fact(userId, "They live in Denver.", 0, "places"), fact(userId, "They like tea.", 1)])
      const turn = "turn-moved"
      assert.isFalse(yield* store.changesApplied(userId, TurnId.make(turn)))
      const moved = changes(userId, turn, ["They live in Denver."], [fact(userId, "They live in Austin.", 2, "places")])
      assert.isTrue(yield* store.applyChanges(moved))
      assert.isTrue(yield* store.changesApplied(userId, TurnId.make(turn)))
      // The person mentions Denver again in a later turn; the first turn, run again, changes nothing.
      yield* store.addFacts([fact(userId, "They live in Denver.", 3, "places")])
      assert.isFalse(yield* store.applyChanges(moved))
      const facts = yield* store.facts(userId)
      assert.deepStrictEqual(facts.map((f) => [f.text, f.category]), [
        ["They like tea.", "other"],
        ["They live in Austin.", "places"],
        ["They live in Denver.", "places"]
      ])
    }))

  it.effect("a turn's mark is the person's own; erasing forgets it", () =>
    Effect.gen(function*() {
      const store = yield* MemoryStore
      const a = yield* F.userId
      const b = yield* F.userId
      assert.isTrue(yield* store.applyChanges(changes(a, "same-turn", [], [fact(a, "They knit.")])))
      assert.isTrue(yield* store.applyChanges(changes(b, "same-turn", [], [fact(b, "They bake.")])))
      assert.isFalse(yield* store.changesApplied(b, TurnId.make("other-turn")))
      yield* store.eraseUser(a)
      assert.isFalse(yield* store.changesApplied(a, TurnId.make("same-turn")))
      assert.deepStrictEqual(texts(yield* store.facts(a)), [])
      assert.deepStrictEqual(texts(yield* store.facts(b)), ["They bake."])
    }))

  it.effect("setSummary stores the summary and a second one replaces it", () =>
    Effect.gen(function*() {
      const store = yield* MemoryStore
      const userId = yield* F.userId
      assert.isTrue(Option.isNone(yield* store.summary(userId)))
      const first = new ConversationSummary({
        userId,
        text: "They talked about a hard week at work.",
        coversUntil: F.base,
        at: F.plusMinutes(F.base, 1)
      })
      yield* store.setSummary(first)
      assert.deepStrictEqual(
        F.plain(ConversationSummary, Option.getOrThrow(yield* store.summary(userId))),
        F.plain(ConversationSummary, first)
      )
      const second = new ConversationSummary({
        userId,
        text: "A hard week at work; the weekend helped.",
        coversUntil: F.plusMinutes(F.base, 60),
        at: F.plusMinutes(F.base, 61)
      })
      yield* store.setSummary(second)
      assert.deepStrictEqual(
        F.plain(ConversationSummary, Option.getOrThrow(yield* store.summary(userId))),
        F.plain(ConversationSummary, second)
      )
    }))

  it.effect("recall reads the facts, oldest first, and the summary, the person's own", () =>
    Effect.gen(function*() {
      const store = yield* MemoryStore
      const userId = yield* F.userId
      const other = yield* F.userId
      const none = yield* store.recall(userId)
      assert.deepStrictEqual(none.facts, [])
      assert.isTrue(Option.isNone(none.summary))
      const facts = [fact(userId, "They swim on Sundays.", 0, "other"), fact(userId, "They prefer tea.", 7, "preferences")]
      yield* store.addFacts([facts[1]!, facts[0]!])
      yield* store.addFacts([fact(other, "They climb.", 3)])
      const factsOnly = yield* store.recall(userId)
      assert.deepStrictEqual(F.plainAll(MemoryFact, factsOnly.facts), F.plainAll(MemoryFact, facts))
      assert.isTrue(Option.isNone(factsOnly.summary))
      const summary = new ConversationSummary({
        userId,
        text: "A new pool, and tea instead of coffee.",
        coversUntil: F.plusMinutes(F.base, 2),
        at: F.plusMinutes(F.base, 8)
      })
      yield* store.setSummary(summary)
      yield* store.setSummary(new ConversationSummary({ userId: other, text: "Climbing.", coversUntil: F.base, at: F.base }))
      const both = yield* store.recall(userId)
      assert.deepStrictEqual(F.plainAll(MemoryFact, both.facts), F.plainAll(MemoryFact, facts))
      assert.deepStrictEqual(F.plain(ConversationSummary, Option.getOrThrow(both.summary)), F.plain(ConversationSummary, summary))
      yield* store.eraseUser(userId)
      yield* store.setSummary(new ConversationSummary({ ...summary, text: "Only a summary." }))
      const summaryOnly = yield* store.recall(userId)
      assert.deepStrictEqual(summaryOnly.facts, [])
      assert.strictEqual(Option.getOrThrow(summaryOnly.summary).text, "Only a summary.")
    }))

  it.effect("eraseUser forgets the user's facts and summary, and only theirs", () =>
    Effect.gen(function*() {
      const store = yield* MemoryStore
      const userId = yield* F.userId
      const other = yield* F.userId
      for (const user of [userId, other]) {
        yield* store.addFacts([fact(user, "They love jazz.")])
        yield* store.setSummary(new ConversationSummary({ userId: user, text: "Jazz.", coversUntil: F.base, at: F.base }))
      }
      yield* store.eraseUser(userId)
      assert.deepStrictEqual(yield* store.facts(userId), [])
      assert.isTrue(Option.isNone(yield* store.summary(userId)))
      assert.deepStrictEqual(texts(yield* store.facts(other)), ["They love jazz."])
      assert.isTrue(Option.isSome(yield* store.summary(other)))
    }))
}

export const memoryStoreContract = (
  name: string,
  storage: Layer.Layer<MemoryStore, unknown>,
  options?: ContractOptions
): void => registerContract(`MemoryStore contract (${name})`, storage, options, memoryStoreTests)
