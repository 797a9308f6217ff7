import { assert, describe, it } from "@effect/vitest"
import { Effect, Schema } from "effect"
import { BILLING_KEYWORDS, isBillingKeyword } from "../src/policy/BillingKeywords.ts"
import { consentKeyword } from "../src/policy/ConsentKeywords.ts"

const Padding = Schema.Literals(["", " ", "  ", "\n", "\t", " \n "])
const Trailing = Schema.Literals(["", ".", "!", "!!", "?", " ."])
const dressed = Schema.Struct({
  word: Schema.Literals(["UPGRADE", "PLAN", "BILLING"]),
  casing: Schema.Array(Schema.Boolean),
  before: Padding,
  after: Padding,
  punct: Trailing
})
const text = (d: typeof dressed.Type) =>
  `${d.before}${Array.from(d.word, (c, i) => (d.casing[i] ? c.toLowerCase() : c)).join("")}${d.punct}${d.after}`

describe("BillingKeywords", () => {
  it.effect.prop("UPGRADE, PLAN and BILLING ask for the link, whatever the case, spacing or final punctuation", [
    dressed
  ], ([d]) => Effect.sync(() => assert.isTrue(isBillingKeyword(text(d)), JSON.stringify(text(d)))))

  it.effect.prop("inside a sentence they are conversation", [
    Schema.Literals(["upgrade", "plan", "billing"]),
    Schema.Literals(["what's my", "I want to", "no", "my", "can I"]),
    Schema.Boolean
  ], ([word, other, before]) =>
    Effect.sync(() => assert.isFalse(isBillingKeyword(before ? `${other} ${word}` : `${word} ${other}`))))

  it.effect.prop("no text is both a billing keyword and a CTIA keyword, in either consent state", [Schema.String], ([
    anything
  ]) =>
    Effect.sync(() => {
      if (!isBillingKeyword(anything)) return
      assert.isUndefined(consentKeyword(anything, "opted_in"))
      assert.isUndefined(consentKeyword(anything, "opted_out"))
    }))

  it("the billing words are not CTIA words, and CTIA words are not billing words", () => {
    for (const word of BILLING_KEYWORDS) assert.isUndefined(consentKeyword(word, "opted_in"))
    for (const word of ["STOP", "CANCEL", "END", "HELP", "INFO", "START", "UNSUBSCRIBE", "QUIT"]) {
      assert.isFalse(isBillingKeyword(word), word)
    }
    assert.isFalse(isBillingKeyword(""))
    assert.isFalse(isBillingKeyword("upgrades"))
  })
})
