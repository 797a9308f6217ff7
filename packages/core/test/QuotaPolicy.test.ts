import { assert, describe, it } from "@effect/vitest"
import { DateTime, Option } from "effect"
import * as fc from "fast-check"
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
  it("the same midnight whatever was asked before, across daylight-saving changes (property)", () => {
    // Effect's own answer, worked out afresh for every instant.
    const expected = (at: DateTime.Utc, zone: string) =>
      Option.match(DateTime.makeZoned(at, { timeZone: zone }), {
        onNone: () => DateTime.startOf(at, "day"),
        onSome: (zoned) => DateTime.toUtc(DateTime.startOf(zoned, "day"))
      })
    const zones = ["America/New_York", "Europe/London", "Australia/Lord_Howe", "Asia/Kolkata", "Pacific/Apia", "UTC", "Not/AZone"]
    // Around the changes of 2026 and 2027 in both hemispheres, and anywhere in between.
    const instant = fc.oneof(
      fc.integer({ min: Date.parse("2026-03-07T00:00:00Z"), max: Date.parse("2026-03-10T00:00:00Z") }),
      fc.integer({ min: Date.parse("2026-03-28T00:00:00Z"), max: Date.parse("2026-04-06T00:00:00Z") }),
      fc.integer({ min: Date.parse("2026-10-02T00:00:00Z"), max: Date.parse("2026-11-03T00:00:00Z") }),
      fc.integer({ min: Date.parse("2026-01-01T00:00:00Z"), max: Date.parse("2028-01-01T00:00:00Z") })
    )
    // Asks close together, so that a day remembered is asked about again on either side of its ends.
    const asks = fc.tuple(
      fc.constantFrom(...zones),
      instant,
      fc.array(fc.integer({ min: -30 * 60, max: 30 * 60 }), { minLength: 1, maxLength: 30 })
    )
    fc.assert(
      fc.property(asks, ([zone, base, minutes]) => {
        for (const minute of minutes) {
          const at = DateTime.makeUnsafe(base + minute * 60_000)
          assert.strictEqual(DateTime.formatIso(startOfDay(at, zone)), DateTime.formatIso(expected(at, zone)))
        }
      }),
      { numRuns: 300 }
    )
  })
})
