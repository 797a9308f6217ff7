/**
 * Issue 14, acceptance 3: the SB 243 report for a year counts exactly the
 * referrals sent in that year. Core's turns on the testkit's in-memory
 * stores, under the test clock, across midnight of New Year's Eve (UTC).
 */
import { assert, describe, it } from "@effect/vitest"
import { Scenario } from "@jules/testkit"
import { DateTime, Effect, Layer, Schema } from "effect"
import { TestClock } from "effect/testing"
import { Sb243Report } from "../src/admin/AdminModels.ts"
import { AdminOperations } from "../src/admin/AdminOperations.ts"
import { MailboxErasure } from "../src/admin/MailboxErasure.ts"

const world = AdminOperations.layer.pipe(
  Layer.provide(MailboxErasure.layerNoop),
  Layer.provideMerge(Scenario.layer())
)

const CRISIS = "I'm going to kill myself tonight, I have the pills ready"
const encode = Schema.encodeSync(Schema.toCodecJson(Sb243Report))

describe("the SB 243 annual report", () => {
  it.effect("counts the referrals sent in each calendar year, across New Year's midnight, without personal data", () =>
    Effect.gen(function*() {
      const ops = yield* AdminOperations
      yield* TestClock.setTime(DateTime.toEpochMillis(DateTime.makeUnsafe("2026-12-31T23:58:00Z")))
      const ana = yield* Scenario.person()
      const ben = yield* Scenario.person()
      const first = yield* ana.texts(CRISIS)
      assert.strictEqual(first.outcome, "crisis_referral")
      assert.include(first.kinds, "crisis_resources")
      yield* TestClock.adjust("1 minute") // 23:59
      assert.strictEqual((yield* ben.texts("I want to die, I'm going to jump off the bridge tonight")).outcome, "crisis_referral")
      yield* TestClock.adjust("90 seconds") // 2027-01-01T00:00:30Z
      assert.strictEqual((yield* ana.texts("I still have the pills, I'm going to take them all now")).outcome, "crisis_referral")

      const y2026 = yield* ops.sb243Report("test", 2026)
      const y2027 = yield* ops.sb243Report("test", 2027)
      assert.strictEqual(y2026.referralNotifications, 2)
      assert.strictEqual(y2027.referralNotifications, 1)
      assert.isTrue(y2026.complete)
      assert.isFalse(y2027.complete)
      assert.strictEqual((yield* ops.sb243Report("test", 2025)).referralNotifications, 0)
      assert.strictEqual((yield* Effect.flip(ops.sb243Report("test", 2028)))._tag, "AdminBadRequest")

      // Erasing a person keeps the counts, and the report names nobody.
      yield* ops.erase("test", (yield* ana.user).id)
      const after = yield* ops.sb243Report("test", 2026)
      assert.strictEqual(after.referralNotifications, 2)
      const json = JSON.stringify(encode(after))
      const benUser = yield* ben.user
      for (const secret of [benUser.id, benUser.phone, benUser.phone.slice(1), first.turn!.id]) assert.notInclude(json, secret)
      assert.notMatch(json, /\+?1555\d{7}/)
      assert.deepStrictEqual(Object.keys(encode(after) as object).sort(), [
        "complete",
        "detectionAndResponseProtocols",
        "from",
        "generatedAt",
        "measurementMethod",
        "referralNotifications",
        "responseProhibitionProtocols",
        "statute",
        "to",
        "year"
      ])
    }).pipe(Effect.provide(world)))
})
