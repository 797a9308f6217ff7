/**
 * A long conversation stays inside the prompt budget and keeps what the person
 * told Jules at the start: 200 turns of short and long texts, with the rolling
 * summary folding older lines away and the facts shared in the first turns
 * still in every reply prompt at the end.
 */
import { assert, describe, it } from "@effect/vitest"
import type { ModelRequest } from "@jules/core"
import { CompanionSettings, estimateRequestTokens, MemoryStore } from "@jules/core"
import { EverydayTexts, ModelScripts, Scenario, ScriptedModel } from "@jules/testkit"
import { Effect } from "effect"
import { TestClock } from "effect/testing"

const FACTS = [
  ["my dog is called Rex", "Their dog is called Rex."],
  ["I live in Denver btw", "They live in Denver."],
  ["I work as a nurse at the children's hospital", "They work as a nurse."],
  ["my sister Anna is visiting next month", "Their sister is called Anna."],
  ["oh and I'm allergic to peanuts", "They are allergic to peanuts."],
  ["my birthday is May 3", "Their birthday is May 3."]
] as const

const conversation = (turns: number): ReadonlyArray<string> =>
  EverydayTexts.everydayTexts({
    turns,
    opening: FACTS.map(([text]) => text),
    seed: 0x7a11,
    longShare: 0.4,
    longSentences: { min: 4, max: 13 }
  })

/** Replies of every length the tier allows, and summaries of varying size, some with facts. */
const scriptModel = Effect.gen(function*() {
  const scripts = yield* ModelScripts
  const random = EverydayTexts.seededRandom(0x5eed)
  let summaries = 0
  yield* scripts.setDefault("primary", (request: ModelRequest) => {
    if (request.purpose === "summary") {
      summaries++
      const body = Array.from({ length: 6 + Math.floor(random() * 14) }, (_, i) =>
        `In part ${summaries}.${i} they talked about work, cooking and walks by the river.`).join(" ")
      const facts = summaries % 5 === 0 ? `\nFACTS:\n- Their favorite soup is lentil soup ${summaries}.` : "\nFACTS: none"
      return ScriptedModel.replyWith(`SUMMARY: ${body}${facts}`)
    }
    const words = 5 + Math.floor(random() * 70)
    return ScriptedModel.replyWith(`${"That sounds like quite a day, tell me more about it ".repeat(8).split(" ").slice(0, words).join(" ")}?`)
  })
})

describe("a 200-turn conversation", () => {
  const layer = Scenario.layer({
    settings: {
      tiers: { free: { dailyTurns: null, maxReplySegments: 3 } },
      promptBudget: { maxPromptTokens: 2500, maxOutputTokens: 300, memoryShare: 0.25 }
    },
    testLayers: { models: ["primary"] }
  })

  it.effect("every prompt stays within the budget, and the early facts are still in the replies' prompts", () =>
    Effect.gen(function*() {
      yield* scriptModel
      const settings = yield* CompanionSettings
      const scripts = yield* ModelScripts
      const alex = yield* Scenario.person()
      const texts = conversation(200)
      for (const text of texts) {
        const exchange = yield* alex.texts(text)
        assert.strictEqual(exchange.outcome, "replied")
        yield* TestClock.adjust("2 minutes")
      }

      const requests = (yield* scripts.requests("primary")).map((call) => call.request)
      for (const request of requests) {
        assert.isAtMost(estimateRequestTokens(request), settings.promptBudget.maxPromptTokens)
      }
      const replies = requests.filter((r) => r.purpose === "reply")
      const summaries = requests.filter((r) => r.purpose === "summary")
      assert.strictEqual(replies.length, 200)
      assert.isAtLeast(summaries.length, 20)

      // From the turn after the last fact was shared to the very end.
      for (const reply of replies.slice(FACTS.length)) {
        const memory = reply.system.at(-1)!.text
        for (const [, fact] of FACTS) assert.include(memory, fact)
      }
      const last = replies.at(-1)!
      assert.include(last.system.at(-1)!.text, "Summary of your earlier conversations:")
      assert.strictEqual(last.messages.at(-1)!.content, texts.at(-1))

      const user = yield* alex.user
      const remembered = (yield* (yield* MemoryStore).facts(user.id)).map((f) => f.text)
      for (const [, fact] of FACTS) assert.include(remembered, fact)
    }).pipe(Effect.provide(layer)))
})
