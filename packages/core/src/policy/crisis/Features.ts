/**
 * What the crisis model reads in a text: a sparse vector of
 *
 * - hashed word features: light stems (`stem`) of the words and of adjacent
 *   word pairs within a sentence;
 * - hashed character 3- and 4-grams of the normal form (spelling variants,
 *   word parts: "cutting", "cuts", "cutter" share grams);
 * - dense features: how often each Suicide Risk Lexicon construct occurs
 *   (phrases stemmed the same way as the text), what the rules found per
 *   category (weak signs, concern, imminent), and whether a suppressor
 *   (laughter, hyperbole, story/news) or a first-person word is present.
 *
 * Each hashed group is scaled by 1/(its size): its part of the score is a mean
 * over the text, so a long text and a short one weigh alike. Hashing is arithmetic over character codes: no regular
 * expression and no string per n-gram, so extraction stays cheap.
 */
import type { CrisisCategory } from "../../domain/Crisis.ts"
import type { RuleOutcome } from "./RuleEngine.ts"
import { HYPERBOLE, LAUGHTER, STORY } from "./Suppressors.ts"

/** A reusable, growable sparse vector: `size` (index, value) pairs, indexes may repeat. */
export interface SparseVector {
  indices: Int32Array
  values: Float32Array
  size: number
  /** Per lexicon construct, how many of its phrases the text holds (filled by `extractFeatures`). */
  readonly counts: Int32Array
  /** The same for phrases of two words or more: more specific than single words ("cut", "burden"). */
  readonly phraseCounts: Int32Array
  /** Whether the text has a first-person word ("i", "my", "myself", "mine"). */
  firstPerson: boolean
}

/** Lexicon constructs a feature space may hold at most (one bit each in a mask). */
export const MAX_CONSTRUCTS = 30
/** Bit set in a phrase's construct mask when the phrase has two words or more. */
const MULTIWORD = 1 << 30

export const sparseVector = (capacity = 512): SparseVector => ({
  indices: new Int32Array(capacity),
  values: new Float32Array(capacity),
  size: 0,
  counts: new Int32Array(MAX_CONSTRUCTS),
  phraseCounts: new Int32Array(MAX_CONSTRUCTS),
  firstPerson: false
})

const push = (v: SparseVector, index: number, value: number): void => {
  if (v.size === v.indices.length) {
    const indices = new Int32Array(v.size * 2)
    const values = new Float32Array(v.size * 2)
    indices.set(v.indices)
    values.set(v.values)
    v.indices = indices
    v.values = values
  }
  v.indices[v.size] = index
  v.values[v.size] = value
  v.size++
}

/** Murmur3's finaliser: spreads the bits of a 32-bit integer. */
const mix = (h: number): number => {
  h ^= h >>> 16
  h = Math.imul(h, 0x85ebca6b)
  h ^= h >>> 13
  h = Math.imul(h, 0xc2b2ae35)
  return (h ^ (h >>> 16)) >>> 0
}
const fnv = (word: string): number => {
  let h = 0x811c9dc5
  for (let i = 0; i < word.length; i++) h = Math.imul(h ^ word.charCodeAt(i), 0x01000193)
  return h >>> 0
}

const IRREGULAR: ReadonlyMap<string, string> = new Map([
  ["am", "be"], ["is", "be"], ["are", "be"], ["was", "be"], ["were", "be"], ["been", "be"], ["being", "be"],
  ["me", "i"], ["has", "have"], ["had", "have"], ["having", "have"], ["does", "do"], ["did", "do"], ["done", "do"],
  ["went", "go"], ["gone", "go"], ["goes", "go"], ["took", "take"], ["taken", "take"], ["died", "die"], ["dying", "die"],
  ["dies", "die"], ["lives", "live"], ["living", "live"], ["lived", "live"], ["felt", "feel"], ["thought", "think"],
  ["bought", "buy"], ["wrote", "write"], ["written", "write"], ["hit", "hit"], ["hits", "hit"], ["hitting", "hit"],
  ["cut", "cut"], ["cuts", "cut"], ["cutting", "cut"], ["slit", "slit"], ["hurt", "hurt"], ["hurts", "hurt"],
  ["hurting", "hurt"], ["told", "tell"], ["said", "say"], ["says", "say"], ["made", "make"], ["kept", "keep"],
  ["left", "leave"], ["hung", "hang"], ["hanged", "hang"], ["shot", "shoot"], ["beat", "beat"], ["beaten", "beat"]
])

/** A light, symmetric stemmer: the lexicon's lemmas ("stab i", "sorry for exist") and a text's words meet half way. */
export const stem = (word: string): string => {
  const irregular = IRREGULAR.get(word)
  if (irregular !== undefined) return irregular
  const n = word.length
  if (n > 5 && word.endsWith("ing")) return undouble(word.slice(0, -3))
  if (n > 4 && word.endsWith("ed")) return undouble(word.slice(0, -2))
  if (n > 4 && word.endsWith("ies")) return word.slice(0, -3) + "y"
  if (n > 3 && word.charCodeAt(n - 1) === 115 && word.charCodeAt(n - 2) !== 115 && word.charCodeAt(n - 2) !== 117) return word.slice(0, -1)
  return word
}
const undouble = (s: string): string => {
  const n = s.length
  return n > 2 && s.charCodeAt(n - 1) === s.charCodeAt(n - 2) && s.charCodeAt(n - 1) !== 108 && s.charCodeAt(n - 1) !== 115 ? s.slice(0, -1) : s
}

const FIRST_PERSON = new Set(["i", "my", "myself", "mine"])
const SECOND_PERSON = new Set(["you", "your", "yourself"])
const SENTENCE_END = "."
const CLAUSE = ","

/** Construct names with their phrases, as shipped in the model data. */
export type Constructs = ReadonlyArray<readonly [name: string, phrases: ReadonlyArray<string>]>

const CATEGORIES: ReadonlyArray<CrisisCategory> = ["suicide", "self_harm", "violence", "abuse"]
/** Dense features after the lexicon's two per construct: per category 3 rule features, then 5 text flags. */
const RULE_FEATURES = CATEGORIES.length * 3
const FLAG_FEATURES = 5

export interface FeatureSpace {
  readonly bits: number
  readonly mask: number
  /** Index of the first dense feature (= 2^bits). */
  readonly denseStart: number
  readonly denseCount: number
  readonly constructs: ReadonlyArray<string>
  /** Stem-sequence hash → bit mask of constructs; and every proper prefix hash of a phrase. */
  readonly phrases: ReadonlyMap<number, number>
  readonly prefixes: ReadonlySet<number>
  readonly maxPhrase: number
  /** Constructs (bit mask) that open the self-directed head's gate: ideation, self-injury, lethal means. */
  readonly selfGate: number
  /** Constructs (bit mask) that open the violence head's gate: physical violence, aggression. */
  readonly violenceGate: number
}

const SELF_GATE = ["passive suicidal ideation", "active suicidal ideation", "other suicidal language", "direct self-injury", "lethal means", "burdensomeness"]
const VIOLENCE_GATE = ["physical abuse & violence", "aggression"]
const maskOf = (constructs: Constructs, prefixes: ReadonlyArray<string>): number =>
  constructs.reduce((mask, [name], at) => (prefixes.some((p) => name.toLowerCase().startsWith(p)) ? mask | (1 << at) : mask), 0)

const chain = (h: number, word: number): number => mix(Math.imul(h, 0x9e3779b1) ^ word)

/** Splits a normal form into stems and sentence marks (`SENTENCE_END`); clause marks are dropped. */
const stems = (normal: string): Array<string> => {
  const out: Array<string> = []
  let from = 0
  while (from < normal.length) {
    let to = normal.indexOf(" ", from)
    if (to === -1) to = normal.length
    if (to > from) {
      const word = normal.slice(from, to)
      if (word !== CLAUSE && word !== "\"") out.push(word === SENTENCE_END ? SENTENCE_END : stem(word))
    }
    from = to + 1
  }
  return out
}

/** Builds the feature space: `normalize` is the screen's normaliser, applied to the lexicon phrases. */
export const featureSpace = (bits: number, constructs: Constructs, normalize: (text: string) => string): FeatureSpace => {
  if (constructs.length > MAX_CONSTRUCTS) throw new RangeError(`at most ${MAX_CONSTRUCTS} constructs`)
  const phrases = new Map<number, number>()
  const prefixes = new Set<number>()
  let maxPhrase = 0
  constructs.forEach(([, list], at) => {
    for (const phrase of list) {
      const words = stems(normalize(phrase)).filter((w) => w !== SENTENCE_END)
      if (words.length === 0) continue
      maxPhrase = Math.max(maxPhrase, words.length)
      let h = 0
      words.forEach((word, i) => {
        h = chain(h, fnv(word))
        if (i < words.length - 1) prefixes.add(h)
      })
      phrases.set(h, (phrases.get(h) ?? 0) | (1 << at) | (words.length > 1 ? MULTIWORD : 0))
    }
  })
  const denseCount = constructs.length * 2 + RULE_FEATURES + FLAG_FEATURES
  return {
    bits,
    mask: (1 << bits) - 1,
    denseStart: 1 << bits,
    denseCount,
    constructs: constructs.map(([name]) => name),
    phrases,
    prefixes,
    maxPhrase,
    selfGate: maskOf(constructs, SELF_GATE),
    violenceGate: maskOf(constructs, VIOLENCE_GATE)
  }
}

export const featureCount = (space: FeatureSpace): number => space.denseStart + space.denseCount

const NS_WORD = 0x1b873593
const NS_PAIR = 0x2c1b3c6d
const NS_CHAR3 = 0x297a2d39
const NS_CHAR4 = 0x6b43a9b5

/**
 * Writes the features of `normal` (a normal form, Normalize.ts) into `out`,
 * given what the rules found in it. Pure apart from writing `out`. When no
 * head's gate opens (`gateOpen`), only the lexicon counts and the first-person
 * flag are filled and the vector is left empty: the model will not be asked.
 */
export const extractFeatures = (space: FeatureSpace, normal: string, rules: RuleOutcome, out: SparseVector): void => {
  out.size = 0
  const { mask } = space
  // words and pairs of words
  const words = stems(normal)
  const hashes = new Array<number>(words.length)
  let wordCount = 0
  for (let i = 0; i < words.length; i++) if (words[i] !== SENTENCE_END) wordCount++
  const wordValue = wordCount === 0 ? 0 : 1 / wordCount
  const pairValue = wordCount < 2 ? 0 : 1 / (wordCount - 1)
  let firstPerson = 0
  let secondPerson = 0
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!
    if (word === SENTENCE_END) {
      hashes[i] = 0
      continue
    }
    const h = fnv(word)
    hashes[i] = h
    if (FIRST_PERSON.has(word)) firstPerson = 1
    else if (SECOND_PERSON.has(word)) secondPerson = 1
    push(out, mix(h ^ NS_WORD) & mask, wordValue)
    if (i > 0 && words[i - 1] !== SENTENCE_END) push(out, mix(chain(hashes[i - 1]!, h) ^ NS_PAIR) & mask, pairValue)
  }
  // lexicon constructs
  let dense = space.denseStart
  const constructs = space.constructs.length
  const counts = out.counts
  const phraseCounts = out.phraseCounts
  counts.fill(0)
  phraseCounts.fill(0)
  for (let i = 0; i < words.length; i++) {
    let h = 0
    for (let j = i; j < words.length && j - i < space.maxPhrase; j++) {
      if (words[j] === SENTENCE_END) break
      h = chain(h, hashes[j]!)
      const hit = space.phrases.get(h)
      if (hit !== undefined) {
        const multiword = (hit & MULTIWORD) !== 0
        for (let c = 0; c < constructs; c++) {
          if ((hit >>> c) & 1) {
            counts[c]!++
            if (multiword) phraseCounts[c]!++
          }
        }
      }
      if (!space.prefixes.has(h)) break
    }
  }
  out.firstPerson = firstPerson === 1
  // a text no head's gate opens on is left to the rules: nothing more to read
  if (!gateOpen(space, out, rules, "self") && !gateOpen(space, out, rules, "violence")) {
    out.size = 0
    return
  }
  // character 3- and 4-grams, exact codes (7 bits a character) mixed into the space
  const n = normal.length
  if (n >= 3) {
    const value3 = 1 / (n - 2)
    const value4 = n >= 4 ? 1 / (n - 3) : 0
    let gram = (normal.charCodeAt(0) & 127) << 7 | (normal.charCodeAt(1) & 127)
    for (let i = 2; i < n; i++) {
      const c = normal.charCodeAt(i) & 127
      const g3 = ((gram & 0x3fff) << 7) | c
      push(out, mix(g3 ^ NS_CHAR3) & mask, value3)
      if (i >= 3) push(out, mix(((gram & 0x1fffff) << 7 | c) ^ NS_CHAR4) & mask, value4)
      gram = (gram << 7 | c) & 0xfffffff
    }
  }
  for (let c = 0; c < constructs; c++) {
    const count = counts[c]!
    if (count > 0) {
      push(out, dense + 2 * c, 1)
      push(out, dense + 2 * c + 1, Math.min(count, 8) / 8)
    }
  }
  dense += constructs * 2
  // what the rules found
  for (const category of CATEGORIES) {
    const evidence = rules.byCategory.get(category)
    if (evidence !== undefined) {
      if (evidence.weak > 0) push(out, dense, Math.min(evidence.weak, 2) / 2)
      if (evidence.severity !== "none") push(out, dense + 1, 1)
      if (evidence.severity === "imminent") push(out, dense + 2, 1)
    }
    dense += 3
  }
  // text flags
  if (LAUGHTER.test(normal)) push(out, dense, 1)
  if (HYPERBOLE.test(normal)) push(out, dense + 1, 1)
  if (STORY.test(normal)) push(out, dense + 2, 1)
  if (firstPerson === 1) push(out, dense + 3, 1)
  if (secondPerson === 1) push(out, dense + 4, 1)
}

/**
 * Whether a head may speak at all on a text (a keyword filter before the
 * regression): the rules saw a sign of its categories, or a phrase of two
 * words or more from one of its gate constructs occurs (single lexicon words
 * such as "cut" or "burden" are too common alone). The self-directed head
 * also needs a first-person word, and stays shut when the rules set a
 * self-directed phrase aside (RuleOutcome `explainedAway`) and found no other
 * sign. Texts with no gate open are left to the rules.
 */
export const gateOpen = (space: FeatureSpace, features: SparseVector, rules: RuleOutcome, head: "self" | "violence"): boolean => {
  if (head === "self" && !features.firstPerson) return false
  const categories: ReadonlyArray<CrisisCategory> = head === "self" ? ["suicide", "self_harm"] : ["violence"]
  if (categories.some((category) => rules.byCategory.has(category))) return true
  // the rules set the self-directed words aside (an accident, an idiom, a negation) and found no other sign
  if (head === "self" && rules.explainedAway) return false
  const mask = head === "self" ? space.selfGate : space.violenceGate
  for (let c = 0; c < space.constructs.length; c++) if ((mask >>> c) & 1 && features.phraseCounts[c]! > 0) return true
  return false
}
