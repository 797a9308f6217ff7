import { assert, describe, it } from "@effect/vitest"
import fc from "fast-check"
import * as SmsSegments from "../src/policy/SmsSegments.ts"

const { encodingOf, measure, split, toGsmFriendly, truncateToSegments } = SmsSegments

// --- An independent reference, written from the GSM 03.38 code chart --------------------

/** GSM code -> Unicode where the default alphabet differs from ASCII (unicode.org GSM0338.TXT). */
const NON_ASCII: Record<number, number> = {
  0x00: 0x40, 0x01: 0xa3, 0x02: 0x24, 0x03: 0xa5, 0x04: 0xe8, 0x05: 0xe9, 0x06: 0xf9, 0x07: 0xec,
  0x08: 0xf2, 0x09: 0xc7, 0x0b: 0xd8, 0x0c: 0xf8, 0x0e: 0xc5, 0x0f: 0xe5,
  0x10: 0x394, 0x11: 0x5f, 0x12: 0x3a6, 0x13: 0x393, 0x14: 0x39b, 0x15: 0x3a9, 0x16: 0x3a0, 0x17: 0x3a8,
  0x18: 0x3a3, 0x19: 0x398, 0x1a: 0x39e, 0x1c: 0xc6, 0x1d: 0xe6, 0x1e: 0xdf, 0x1f: 0xc9,
  0x24: 0xa4, 0x40: 0xa1, 0x5b: 0xc4, 0x5c: 0xd6, 0x5d: 0xd1, 0x5e: 0xdc, 0x5f: 0xa7,
  0x60: 0xbf, 0x7b: 0xe4, 0x7c: 0xf6, 0x7d: 0xf1, 0x7e: 0xfc, 0x7f: 0xe0
}
const ESC = 0x1b
const REF_BASIC = new Set<string>()
for (let code = 0; code < 128; code++) {
  if (code !== ESC) REF_BASIC.add(String.fromCharCode(NON_ASCII[code] ?? code))
}
/** ESC 0x0A, 0x14, 0x28, 0x29, 0x2F, 0x3C, 0x3D, 0x3E, 0x40, 0x65. */
const REF_EXTENSION = new Set([0x0c, 0x5e, 0x7b, 0x7d, 0x5c, 0x5b, 0x7e, 0x5d, 0x7c, 0x20ac].map((c) => String.fromCharCode(c)))

/** Character by character (code points, lone surrogates alone), greedy, counting down the room left. */
const reference = (text: string) => {
  const chars = Array.from(text)
  const gsm = chars.every((c) => REF_BASIC.has(c) || REF_EXTENSION.has(c))
  const cost = (c: string) => (gsm ? (REF_EXTENSION.has(c) ? 2 : 1) : c.length)
  const units = chars.reduce((sum, c) => sum + cost(c), 0)
  const [single, part] = gsm ? [160, 153] : [70, 67]
  let segments = 1
  if (units > single) {
    let room = part
    for (const c of chars) {
      if (cost(c) > room) {
        segments += 1
        room = part
      }
      room -= cost(c)
    }
  }
  return { encoding: gsm ? "GSM-7" : "UCS-2", units, segments }
}

const refEllipsis = (prefix: string) => (reference(prefix).encoding === "GSM-7" ? "..." : "…")
const breaksSurrogatePair = (left: string, right: string) => /[\uD800-\uDBFF]$/.test(left) && /^[\uDC00-\uDFFF]/.test(right)
const isWordEnd = (text: string, j: number) => j > 0 && /\s/.test(text[j] ?? "") && !/\s/.test(text[j - 1]!)

// --- Arbitraries --------------------------------------------------------------------------

const basicChar = fc.constantFrom(...REF_BASIC)
const extensionChar = fc.constantFrom(...REF_EXTENSION)
const otherChar = fc.constantFrom("á", "ç", "ê", "Ł", "ж", "你", "😀", "👍🏽", "🇫🇷", "\uD83D", "\uDE00", "’", "—", "…", "\u00A0")
/** Mostly GSM-7 (often long enough for several segments), sometimes with a few other characters. */
const smsText = fc.oneof(
  fc.string({ unit: fc.oneof({ weight: 6, arbitrary: basicChar }, { weight: 1, arbitrary: extensionChar }), maxLength: 700, size: "max" }),
  fc.string({
    unit: fc.oneof({ weight: 12, arbitrary: basicChar }, { weight: 2, arbitrary: extensionChar }, { weight: 1, arbitrary: otherChar }),
    maxLength: 400,
    size: "max"
  }),
  fc.string({ unit: fc.oneof(basicChar, otherChar), maxLength: 300, size: "max" })
)
const anyUnicode = fc.string({
  unit: fc.oneof(
    fc.string({ unit: "binary", minLength: 1, maxLength: 1 }),
    fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c))
  ),
  maxLength: 300,
  size: "max"
})

// --- Examples -----------------------------------------------------------------------------

describe("SmsSegments", () => {
  it("uses the exact GSM 03.38 tables", () => {
    for (const c of REF_BASIC) assert.deepStrictEqual(measure(c), { encoding: "GSM-7", units: 1, segments: 1 }, c)
    for (const c of REF_EXTENSION) assert.deepStrictEqual(measure(c), { encoding: "GSM-7", units: 2, segments: 1 }, c)
    // Lookalikes that are not in the alphabet
    for (const c of ["ç", "á", "ê", "`", "\t", "\u00A0", "\u001B", "\u2126", "\u0391", "’", "…"]) {
      assert.strictEqual(encodingOf(c), "UCS-2", c)
    }
  })

  it("counts single and concatenated segments", () => {
    assert.deepStrictEqual(measure(""), { encoding: "GSM-7", units: 0, segments: 1 })
    assert.deepStrictEqual(measure("a".repeat(160)), { encoding: "GSM-7", units: 160, segments: 1 })
    assert.deepStrictEqual(measure("a".repeat(161)), { encoding: "GSM-7", units: 161, segments: 2 })
    assert.deepStrictEqual(split("a".repeat(161)).map((s) => s.length), [153, 8])
    assert.deepStrictEqual(measure("a".repeat(153 * 2)).segments, 2)
    assert.deepStrictEqual(measure("ж".repeat(70)), { encoding: "UCS-2", units: 70, segments: 1 })
    assert.deepStrictEqual(measure("ж".repeat(71)), { encoding: "UCS-2", units: 71, segments: 2 })
    assert.deepStrictEqual(measure("{".repeat(80)), { encoding: "GSM-7", units: 160, segments: 1 })
    assert.deepStrictEqual(measure("{".repeat(81)), { encoding: "GSM-7", units: 162, segments: 2 })
  })

  it("moves an escape pair that would straddle 153 septets into the next segment", () => {
    const text = "a".repeat(152) + "€" + "a".repeat(152)
    // 306 septets = 2 × 153, yet 3 segments
    assert.deepStrictEqual(measure(text), { encoding: "GSM-7", units: 306, segments: 3 })
    assert.deepStrictEqual(split(text), ["a".repeat(152), "€" + "a".repeat(151), "a"])
  })

  it("moves an emoji that would straddle 67 units into the next segment", () => {
    const text = "ж".repeat(66) + "😀" + "ж".repeat(66)
    assert.deepStrictEqual(measure(text), { encoding: "UCS-2", units: 134, segments: 3 })
    assert.deepStrictEqual(split(text), ["ж".repeat(66), "😀" + "ж".repeat(65), "ж"])
  })

  it("tells GSM-7 from UCS-2 in mixed texts", () => {
    assert.deepStrictEqual(measure("Señor, ¿qué tal? Ça va {bien}"), { encoding: "GSM-7", units: 31, segments: 1 })
    assert.deepStrictEqual(measure("ça va"), { encoding: "UCS-2", units: 5, segments: 1 })
    assert.deepStrictEqual(measure("Coffee ☕ at 5? 👍🏽"), { encoding: "UCS-2", units: 19, segments: 1 })
    assert.deepStrictEqual(measure("\uD83D"), { encoding: "UCS-2", units: 1, segments: 1 })
  })

  it("spells typographic punctuation in GSM-7 when that makes the text GSM-7", () => {
    const text = "It’s “fine” — really…\u00A0• ok"
    assert.strictEqual(encodingOf(text), "UCS-2")
    assert.strictEqual(toGsmFriendly(text), "It's \"fine\" - really... - ok")
    assert.strictEqual(encodingOf(toGsmFriendly(text)), "GSM-7")
    assert.strictEqual(toGsmFriendly("plain {text}"), "plain {text}")
  })

  it("leaves a text that needs UCS-2 anyway unchanged", () => {
    assert.strictEqual(toGsmFriendly("It’s fine 😀"), "It’s fine 😀")
    assert.strictEqual(toGsmFriendly("“你好”"), "“你好”")
    // 60 ellipses are one UCS-2 segment; as 180 septets they would be two
    assert.strictEqual(toGsmFriendly("…".repeat(60)), "…".repeat(60))
  })

  it("truncates at a word boundary with an ellipsis", () => {
    const text = Array.from({ length: 60 }, (_, n) => `word${n}`).join(" ")
    const one = truncateToSegments(text, 1)
    // "word0 … word23" is 157 characters: with "..." exactly 160
    assert.isTrue(one.endsWith(" word23..."), one)
    // Three more characters up front: word23 no longer fits whole, so the cut goes back to word22
    assert.strictEqual(truncateToSegments("Hi " + text, 1), "Hi " + one.replace(" word23...", "..."))
    assert.strictEqual(measure(one).segments, 1)
    assert.isTrue(truncateToSegments(text, 2).length > one.length)
    assert.strictEqual(truncateToSegments("short", 1), "short")
    assert.strictEqual(truncateToSegments(text, 5), text)
    assert.strictEqual(truncateToSegments("x".repeat(200), 1), "x".repeat(157) + "...")
    const emoji = "😀".repeat(40)
    assert.strictEqual(truncateToSegments(emoji, 1), "😀".repeat(34) + "…")
    // A GSM-7 prefix of a UCS-2 text ends with the GSM-7 ellipsis
    assert.strictEqual(truncateToSegments("a ".repeat(100) + "😀", 1), "a ".repeat(78) + "a...")
  })

  // --- Properties against the reference ---------------------------------------------------

  it("agrees with the reference on encoding, units and segments", () => {
    fc.assert(fc.property(smsText, (text) => {
      assert.deepStrictEqual(measure(text), reference(text))
      assert.strictEqual(encodingOf(text), reference(text).encoding)
    }), { numRuns: 1000 })
  })

  it("splits into segments that join back, fit, and never break a pair", () => {
    fc.assert(fc.property(smsText, (text) => {
      const parts = split(text)
      const { encoding, segments } = reference(text)
      assert.strictEqual(parts.join(""), text)
      assert.strictEqual(parts.length, segments)
      const part = encoding === "GSM-7" ? 153 : 67
      for (const [n, segment] of parts.entries()) {
        // Each segment costs what it would inside the whole text (the encoding is the text's)
        const units = encoding === "GSM-7" ? reference(segment).units : segment.length
        if (segments > 1) assert.isAtMost(units, part)
        const next = parts[n + 1]
        if (next !== undefined) assert.isFalse(breaksSurrogatePair(segment, next))
      }
    }), { numRuns: 1000 })
  })

  it("truncates to a prefix plus ellipsis that fits, as long as possible", () => {
    fc.assert(fc.property(smsText, fc.integer({ min: 1, max: 4 }), (text, max) => {
      const result = truncateToSegments(text, max)
      assert.isAtMost(reference(result).segments, max)
      if (reference(text).segments <= max) return assert.strictEqual(result, text)
      const prefix = result.replace(/(\.\.\.|…)$/, "")
      assert.strictEqual(result, prefix + refEllipsis(prefix))
      assert.isTrue(text.startsWith(prefix))
      assert.isFalse(breaksSurrogatePair(prefix, text.slice(prefix.length)))
      const fits = (j: number) => reference(text.slice(0, j) + refEllipsis(text.slice(0, j))).segments <= max
      for (let j = prefix.length + 1; j < text.length; j++) {
        if (isWordEnd(text, j)) assert.isFalse(fits(j), `word boundary ${j} fits too`)
      }
      if (!isWordEnd(text, prefix.length)) {
        for (let j = 1; j < text.length; j++) assert.isFalse(isWordEnd(text, j) && fits(j))
        const nextChar = prefix.length + Array.from(text.slice(prefix.length))[0]!.length
        assert.isFalse(fits(nextChar), "a longer character prefix fits too")
      }
    }), { numRuns: 300 })
  })

  it("never throws on arbitrary Unicode, lone surrogates included", () => {
    fc.assert(fc.property(anyUnicode, fc.integer({ min: 0, max: 3 }), (text, max) => {
      assert.deepStrictEqual(measure(text), reference(text))
      assert.strictEqual(split(text).join(""), text)
      assert.isAtMost(reference(truncateToSegments(text, max)).segments, Math.max(1, max))
      const friendly = toGsmFriendly(text)
      assert.isTrue(friendly === text || encodingOf(friendly) === "GSM-7")
    }), { numRuns: 1000 })
  })
})
