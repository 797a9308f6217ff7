/**
 * What every `CrisisEventLog` must do. Referral counts are global, so tests
 * use a random far-future year and assert how much a count moved.
 */
import { assert } from "@effect/vitest"
import type { UserId } from "@jules/core"
import { CrisisEvent, CrisisEventLog } from "@jules/core"
import type { Layer } from "effect"
import { DateTime, Effect } from "effect"
import * as F from "./Fixtures.ts"
import type { ContractOptions, ContractTests } from "./Suite.ts"
import { registerContract } from "./Suite.ts"

const event = (userId: UserId, at: DateTime.Utc, fields: Partial<Pick<CrisisEvent, "referred" | "severity">> = {}) =>
  Effect.map(F.turnId, (id) =>
    new CrisisEvent({
      id,
      userId,
      category: "suicide",
      severity: fields.severity ?? "imminent",
      referred: fields.referred ?? true,
      at
    }))

const year = F.intBetween(2200, 2999)

export const crisisEventLogTests: ContractTests<CrisisEventLog> = (it) => {
  it.effect("record keeps every field and is idempotent on the event id", () =>
    Effect.gen(function*() {
      const log = yield* CrisisEventLog
      const userId = yield* F.userId
      const first = yield* event(userId, F.base)
      const concern = new CrisisEvent({
        id: yield* F.turnId,
        userId,
        category: "abuse",
        severity: "concern",
        referred: false,
        at: F.plusMinutes(F.base, 1)
      })
      assert.isTrue(yield* log.record(first))
      assert.isTrue(yield* log.record(concern))
      assert.isFalse(yield* log.record(first))
      assert.isFalse(yield* log.record(new CrisisEvent({ ...first, category: "violence" })))
      assert.deepStrictEqual(
        F.plainAll(CrisisEvent, yield* log.list({ userId, limit: 10 })),
        F.plainAll(CrisisEvent, [concern, first])
      )
    }))

  it.effect("list is newest first, limited, and per user when asked", () =>
    Effect.gen(function*() {
      const log = yield* CrisisEventLog
      const userId = yield* F.userId
      const other = yield* F.userId
      const events = [
        yield* event(userId, F.plusMinutes(F.base, 10)),
        yield* event(userId, F.plusMinutes(F.base, 30)),
        yield* event(userId, F.plusMinutes(F.base, 20))
      ]
      for (const e of events) yield* log.record(e)
      yield* log.record(yield* event(other, F.plusMinutes(F.base, 25)))
      const ids = (list: ReadonlyArray<CrisisEvent>) => list.map((e) => e.id)
      assert.deepStrictEqual(ids(yield* log.list({ userId, limit: 10 })), [events[1]!.id, events[2]!.id, events[0]!.id])
      assert.deepStrictEqual(ids(yield* log.list({ userId, limit: 2 })), [events[1]!.id, events[2]!.id])
      const all = yield* log.list({ limit: 5 })
      assert.isTrue(all.length >= 1 && all.length <= 5)
      for (let i = 1; i < all.length; i++) {
        assert.isTrue(all[i - 1]!.at.epochMilliseconds >= all[i]!.at.epochMilliseconds, "newest first")
      }
    }))

  it.effect("list keeps events at or after from and before to, across users unless one is asked", () =>
    Effect.gen(function*() {
      const log = yield* CrisisEventLog
      const [userId, other] = [yield* F.userId, yield* F.userId]
      // A far-future hour no other test writes to, so the unfiltered range holds only these events.
      const hour = yield* F.intBetween(0, 360 * 24)
      const start = F.plusMinutes(F.utc(`${yield* year}-01-01T00:00:00.000Z`), hour * 60)
      const events = [
        yield* event(userId, F.plusMinutes(start, -1)), // before from
        yield* event(userId, start), // at from: kept
        yield* event(other, F.plusMinutes(start, 30)),
        yield* event(userId, F.plusMinutes(start, 59)),
        yield* event(userId, F.plusMinutes(start, 60)) // at to: excluded
      ]
      for (const e of events) yield* log.record(e)
      const ids = (list: ReadonlyArray<CrisisEvent>) => list.map((e) => e.id)
      const range = { from: start, to: F.plusMinutes(start, 60) }
      assert.deepStrictEqual(ids(yield* log.list({ ...range, limit: 10 })), [events[3]!.id, events[2]!.id, events[1]!.id])
      assert.deepStrictEqual(ids(yield* log.list({ ...range, userId, limit: 10 })), [events[3]!.id, events[1]!.id])
      assert.deepStrictEqual(ids(yield* log.list({ ...range, limit: 1 })), [events[3]!.id])
      assert.deepStrictEqual(ids(yield* log.list({ from: F.plusMinutes(start, 60), userId, limit: 10 })), [events[4]!.id])
    }))

  it.effect("a referral counts once it is sent, once, in the UTC calendar year of the send", () =>
    Effect.gen(function*() {
      const log = yield* CrisisEventLog
      const userId = yield* F.userId
      const y = yield* year
      const [before, beforeNext] = [yield* log.referralCount(y), yield* log.referralCount(y + 1)]
      const planned = yield* event(userId, F.utc(`${y}-12-31T23:59:00.000Z`))
      const notReferred = yield* event(userId, F.utc(`${y}-06-01T12:00:00.000Z`), { referred: false })
      const neverSent = yield* event(userId, F.utc(`${y}-06-01T12:00:00.000Z`))
      for (const e of [planned, notReferred, neverSent]) yield* log.record(e)
      assert.strictEqual(yield* log.referralCount(y), before) // planned is not sent
      // Sent a minute later, in the next year: that year counts it.
      const sentAt = F.utc(`${y + 1}-01-01T00:00:30.000Z`)
      assert.isTrue(yield* log.referralSent(planned.id, sentAt))
      assert.isFalse(yield* log.referralSent(planned.id, sentAt))
      assert.isFalse(yield* log.referralSent(notReferred.id, sentAt))
      assert.isFalse(yield* log.referralSent(yield* F.turnId, sentAt))
      assert.strictEqual(yield* log.referralCount(y), before)
      assert.strictEqual((yield* log.referralCount(y + 1)) - beforeNext, 1)
      const [found] = (yield* log.list({ userId, limit: 10 })).filter((e) => e.id === planned.id)
      assert.isTrue(DateTime.Equivalence(found!.referralSentAt!, sentAt))
    }))

  it.effect("eraseUser removes the user's events but not the yearly counts", () =>
    Effect.gen(function*() {
      const log = yield* CrisisEventLog
      const userId = yield* F.userId
      const other = yield* F.userId
      const y = yield* year
      const before = yield* log.referralCount(y)
      const at = F.utc(`${y}-03-15T08:30:00.000Z`)
      const sent = [yield* event(userId, at), yield* event(userId, at, { severity: "concern" })]
      const kept = yield* event(other, at)
      for (const e of [...sent, kept]) {
        yield* log.record(e)
        yield* log.referralSent(e.id, at)
      }
      yield* log.eraseUser(userId)
      assert.deepStrictEqual(yield* log.list({ userId, limit: 10 }), [])
      assert.deepStrictEqual((yield* log.list({ userId: other, limit: 10 })).map((e) => e.id), [kept.id])
      assert.strictEqual((yield* log.referralCount(y)) - before, 3)
    }))
}

export const crisisEventLogContract = (
  name: string,
  storage: Layer.Layer<CrisisEventLog, unknown>,
  options?: ContractOptions
): void => registerContract(`CrisisEventLog contract (${name})`, storage, options, crisisEventLogTests)
