/**
 * The person's time zone: from their area code when the whole area keeps one
 * zone, then from what they say. It sets the local time in the prompt and
 * the day of the daily limit.
 */
import { assert, describe, it } from "@effect/vitest"
import type { ModelRequest, PhoneNumber } from "@jules/core"
import { ModelScripts, Scenario } from "@jules/testkit"
import { DateTime, Effect } from "effect"
import { TestClock } from "effect/testing"

/** 303: Denver, all of it on Mountain time. */
const denverNumber = "+13035550142" as PhoneNumber

const localTime = (at: DateTime.Utc, timeZone: string) =>
  new Intl.DateTimeFormat("en-US", { timeZone, weekday: "long", month: "long", day: "numeric", hour: "numeric", minute: "2-digit" })
    .format(DateTime.toDateUtc(at))

const lastPrompt = Effect.map(
  Effect.flatMap(ModelScripts, (s) => s.requests("primary")),
  (calls) => calls.filter((c) => c.request.purpose === "reply").at(-1)!.request
)
const memoryBlock = (request: ModelRequest) => request.system.at(-1)!.text

describe("the person's time zone", () => {
  it.effect("an area code on Mountain time gives Mountain local time in the prompt, until they say they live elsewhere", () =>
    Effect.gen(function*() {
      const dana = yield* Scenario.person(denverNumber)
      yield* dana.texts("hi")
      assert.strictEqual((yield* dana.user).timeZone, "America/Denver")
      const now = yield* DateTime.now
      assert.include(memoryBlock(yield* lastPrompt), `Their local time: ${localTime(now, "America/Denver")}.`)
      assert.notStrictEqual(localTime(now, "America/Denver"), localTime(now, "America/New_York"))

      yield* TestClock.adjust("1 minute")
      yield* dana.texts("I live in Boston now, moved last month")
      assert.strictEqual((yield* dana.user).timeZone, "America/New_York")
      yield* TestClock.adjust("1 minute")
      yield* dana.texts("how's it going")
      assert.include(memoryBlock(yield* lastPrompt), `Their local time: ${localTime(yield* DateTime.now, "America/New_York")}.`)
    }).pipe(Effect.provide(Scenario.layer())))

  it.effect("the local time in the prompt follows the clock, text after text and person after person", () =>
    Effect.gen(function*() {
      const dana = yield* Scenario.person(denverNumber)
      const sam = yield* Scenario.person("+13035550177" as PhoneNumber)
      const told = Effect.map(lastPrompt, (request) => memoryBlock(request))
      const expectNow = Effect.map(DateTime.now, (now) => `Their local time: ${localTime(now, "America/Denver")}.`)
      // 10:59:30 on a Friday in Denver; then within the minute, into the next one, and hours on.
      yield* TestClock.setTime(DateTime.toEpochMillis(DateTime.makeUnsafe("2027-01-15T17:59:30Z")))
      for (const step of ["0 seconds", "20 seconds", "15 seconds", "1 minute", "5 hours", "0 seconds", "19 hours"] as const) {
        yield* TestClock.adjust(step)
        yield* dana.texts("hi again")
        assert.include(yield* told, yield* expectNow, step)
        yield* sam.texts("hey")
        assert.include(yield* told, yield* expectNow, step)
      }
    }).pipe(Effect.provide(Scenario.layer())))

  it.effect("a number whose area code is not in the table keeps the operator's zone; \"I'm in Denver\" changes it", () =>
    Effect.gen(function*() {
      const alex = yield* Scenario.person()
      yield* alex.texts("hello")
      assert.strictEqual((yield* alex.user).timeZone, "America/Chicago")
      yield* alex.texts("I'm in a meeting, one sec")
      assert.strictEqual((yield* alex.user).timeZone, "America/Chicago")
      yield* alex.texts("I'm in Denver")
      assert.strictEqual((yield* alex.user).timeZone, "America/Denver")
    }).pipe(Effect.provide(Scenario.layer({ settings: { defaultTimeZone: "America/Chicago" } }))))

  it.effect("\"it's 2 a.m. here\" sets the zone whose clock says so", () =>
    Effect.gen(function*() {
      const alex = yield* Scenario.person()
      // 09:10 UTC in January: 2:10 a.m. on Mountain time.
      yield* TestClock.setTime(DateTime.toEpochMillis(DateTime.makeUnsafe("2027-01-15T09:10:00Z")))
      yield* alex.texts("can't sleep, it's 2 a.m. here")
      assert.strictEqual((yield* alex.user).timeZone, "America/Denver")
    }).pipe(Effect.provide(Scenario.layer())))

  it.effect("the daily limit's day ends at midnight where the person is", () =>
    Effect.gen(function*() {
      const dana = yield* Scenario.person(denverNumber)
      const nina = yield* Scenario.person()
      // 22:30 UTC: 15:30 in Denver, 17:30 in New York.
      yield* TestClock.setTime(DateTime.toEpochMillis(DateTime.makeUnsafe("2027-01-15T22:30:00Z")))
      assert.strictEqual((yield* dana.texts("one")).outcome, "replied")
      assert.strictEqual((yield* nina.texts("one")).outcome, "replied")
      // 05:30 UTC: a new day in New York, still the 15th in Denver.
      yield* TestClock.adjust("7 hours")
      assert.strictEqual((yield* nina.texts("two")).outcome, "replied")
      assert.strictEqual((yield* dana.texts("two")).outcome, "quota_exceeded")
      // 07:00 UTC: midnight in Denver.
      yield* TestClock.adjust("90 minutes")
      assert.strictEqual((yield* dana.texts("three")).outcome, "replied")
    }).pipe(Effect.provide(Scenario.layer({ settings: { tiers: { free: { dailyTurns: 1, maxReplySegments: 3 } } } }))))
})
