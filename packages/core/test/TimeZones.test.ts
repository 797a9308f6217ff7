/** The person's time zone from their words and their area code. */
import { assert, describe, it } from "@effect/vitest"
import { DateTime, Effect, Schema } from "effect"
import { areaCodeTimeZone } from "../src/policy/AreaCodes.ts"
import { factTimeZone, placeTimeZone, timeZoneFromText } from "../src/policy/TimeZones.ts"

/** 09:10 UTC on a winter day: 2:10 a.m. in Denver, 4:10 a.m. in New York, 11:10 p.m. the day before in Honolulu. */
const winter = DateTime.makeUnsafe("2027-01-15T09:10:00Z")
const NY = "America/New_York"

describe("TimeZones", () => {
  it("places they say they are in or live in", () => {
    const cases: ReadonlyArray<readonly [string, string | undefined]> = [
      ["I'm in Denver", "America/Denver"],
      ["i live in la", "America/Los_Angeles"],
      ["we just moved to Toronto!", "America/Toronto"],
      ["I live in Portland, OR", "America/Los_Angeles"],
      ["I live in Portland, Maine", NY],
      ["it's so hot here in Phoenix", "America/Phoenix"],
      ["im based in salt lake city", "America/Denver"],
      ["I'm in a meeting", undefined],
      ["I'm in love", undefined],
      ["I'm in Springfield", undefined],
      ["I'm going to Denver next week", undefined],
      ["I used to live in Seattle", undefined],
      ["I don't live in Chicago anymore", undefined],
      ["do you live in Denver?", undefined],
      ["I'm in Boston", NY],
      // Already their zone: nothing to change.
      ["I'm in Dallas", undefined]
    ]
    for (const [text, zone] of cases) assert.strictEqual(timeZoneFromText(text, winter, "America/Chicago"), zone, text)
  })

  it("the time it is for them", () => {
    assert.strictEqual(timeZoneFromText("it's 2 a.m. here", winter, NY), "America/Denver")
    assert.strictEqual(timeZoneFromText("its 2am and i cant sleep", winter, NY), "America/Denver")
    assert.strictEqual(timeZoneFromText("it's 11:10pm", winter, NY), "Pacific/Honolulu")
    assert.strictEqual(timeZoneFromText("it's 4am here", winter, NY), undefined)
    // Arizona and Denver share an offset in winter: the zone already held stays.
    assert.strictEqual(timeZoneFromText("it's 2am here", winter, "America/Phoenix"), undefined)
    assert.strictEqual(timeZoneFromText("what time is it? it's 2am?", winter, NY), undefined)
  })

  it("a stated abbreviation counts only in capitals", () => {
    assert.strictEqual(placeTimeZone("CO right now"), "America/Denver")
    assert.strictEqual(placeTimeZone("or something"), undefined)
    assert.strictEqual(factTimeZone("They live in Austin."), "America/Chicago")
    assert.strictEqual(factTimeZone("They live in a small town."), undefined)
  })

  it("area codes whose whole area keeps one zone, and no others", () => {
    assert.strictEqual(areaCodeTimeZone("+13035550100"), "America/Denver")
    assert.strictEqual(areaCodeTimeZone("+14155550100"), "America/Los_Angeles")
    assert.strictEqual(areaCodeTimeZone("+12125550100"), NY)
    assert.strictEqual(areaCodeTimeZone("+18085550100"), "Pacific/Honolulu")
    // Split areas: the Florida panhandle, Idaho, Navajo Nation; the fictional 555; not North American.
    for (const phone of ["+18505550100", "+12085550100", "+19285550100", "+15555550100", "+442071234567"]) {
      assert.isUndefined(areaCodeTimeZone(phone), phone)
    }
  })

  it.effect.prop("never throws on any text, and any zone it names is a real one", [Schema.String], ([text]) =>
    Effect.sync(() => {
      const zone = timeZoneFromText(text, winter, NY)
      if (zone !== undefined) assert.isTrue(DateTime.zoneMakeNamed(zone)._tag === "Some", zone)
    }))
})
