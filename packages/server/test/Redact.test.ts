import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer } from "effect"
import fc from "fast-check"
import { JsonLogger, Redact } from "../src/index.ts"

const e164 = fc.tuple(fc.integer({ min: 1, max: 9 }), fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 9, maxLength: 13 }))
  .map(([first, rest]) => `+${first}${rest.join("")}`)

/** How people and providers write numbers: E.164, national with punctuation, URL-encoded. */
const written = fc.tuple(e164, fc.constantFrom("e164", "spaced", "dashed", "dotted", "parens", "encoded")).map(
  ([number, style]) => {
    const digits = number.slice(1)
    const national = digits.slice(-10)
    switch (style) {
      case "e164":
        return { number, text: number }
      case "spaced":
        return { number, text: `+${digits.slice(0, -10)} ${national.slice(0, 3)} ${national.slice(3, 6)} ${national.slice(6)}` }
      case "dashed":
        return { number, text: `${national.slice(0, 3)}-${national.slice(3, 6)}-${national.slice(6)}` }
      case "dotted":
        return { number, text: `${national.slice(0, 3)}.${national.slice(3, 6)}.${national.slice(6)}` }
      case "parens":
        return { number, text: `(${national.slice(0, 3)}) ${national.slice(3, 6)}-${national.slice(6)}` }
      default:
        return { number, text: `From=%2B${digits}&To=` }
    }
  }
)

const surrounding = fc.string({ unit: fc.constantFrom("a", "b", " ", ":", "=", "\"", ",", "\n", "é") })

describe("Redact", () => {
  it("no written-out phone number survives, whatever surrounds it", () => {
    fc.assert(fc.property(surrounding, written, surrounding, (before, { number, text }, after) => {
      const redacted = Redact.redactText(`${before}${text.startsWith("+") ? "" : " "}${text} ${after}`)
      assert.notInclude(redacted, number)
      assert.notInclude(redacted, number.slice(-10))
      assert.notMatch(redacted, /\d{3}[\s.-]?\d{4}(?!\d)/)
      assert.include(redacted, Redact.PHONE_MASK)
    }), { numRuns: 500 })
  })

  it.effect("ids, timestamps and short numbers are left alone", () =>
    Effect.sync(() => {
      for (
        const kept of [
          "twilio:SM0123456789abcdef0123456789abcdef",
          "bandwidth:17000000000011234x2",
          "019845e1-682f-4b02-a706-3b2422d13aec",
          "userId 12345678-1234-4567-8901-234567890123",
          "console:61542738-0451-4527-994c-4eb5bbb7557a.1",
          "2026-11-22T04:10:23.332Z",
          "listening on port 3000",
          "turn twilio:SM00000000000000000000000000000001.2 sent"
        ]
      ) assert.strictEqual(Redact.redactText(kept), kept)
    }))

  it.effect("values are redacted deep inside objects and arrays, keys included; other types are kept", () =>
    Effect.sync(() => {
      const value = Redact.redactValue({
        count: 4155552671,
        ok: true,
        nested: { to: ["+14155552671", { from: "call 415-555-2671" }] },
        "+14155552671": "key"
      })
      assert.deepStrictEqual(value, {
        count: 4155552671,
        ok: true,
        nested: { to: ["[phone]", { from: "call [phone]" }] },
        "[phone]": "key"
      })
    }))
})

describe("JsonLogger", () => {
  it.effect("writes one JSON object per line, with annotations, and masks numbers in every field", () =>
    Effect.gen(function*() {
      const lines: Array<string> = []
      yield* Effect.logWarning("texted +14155552671").pipe(
        Effect.annotateLogs({ userId: "u-1", detail: { phone: "+1 (415) 555-2671" } }),
        Effect.andThen(Effect.logError("failed", new Error("unreachable number +447911123456"))),
        Effect.andThen(Effect.logDebug("below the minimum level")),
        Effect.provide(Layer.fresh(JsonLogger.layer({ minimumLevel: "Info", sink: (line) => lines.push(line) })))
      )
      assert.strictEqual(lines.length, 2)
      const [warning, error] = lines.map((line) => JSON.parse(line))
      assert.strictEqual(warning.level, "WARN")
      assert.strictEqual(warning.message, "texted [phone]")
      assert.strictEqual(warning.userId, "u-1")
      assert.deepStrictEqual(warning.detail, { phone: "[phone]" })
      assert.match(warning.timestamp, /^\d{4}-\d\d-\d\dT/)
      assert.strictEqual(error.level, "ERROR")
      assert.notInclude(lines[1]!, "7911123456")
      for (const line of lines) assert.notMatch(line, /\d{3}.?\d{4}(?!\d)/)
    }))
})
