import { assert, describe, it } from "@effect/vitest"
import { asksIfHuman, checkReply } from "../src/policy/OutputCheck.ts"
import { makeCopy } from "../src/turn/Copy.ts"

const copy = makeCopy({ brandName: "Jules", supportContact: "help@example.com" })
const check = (reply: string, userText = "hi", minor = false) => checkReply({ reply, userText, minor, copy })

describe("OutputCheck", () => {
  it("recognises the ways people ask whether they are texting a human", () => {
    for (const q of ["are you human?", "Are u a real person", "r u a bot", "is this a real person?", "am I talking to a bot", "human or AI?", "are you real"]) {
      assert.isTrue(asksIfHuman(q), q)
    }
    for (const q of ["are you ok?", "my brother is a real person", "human resources called"]) {
      assert.isFalse(asksIfHuman(q), q)
    }
  })
  it("asked if it is human, the reply always says it is an AI", () => {
    const checked = check("Haha what do you think? Tell me about your day.", "are you human?")
    assert.isTrue(checked.text.startsWith(copy.aiStatement))
    assert.deepStrictEqual(checked.adjustments, ["ai_statement_added"])
  })
  it("a reply that already says so is left alone", () => {
    const checked = check("I'm an AI, not a person - but I'm glad to talk.", "are you a bot?")
    assert.deepStrictEqual(checked.adjustments, [])
  })
  it("a reply claiming to be human never goes out", () => {
    const checked = check("Yes, I'm a real person!", "are you human")
    assert.strictEqual(checked.text, copy.aiStatement)
    assert.deepStrictEqual(checked.adjustments, ["human_claim_replaced"])
  })
  it("minors never receive sexual content; adults' replies are not censored by that rule", () => {
    assert.strictEqual(check("That sounds sexy", "hi", true).text, copy.minorSafeReply)
    assert.strictEqual(check("That sounds sexy", "hi", false).text, "That sounds sexy")
  })
  it("method details are replaced by a safe reply", () => {
    for (const r of ["A lethal dose would be", "You could overdose on those", "the painless way to die is"]) {
      assert.strictEqual(check(r).text, copy.safeReply, r)
    }
    assert.strictEqual(check("I hear you. Do you want to talk about it?").text, "I hear you. Do you want to talk about it?")
  })
})
