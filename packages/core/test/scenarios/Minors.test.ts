import { assert, describe, it } from "@effect/vitest"
import { DisclosureLog, makeCopy, UserStore } from "@jules/core"
import { AgeVerificationSessions, ModelScripts, Scenario } from "@jules/testkit"
import { Effect } from "effect"
import { TestClock } from "effect/testing"

const copy = makeCopy({ brandName: "Jules", supportContact: "support@example.com" })

const asMinor = (person: Scenario.Person) =>
  Effect.gen(function*() {
    yield* person.texts("hi")
    const user = yield* person.user
    yield* (yield* UserStore).setAgeStatus(user.id, "minor")
  })

describe("minors", () => {
  it.effect("a known minor gets the break reminder with the AI notice, every three hours", () =>
    Effect.gen(function*() {
      const alex = yield* Scenario.person()
      yield* asMinor(alex)
      yield* TestClock.adjust("3 hours")
      const exchange = yield* alex.texts("back from school")
      assert.deepStrictEqual(exchange.kinds, ["ai_notice", "break_reminder", "reply"])
      assert.strictEqual(exchange.bodies[1], copy.breakReminder)
      yield* TestClock.adjust("1 hour")
      assert.deepStrictEqual((yield* alex.texts("ok")).kinds, ["reply"])
      const records = yield* (yield* DisclosureLog).list((yield* alex.user).id)
      assert.deepStrictEqual(records.map((r) => r.kind), ["ai_notice", "ai_notice", "break_reminder"])
    }).pipe(Effect.provide(Scenario.layer())))

  it.effect("minor mode: the model gets the minor rules, and sexual content never reaches a minor", () =>
    Effect.gen(function*() {
      const scripts = yield* ModelScripts
      const alex = yield* Scenario.person()
      yield* asMinor(alex)
      yield* scripts.reply("primary", "Let's talk about something sexy")
      const exchange = yield* alex.texts("what should we talk about")
      assert.strictEqual(exchange.bodies.at(-1), copy.minorSafeReply)
      const request = (yield* scripts.requests("primary")).at(-1)!.request
      assert.isTrue(request.system.some((b) => b.text.startsWith("Minor mode")))
    }).pipe(Effect.provide(Scenario.layer())))
})

describe("age gate", () => {
  it.effect("required: no conversation before verification; the link goes out once a day", () =>
    Effect.gen(function*() {
      const scripts = yield* ModelScripts
      const sessions = yield* AgeVerificationSessions
      const alex = yield* Scenario.person()
      const first = yield* alex.texts("hi")
      assert.strictEqual(first.outcome, "age_gate")
      assert.deepStrictEqual(first.kinds, ["age_verification"])
      assert.include(first.bodies[0]!, "https://verify.test/")
      assert.strictEqual((yield* alex.user).ageStatus, "pending")
      assert.deepStrictEqual((yield* alex.texts("hello?")).sent, [])
      assert.strictEqual(yield* scripts.calls("primary"), 0)
      assert.strictEqual((yield* sessions.sessions).length, 1)

      yield* (yield* UserStore).setAgeStatus((yield* alex.user).id, "adult")
      assert.strictEqual((yield* alex.texts("verified!")).outcome, "replied")
    }).pipe(Effect.provide(Scenario.layer({ settings: { ageGate: "required" } }))))

  it.effect("required, but a crisis is answered before any verification", () =>
    Effect.gen(function*() {
      const alex = yield* Scenario.person()
      assert.strictEqual((yield* alex.texts("I want to kill myself tonight")).outcome, "crisis_referral")
    }).pipe(Effect.provide(Scenario.layer({ settings: { ageGate: "required" } }))))

  it.effect("optional: the link is offered once, after the reply", () =>
    Effect.gen(function*() {
      const alex = yield* Scenario.person()
      assert.deepStrictEqual((yield* alex.texts("hi")).kinds, ["ai_notice", "reply", "age_verification"])
      assert.deepStrictEqual((yield* alex.texts("hi again")).kinds, ["reply"])
    }).pipe(Effect.provide(Scenario.layer({ settings: { ageGate: "optional" } }))))

  it.effect("under 13: blocked, nothing is sent", () =>
    Effect.gen(function*() {
      const alex = yield* Scenario.person()
      yield* alex.texts("hi")
      yield* (yield* UserStore).setAgeStatus((yield* alex.user).id, "under_13")
      const exchange = yield* alex.texts("hello")
      assert.strictEqual(exchange.outcome, "age_gate")
      assert.deepStrictEqual(exchange.sent, [])
    }).pipe(Effect.provide(Scenario.layer())))
})
