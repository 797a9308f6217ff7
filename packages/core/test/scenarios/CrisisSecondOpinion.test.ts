/**
 * Second opinions on the crisis screen, through whole turns: moderation and
 * the model may raise what the screen found, never lower it; moderation that
 * fails or is late leaves the screen's result; a model that fails, is late or
 * answers nonsense means a concern.
 */
import { assert, describe, it } from "@effect/vitest"
import type { CrisisSecondOpinionOptions, UserId } from "@jules/core"
import {
  CrisisEventLog,
  CrisisSecondOpinion,
  isUncertain,
  makeCopy,
  ModelUnavailable,
  ModerationUnavailable,
  screenCrisis,
  UsageLedger
} from "@jules/core"
import { CrisisModerationFake, ModelScripts, ModerationScripts, Scenario, ScriptedModel } from "@jules/testkit"
import { Effect, Layer } from "effect"

const copy = makeCopy({ brandName: "Jules", supportContact: "support@example.com" })

/** The screen finds nothing in it. */
const everyday = "we finally fixed the fence in the back garden this afternoon"
/** Concern by the screen's rules. */
const concerning = "lately some days I really wish I were dead"
/** Imminent by the screen's rules. */
const imminent = "tonight I am going to end my life, I already have the rope"

/** A text the screen scores in its uncertain band (the first of these that is, as the screen evolves). */
const uncertain = [
  "i just feel empty all the time",
  "i hate myself so much",
  "i'm done with all of it",
  "i can't keep doing this",
  "i'm so tired of everything, nothing matters anymore"
].find((text) => isUncertain(screenCrisis(text)))

/** Every port in memory, the second opinion as given, and one moderation fake with its control. */
const reviewed = (options: CrisisSecondOpinionOptions) => {
  const moderation = CrisisModerationFake.layerWithControl
  return Scenario.layer({
    testLayers: { models: ["primary"] },
    crisisSecondOpinion: CrisisSecondOpinion.layer(options).pipe(Layer.provide(moderation))
  }).pipe(Layer.provideMerge(moderation))
}

const withModeration = reviewed({ moderationTimeout: "100 millis" })
const withModel = reviewed({ model: { timeout: "150 millis" } })

const purposes = Effect.gen(function*() {
  const calls = yield* (yield* ModelScripts).requests("primary")
  return calls.map((c) => c.request.purpose)
})

/** A reply in safety mode with the resources appended, and a concern on record. */
const assertConcern = (exchange: Scenario.Exchange, userId: UserId) =>
  Effect.gen(function*() {
    assert.strictEqual(exchange.outcome, "replied")
    assert.strictEqual(exchange.turn?.crisisSeverity, "concern")
    assert.include(exchange.bodies.at(-1)!, copy.concernResources(exchange.turn!.crisisCategory ?? "suicide"))
    assert.include(yield* purposes, "safety_reply")
    const events = yield* (yield* CrisisEventLog).list({ userId, limit: 10 })
    assert.deepStrictEqual(events.map((e) => e.severity), ["concern"])
  })

/** An ordinary reply, nothing on record. */
const assertOrdinary = (exchange: Scenario.Exchange) =>
  Effect.gen(function*() {
    assert.strictEqual(exchange.outcome, "replied")
    assert.strictEqual(exchange.turn?.crisisSeverity, "none")
    assert.notInclude(exchange.bodies.at(-1)!, "988")
    assert.notInclude(yield* purposes, "safety_reply")
  })

describe("crisis second opinion: moderation", () => {
  it.live("a flagged self-harm category makes a concern of a text the screen let pass", () =>
    Effect.gen(function*() {
      const moderation = yield* ModerationScripts
      yield* moderation.set(CrisisModerationFake.flagging("self-harm/intent"))
      const alex = yield* Scenario.person()
      const exchange = yield* alex.texts(everyday)
      yield* assertConcern(exchange, (yield* alex.user).id)
      assert.strictEqual(exchange.turn?.crisisCategory, "suicide")
      assert.strictEqual(yield* moderation.calls, 1)
    }).pipe(Effect.provide(withModeration)))

  it.live("a threat makes a concern about violence; a clean verdict changes nothing", () =>
    Effect.gen(function*() {
      const moderation = yield* ModerationScripts
      const alex = yield* Scenario.person()
      yield* assertOrdinary(yield* alex.texts(everyday))
      const sam = yield* Scenario.person()
      yield* moderation.set(CrisisModerationFake.verdict({ flagged: [], scores: { "harassment/threatening": 0.8 } }))
      const exchange = yield* sam.texts(everyday)
      assert.strictEqual(exchange.turn?.crisisCategory, "violence")
      yield* assertConcern(exchange, (yield* sam.user).id)
    }).pipe(Effect.provide(withModeration)))

  it.live("never lowers: what the screen found stands, and moderation is not even asked", () =>
    Effect.gen(function*() {
      const moderation = yield* ModerationScripts
      const alex = yield* Scenario.person()
      const referral = yield* alex.texts(imminent)
      assert.strictEqual(referral.outcome, "crisis_referral")
      assert.include(referral.bodies[0]!, "988")
      const sam = yield* Scenario.person()
      yield* assertConcern(yield* sam.texts(concerning), (yield* sam.user).id)
      assert.strictEqual(yield* moderation.calls, 0)
    }).pipe(Effect.provide(withModeration)))

  it.live("late or failing, moderation leaves the screen's result", () =>
    Effect.gen(function*() {
      const moderation = yield* ModerationScripts
      yield* moderation.set(CrisisModerationFake.hang)
      const alex = yield* Scenario.person()
      yield* assertOrdinary(yield* alex.texts(everyday))
      yield* moderation.set(CrisisModerationFake.failWith(new ModerationUnavailable({ message: "HTTP 429", status: 429 })))
      yield* assertOrdinary(yield* alex.texts(everyday))
      // Not lowered either: a concern stays a concern whatever moderation does.
      const sam = yield* Scenario.person()
      yield* assertConcern(yield* sam.texts(concerning), (yield* sam.user).id)
      assert.strictEqual(yield* moderation.calls, 2)
    }).pipe(Effect.provide(withModeration)))
})

describe("crisis second opinion: the model", () => {
  it("has an uncertain text to ask about", () => {
    assert.isDefined(uncertain, "none of the candidate texts is in the screen's uncertain band any more")
  })

  const forReview = (behaviour: ScriptedModel.ModelBehaviour) =>
    Effect.gen(function*() {
      yield* (yield* ModelScripts).setDefault("primary", (request) =>
        request.purpose === "crisis_review" ? behaviour : ScriptedModel.replyWith(ScriptedModel.defaultReplyText))
    })

  for (
    const [name, behaviour] of [
      ["fails", ScriptedModel.failWith(new ModelUnavailable({ message: "HTTP 529", status: 529 }))],
      ["is late", ScriptedModel.hang],
      ["answers something else than JSON", ScriptedModel.replyWith("I'm not able to help with that.")],
      ["answers JSON without a severity", ScriptedModel.replyWith(`{"category": "suicide", "reason": "unclear"}`)]
    ] as const
  ) {
    it.live(`an uncertain text is a concern when the model ${name}`, () =>
      Effect.gen(function*() {
        yield* forReview(behaviour)
        const alex = yield* Scenario.person()
        const exchange = yield* alex.texts(uncertain!)
        yield* assertConcern(exchange, (yield* alex.user).id)
        assert.include(exchange.turn?.crisisCategory === null ? [] : [exchange.turn!.crisisCategory], "suicide")
      }).pipe(Effect.provide(withModel)))
  }

  it.live("the model's answer raises an uncertain text, and its tokens are recorded", () =>
    Effect.gen(function*() {
      yield* forReview(ScriptedModel.replyWith(`{"category":"self_harm","severity":"imminent","reason":"an act under way"}`))
      const alex = yield* Scenario.person()
      const exchange = yield* alex.texts(uncertain!)
      assert.strictEqual(exchange.outcome, "crisis_referral")
      const records = yield* (yield* UsageLedger).list((yield* alex.user).id)
      const review = records.find((r) => r.purpose === "crisis_review")
      assert.isDefined(review)
      assert.strictEqual(review!.id, `${exchange.turn!.id}#crisis_review`)
    }).pipe(Effect.provide(withModel)))

  it.live("a model that sees nothing does not lower the screen's result", () =>
    Effect.gen(function*() {
      yield* forReview(ScriptedModel.replyWith(`{"category":null,"severity":"none","reason":"a bad day"}`))
      const local = screenCrisis(uncertain!)
      const alex = yield* Scenario.person()
      const exchange = yield* alex.texts(uncertain!)
      assert.strictEqual(exchange.turn?.crisisSeverity, local.severity)
    }).pipe(Effect.provide(withModel)))

  it.live("texts outside the uncertain band are not sent to the model for review", () =>
    Effect.gen(function*() {
      yield* forReview(ScriptedModel.hang)
      const alex = yield* Scenario.person()
      yield* assertOrdinary(yield* alex.texts(everyday))
      assert.strictEqual((yield* alex.texts(imminent)).outcome, "crisis_referral")
      assert.notInclude(yield* purposes, "crisis_review")
    }).pipe(Effect.provide(withModel)))
})
