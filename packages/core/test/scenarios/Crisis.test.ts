import { assert, describe, it } from "@effect/vitest"
import { AuditLog, CrisisEventLog, makeCopy, ModelUnavailable } from "@jules/core"
import { Escalations, ModelScripts, Scenario, ScriptedModel } from "@jules/testkit"
import { DateTime, Effect } from "effect"

const copy = makeCopy({ brandName: "Jules", supportContact: "support@example.com" })
const thisYear = Effect.map(DateTime.now, (now) => DateTime.getPartUtc(now, "year"))

describe("crisis", () => {
  it.effect("imminent: the fixed 988 text, no model call, an event logged, a referral counted, on-call notified", () =>
    Effect.gen(function*() {
      const scripts = yield* ModelScripts
      const log = yield* CrisisEventLog
      const year = yield* thisYear
      const before = yield* log.referralCount(year)
      const alex = yield* Scenario.person()
      const exchange = yield* alex.texts("I'm going to kill myself tonight, I have the pills ready")
      assert.strictEqual(exchange.outcome, "crisis_referral")
      assert.strictEqual(exchange.kinds[0], "crisis_resources")
      for (const part of ["988", "988lifeline.org", "HOME to 741741", "911"]) assert.include(exchange.bodies[0]!, part)
      assert.deepStrictEqual(exchange.kinds, ["crisis_resources", "ai_notice"])
      assert.strictEqual(yield* scripts.calls("primary"), 0)
      assert.strictEqual(yield* scripts.calls("secondary"), 0)
      const user = yield* alex.user
      const events = yield* log.list({ userId: user.id, limit: 10 })
      assert.strictEqual(events.length, 1)
      assert.strictEqual(events[0]!.severity, "imminent")
      assert.strictEqual(events[0]!.category, "suicide")
      assert.isTrue(events[0]!.referred)
      assert.strictEqual(yield* log.referralCount(year), before + 1)
      assert.strictEqual((yield* (yield* Escalations).notified).length, 1)
      assert.strictEqual((yield* (yield* AuditLog).list({ userId: user.id, kind: "crisis_referral", limit: 10 })).length, 1)
    }).pipe(Effect.provide(Scenario.layer())))

  it.effect("imminent crisis text goes out even when every model is down", () =>
    Effect.gen(function*() {
      const scripts = yield* ModelScripts
      yield* scripts.setDefault("primary", ScriptedModel.failWith(new ModelUnavailable({ message: "529" })))
      const alex = yield* Scenario.person()
      const exchange = yield* alex.texts("i took the whole bottle of pills an hour ago")
      assert.strictEqual(exchange.outcome, "crisis_referral")
      assert.include(exchange.bodies[0]!, "988")
    }).pipe(Effect.provide(Scenario.layer({ testLayers: { models: ["primary"] } }))))

  it.effect("abuse adds the domestic violence hotline", () =>
    Effect.gen(function*() {
      const alex = yield* Scenario.person()
      const exchange = yield* alex.texts("he is outside my door with a knife right now")
      assert.strictEqual(exchange.outcome, "crisis_referral")
      assert.include(exchange.bodies[0]!, "1-800-799-7233")
    }).pipe(Effect.provide(Scenario.layer())))

  it.effect("concern: the model answers in safety mode and the resources are appended", () =>
    Effect.gen(function*() {
      const scripts = yield* ModelScripts
      const log = yield* CrisisEventLog
      yield* scripts.reply("primary", "I'm really sorry you're feeling this way. Are you safe right now?")
      const alex = yield* Scenario.person()
      const exchange = yield* alex.texts("honestly I just want to die")
      assert.strictEqual(exchange.outcome, "replied")
      const reply = exchange.bodies.at(-1)!
      assert.isTrue(reply.startsWith("I'm really sorry you're feeling this way."))
      assert.include(reply, copy.concernResources("suicide"))
      const request = (yield* scripts.requests("primary"))[0]!.request
      assert.strictEqual(request.purpose, "safety_reply")
      assert.isTrue(request.system.some((b) => b.text.startsWith("Safety mode")))
      const events = yield* log.list({ userId: (yield* alex.user).id, limit: 10 })
      assert.deepStrictEqual(events.map((e) => [e.severity, e.referred]), [["concern", true]])
    }).pipe(Effect.provide(Scenario.layer())))

  it.effect("concern with every model down still gets care and resources, not the plain apology", () =>
    Effect.gen(function*() {
      const scripts = yield* ModelScripts
      yield* scripts.setDefault("primary", ScriptedModel.failWith(new ModelUnavailable({ message: "529" })))
      yield* scripts.setDefault("secondary", ScriptedModel.failWith(new ModelUnavailable({ message: "529" })))
      const alex = yield* Scenario.person()
      const exchange = yield* alex.texts("I don't want to be here anymore")
      const reply = exchange.bodies.at(-1)!
      assert.include(reply, copy.concernFallback)
      assert.include(reply, "988")
    }).pipe(Effect.provide(Scenario.layer())))

  it.effect("figures of speech are conversation, not crises", () =>
    Effect.gen(function*() {
      const log = yield* CrisisEventLog
      const alex = yield* Scenario.person()
      for (const text of ["this homework is killing me", "I'd die for a taco right now"]) {
        assert.strictEqual((yield* alex.texts(text)).outcome, "replied", text)
      }
      assert.deepStrictEqual(yield* log.list({ userId: (yield* alex.user).id, limit: 10 }), [])
    }).pipe(Effect.provide(Scenario.layer())))

  it.effect("a crisis is never blocked by the daily quota", () =>
    Effect.gen(function*() {
      const alex = yield* Scenario.person()
      yield* alex.texts("one")
      assert.strictEqual((yield* alex.texts("two")).outcome, "quota_exceeded")
      assert.strictEqual((yield* alex.texts("I'm going to end my life tonight")).outcome, "crisis_referral")
      assert.strictEqual((yield* alex.texts("I feel like I want to die")).outcome, "replied")
    }).pipe(Effect.provide(Scenario.layer({ settings: { tiers: { free: { dailyTurns: 1, maxReplySegments: 3 } } } }))))
})
