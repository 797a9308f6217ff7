/**
 * testkit's fakes pass the contract suites of their ports, as the real
 * adapters do; and so do core's not-configured stand-ins.
 */
import type { ModelProvider } from "@jules/core"
import {
  AgeVerification,
  Billing,
  EscalationError,
  LanguageModel,
  ModelConnectionFailed,
  ModelInvalidRequest,
  ModelMalformedResponse,
  ModelNotAuthorized,
  ModelRateLimited,
  ModelUnavailable
} from "@jules/core"
import {
  AgeVerificationFake,
  ageVerificationContract,
  BillingFake,
  billingContract,
  billingNotConfiguredContract,
  cryptoContract,
  CryptoFake,
  EscalationHarness,
  escalationNotifierContract,
  EscalationNotifierFake,
  Escalations,
  ModelProviderContract,
  ModelProviderHarness,
  modelProviderContract,
  ModelScripts,
  ScriptedModel
} from "@jules/testkit"
import { Effect, Layer } from "effect"

billingContract("fake", BillingFake.layer)
billingNotConfiguredContract("not configured", Billing.layerNotConfigured)
billingNotConfiguredContract("fake selling nothing", BillingFake.layerWith([]))

ageVerificationContract("fake", AgeVerificationFake.layer)
ageVerificationContract("not configured", AgeVerification.layerNotConfigured, { available: false })

cryptoContract("fake", (ids) => CryptoFake.layerWith({ primaryKeyId: ids[0], previousKeyIds: ids.slice(1) }))

const escalationFakeHarness = Layer.effect(
  EscalationHarness,
  Effect.gen(function*() {
    const escalations = yield* Escalations
    return EscalationHarness.of({
      delivered: Effect.map(escalations.notified, (events) =>
        events.map((e) => ({ eventId: e.id, userId: e.userId, category: e.category, severity: e.severity }))),
      failNext: (kind) =>
        escalations.failNext(new EscalationError({ message: `pager ${kind}ly down`, retryable: kind === "transient" }))
    })
  })
).pipe(Layer.provideMerge(EscalationNotifierFake.layer))

escalationNotifierContract("fake", escalationFakeHarness)

/**
 * ScriptedModel behind core's `ModelFallback` with a single attempt, so what
 * the script says is what the caller sees; a hang meets the fallback timeout.
 */
const scriptedName = "scripted"
const scriptedHarness = Layer.effect(
  ModelProviderHarness,
  Effect.gen(function*() {
    const model = yield* LanguageModel
    const scripts = yield* ModelScripts
    const provider: ModelProvider = { name: scriptedName, generate: model.generate }
    const fail = (reason: Parameters<typeof scripts.fail>[1]) => scripts.fail(scriptedName, reason)
    const script = (scenario: ModelProviderContract.ModelScenario) => {
      switch (scenario._tag) {
        case "Reply":
          return scripts.reply(scriptedName, scenario.text, { usage: scenario.usage, model: scenario.model })
        case "RateLimited":
          return fail(
            new ModelRateLimited({ message: "HTTP 429", status: 429, retryAfterMs: scenario.retryAfterSeconds * 1000 })
          )
        case "Overloaded":
          return fail(
            new ModelUnavailable({ message: "HTTP 529", status: 529, retryAfterMs: scenario.retryAfterSeconds * 1000 })
          )
        case "ServerError":
          return fail(new ModelUnavailable({ message: "HTTP 500", status: 500 }))
        case "Timeout":
          return scripts.enqueue(scriptedName, ScriptedModel.hang)
        case "Unauthorized":
          return fail(new ModelNotAuthorized({ message: "HTTP 401", status: 401 }))
        case "InvalidRequest":
          return fail(new ModelInvalidRequest({ message: "HTTP 400", status: 400 }))
        case "Unreachable":
          return fail(new ModelConnectionFailed({ message: "connection failed (ECONNREFUSED)" }))
        case "NotJson":
        case "UnexpectedJson":
          return fail(new ModelMalformedResponse({ message: "the response is not an answer" }))
        case "NoText":
          return scripts.reply(scriptedName, "")
      }
    }
    return ModelProviderHarness.of({
      provider,
      arrange: (scenario) => scripts.reset.pipe(Effect.andThen(script(scenario)), Effect.as(provider)),
      attempts: scripts.calls(scriptedName)
    })
  })
).pipe(
  Layer.provide(
    ScriptedModel.layer([scriptedName], { timeout: "300 millis", attemptsPerProvider: 1, backoff: 0, maxRetryAfter: 0 })
  )
)

modelProviderContract("ScriptedModel", scriptedHarness)
