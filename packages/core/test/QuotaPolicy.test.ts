import { assert, describe, it } from "@effect/vitest"
import { DateTime } from "effect"
import { decideQuota, startOfDay } from "../src/policy/QuotaPolicy.ts"

const free = { dailyTurns: 50, maxReplySegments: 3 }
const decide = (o: Partial<Parameters<typeof decideQuota>[0]>) =>
  decideQuota({ limits: free, turnsToday: 0, nudgesToday: 0, turnsLastMinute: 0, perMinuteLimit: 20, ...o })

describe("QuotaPolicy", () => {
  it("the 50th turn of a free day is answered, the 51st is not", () => {
    assert.deepStrictEqual(decide({ turnsToday: 49 }), { _tag: "Allowed" })
    assert.deepStrictEqual(decide({ turnsToday: 50 }), { _tag: "Exhausted", limit: 50, nudge: true })
  })
  it("one upgrade nudge a day", () => {
    assert.deepStrictEqual(decide({ turnsToday: 60, nudgesToday: 1 }), { _tag: "Exhausted", limit: 50, nudge: false })
  })
  it("unlimited tiers are never exhausted", () => {
    assert.deepStrictEqual(decide({ limits: { dailyTurns: null, maxReplySegments: 10 }, turnsToday: 10_000 }), { _tag: "Allowed" })
  })
  it("a burst over the per-minute limit is held back before the daily quota is consulted", () => {
    assert.deepStrictEqual(decide({ turnsLastMinute: 20 }), { _tag: "RateLimited" })
  })
  it("days start at midnight in the person's time zone", () => {
    const now = DateTime.makeUnsafe("2026-11-22T03:30:00Z") // 22:30 on the 21st in New York
    assert.strictEqual(DateTime.formatIso(startOfDay(now, "America/New_York")), "2026-11-21T05:00:00.000Z")
    assert.strictEqual(DateTime.formatIso(startOfDay(now, "Europe/Paris")), "2026-11-21T23:00:00.000Z")
    assert.strictEqual(DateTime.formatIso(startOfDay(now, "Not/AZone")), "2026-11-22T00:00:00.000Z")
  })
})
