import { assert, describe, it } from "@effect/vitest"
import { CrisisEventLog, makeCopy, screenCrisis } from "@jules/core"
import type { ModelRequest } from "@jules/core"
import { ModelScripts, Scenario } from "@jules/testkit"
import { Duration, Effect } from "effect"
import { TestClock } from "effect/testing"

const copy = makeCopy({ brandName: "Jules", supportContact: "support@example.com" })

const lastRequest = Effect.gen(function*() {
  const requests = yield* (yield* ModelScripts).requests("primary")
  return requests.at(-1)!.request
})

const inSafetyMode = (request: ModelRequest) =>
  request.purpose === "safety_reply" && request.system.some((b) => b.cache && b.text.startsWith("Safety mode"))

describe("safety mode and the texts before this one", () => {
  it.effect("distress over three texts escalates: the third is a concern, answered with resources", () =>
    Effect.gen(function*() {
      const texts = ["i'm not ok", "i feel hopeless", "i can't do this anymore"] as const
      // Each alone reads as ordinary: only together are they a concern.
      for (const text of texts) assert.strictEqual(screenCrisis(text).severity, "none", text)
      const alex = yield* Scenario.person()

      for (const text of texts.slice(0, 2)) {
        const exchange = yield* alex.texts(text)
        assert.strictEqual(exchange.turn?.crisisSeverity, "none", text)
        assert.notInclude(exchange.bodies.at(-1)!, "988")
        assert.strictEqual((yield* lastRequest).purpose, "reply")
      }

      const third = yield* alex.texts(texts[2])
      assert.strictEqual(third.outcome, "replied")
      assert.strictEqual(third.turn?.crisisSeverity, "concern")
      const category = third.turn!.crisisCategory!
      assert.include(third.bodies.at(-1)!, copy.concernResources(category))
      assert.isTrue(inSafetyMode(yield* lastRequest))
      const events = yield* (yield* CrisisEventLog).list({ userId: (yield* alex.user).id, limit: 10 })
      assert.deepStrictEqual(events.map((e) => [e.severity, e.referred]), [["concern", true]])
    }).pipe(Effect.provide(Scenario.layer())))

  it.effect("a burst builds up like separate texts do", () =>
    Effect.gen(function*() {
      const alex = yield* Scenario.person()
      const exchange = yield* alex.texts("i'm not ok", "i feel hopeless", "i can't do this anymore")
      assert.strictEqual(exchange.turn?.crisisSeverity, "concern")
      assert.include(exchange.bodies.at(-1)!, "988")
    }).pipe(Effect.provide(Scenario.layer())))

  it.effect("safety mode persists after a concern, without repeating the resources, and then expires", () =>
    Effect.gen(function*() {
      const alex = yield* Scenario.person()
      assert.strictEqual((yield* alex.texts("honestly i just want to die")).turn?.crisisSeverity, "concern")

      yield* TestClock.adjust("2 hours")
      const later = yield* alex.texts("what should i make for dinner tonight?")
      assert.strictEqual(later.outcome, "replied")
      assert.strictEqual(later.turn?.crisisSeverity, "none")
      assert.isTrue(inSafetyMode(yield* lastRequest))
      assert.notInclude(later.bodies.at(-1)!, copy.concernResources("suicide"))

      // 25 hours after the concern: past the default period of 24.
      yield* TestClock.adjust("23 hours")
      const nextDay = yield* alex.texts("what should i make for dinner tonight?")
      assert.strictEqual(nextDay.outcome, "replied")
      const request = yield* lastRequest
      assert.strictEqual(request.purpose, "reply")
      assert.isFalse(request.system.some((b) => b.text.startsWith("Safety mode")))
    }).pipe(Effect.provide(Scenario.layer())))

  it.effect("the safety mode period is configurable", () =>
    Effect.gen(function*() {
      const alex = yield* Scenario.person()
      yield* alex.texts("honestly i just want to die")
      yield* TestClock.adjust("30 minutes")
      yield* alex.texts("anyway, how was your day")
      assert.isTrue(inSafetyMode(yield* lastRequest))
      yield* TestClock.adjust("31 minutes")
      yield* alex.texts("anyway, how was your day")
      assert.strictEqual((yield* lastRequest).purpose, "reply")
    }).pipe(Effect.provide(Scenario.layer({ settings: { safetyModePeriod: Duration.hours(1) } }))))

  it.effect("the turn after a referral: the model sees the referral it follows, and runs in safety mode", () =>
    Effect.gen(function*() {
      const scripts = yield* ModelScripts
      const alex = yield* Scenario.person()
      const crisisText = "i want to end my life tonight, i have the pills ready"
      const referral = yield* alex.texts(crisisText)
      assert.strictEqual(referral.outcome, "crisis_referral")
      assert.strictEqual(yield* scripts.calls("primary"), 0)

      const followUp = "ok. thank you. can we talk about anything else"
      const next = yield* alex.texts(followUp)
      assert.strictEqual(next.outcome, "replied")
      const request = yield* lastRequest
      assert.isTrue(inSafetyMode(request))
      // The crisis text and the new one stay apart, the referral between them as Jules's own line.
      assert.deepStrictEqual(request.messages.map((m) => [m.role, m.content]), [
        ["user", crisisText],
        ["assistant", copy.crisisMessage("suicide")],
        ["user", followUp]
      ])
    }).pipe(Effect.provide(Scenario.layer())))

  it.effect("in safety mode the daily quota does not answer a follow-up with an upgrade offer", () =>
    Effect.gen(function*() {
      const alex = yield* Scenario.person()
      yield* alex.texts("hi")
      assert.strictEqual((yield* alex.texts("honestly i just want to die")).outcome, "replied")
      const next = yield* alex.texts("thanks. can we talk about something else")
      assert.strictEqual(next.outcome, "replied")
      assert.notInclude(next.kinds, "upgrade_nudge")
      yield* TestClock.adjust("25 hours")
      assert.strictEqual((yield* alex.texts("one")).outcome, "replied")
      assert.strictEqual((yield* alex.texts("two")).outcome, "quota_exceeded")
    }).pipe(Effect.provide(Scenario.layer({ settings: { tiers: { free: { dailyTurns: 1, maxReplySegments: 3 } } } }))))
})
