/** "I'm 15" is a claim of age; "I'm 15 minutes away" is not. */
import { assert, describe, it } from "@effect/vitest"
import { declaredAges, declaredMinorAge, isVerificationKeyword } from "@jules/core"
import * as fc from "fast-check"

describe("a declared age", () => {
  it.each([
    ["I'm 15", 15],
    ["im 15 lol", 15],
    ["i am 14 years old and bored", 14],
    ["I’m only 13.", 13],
    ["i just turned fifteen!", 15],
    ["I'm 16yo", 16],
    ["I'm 17 y/o btw", 17],
    ["my age is 14", 14],
    ["hey. I'm 12, is that ok?", 12]
  ] as const)("%j claims %i", (text, age) => {
    assert.deepStrictEqual(declaredAges(text), [age])
    assert.strictEqual(declaredMinorAge(text), age)
  })

  it.each([
    "I'm 15 minutes away",
    "I'm 5'6",
    "i'm 3 blocks from school",
    "I am 100% sure",
    "im 15% done",
    "my sister is 15",
    "when I was 14 I moved",
    "I have 15 cats"
  ])("%j claims nothing", (text) => {
    assert.deepStrictEqual(declaredAges(text), [])
  })

  it("a claim of adulthood is read but is not a minor's claim", () => {
    assert.deepStrictEqual(declaredAges("I'm 21"), [21])
    assert.isUndefined(declaredMinorAge("I'm 21"))
    assert.strictEqual(declaredMinorAge("I'm 21... ok fine I'm 15"), 15)
  })

  it("any text: no throw, and only ages from 1 to 120 (property)", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: "binary" }), fc.constantFrom("I'm ", "i am ", "I just turned ").chain((p) => fc.string().map((s) => p + s))), (text) => {
        for (const age of declaredAges(text)) assert.isTrue(Number.isInteger(age) && age >= 1 && age <= 120)
        const minor = declaredMinorAge(text)
        assert.isTrue(minor === undefined || minor < 18)
      }),
      { numRuns: 2000 }
    )
  })
})

describe("AGE and VERIFY", () => {
  it("are whole-message keywords, any case", () => {
    for (const text of ["AGE", "age", " Verify ", "verify!", "AGE."]) assert.isTrue(isVerificationKeyword(text), text)
    for (const text of ["my age", "verify me", "ages", ""]) assert.isFalse(isVerificationKeyword(text), text)
  })
})
