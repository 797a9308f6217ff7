import { assert, describe, it } from "@effect/vitest"
import { AuditLog, makeCopy, UserStore } from "@jules/core"
import { ModelScripts, Scenario, SmsOutbox } from "@jules/testkit"
import { Effect } from "effect"

const copy = makeCopy({ brandName: "Jules", supportContact: "support@example.com" })

describe("consent keywords (CTIA/TCPA)", () => {
  it.effect("STOP: one confirmation, then silence, whatever is texted", () =>
    Effect.gen(function*() {
      const scripts = yield* ModelScripts
      const outbox = yield* SmsOutbox
      const alex = yield* Scenario.person()
      yield* alex.texts("hi")
      const stop = yield* alex.texts("Stop")
      assert.strictEqual(stop.outcome, "opted_out")
      assert.deepStrictEqual(stop.bodies, [copy.optOutConfirmation])
      assert.include(stop.bodies[0]!, "Jules")
      assert.include(stop.bodies[0]!, "no more messages")
      assert.include(stop.bodies[0]!, "START")
      const sentSoFar = (yield* outbox.sent).length
      const callsSoFar = yield* scripts.calls("primary")

      assert.strictEqual((yield* alex.texts("hello? are you there")).outcome, "ignored_opted_out")
      assert.strictEqual((yield* alex.texts("STOP")).outcome, "opted_out") // no second confirmation
      assert.strictEqual((yield* alex.texts("unsubscribe")).sent.length, 0)
      assert.strictEqual((yield* outbox.sent).length, sentSoFar)
      assert.strictEqual(yield* scripts.calls("primary"), callsSoFar)
      assert.strictEqual((yield* alex.user).consent, "opted_out")
    }).pipe(Effect.provide(Scenario.layer())))

  it.effect("START re-subscribes with a confirmation, and conversation resumes", () =>
    Effect.gen(function*() {
      const alex = yield* Scenario.person()
      yield* alex.texts("STOP")
      const start = yield* alex.texts("start")
      assert.strictEqual(start.outcome, "opted_in")
      assert.deepStrictEqual(start.bodies, [copy.optInConfirmation])
      assert.strictEqual((yield* alex.user).consent, "opted_in")
      assert.strictEqual((yield* alex.texts("I'm back")).outcome, "replied")
      const history = yield* (yield* UserStore).consentHistory((yield* alex.user).id)
      assert.deepStrictEqual(history.map((c) => [c.state, c.source]), [["opted_out", "keyword"], ["opted_in", "keyword"]])
      const audit = yield* (yield* AuditLog).list({ userId: (yield* alex.user).id, kind: "consent_changed", limit: 10 })
      assert.strictEqual(audit.length, 2)
    }).pipe(Effect.provide(Scenario.layer())))

  it.effect("YES opts back in only someone who opted out; otherwise it is conversation", () =>
    Effect.gen(function*() {
      const alex = yield* Scenario.person()
      assert.strictEqual((yield* alex.texts("yes")).outcome, "replied")
      yield* alex.texts("quit")
      assert.strictEqual((yield* alex.texts("YES")).outcome, "opted_in")
    }).pipe(Effect.provide(Scenario.layer())))

  it.effect("HELP: brand, support, rates, frequency, how to stop and the minors warning - and no model", () =>
    Effect.gen(function*() {
      const scripts = yield* ModelScripts
      const alex = yield* Scenario.person()
      const help = yield* alex.texts("HELP")
      assert.strictEqual(help.outcome, "help")
      assert.strictEqual(help.bodies.length, 1)
      for (const part of ["Jules", "support@example.com", "Msg&data rates may apply", "Msg frequency varies", "Reply STOP to cancel", "may not be suitable for some minors"]) {
        assert.include(help.bodies[0]!, part)
      }
      assert.strictEqual(yield* scripts.calls("primary"), 0)
    }).pipe(Effect.provide(Scenario.layer({ settings: { supportContact: "support@example.com" } }))))

  it.effect("opted out, HELP is still answered - and only HELP", () =>
    Effect.gen(function*() {
      const alex = yield* Scenario.person()
      yield* alex.texts("STOP")
      const help = yield* alex.texts("help")
      assert.strictEqual(help.outcome, "help")
      assert.deepStrictEqual(help.bodies, [copy.help])
      assert.strictEqual((yield* alex.user).consent, "opted_out")
      assert.deepStrictEqual((yield* alex.texts("hello?")).sent, [])
    }).pipe(Effect.provide(Scenario.layer())))

  it.effect("where the provider answers STOP itself (Twilio long codes) Jules records it but does not confirm twice", () =>
    Effect.gen(function*() {
      const alex = yield* Scenario.person()
      const stop = yield* alex.texts("STOP")
      assert.strictEqual(stop.outcome, "opted_out")
      assert.deepStrictEqual(stop.sent, [])
      assert.strictEqual((yield* alex.user).consent, "opted_out")
    }).pipe(Effect.provide(Scenario.layer({ testLayers: { sms: { repliesToOptOutKeywords: true } } }))))

  it.effect("'please stop texting me' is not a keyword: the model answers it", () =>
    Effect.gen(function*() {
      const alex = yield* Scenario.person()
      assert.strictEqual((yield* alex.texts("please stop texting me")).outcome, "replied")
      assert.strictEqual((yield* alex.user).consent, "opted_in")
    }).pipe(Effect.provide(Scenario.layer())))
})
