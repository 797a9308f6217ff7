/** What every `DisclosureLog` must do. */
import { assert } from "@effect/vitest"
import type { DisclosureKind, UserId } from "@jules/core"
import { DisclosureLog, DisclosureRecord } from "@jules/core"
import type { Layer } from "effect"
import { DateTime, Effect, Option } from "effect"
import * as F from "./Fixtures.ts"
import type { ContractOptions, ContractTests } from "./Suite.ts"
import { registerContract } from "./Suite.ts"

const record = (userId: UserId, kind: DisclosureKind, minutes: number) =>
  Effect.map(F.messageId, (id) => new DisclosureRecord({ id, userId, kind, sentAt: F.plusMinutes(F.base, minutes) }))

export const disclosureLogTests: ContractTests<DisclosureLog> = (it) => {
  it.effect("records come back with every field, oldest first, once per id", () =>
    Effect.gen(function*() {
      const log = yield* DisclosureLog
      const userId = yield* F.userId
      const notice = yield* record(userId, "ai_notice", 0)
      const reminder = yield* record(userId, "break_reminder", 180)
      const later = yield* record(userId, "ai_notice", 360)
      for (const r of [later, notice, reminder, notice]) yield* log.record(r)
      yield* log.record(new DisclosureRecord({ ...notice, sentAt: F.plusMinutes(F.base, 999) }))
      assert.deepStrictEqual(
        F.plainAll(DisclosureRecord, yield* log.list(userId)),
        F.plainAll(DisclosureRecord, [notice, reminder, later])
      )
      assert.deepStrictEqual(yield* log.list(yield* F.userId), [])
    }))

  it.effect("lastSent is the latest notice of each kind for that user", () =>
    Effect.gen(function*() {
      const log = yield* DisclosureLog
      const userId = yield* F.userId
      const before = yield* log.lastSent(userId)
      assert.isTrue(Option.isNone(before.ai_notice) && Option.isNone(before.break_reminder))
      for (const r of [yield* record(userId, "ai_notice", 200), yield* record(userId, "ai_notice", 10)]) {
        yield* log.record(r)
      }
      yield* log.record(yield* record(userId, "break_reminder", 500))
      yield* log.record(yield* record(yield* F.userId, "ai_notice", 900))
      const last = Option.getOrThrow((yield* log.lastSent(userId)).ai_notice)
      assert.isTrue(DateTime.Equivalence(last, F.plusMinutes(F.base, 200)))
      const reminder = Option.getOrThrow((yield* log.lastSent(userId)).break_reminder)
      assert.isTrue(DateTime.Equivalence(reminder, F.plusMinutes(F.base, 500)))
    }))

  it.effect("eraseUser removes the user's records and only theirs", () =>
    Effect.gen(function*() {
      const log = yield* DisclosureLog
      const userId = yield* F.userId
      const other = yield* F.userId
      yield* log.record(yield* record(userId, "ai_notice", 0))
      yield* log.record(yield* record(other, "ai_notice", 0))
      yield* log.eraseUser(userId)
      assert.deepStrictEqual(yield* log.list(userId), [])
      assert.isTrue(Option.isNone((yield* log.lastSent(userId)).ai_notice))
      assert.strictEqual((yield* log.list(other)).length, 1)
    }))
}

export const disclosureLogContract = (
  name: string,
  storage: Layer.Layer<DisclosureLog, unknown>,
  options?: ContractOptions
): void => registerContract(`DisclosureLog contract (${name})`, storage, options, disclosureLogTests)
