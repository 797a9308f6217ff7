/** What every `DeadLetters` must do. */
import { assert } from "@effect/vitest"
import type { DeadLetterReason, UserId } from "@jules/core"
import { DeadLetter, DeadLetters } from "@jules/core"
import type { DateTime, Layer } from "effect"
import { Effect, Option } from "effect"
import * as F from "./Fixtures.ts"
import type { ContractOptions, ContractTests } from "./Suite.ts"
import { registerContract } from "./Suite.ts"

const letter = (userId: UserId, deadAt: DateTime.Utc, reason: DeadLetterReason = "expired", errorCode?: string) =>
  Effect.gen(function*() {
    return new DeadLetter({
      id: yield* F.messageId,
      userId,
      turnId: yield* F.turnId,
      kind: "reply",
      reason,
      ...(errorCode === undefined ? {} : { errorCode }),
      attempts: 7,
      createdAt: F.plusMinutes(deadAt, -60),
      deadAt
    })
  })

export const deadLettersTests: ContractTests<DeadLetters> = (it) => {
  it.effect("record keeps every field, once; list is newest first, per person, limited", () =>
    Effect.gen(function*() {
      const letters = yield* DeadLetters
      const userId = yield* F.userId
      const older = yield* letter(userId, F.base, "invalid_recipient", "21211")
      const newer = yield* letter(userId, F.plusMinutes(F.base, 5))
      yield* letters.record(older)
      yield* letters.record(newer)
      yield* letters.record(new DeadLetter({ ...older, reason: "rejected" }))
      yield* letters.record(yield* letter(yield* F.userId, F.plusMinutes(F.base, 9)))
      assert.deepStrictEqual(
        F.plainAll(DeadLetter, yield* letters.list({ userId, limit: 10 })),
        F.plainAll(DeadLetter, [newer, older])
      )
      assert.deepStrictEqual(F.plainAll(DeadLetter, yield* letters.list({ userId, limit: 1 })), F.plainAll(DeadLetter, [newer]))
      assert.isAtLeast((yield* letters.list({ limit: 1000 })).length, 3)
    }))

  it.effect("remove takes a letter off the list once", () =>
    Effect.gen(function*() {
      const letters = yield* DeadLetters
      const userId = yield* F.userId
      const dead = yield* letter(userId, F.base, "opted_out", "21610")
      yield* letters.record(dead)
      const removed = yield* letters.remove(dead.id)
      assert.deepStrictEqual(F.plain(DeadLetter, Option.getOrThrow(removed)), F.plain(DeadLetter, dead))
      assert.isTrue(Option.isNone(yield* letters.remove(dead.id)))
      assert.deepStrictEqual(yield* letters.list({ userId, limit: 10 }), [])
    }))

  it.effect("eraseUser removes only that person's letters", () =>
    Effect.gen(function*() {
      const letters = yield* DeadLetters
      const [erased, kept] = [yield* F.userId, yield* F.userId]
      yield* letters.record(yield* letter(erased, F.base))
      yield* letters.record(yield* letter(kept, F.base))
      yield* letters.eraseUser(erased)
      assert.deepStrictEqual(yield* letters.list({ userId: erased, limit: 10 }), [])
      assert.strictEqual((yield* letters.list({ userId: kept, limit: 10 })).length, 1)
    }))
}

export const deadLettersContract = (
  name: string,
  storage: Layer.Layer<DeadLetters, unknown>,
  options?: ContractOptions
): void => registerContract(`DeadLetters contract (${name})`, storage, options, deadLettersTests)
