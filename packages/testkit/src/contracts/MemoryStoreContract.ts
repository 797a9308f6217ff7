/** What every `MemoryStore` must do. */
import { assert } from "@effect/vitest"
import type { UserId } from "@jules/core"
import { ConversationSummary, MemoryFact, MemoryStore } from "@jules/core"
import type { Layer } from "effect"
import { Effect, Option } from "effect"
import * as F from "./Fixtures.ts"
import type { ContractOptions, ContractTests } from "./Suite.ts"
import { registerContract } from "./Suite.ts"

const fact = (userId: UserId, text: string, minutes = 0) =>
  new MemoryFact({ userId, text, at: F.plusMinutes(F.base, minutes) })

const texts = (facts: ReadonlyArray<MemoryFact>) => facts.map((f) => f.text)

export const memoryStoreTests: ContractTests<MemoryStore> = (it) => {
  it.effect("facts come back with every field, oldest first", () =>
    Effect.gen(function*() {
      const store = yield* MemoryStore
      const userId = yield* F.userId
      const facts = [
        fact(userId, "Their dog is called Rex.", 0),
        fact(userId, "They work night shifts at a hospital.", 5),
        fact(userId, "They prefer to be called Sam.", 9)
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
