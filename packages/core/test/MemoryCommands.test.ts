/**
 * Memory commands by text: what they are, what they are not (consent
 * keywords, conversation), which facts "forget ..." names, and how facts read
 * back to the person.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Schema } from "effect"
import { consentKeyword } from "../src/policy/ConsentKeywords.ts"
import { factsMatching, inSecondPerson, memoryCommand } from "../src/policy/MemoryCommands.ts"

const CTIA = ["STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "REVOKE", "OPTOUT", "OPT OUT", "START", "UNSTOP", "YES", "HELP", "INFO"]

const Padding = Schema.Literals(["", " ", "  ", "\n", " \n "])
const Trailing = Schema.Literals(["", ".", "!", "?", "!!", " ."])
const dressed = (phrases: ReadonlyArray<string>) =>
  Schema.Struct({
    phrase: Schema.Literals(phrases as [string, ...Array<string>]),
    casing: Schema.Array(Schema.Boolean),
    before: Padding,
    after: Padding,
    punct: Trailing
  })
const text = (d: { phrase: string; casing: ReadonlyArray<boolean>; before: string; after: string; punct: string }) =>
  `${d.before}${Array.from(d.phrase, (c, i) => (d.casing[i] ? c.toUpperCase() : c.toLowerCase())).join("")}${d.punct}${d.after}`

describe("MemoryCommands", () => {
  it.effect.prop("FORGET ALL and its variants clear everything, whatever the case, spacing or final punctuation", [
    dressed(["forget all", "forgetall", "forget everything", "forget everything about me", "clear my memory"])
  ], ([d]) => Effect.sync(() => assert.deepStrictEqual(memoryCommand(text(d)), { _tag: "ForgetAll" })))

  it.effect.prop("\"what do you remember about me?\" and its variants read memory back", [
    dressed(["what do you remember about me", "what do u remember abt me", "what do you know about me", "memory", "so what have you saved about me"])
  ], ([d]) => Effect.sync(() => assert.deepStrictEqual(memoryCommand(text(d)), { _tag: "Recall" })))

  it.effect.prop("FORGET and \"forget that\" alone forget the newest fact", [dressed(["forget", "forget that", "please forget that"])], ([d]) =>
    Effect.sync(() => assert.deepStrictEqual(memoryCommand(text(d)), { _tag: "Forget", about: undefined })))

  it.effect.prop("no CTIA keyword is a memory command, and every one stays a consent keyword", [
    Schema.Struct({ word: Schema.Literals(CTIA as [string, ...Array<string>]), casing: Schema.Array(Schema.Boolean), punct: Trailing })
  ], ([d]) =>
    Effect.sync(() => {
      const message = `${Array.from(d.word, (c, i) => (d.casing[i] ? c.toLowerCase() : c)).join("")}${d.punct}`
      assert.isUndefined(memoryCommand(message))
      assert.isDefined(consentKeyword(message, "opted_out"))
    }))

  it.effect.prop("a command inside a sentence is conversation", [
    Schema.Literals(["forget all", "forget that I have a dog", "what do you remember about me"]),
    Schema.Literals(["I want to", "don't", "lol", "can't", "why did you"])
  ], ([command, other]) =>
    Effect.sync(() => {
      assert.isUndefined(memoryCommand(`${other} ${command}`))
      if (!command.includes("dog")) assert.isUndefined(memoryCommand(`${command} ${other}`))
    }))

  it.effect.prop("never throws on any text, and answers with a command or nothing", [Schema.String], ([anything]) =>
    Effect.sync(() => {
      const command = memoryCommand(anything)
      assert.include([undefined, "Recall", "ForgetAll", "Forget"], command?._tag)
    }))

  it("\"forget that …\" carries what to forget; \"forget it\" is not a command", () => {
    assert.deepStrictEqual(memoryCommand("forget that I have a dog"), { _tag: "Forget", about: "i have a dog" })
    assert.deepStrictEqual(memoryCommand("Please forget about my ex."), { _tag: "Forget", about: "my ex" })
    for (const chat of ["forget it", "forget about it", "forget you", "I'll never forget that", "forget that, what's for dinner"]) {
      assert.isUndefined(memoryCommand(chat), chat)
    }
  })

  it("\"forget …\" names the facts holding every word that matters", () => {
    const facts = ["Their dog is called Rex.", "They have two dogs.", "They live in Denver.", "Their sister is called Anna."]
    assert.deepStrictEqual(factsMatching("i have a dog", facts), ["Their dog is called Rex.", "They have two dogs."])
    assert.deepStrictEqual(factsMatching("that i live in denver", facts), ["They live in Denver."])
    assert.deepStrictEqual(factsMatching("my sister anna", facts), ["Their sister is called Anna."])
    assert.deepStrictEqual(factsMatching("my address", facts), [])
    assert.deepStrictEqual(factsMatching("that", facts), [])
  })

  it("facts read back in the second person", () => {
    assert.strictEqual(inSecondPerson("Their dog is called Rex."), "Your dog is called Rex.")
    assert.strictEqual(inSecondPerson("They use they/them pronouns."), "You use they/them pronouns.")
    assert.strictEqual(inSecondPerson("They are allergic to peanuts."), "You are allergic to peanuts.")
  })
})
