/**
 * Facts from what people text: the statements it must understand, the ones it
 * must leave alone (questions, negations, hypotheticals, the past, reported
 * speech), and properties that hold for any text.
 */
import { assert, describe, it } from "@effect/vitest"
import fc from "fast-check"
import { extractFacts, factCategory, factKey, isFactSentence, MAX_FACT_LENGTH } from "../src/policy/FactExtraction.ts"

const facts = extractFacts

describe("FactExtraction", () => {
  it("turns first-person statements into short third-person facts", () => {
    const cases: ReadonlyArray<readonly [string, ReadonlyArray<string>]> = [
      ["my dog is called Rex", ["Their dog is called Rex."]],
      ["My dog's name is Biscuit!", ["Their dog is called Biscuit."]],
      ["my name is Sam", ["Their name is Sam."]],
      ["lol my name is sam", ["Their name is Sam."]],
      ["Hi, I'm Sam, what's your name?", ["Their name is Sam."]],
      ["you can call me Jo", ["They go by Jo."]],
      ["I live in Denver", ["They live in Denver."]],
      ["i live in new york with my gf", ["They live in New York."]],
      ["I live in a small town", ["They live in a small town."]],
      ["we just moved to Portland, Oregon", ["They live in Portland."]],
      ["I'm from Ohio originally", ["They are from Ohio."]],
      ["I work as a nurse at Mercy", ["They work as a nurse."]],
      ["i'm a teacher", ["They work as a teacher."]],
      ["I work at Mercy Hospital", ["They work at Mercy Hospital."]],
      ["I study nursing", ["They study nursing."]],
      ["my birthday is May 3", ["Their birthday is May 3."]],
      ["my bday is on the 21st of june!", ["Their birthday is June 21."]],
      ["I'm allergic to peanuts", ["They are allergic to peanuts."]],
      ["I’m allergic to shellfish", ["They are allergic to shellfish."]],
      ["I have a cat allergy", ["They have a cat allergy."]],
      ["I'm vegan", ["They are vegan."]],
      ["I'm married", ["They are married."]],
      ["my sister Anna is visiting this weekend", ["Their sister is called Anna."]],
      ["my little brother is named Leo", ["Their little brother is called Leo."]],
      ["I have a dog named Rex and two cats", ["Their dog is called Rex."]],
      ["we have two kids", ["They have two kids."]],
      ["my favorite color is blue", ["Their favorite color is blue."]],
      ["My name is Sam and I live in Austin. My dog is called Rex.", [
        "Their name is Sam.",
        "They live in Austin.",
        "Their dog is called Rex."
      ]]
    ]
    for (const [text, expected] of cases) assert.deepStrictEqual(facts(text), expected, text)
  })

  it("leaves questions, negations, hypotheticals, the past and reported speech alone", () => {
    for (
      const text of [
        "is my dog called Rex?",
        "do you know my name is Sam",
        "I don't live in Denver anymore",
        "I no longer work as a nurse",
        "my name isn't Sam",
        "if my name was Sam what would you call me",
        "I wish I lived in Paris",
        "I'd live in Paris if I could",
        "maybe I'll move to Boston",
        "I used to live in Denver",
        "when I was a kid my dog was called Rex",
        "she said my name is Bob",
        "jk my name is Batman",
        "I'm not allergic to peanuts"
      ]
    ) assert.deepStrictEqual(facts(text), [], text)
  })

  it("does not take ordinary words for names, places or jobs", () => {
    for (
      const text of [
        "my name is hard to spell",
        "call me later",
        "hey I'm tired",
        "I live in fear",
        "I live in my car",
        "i work at night",
        "I work for myself",
        "I study every day",
        "I have a baby shower tomorrow",
        "my dog is sick",
        "my sister and I went out",
        "my favorite thing is when you text me"
      ]
    ) assert.deepStrictEqual(facts(text), [], text)
  })

  it("keys the facts a person has one of, so a new one can replace the old", () => {
    assert.strictEqual(factKey("They live in Denver."), factKey("They live in a small town."))
    assert.strictEqual(factKey("Their name is Sam."), "name")
    assert.strictEqual(factKey("Their favorite color is blue."), "favorite:color")
    assert.notStrictEqual(factKey("Their favorite color is blue."), factKey("Their favorite food is pizza."))
    assert.isUndefined(factKey("Their dog is called Rex."))
    assert.isUndefined(factKey("They are allergic to peanuts."))
  })

  const fragments = [
    "my", "name", "is", "I", "i'm", "im", "live", "in", "work", "as", "a", "at", "dog", "sister", "called", "named",
    "Rex", "Anna", "Denver", "new york", "birthday", "May", "3", "3rd", "of", "allergic", "to", "peanuts", "have",
    "two", "kids", "not", "don't", "if", "?", ".", ",", "!", "and", "but", "hi", "call", "me", "favorite", "color",
    "’", "'s", "\n", "😀", "Ł", "the", "small", "town", "from", "moved", "study", "vegan", "married", "lol"
  ]
  const sentence = fc.array(fc.constantFrom(...fragments), { maxLength: 30 }).map((words) => words.join(" "))
  const anyText = fc.oneof(sentence, fc.string({ maxLength: 400 }), fc.string({ unit: "binary", maxLength: 200 }))

  it("never throws, and every fact is one short third-person sentence", () => {
    fc.assert(
      fc.property(anyText, (text) => {
        for (const fact of facts(text)) {
          assert.isAtMost(fact.length, MAX_FACT_LENGTH)
          assert.match(fact, /^(?:They|Their) [^\n?]+\.$/u)
          assert.isTrue(isFactSentence(fact))
        }
      }),
      { numRuns: 2000 }
    )
  })

  it("finds each fact once, and nothing in a question", () => {
    fc.assert(
      fc.property(sentence, (text) => {
        const found = facts(text).map((f) => f.toLowerCase())
        assert.strictEqual(new Set(found).size, found.length)
        assert.deepStrictEqual(facts(`${text.replace(/[.!?;,\n]/g, " ")}?`), [])
      }),
      { numRuns: 1000 }
    )
  })
})

describe("FactExtraction on ordinary phrasing", () => {
  it("hears how people actually text: greetings, modifiers, breeds, slang and misspellings", () => {
    const cases: ReadonlyArray<readonly [string, ReadonlyArray<string>]> = [
      ["hey! I'm Priya", ["Their name is Priya."]],
      ["I'm a night-shift nurse", ["They work as a night-shift nurse."]],
      ["my corgi Biscuit", ["Their corgi is called Biscuit."]],
      ["yo im marcus", ["Their name is Marcus."]],
      ["Priya here 👋", ["Their name is Priya."]],
      ["my bf Jake is cooking tonight", ["Their boyfriend is called Jake."]],
      ["ugh my roommate Kyle never does dishes", ["Their roommate is called Kyle."]],
      ["im a nurce", ["They work as a nurse."]],
      ["my pronouns r they/them", ["They use they/them pronouns."]],
      ["keep it short pls", ["They prefer short replies."]],
      ["i have 2 cats", ["They have two cats."]]
    ]
    for (const [text, expected] of cases) assert.deepStrictEqual(facts(text), expected, text)
  })

  it("a correction in the same text replaces what it corrects", () => {
    assert.deepStrictEqual(facts("I live in Denver, sorry I mean Boulder"), ["They live in Boulder."])
    assert.deepStrictEqual(facts("my cat is named Milo* Mila"), ["Their cat is called Mila."])
    assert.deepStrictEqual(facts("I live in Denver. No, I don't like it"), ["They live in Denver."])
  })

  it("a bare answer counts when Jules just asked for it", () => {
    assert.deepStrictEqual(facts("Sam", { previousReply: "What should I call you?" }), ["Their name is Sam."])
    assert.deepStrictEqual(facts("Denver", { previousReply: "Where do you live?" }), ["They live in Denver."])
    assert.deepStrictEqual(facts("Sam", { previousReply: "How was your day?" }), [])
  })

  it("how people say how they are is not a name", () => {
    for (const text of ["I'm 15", "im 15 lol", "hey I'm bored", "Hi, I'm Good thanks", "I'm Excited for the weekend", "I'm Fine", "hey im exhausted", "yo im starving"]) {
      assert.deepStrictEqual(facts(text), [], text)
    }
  })

  it("each fact has its category", () => {
    const cases: ReadonlyArray<readonly [string, string]> = [
      ["Their name is Priya.", "name"],
      ["They go by Jo.", "preferences"],
      ["They prefer short replies.", "preferences"],
      ["Their corgi is called Biscuit.", "pets"],
      ["They have two cats.", "pets"],
      ["Their sister is called Maya.", "people"],
      ["They live in Denver.", "places"],
      ["They work as a night-shift nurse.", "work"],
      ["They are allergic to peanuts.", "health"],
      ["Their birthday is May 3.", "other"]
    ]
    for (const [fact, category] of cases) assert.strictEqual(factCategory(fact), category, fact)
  })
})
