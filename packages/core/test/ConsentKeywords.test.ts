import { assert, describe, it } from "@effect/vitest"
import { Effect, Schema } from "effect"
import { consentKeyword } from "../src/policy/ConsentKeywords.ts"

const OPT_OUT = ["STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "REVOKE", "OPTOUT", "OPT OUT"]
const OPT_IN = ["START", "UNSTOP"]
const HELP = ["HELP", "INFO"]

// Property inputs are Schemas: @effect/vitest derives and shrinks the values.
const Padding = Schema.Literals(["", " ", "  ", "\n", "\t", " \n "])
const Trailing = Schema.Literals(["", ".", "!", "!!", "?", " ."])
const Casing = Schema.Array(Schema.Boolean)
const dress = (word: string, casing: ReadonlyArray<boolean>, before: string, after: string, punct: string) =>
  `${before}${Array.from(word, (c, i) => (casing[i] ? c.toLowerCase() : c)).join("")}${punct}${after}`
const dressed = (words: ReadonlyArray<string>) =>
  Schema.Struct({
    word: Schema.Literals(words as [string, ...Array<string>]),
    casing: Casing,
    before: Padding,
    after: Padding,
    punct: Trailing
  })
const text = (d: { word: string; casing: ReadonlyArray<boolean>; before: string; after: string; punct: string }) =>
  dress(d.word, d.casing, d.before, d.after, d.punct)

describe("ConsentKeywords", () => {
  it.effect.prop("every opt-out keyword opts out, whatever the case, spacing or final punctuation", [dressed(OPT_OUT)], ([d]) =>
    Effect.sync(() => {
      assert.strictEqual(consentKeyword(text(d), "opted_in"), "opt_out")
      assert.strictEqual(consentKeyword(text(d), "opted_out"), "opt_out")
    }))

  it.effect.prop("START and UNSTOP opt in from either state", [dressed(OPT_IN)], ([d]) =>
    Effect.sync(() => {
      assert.strictEqual(consentKeyword(text(d), "opted_out"), "opt_in")
      assert.strictEqual(consentKeyword(text(d), "opted_in"), "opt_in")
    }))

  it.effect.prop("HELP and INFO ask for help", [dressed(HELP)], ([d]) =>
    Effect.sync(() => assert.strictEqual(consentKeyword(text(d), "opted_in"), "help")))

  it.effect.prop("a keyword inside a sentence is conversation, not a keyword", [
    Schema.Literals([...OPT_OUT, ...OPT_IN, ...HELP] as [string, ...Array<string>]),
    Schema.Literals(["please", "I want to", "don't", "can you", "ok"]),
    Schema.Boolean
  ], ([word, other, before]) =>
    Effect.sync(() => {
      const text = before ? `${other} ${word.toLowerCase()}` : `${word.toLowerCase()} ${other}`
      assert.isUndefined(consentKeyword(text, "opted_in"))
    }))

  it("YES re-subscribes only someone who opted out", () => {
    assert.strictEqual(consentKeyword("yes", "opted_out"), "opt_in")
    assert.isUndefined(consentKeyword("yes", "opted_in"))
  })

  it("variants people type: opt-out with a hyphen, Stop with a capital", () => {
    assert.strictEqual(consentKeyword("opt-out", "opted_in"), "opt_out")
    assert.strictEqual(consentKeyword("Stop", "opted_in"), "opt_out")
    assert.isUndefined(consentKeyword("stopped", "opted_in"))
    assert.isUndefined(consentKeyword("", "opted_in"))
  })

  it.effect.prop("never throws, and only answers with one of three keywords", [Schema.String], ([anything]) =>
    Effect.sync(() => {
      const k = consentKeyword(anything, "opted_in")
      assert.include([undefined, "opt_out", "opt_in", "help"], k)
    }))
})
