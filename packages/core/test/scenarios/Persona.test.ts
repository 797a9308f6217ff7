import { assert, describe, it } from "@effect/vitest"
import { CompanionSettings, Persona, UserStore } from "@jules/core"
import { ModelScripts, Scenario } from "@jules/testkit"
import { ConfigProvider, Duration, Effect } from "effect"

const pirate = "You are Captain Jules, a cheerful pirate."

describe("a custom persona", () => {
  it.effect("sets the voice; the AI-honesty and safety rules stay in the cached prefix, the same bytes every turn", () =>
    Effect.gen(function*() {
      const scripts = yield* ModelScripts
      const alex = yield* Scenario.person()
      yield* alex.texts("ahoy! are you a real person?")
      yield* alex.texts("tell me about your ship")
      const requests = (yield* scripts.requests("primary")).map((call) => call.request)
      assert.strictEqual(requests.length, 2)
      for (const request of requests) {
        const first = request.system[0]!
        assert.isTrue(first.cache)
        assert.isTrue(first.text.startsWith(pirate))
        assert.include(first.text, Persona.requiredRules)
        assert.include(first.text, "You are an AI, a computer program, not a human.")
        assert.include(first.text, "Never claim or pretend to be a human")
        assert.include(first.text, "988")
        assert.include(first.text, "Never describe methods")
      }
      assert.strictEqual(requests[0]!.system[0]!.text, requests[1]!.system[0]!.text)
    }).pipe(Effect.provide(Scenario.layer({ settings: { persona: pirate } }))))

  it.effect("keeps the safety rules in safety mode and the minor rules for a minor", () =>
    Effect.gen(function*() {
      const scripts = yield* ModelScripts
      const alex = yield* Scenario.person()
      yield* alex.texts("hi")
      yield* (yield* UserStore).setAgeStatus((yield* alex.user).id, "minor")
      yield* alex.texts("honestly i just want to die")
      const request = (yield* scripts.requests("primary")).at(-1)!.request
      assert.deepStrictEqual(request.system.map((b) => b.cache), [true, true, true, false])
      assert.include(request.system[0]!.text, Persona.requiredRules)
      assert.strictEqual(request.system[1]!.text, Persona.safetyRules)
      assert.strictEqual(request.system[2]!.text, Persona.minorRules)
    }).pipe(Effect.provide(Scenario.layer({ settings: { persona: pirate } }))))

  it.effect("JULES_PERSONA replaces the voice only; JULES_SAFETY_MODE_PERIOD sets the period", () =>
    Effect.gen(function*() {
      const settings = yield* CompanionSettings.config.pipe(
        Effect.provideService(
          ConfigProvider.ConfigProvider,
          ConfigProvider.fromUnknown({ JULES_PERSONA: pirate, JULES_SAFETY_MODE_PERIOD: "12 hours" })
        )
      )
      assert.strictEqual(settings.persona, pirate)
      assert.strictEqual(Persona.systemPrompt(settings.persona), `${pirate}\n\n${Persona.requiredRules}`)
      assert.isTrue(Duration.equals(settings.safetyModePeriod, Duration.hours(12)))
      const defaults = yield* CompanionSettings.config.pipe(
        Effect.provideService(ConfigProvider.ConfigProvider, ConfigProvider.fromUnknown({}))
      )
      assert.isTrue(Duration.equals(defaults.safetyModePeriod, Duration.hours(24)))
      assert.strictEqual(Persona.systemPrompt(defaults.persona), Persona.persona("Jules"))
    }))
})
