/**
 * The rule that combines second opinions with the crisis screen: raise, never
 * lower. Property-tested over every local assessment and every verdict or
 * answer; and the reading of the model's answer, which must be defensive.
 */
import { assert, describe, it } from "@effect/vitest"
import type { CrisisCategory, CrisisSeverity, ModerationVerdict } from "@jules/core"
import {
  applyModeration,
  CONCERN_FLOOR,
  CrisisAssessment,
  IMMINENT_FLOOR,
  MAX_REVIEW_CHARS,
  ModerationCategory,
  opinionOfModel,
  raiseAssessmentBy,
  readReviewAnswer,
  reviewRequest,
  severityRank
} from "@jules/core"
import type { Tier } from "@jules/core"
import fc from "fast-check"

const severities: ReadonlyArray<CrisisSeverity> = ["none", "concern", "imminent"]
const categories: ReadonlyArray<CrisisCategory> = ["suicide", "self_harm", "violence", "abuse"]

const arbitraryAssessment: fc.Arbitrary<CrisisAssessment> = fc
  .record({
    severity: fc.constantFrom(...severities),
    category: fc.constantFrom(...categories),
    score: fc.double({ min: 0, max: 1, noNaN: true }),
    signals: fc.array(fc.constantFrom("suicide.mention", "model.self", "context.recent"), { maxLength: 3 })
  })
  .map(({ category, score, severity, signals }) =>
    new CrisisAssessment({ category: severity === "none" ? null : category, severity, score, signals })
  )

const arbitraryVerdict: fc.Arbitrary<ModerationVerdict> = fc.record({
  flagged: fc.subarray([...ModerationCategory.literals]),
  scores: fc.dictionary(fc.constantFrom(...ModerationCategory.literals), fc.double({ min: 0, max: 1, noNaN: true }))
})

const arbitraryAnswer = fc.option(
  fc.record({
    category: fc.option(fc.constantFrom(...categories), { nil: null }),
    severity: fc.constantFrom(...severities),
    reason: fc.string({ maxLength: 40 })
  }),
  { nil: undefined }
)

const atLeast = (result: CrisisAssessment, local: CrisisAssessment) => {
  assert.isAtLeast(severityRank(result.severity), severityRank(local.severity))
  assert.isAtLeast(result.score, local.score)
  if (local.category !== null) assert.strictEqual(result.category, local.category)
  if (result.severity !== "none") assert.isNotNull(result.category)
  for (const signal of local.signals) assert.include(result.signals, signal)
  if (result.severity === local.severity) return assert.strictEqual(result, local)
  // Raised: the score is in the new severity's band.
  assert.isAtLeast(result.score, result.severity === "imminent" ? IMMINENT_FLOOR : CONCERN_FLOOR)
}

describe("CrisisReview", () => {
  it("moderation never lowers the local assessment, and never makes it imminent", () => {
    fc.assert(
      fc.property(arbitraryAssessment, arbitraryVerdict, (local, verdict) => {
        const result = applyModeration(local, verdict)
        atLeast(result, local)
        if (local.severity !== "imminent") assert.notStrictEqual(result.severity, "imminent")
        if (local.severity !== "none") assert.strictEqual(result, local)
      })
    )
  })

  it("the model's opinion never lowers the local assessment; no answer is at least a concern", () => {
    fc.assert(
      fc.property(arbitraryAssessment, arbitraryAnswer, (local, answer) => {
        const result = raiseAssessmentBy(local, [opinionOfModel(answer)])
        atLeast(result, local)
        if (answer === undefined) assert.isAtLeast(severityRank(result.severity), severityRank("concern"))
        else assert.isAtLeast(severityRank(result.severity), severityRank(answer.severity))
      })
    )
  })

  it("both together are as grave as the gravest, in either order", () => {
    fc.assert(
      fc.property(arbitraryAssessment, arbitraryVerdict, arbitraryAnswer, (local, verdict, answer) => {
        const model = opinionOfModel(answer)
        const first = raiseAssessmentBy(applyModeration(local, verdict), [model])
        const second = applyModeration(raiseAssessmentBy(local, [model]), verdict)
        atLeast(first, local)
        atLeast(second, local)
        assert.strictEqual(first.severity, second.severity)
      })
    )
  })

  it("moderation: self-harm makes a concern about suicide, threats a concern about violence, others nothing", () => {
    const none = CrisisAssessment.none
    const selfHarm = applyModeration(none, { flagged: ["self-harm/intent"], scores: {} })
    assert.deepStrictEqual([selfHarm.severity, selfHarm.category], ["concern", "suicide"])
    assert.deepStrictEqual(selfHarm.signals, ["moderation.self-harm/intent"])
    assert.strictEqual(selfHarm.score, CONCERN_FLOOR)
    const threat = applyModeration(none, { flagged: [], scores: { "harassment/threatening": 0.7 } })
    assert.deepStrictEqual([threat.severity, threat.category], ["concern", "violence"])
    // Below the score and unflagged, or a category that says nothing of a crisis: nothing.
    assert.strictEqual(applyModeration(none, { flagged: [], scores: { "self-harm": 0.2, violence: 0.49 } }), none)
    assert.strictEqual(applyModeration(none, { flagged: ["sexual", "harassment", "illicit"], scores: {} }), none)
  })

  it("a raise keeps the local category and score when they are there", () => {
    const local = new CrisisAssessment({ category: "abuse", severity: "concern", score: 0.45, signals: ["abuse.hit"] })
    const raised = raiseAssessmentBy(local, [opinionOfModel({ category: "violence", severity: "imminent", reason: "" })])
    assert.deepStrictEqual([raised.severity, raised.category, raised.score], ["imminent", "abuse", IMMINENT_FLOOR])
    assert.deepStrictEqual(raised.signals, ["abuse.hit", "second_opinion"])
    // The same severity: the very same assessment.
    assert.strictEqual(raiseAssessmentBy(local, [opinionOfModel({ category: "suicide", severity: "concern", reason: "" })]), local)
  })

  it("reads the model's answer defensively", () => {
    assert.deepStrictEqual(
      readReviewAnswer(`{"category": "self_harm", "severity": "concern", "reason": "talks of hurting\nthemself"}`),
      { category: "self_harm", severity: "concern", reason: "talks of hurting themself" }
    )
    // Around prose or a code fence, a category spelled another way, a severity in capitals.
    assert.deepStrictEqual(
      readReviewAnswer("Here you go:\n```json\n{\"category\":\"Self-Harm\",\"severity\":\"IMMINENT\"}\n```"),
      { category: "self_harm", severity: "imminent", reason: "" }
    )
    assert.deepStrictEqual(readReviewAnswer(`{"category": "none", "severity": "none", "reason": "small talk"}`), {
      category: null,
      severity: "none",
      reason: "small talk"
    })
    for (const unreadable of ["", "concern", "{severity: concern}", `{"category":"suicide"}`, `{"severity":"high"}`, "[]"]) {
      assert.isUndefined(readReviewAnswer(unreadable), unreadable)
    }
  })

  it("never throws on any answer", () => {
    fc.assert(fc.property(fc.string({ maxLength: 300 }), (answer) => {
      readReviewAnswer(answer)
    }))
  })

  it("asks for one line of JSON about a text cut to its limit, as a crisis review", () => {
    const request = reviewRequest("x".repeat(MAX_REVIEW_CHARS + 500), "free" as Tier)
    assert.strictEqual(request.purpose, "crisis_review")
    assert.include(request.system[0]!.text, "one line of JSON")
    assert.isAtMost(request.messages[0]!.content.length, MAX_REVIEW_CHARS + 40)
  })
})
