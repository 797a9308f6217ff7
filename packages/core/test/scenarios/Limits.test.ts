import { assert, describe, it } from "@effect/vitest"
import { makeCopy, ModelNotAuthorized, ModelUnavailable, UsageLedger } from "@jules/core"
import { ModelScripts, Scenario, ScriptedModel } from "@jules/testkit"
import { Effect } from "effect"
import { TestClock } from "effect/testing"

const copy = makeCopy({ brandName: "Jules", supportContact: "support@example.com" })
const threePerDay = Scenario.layer({ settings: { tiers: { free: { dailyTurns: 3, maxReplySegments: 3 } } } })

describe("daily quota", () => {
  it.effect("over quota: one upgrade nudge with a short link of our own, then silence until tomorrow", () =>
    Effect.gen(function*() {
      const scripts = yield* ModelScripts
      const alex = yield* Scenario.person()
      for (const text of ["one", "two", "three"]) assert.strictEqual((yield* alex.texts(text)).outcome, "replied")
      const nudge = yield* alex.texts("four")
      assert.strictEqual(nudge.outcome, "quota_exceeded")
      assert.deepStrictEqual(nudge.kinds, ["upgrade_nudge"])
      assert.match(nudge.bodies[0]!, new RegExp(`${Scenario.BASE_URL}/b/[A-Za-z0-9_-]{22} `))
      assert.notInclude(nudge.bodies[0]!, alex.phone.slice(1))
      assert.include(nudge.bodies[0]!, "3 messages")
      const silent = yield* alex.texts("five")
      assert.strictEqual(silent.outcome, "quota_exceeded")
      assert.deepStrictEqual(silent.sent, [])
      assert.strictEqual(yield* scripts.calls("primary"), 3)

      yield* TestClock.adjust("1 day")
      assert.strictEqual((yield* alex.texts("new day")).outcome, "replied")
    }).pipe(Effect.provide(threePerDay)))

  it.effect("without billing configured the nudge says how to reach the operator, with no link", () =>
    Effect.gen(function*() {
      const alex = yield* Scenario.person()
      for (const text of ["one", "two", "three"]) yield* alex.texts(text)
      const nudge = yield* alex.texts("four")
      assert.deepStrictEqual(nudge.bodies, [copy.upgradeNudge({ limit: 3, url: undefined })])
      assert.include(nudge.bodies[0]!, "contact support@example.com")
      assert.notInclude(nudge.bodies[0]!, "http")
    }).pipe(Effect.provide(Scenario.layer({
      settings: { tiers: { free: { dailyTurns: 3, maxReplySegments: 3 } } },
      testLayers: { billingTiers: [] }
    }))))

  it.effect("a burst over the per-minute limit is held back", () =>
    Effect.gen(function*() {
      const alex = yield* Scenario.person()
      yield* alex.texts("a")
      yield* alex.texts("b")
      assert.strictEqual((yield* alex.texts("c")).outcome, "rate_limited")
      yield* TestClock.adjust("61 seconds")
      assert.strictEqual((yield* alex.texts("d")).outcome, "replied")
    }).pipe(Effect.provide(Scenario.layer({ settings: { perMinuteLimit: 2 } }))))
})

describe("language models", () => {
  it.effect("the primary failing falls over to the secondary, which the turn records", () =>
    Effect.gen(function*() {
      const scripts = yield* ModelScripts
      yield* scripts.fail("primary", new ModelUnavailable({ message: "529 overloaded", status: 529 }), { times: 2 })
      yield* scripts.reply("secondary", "Secondary here, happy to chat.")
      const alex = yield* Scenario.person()
      const exchange = yield* alex.texts("hello")
      assert.strictEqual(exchange.outcome, "replied")
      assert.strictEqual(exchange.turn?.provider, "secondary")
      assert.strictEqual(exchange.bodies.at(-1), "Secondary here, happy to chat.")
      assert.strictEqual(yield* scripts.calls("primary"), 2) // retried once: 529 is retryable
      const usage = yield* (yield* UsageLedger).list((yield* alex.user).id)
      assert.deepStrictEqual(usage.map((u) => u.provider), ["secondary"])
    }).pipe(Effect.provide(Scenario.layer())))

  it.effect("a non-retryable failure moves to the secondary at once", () =>
    Effect.gen(function*() {
      const scripts = yield* ModelScripts
      yield* scripts.fail("primary", new ModelNotAuthorized({ message: "401", status: 401 }))
      const alex = yield* Scenario.person()
      assert.strictEqual((yield* alex.texts("hello")).turn?.provider, "secondary")
      assert.strictEqual(yield* scripts.calls("primary"), 1)
    }).pipe(Effect.provide(Scenario.layer())))

  it.effect("both failing: the fixed apology, and nothing billed", () =>
    Effect.gen(function*() {
      const scripts = yield* ModelScripts
      yield* scripts.setDefault("primary", ScriptedModel.failWith(new ModelUnavailable({ message: "500", status: 500 })))
      yield* scripts.setDefault("secondary", ScriptedModel.failWith(new ModelUnavailable({ message: "500", status: 500 })))
      const alex = yield* Scenario.person()
      const exchange = yield* alex.texts("hello")
      assert.strictEqual(exchange.outcome, "apology")
      assert.deepStrictEqual(exchange.kinds, ["ai_notice", "apology"])
      assert.strictEqual(exchange.bodies.at(-1), copy.apology)
      assert.isUndefined(exchange.turn?.provider)
      assert.deepStrictEqual(yield* (yield* UsageLedger).list((yield* alex.user).id), [])
    }).pipe(Effect.provide(Scenario.layer())))

  it.effect("usage and cost of each answered turn are recorded", () =>
    Effect.gen(function*() {
      const alex = yield* Scenario.person()
      yield* alex.texts("hello")
      const [record] = yield* (yield* UsageLedger).list((yield* alex.user).id)
      assert.strictEqual(record!.usage.inputTokens, ScriptedModel.defaultUsage.inputTokens)
      assert.strictEqual(record!.costMicros, ScriptedModel.testPrice.costMicros(ScriptedModel.defaultUsage))
    }).pipe(Effect.provide(Scenario.layer())))
})
