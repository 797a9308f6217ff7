import { assert, describe, it } from "@effect/vitest"
import { DateTime, Effect, Option, Schema } from "effect"
import type { MessageId } from "../src/domain/Ids.ts"
import { ChatLine } from "../src/domain/Message.ts"
import type { Tier } from "../src/domain/User.ts"
import { assemblePrompt, estimateRequestTokens, type PromptInput } from "../src/policy/PromptAssembly.ts"
import * as Persona from "../src/turn/Persona.ts"

const at = DateTime.makeUnsafe("2026-11-22T12:00:00Z")
const line = (i: number, text: string) =>
  new ChatLine({ messageId: `m${i}` as MessageId, role: i % 2 === 0 ? "user" : "assistant", text, at })

const input = (over: Partial<PromptInput> = {}): PromptInput => ({
  persona: Persona.persona("Jules"),
  modeRules: [],
  facts: [],
  summary: Option.none(),
  localTime: "Sunday, November 22, 7:00 AM",
  history: [],
  userText: "hello",
  budget: { maxPromptTokens: 1500, maxOutputTokens: 200, memoryShare: 0.25 },
  tier: "free" as Tier,
  purpose: "reply",
  ...over
})

describe("PromptAssembly", () => {
  it("puts the stable persona first, marked cacheable, and the changing memory after it", () => {
    const request = assemblePrompt(input({ facts: ["Their dog is called Rex."] }))
    assert.strictEqual(request.system[0]!.text, Persona.persona("Jules"))
    assert.isTrue(request.system[0]!.cache)
    assert.isFalse(request.system.at(-1)!.cache)
    assert.include(request.system.at(-1)!.text, "Their dog is called Rex.")
  })

  it("the cacheable prefix is byte-identical whatever the conversation", () => {
    const a = assemblePrompt(input({ history: [line(0, "hi"), line(1, "hey!")], userText: "how are you" }))
    const b = assemblePrompt(input({ history: [line(0, "something else entirely")], facts: ["Likes tea."], userText: "yo" }))
    const prefix = (r: typeof a) => r.system.filter((s) => s.cache).map((s) => s.text).join("\u0000")
    assert.strictEqual(prefix(a), prefix(b))
  })

  it("safety and minor rules join the cached prefix", () => {
    const request = assemblePrompt(input({ modeRules: [Persona.safetyRules, Persona.minorRules] }))
    assert.deepStrictEqual(request.system.map((s) => s.cache), [true, true, true, false])
  })

  it("messages alternate and end with the new text", () => {
    const request = assemblePrompt(input({
      history: [line(1, "an old reply"), line(2, "a"), line(4, "b"), line(5, "c")],
      userText: "now"
    }))
    assert.deepStrictEqual(request.messages.map((m) => m.role), ["user", "assistant", "user"])
    assert.strictEqual(request.messages[0]!.content, "a\nb")
    assert.strictEqual(request.messages.at(-1)!.content, "now")
  })

  it.effect.prop(
    "never exceeds the budget and always keeps the newest facts that fit",
    [Schema.Array(Schema.String), Schema.Array(Schema.String), Schema.Int.check(Schema.isBetween({ minimum: 1200, maximum: 6000 }))],
    ([texts, facts, budget]) =>
      Effect.sync(() => {
        const history = texts.map((t, i) => line(i, t.repeat(1 + (i % 7))))
        const request = assemblePrompt(input({
          history,
          facts,
          userText: texts.join(" ").slice(0, 500) || "hi",
          budget: { maxPromptTokens: budget, maxOutputTokens: 200, memoryShare: 0.25 }
        }))
        assert.isAtMost(estimateRequestTokens(request), budget)
        const lastFact = facts.at(-1)
        if (lastFact !== undefined && lastFact.length < 200) assert.include(request.system.at(-1)!.text, lastFact)
      })
  )
})
