/**
 * A birth date becomes adult, minor or under 13 on the decision's date in the
 * operator's time zone: birthdays that are today there, 29 February, the year
 * of birth alone, and nothing usable at all.
 */
import { assert, describe, it } from "@effect/vitest"
import { ageOn, parseBirthDate, verifiedAge } from "@jules/core"
import { DateTime } from "effect"
import * as fc from "fast-check"

const at = (iso: string) => DateTime.makeUnsafe(iso)
const NY = "America/New_York"

describe("age from a verified birth date", () => {
  it("turning 18 today in the operator's zone is adult, even where UTC is already tomorrow", () => {
    // 23:30 in New York on 6 December 2026 is 04:30 UTC on 7 December.
    const lateEvening = at("2026-12-07T04:30:00Z")
    assert.strictEqual(verifiedAge({ date: "2008-12-06" }, lateEvening, NY), "adult")
    // Born 7 December 2008: 18 tomorrow in New York, though it is 7 December in UTC.
    assert.strictEqual(verifiedAge({ date: "2008-12-07" }, lateEvening, NY), "minor")
    assert.strictEqual(verifiedAge({ date: "2008-12-07" }, lateEvening, "UTC"), "adult")
  })

  it("13 today is a minor; 13 tomorrow is under 13", () => {
    const noon = at("2026-06-15T16:00:00Z")
    assert.strictEqual(verifiedAge({ date: "2013-06-15" }, noon, NY), "minor")
    assert.strictEqual(verifiedAge({ date: "2013-06-16" }, noon, NY), "under_13")
  })

  it("a 29 February birthday comes on 1 March in common years, never earlier", () => {
    assert.strictEqual(verifiedAge({ date: "2008-02-29" }, at("2026-02-28T17:00:00Z"), NY), "minor")
    assert.strictEqual(verifiedAge({ date: "2008-02-29" }, at("2026-03-01T17:00:00Z"), NY), "adult")
    assert.strictEqual(ageOn({ year: 2008, month: 2, day: 29 }, { year: 2028, month: 2, day: 29 }), 20)
    assert.isUndefined(parseBirthDate("2007-02-29"), "no 29 February in 2007")
  })

  it("with the year alone, the youngest the year allows", () => {
    const now = at("2026-12-06T12:00:00Z")
    assert.strictEqual(verifiedAge({ year: 2008 }, now, NY), "minor", "born 2008: 17 or 18, so a minor")
    assert.strictEqual(verifiedAge({ year: 2007 }, now, NY), "adult")
    assert.strictEqual(verifiedAge({ year: 2013 }, now, NY), "under_13", "born 2013: 12 or 13, so under 13")
    assert.strictEqual(verifiedAge({ year: 2012 }, now, NY), "minor")
    assert.strictEqual(verifiedAge({ date: null, year: 1990 }, now, NY), "adult", "a null date falls back to the year")
    assert.strictEqual(verifiedAge({ date: "1990-13-45", year: 2012 }, now, NY), "minor", "an unreadable date too")
  })

  it("nothing usable decides nothing", () => {
    const now = at("2026-12-06T12:00:00Z")
    for (const birth of [{}, { date: null, year: null }, { date: "" }, { date: "30/03/1967" }, { date: "2027-01-01" }, { year: 2027 }, { date: "1850-01-01" }, { year: 1.5 }]) {
      assert.isUndefined(verifiedAge(birth, now, NY), JSON.stringify(birth))
    }
  })

  it("agrees with counting birthdays, for any date (property)", () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date("1900-01-01"), max: new Date("2026-01-01"), noInvalidDate: true }),
        fc.date({ min: new Date("2026-01-02"), max: new Date("2040-01-01"), noInvalidDate: true }),
        (birth, today) => {
          const b = { year: birth.getUTCFullYear(), month: birth.getUTCMonth() + 1, day: birth.getUTCDate() }
          const t = { year: today.getUTCFullYear(), month: today.getUTCMonth() + 1, day: today.getUTCDate() }
          let age = 0
          while (true) {
            const next = b.year + age + 1
            // The birthday in year `next`: 29 February is 1 March in common years.
            const leap = (next % 4 === 0 && next % 100 !== 0) || next % 400 === 0
            const [m, d] = b.month === 2 && b.day === 29 && !leap ? [3, 1] : [b.month, b.day]
            const reached = t.year > next || (t.year === next && (t.month > m || (t.month === m && t.day >= d)))
            if (!reached) break
            age += 1
          }
          assert.strictEqual(ageOn(b, t), age)
        }
      ),
      { numRuns: 500 }
    )
  })
})
