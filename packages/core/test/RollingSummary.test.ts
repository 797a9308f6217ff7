import { assert, describe, it } from "@effect/vitest"
import { DateTime, Option } from "effect"
import fc from "fast-check"
import type { MessageId } from "../src/domain/Ids.ts"
import { ChatLine } from "../src/domain/Message.ts"
import type { Tier } from "../src/domain/User.ts"
import { estimateRequestTokens } from "../src/policy/PromptAssembly.ts"
import {
  MAX_FACTS_PER_SUMMARY,
  maxSummaryChars,
  planSummary,
  readSummaryAnswer,
  type SummaryInput
} from "../src/policy/RollingSummary.ts"

const start = DateTime.toEpochMillis(DateTime.makeUnsafe("2026-11-22T12:00:00Z"))
/** Line `i`: a text (even) or a reply (odd), each turn a minute after the last; a turn's two lines share an instant. */
const line = (i: number, text = `line ${i}`) =>
  new ChatLine({
    messageId: `m${i}` as MessageId,
    role: i % 2 === 0 ? "user" : "assistant",
    text,
    at: DateTime.makeUnsafe(start + Math.floor(i / 2) * 60_000)
  })
const lines = (n: number, text?: (i: number) => string) => Array.from({ length: n }, (_, i) => line(i, text?.(i)))

const input = (over: Partial<SummaryInput> = {}): SummaryInput => ({
  lines: [],
  previous: Option.none(),
  knownFacts: [],
  after: 10,
  keep: 4,
  budget: { maxPromptTokens: 4000, maxOutputTokens: 300, memoryShare: 0.25 },
  maxOutputTokens: 250,
  withFacts: true,
  tier: "free" as Tier,
  ...over
})

const conversationOf = (plan: ReturnType<typeof planSummary>) =>
  Option.getOrThrow(plan).request.messages[0]!.content

describe("RollingSummary.planSummary", () => {
  it("waits until enough lines are uncovered", () => {
    assert.isTrue(Option.isNone(planSummary(input({ lines: lines(9) }))))
    assert.isTrue(Option.isSome(planSummary(input({ lines: lines(10) }))))
  })

  it("folds in the older lines, keeps the newest verbatim, and covers up to the last one folded", () => {
    const all = lines(12)
    const plan = Option.getOrThrow(planSummary(input({ lines: all })))
    assert.strictEqual(plan.lines, 8)
    assert.deepStrictEqual(plan.coversUntil, all[7]!.at)
    assert.strictEqual(plan.request.purpose, "summary")
    assert.strictEqual(plan.request.maxOutputTokens, 250)
    const content = plan.request.messages[0]!.content
    assert.include(content, "Them: line 0\nYou: line 1")
    assert.include(content, "You: line 7")
    assert.notInclude(content, "line 8")
  })

  it("only counts lines after the previous summary, and folds the previous summary in", () => {
    const all = lines(20)
    const previous = Option.some({ text: "They talked about their week.", coversUntil: all[9]!.at })
    assert.isTrue(Option.isNone(planSummary(input({ lines: all.slice(0, 18), previous }))))
    const plan = Option.getOrThrow(planSummary(input({ lines: all, previous })))
    const content = plan.request.messages[0]!.content
    assert.include(content, "Summary so far:\nThey talked about their week.")
    assert.notInclude(content, "line 9\n")
    assert.include(content, "Them: line 10")
    assert.deepStrictEqual(plan.coversUntil, all[15]!.at)
  })

  it("never splits lines of one instant between the summary and the history", () => {
    // keep 3 would cut the turn of lines 8 and 9 in two: line 8 stays out with it.
    const plan = Option.getOrThrow(planSummary(input({ lines: lines(12), keep: 3 })))
    assert.strictEqual(plan.lines, 8)
    const sameInstant = lines(12).map((l) => new ChatLine({ ...l, at: DateTime.makeUnsafe(start) }))
    assert.isTrue(Option.isNone(planSummary(input({ lines: sameInstant }))))
  })

  it("shows known facts so the model does not repeat them, only when asked for facts", () => {
    const known = ["Their dog is called Rex."]
    assert.include(conversationOf(planSummary(input({ lines: lines(10), knownFacts: known }))), "- Their dog is called Rex.")
    assert.notInclude(
      conversationOf(planSummary(input({ lines: lines(10), knownFacts: known, withFacts: false }))),
      "Rex"
    )
  })

  it("the instructions are the same for every person and turn (a cacheable prefix)", () => {
    const a = Option.getOrThrow(planSummary(input({ lines: lines(10) })))
    const b = Option.getOrThrow(planSummary(input({ lines: lines(14, (i) => `other ${i}`), knownFacts: ["x"] })))
    assert.deepStrictEqual(a.request.system, b.request.system)
    assert.isTrue(a.request.system.every((block) => block.cache))
  })

  it("never exceeds the prompt budget, however long the lines", () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ maxLength: 3000 }), { minLength: 10, maxLength: 60 }),
        fc.string({ maxLength: 5000 }),
        fc.integer({ min: 1500, max: 6000 }),
        (texts, previous, budget) => {
          const all = texts.map((t, i) => line(i, t))
          const plan = planSummary(input({
            lines: all,
            previous: Option.some({ text: previous, coversUntil: DateTime.makeUnsafe(start - 1) }),
            budget: { maxPromptTokens: budget, maxOutputTokens: 300, memoryShare: 0.25 }
          }))
          if (Option.isSome(plan)) {
            assert.isAtMost(estimateRequestTokens(plan.value.request), budget)
            assert.isAtLeast(plan.value.lines, 1)
          }
        }
      ),
      { numRuns: 200 }
    )
  })
})

describe("RollingSummary.readSummaryAnswer", () => {
  it("reads the summary and the facts in the asked-for form", () => {
    const answer = readSummaryAnswer(
      "SUMMARY: They started a new job at the bakery and are nervous about it.\nFACTS:\n- Their dog is called Rex.\n- They work at the bakery",
      1000
    )
    assert.strictEqual(answer.summary, "They started a new job at the bakery and are nervous about it.")
    assert.deepStrictEqual(answer.facts, ["Their dog is called Rex.", "They work at the bakery."])
  })

  it("takes an answer without markers as the summary, and 'none' as no facts", () => {
    assert.deepStrictEqual(readSummaryAnswer("  They are planning a trip to Lisbon.  ", 1000), {
      summary: "They are planning a trip to Lisbon.",
      facts: []
    })
    assert.deepStrictEqual(readSummaryAnswer("**Summary:** They moved.\n**Facts:** none", 1000), {
      summary: "They moved.",
      facts: []
    })
    assert.isUndefined(readSummaryAnswer("SUMMARY:\nFACTS: none", 1000).summary)
  })

  it("keeps only short third-person facts that touch on no crisis, and a few of them", () => {
    const answer = readSummaryAnswer(
      [
        "SUMMARY: They had a hard week.",
        "FACTS:",
        "- They want to kill themselves.",
        "- Do they like cats?",
        "- I think they live in Denver.",
        `- Their ${"very ".repeat(40)}long fact.`,
        ...Array.from({ length: 8 }, (_, i) => `${i + 1}. Their friend number ${i + 1} is called Sam${i}.`)
      ].join("\n"),
      1000
    )
    assert.strictEqual(answer.facts.length, MAX_FACTS_PER_SUMMARY)
    assert.deepStrictEqual(answer.facts[0], "Their friend number 1 is called Sam0.")
  })

  it("cuts a long summary at a sentence that fits", () => {
    const long = Array.from({ length: 60 }, (_, i) => `They said thing number ${i}.`).join(" ")
    const summary = readSummaryAnswer(`SUMMARY: ${long}`, maxSummaryChars(50))!.summary!
    assert.isAtMost(summary.length, maxSummaryChars(50))
    assert.isTrue(summary.endsWith("."))
  })
})
