import { assert, describe, it } from "@effect/vitest"
import { Effect, Option, Schema } from "effect"
import { parsePhoneNumber, PhoneNumber } from "../src/domain/PhoneNumber.ts"

describe("PhoneNumber", () => {
  it("accepts E.164", () => {
    assert.deepStrictEqual(parsePhoneNumber("+14155552671"), Option.some("+14155552671" as PhoneNumber))
    assert.isTrue(Schema.is(PhoneNumber)("+14155552671"))
    assert.isFalse(Schema.is(PhoneNumber)("14155552671"))
  })
  it.effect.prop("never throws", [Schema.String], ([s]) => Effect.sync(() => { parsePhoneNumber(s, "1") }))
})
