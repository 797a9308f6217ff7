/**
 * How carriers count and cut a text (3GPP TS 23.038 / 23.040): the encoding,
 * the number of billed segments, where the segments break, and the cheap
 * fixes (typographic punctuation to GSM-7, truncation to a segment budget).
 *
 * A text is GSM-7 when every character is in the default alphabet or its
 * extension table (which costs 2 septets: ESC + char); otherwise the whole text
 * goes as UCS-2, counted in UTF-16 code units. A single segment holds 160
 * septets or 70 units; longer texts are concatenated segments of 153 or 67,
 * the rest of each being the user-data header. Neither an escape pair nor a
 * surrogate pair may straddle two segments, so a segment may carry one unit
 * fewer than its maximum.
 */
import type { SmsEncoding } from "../domain/Message.ts"

/** GSM 03.38 default alphabet 0x00–0x7F in code order, without 0x1B (ESC, no character of its own). */
const BASIC_TABLE =
  "@£$¥èéùìòÇ\nØø\rÅå" +
  "Δ_ΦΓΛΩΠΨΣΘΞÆæßÉ" +
  " !\"#¤%&'()*+,-./" +
  "0123456789:;<=>?" +
  "¡ABCDEFGHIJKLMNO" +
  "PQRSTUVWXYZÄÖÑÜ§" +
  "¿abcdefghijklmno" +
  "pqrstuvwxyzäöñüà"

/** Characters reached through ESC; each costs 2 septets. */
const EXTENSION_TABLE = "\f^{}\\[~]|€"

/** Septets per UTF-16 code unit; 0 means "not in GSM-7". Every GSM-7 character is in the BMP. */
const SEPTETS = new Uint8Array(0x10000)
for (const char of BASIC_TABLE) SEPTETS[char.charCodeAt(0)] = 1
for (const char of EXTENSION_TABLE) SEPTETS[char.charCodeAt(0)] = 2

interface Limits {
  /** Capacity of a text sent as one segment. */
  readonly single: number
  /** Capacity of each segment of a concatenated text. */
  readonly part: number
}

const LIMITS: Record<SmsEncoding, Limits> = {
  "GSM-7": { single: 160, part: 153 },
  "UCS-2": { single: 70, part: 67 }
}

const ELLIPSIS: Record<SmsEncoding, string> = { "GSM-7": "...", "UCS-2": "…" }

const isHighSurrogate = (code: number) => code >= 0xd800 && code <= 0xdbff
const isLowSurrogate = (code: number) => code >= 0xdc00 && code <= 0xdfff

/** UTF-16 length of the character starting at `index`: 2 for a surrogate pair, else 1 (a lone surrogate is 1). */
const charLength = (text: string, index: number): 1 | 2 =>
  isHighSurrogate(text.charCodeAt(index)) && isLowSurrogate(text.charCodeAt(index + 1)) ? 2 : 1

/** Units the character starting at `index` costs in `encoding` (assumes GSM-7 only for GSM-7 texts). */
const costAt = (text: string, index: number, encoding: SmsEncoding): number =>
  encoding === "GSM-7" ? SEPTETS[text.charCodeAt(index)]! : charLength(text, index)

/**
 * Greedy packing of indivisible characters into concatenated segments, as
 * carriers do it. Whether the text rather fits in one segment is decided from
 * the total at the end.
 */
interface Packing {
  units: number
  /** Segments started so far, counting segments of `Limits.part`. */
  parts: number
  /** Units in the last started segment. */
  used: number
}

const emptyPacking = (): Packing => ({ units: 0, parts: 1, used: 0 })

/** Adds one character; returns true when it opened a new segment. */
const pack = (packing: Packing, cost: number, limits: Limits): boolean => {
  packing.units += cost
  if (packing.used + cost > limits.part) {
    packing.parts += 1
    packing.used = cost
    return true
  }
  packing.used += cost
  return false
}

const segmentsOf = (packing: Packing, limits: Limits): number =>
  packing.units <= limits.single ? 1 : packing.parts

/** Segments of the packed text followed by `extra` characters of one unit each (the ellipsis). */
const segmentsWithSuffix = (packing: Packing, extra: number, limits: Limits): number => {
  const copy = { ...packing }
  for (let i = 0; i < extra; i++) pack(copy, 1, limits)
  return segmentsOf(copy, limits)
}

export const encodingOf = (text: string): SmsEncoding => {
  for (let i = 0; i < text.length; i++) {
    if (SEPTETS[text.charCodeAt(i)] === 0) return "UCS-2"
  }
  return "GSM-7"
}

export interface Measure {
  readonly encoding: SmsEncoding
  /** Septets for GSM-7, UTF-16 code units for UCS-2. */
  readonly units: number
  /** Billed segments; an empty text is 1 segment. */
  readonly segments: number
}

interface Layout extends Measure {
  /** Start index of every concatenated segment after the first (empty for a single segment). */
  readonly cuts: ReadonlyArray<number>
}

const layout = (text: string): Layout => {
  const encoding = encodingOf(text)
  const limits = LIMITS[encoding]
  const packing = emptyPacking()
  const cuts: Array<number> = []
  for (let i = 0; i < text.length;) {
    const cost = costAt(text, i, encoding)
    if (pack(packing, cost, limits)) cuts.push(i)
    i += encoding === "GSM-7" ? 1 : cost
  }
  const segments = segmentsOf(packing, limits)
  return { encoding, units: packing.units, segments, cuts: segments === 1 ? [] : cuts }
}

export const measure = (text: string): Measure => {
  const { encoding, segments, units } = layout(text)
  return { encoding, units, segments }
}

/** The segments as carriers cut them; they join back to `text`. */
export const split = (text: string): ReadonlyArray<string> => {
  const { cuts } = layout(text)
  const starts = [0, ...cuts]
  return starts.map((start, n) => text.slice(start, starts[n + 1] ?? text.length))
}

/**
 * Typographic characters (as language models like to write them) and their
 * GSM-7 spelling. Every key is outside GSM-7.
 */
const GSM_EQUIVALENTS: Record<string, string> = {
  // apostrophes, single quotes, primes
  "\u2018": "'", "\u2019": "'", "\u201A": "'", "\u201B": "'", "\u2032": "'", "\u02BC": "'", "\u00B4": "'", "`": "'",
  // double quotes
  "\u201C": "\"", "\u201D": "\"", "\u201E": "\"", "\u201F": "\"", "\u2033": "\"", "\u00AB": "\"", "\u00BB": "\"",
  // hyphens, dashes, minus
  "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-", "\u2212": "-",
  // bullets
  "\u2022": "-", "\u2023": "-", "\u2043": "-", "\u2219": "-", "\u25E6": "-", "\u00B7": "-",
  "\u2026": "...",
  "\u2044": "/",
  "\u00D7": "x",
  "\u02C6": "^",
  "\u02DC": "~",
  // tab and Unicode spaces
  "\t": " ", "\u00A0": " ", "\u1680": " ", "\u2000": " ", "\u2001": " ", "\u2002": " ", "\u2003": " ",
  "\u2004": " ", "\u2005": " ", "\u2006": " ", "\u2007": " ", "\u2008": " ", "\u2009": " ", "\u200A": " ",
  "\u202F": " ", "\u205F": " ", "\u3000": " ",
  // line separators
  "\u0085": "\n", "\u2028": "\n", "\u2029": "\n",
  // invisible: soft hyphen, zero-width space/joiners, word joiner, BOM
  "\u00AD": "", "\u200B": "", "\u200C": "", "\u200D": "", "\u2060": "", "\uFEFF": ""
}

const TYPOGRAPHIC = new RegExp(
  `[${Object.keys(GSM_EQUIVALENTS).map((char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`).join("")}]`,
  "g"
)

/**
 * Spells typographic punctuation and spaces in GSM-7 when that makes the whole
 * text GSM-7 without costing more segments. A text that needs UCS-2 anyway
 * (an emoji, Chinese) is returned unchanged: replacing would lose meaning for
 * no saving.
 */
export const toGsmFriendly = (text: string): string => {
  if (encodingOf(text) === "GSM-7") return text
  const replaced = text.replace(TYPOGRAPHIC, (char) => GSM_EQUIVALENTS[char] ?? char)
  if (encodingOf(replaced) !== "GSM-7") return text
  // "…" becomes three septets: a text made mostly of them could grow a segment.
  return measure(replaced).segments <= measure(text).segments ? replaced : text
}

const isWhitespace = (char: string | undefined) => char !== undefined && /\s/.test(char)

/**
 * The longest prefix ending at a word boundary that, with an ellipsis ("..."
 * for a GSM-7 prefix, "…" otherwise), fits in `maxSegments` (at least 1); the
 * longest such prefix ending at any character when not even the first word
 * fits. A text that already fits is returned unchanged.
 */
export const truncateToSegments = (text: string, maxSegments: number): string => {
  const limit = maxSegments >= 1 ? Math.floor(maxSegments) : 1
  if (measure(text).segments <= limit) return text
  // Pack every prefix in both encodings at once: the prefix stays GSM-7 up to its first other character.
  const gsm = emptyPacking()
  const ucs2 = emptyPacking()
  let prefixIsGsm = true
  let wordEnd = -1
  let charEnd = 0
  for (let i = 0; i < text.length;) {
    const length = charLength(text, i)
    const septets = SEPTETS[text.charCodeAt(i)]!
    if (septets === 0) prefixIsGsm = false
    if (prefixIsGsm) pack(gsm, septets, LIMITS["GSM-7"])
    pack(ucs2, length, LIMITS["UCS-2"])
    i += length
    const segments = prefixIsGsm
      ? segmentsWithSuffix(gsm, ELLIPSIS["GSM-7"].length, LIMITS["GSM-7"])
      : segmentsWithSuffix(ucs2, ELLIPSIS["UCS-2"].length, LIMITS["UCS-2"])
    // A longer prefix never needs fewer segments (a UCS-2 prefix is longer than any GSM-7 one that overflowed).
    if (segments > limit) break
    charEnd = i
    if (isWhitespace(text[i]) && !isWhitespace(text[i - 1])) wordEnd = i
  }
  const end = wordEnd > 0 ? wordEnd : charEnd
  const prefix = text.slice(0, end)
  return prefix + ELLIPSIS[encodingOf(prefix)]
}
