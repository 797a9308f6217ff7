/**
 * Training the crisis model (packages/core/src/policy/crisis/Model.ts):
 * logistic regression with AdaGrad over the sparse features of Features.ts,
 * deterministic from a seed (shuffles and folds come from a seeded generator;
 * the same seed and rows give byte-identical weights).
 *
 * Thresholds are chosen on out-of-fold probabilities within the training rows
 * (never on the rows being evaluated), drawn `repeats` times over
 * differently seeded folds and pooled (one deal of a few hundred posts into
 * folds moves a threshold a lot): the best separating threshold at which the model, added
 * to the rules, keeps every negative group under its cap (`chooseThreshold`).
 */
import type { Constructs, FeatureSpace, SparseVector } from "../src/policy/crisis/Features.ts"
import { extractFeatures, featureCount, featureSpace, gateOpen, sparseVector } from "../src/policy/crisis/Features.ts"
import type { DocumentData } from "../src/policy/crisis/Document.ts"
import type { CrisisModelData, HeadData, HeadName } from "../src/policy/crisis/Model.ts"
import { encodeBase64 } from "../src/policy/crisis/Model.ts"
import { normalizeForScreen } from "../src/policy/crisis/Normalize.ts"
import { screenRules } from "../src/policy/crisis/RuleEngine.ts"
import type { RuleOutcome } from "../src/policy/crisis/RuleEngine.ts"
import { RECURRENT } from "../src/policy/CrisisScreen.ts"
import type { Passage } from "../src/policy/crisis/Windows.ts"
import { passageSpansOf, recurrence } from "../src/policy/crisis/Windows.ts"
import type { Row } from "./crisis-data.ts"
import { isCssrsWatch } from "./crisis-data.ts"
import type { LongText } from "./crisis-document.ts"
import { trainDocumentStage } from "./crisis-document.ts"

import { rowFolds, seeded, shuffle } from "./crisis-folds.ts"

export { rowFolds, seeded }

export const HASH_BITS = 16
export const DEFAULT_SEED = 20261109

export interface Options {
  readonly epochs: number
  readonly rate: number
  readonly l2: number
  /** Folds for the out-of-fold probabilities that set the thresholds. */
  readonly folds: number
  /**
   * How many times the out-of-fold probabilities are drawn, each with other
   * seeded folds; the threshold is chosen on all draws together, so it
   * depends less on one deal of the rows into folds (with one draw, the self
   * threshold moved between 0.3 and 0.44 from one training subset to the next).
   */
  readonly repeats: number
  /**
   * Out-of-fold probabilities by source: each source is predicted by a model
   * trained on the others, so thresholds are set for sources the model has
   * never seen (seeded random folds when false).
   */
  readonly bySource: boolean
}
export const DEFAULT_OPTIONS: Options = { epochs: 6, rate: 0.2, l2: 1e-5, folds: 4, repeats: 3, bySource: false }

/**
 * Negative groups and the flag rate the model may add to the rules on each,
 * out of fold: about two thirds of what the acceptance targets leave once the
 * rules' own flags are counted (targets 0.02 on the first three, 0.05 on
 * OpenAI where the rules flag about 0.03; HateCheck non-threats have none).
 */
const CAPS: ReadonlyArray<readonly [prefix: string, cap: number]> = [
  ["hypo_hyperbole", 0.012],
  ["sad_stress_sms", 0.012],
  ["xstest", 0.012],
  ["openai_moderation_1680", 0.012],
  ["hatecheck", 0.02]
]
/**
 * Where thresholds may fall, per head. The violence head learns from one
 * source's positives (HateCheck threats), so no other source can say how it
 * does elsewhere: its threshold stays at or above even odds.
 */
const THRESHOLD_RANGE: Record<HeadName, readonly [number, number]> = { self: [0.05, 0.95], violence: [0.5, 0.95] }

/**
 * What a false flag costs next to a missed crisis when choosing a threshold:
 * a missed crisis is the graver error (a flag costs a caring reply with
 * resources; the caps bound how many there are).
 */
const FLAG_COST = 0.25

/**
 * Thresholds are scored on Youden's J averaged over this many grid steps
 * (0.005 each) either side. J is counted over a few dozen gated rows per
 * source, so one row moves it by a step of 0.01 or more and the raw maximum
 * is often a spike; the averaged one sits inside the plateau of good
 * thresholds, which holds better on rows the model has not seen.
 */
const SMOOTHING = 8

/** A text or passage read once: its features (copied) and whether each head's gate is open (Features.ts `gateOpen`). */
export interface Reading {
  readonly indices: Int32Array
  readonly values: Float32Array
  readonly gate: { readonly self: boolean; readonly violence: boolean }
}

/** A row read once: the whole text, its passages when long (Windows.ts), and whether the rules flag it. */
export interface Example extends Reading {
  readonly row: Row
  readonly passages: ReadonlyArray<Reading>
  /** Which sentences each passage spans (for `recurrence`). */
  readonly spans: ReadonlyArray<Passage>
  readonly ruleFlag: boolean
  /** What the document stage reads of a long text, bar the passage probabilities. */
  readonly long: LongText | undefined
}

export const makeSpace = (constructs: Constructs): FeatureSpace => featureSpace(HASH_BITS, constructs, normalizeForScreen)

export const examplesOf = (space: FeatureSpace, rows: ReadonlyArray<Row>): Array<Example> => {
  const buffer: SparseVector = sparseVector(4096)
  const readingOf = (normal: string, rules: RuleOutcome): Reading => {
    extractFeatures(space, normal, rules, buffer)
    return {
      indices: buffer.indices.slice(0, buffer.size),
      values: buffer.values.slice(0, buffer.size),
      gate: { self: gateOpen(space, buffer, rules, "self"), violence: gateOpen(space, buffer, rules, "violence") }
    }
  }
  return rows.map((row) => {
    const normal = normalizeForScreen(row.text)
    const rules = screenRules(normal)
    const spans = passageSpansOf(normal)
    const passages = spans.map((passage) => readingOf(passage.text, screenRules(passage.text)))
    const whole = readingOf(normal, rules)
    const long = passages.length === 0
      ? undefined
      : { normal, rules, counts: Int32Array.from(buffer.counts), phraseCounts: Int32Array.from(buffer.phraseCounts) }
    return { row, ...whole, passages, spans, ruleFlag: rules.best !== undefined, long }
  })
}

/** The training target of a row for a head: 1, 0, or undefined (not a training example for it). */
export const targetOf = (row: Row, head: HeadName): 0 | 1 | undefined => {
  if (row.family === "other" || (isCssrsWatch(row) && row.label !== "Supportive")) return undefined
  if (row.family === "abuse") return undefined
  if (head === "self") {
    if (row.family === "suicide_selfharm") return row.review && row.source === "xstest" ? undefined : 1
    return 0
  }
  if (row.family === "violence") return row.review ? undefined : 1
  return 0
}

interface Trained { readonly bias: number; readonly weights: Float64Array }

/** Constructs whose weight may not go below zero, per head: more of them never lowers the risk. */
const MONOTONE: Record<HeadName, ReadonlyArray<string>> = {
  self: ["passive suicidal", "active suicidal", "other suicidal", "direct self-injury", "burdensomeness", "hopelessness", "entrapment", "lethal means"],
  violence: ["physical abuse", "aggression"]
}
const RULE_CATEGORIES: Record<HeadName, ReadonlyArray<number>> = { self: [0, 1], violence: [2] }

/** Dense feature indexes held non-negative while training: the head's constructs and its rules' findings. */
export const monotoneOf = (space: FeatureSpace, head: HeadName): Int32Array => {
  const out: Array<number> = []
  space.constructs.forEach((name, c) => {
    if (MONOTONE[head].some((p) => name.toLowerCase().startsWith(p))) out.push(space.denseStart + 2 * c, space.denseStart + 2 * c + 1)
  })
  const rules = space.denseStart + 2 * space.constructs.length
  for (const category of RULE_CATEGORIES[head]) out.push(rules + 3 * category, rules + 3 * category + 1, rules + 3 * category + 2)
  return Int32Array.from(out)
}

/** Row weights: each (source, target) group weighs as the square root of its size; positives and negatives balance. */
const weightsOf = (examples: ReadonlyArray<Example>, targets: ReadonlyArray<0 | 1>): Float64Array => {
  const sizes = new Map<string, number>()
  const key = (i: number) => `${examples[i]!.row.source}|${targets[i]}`
  examples.forEach((_, i) => sizes.set(key(i), (sizes.get(key(i)) ?? 0) + 1))
  const w = new Float64Array(examples.length)
  const totals = [0, 0]
  examples.forEach((_, i) => {
    w[i] = 1 / Math.sqrt(sizes.get(key(i))!)
    totals[targets[i]!]! += w[i]!
  })
  const n = examples.length
  examples.forEach((_, i) => {
    const total = totals[targets[i]!]!
    w[i] = total === 0 ? 0 : (w[i]! * n) / (2 * total)
  })
  return w
}

const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z))

export const trainHead = (
  space: FeatureSpace,
  examples: ReadonlyArray<Example>,
  head: HeadName,
  seed: number,
  options: Options = DEFAULT_OPTIONS
): Trained => {
  const chosen = examples.filter((e) => e.gate[head] && targetOf(e.row, head) !== undefined)
  const targets = chosen.map((e) => targetOf(e.row, head)!)
  const dims = featureCount(space)
  const weights = new Float64Array(dims)
  const squares = new Float64Array(dims).fill(1e-8)
  let bias = 0
  let biasSquares = 1e-8
  if (!targets.includes(1)) return { bias: -20, weights }
  const rowWeights = weightsOf(chosen, targets)
  const random = seeded(seed)
  const order = chosen.map((_, i) => i)
  const monotone = monotoneOf(space, head)
  for (let epoch = 0; epoch < options.epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1))
      const t = order[i]!
      order[i] = order[j]!
      order[j] = t
    }
    for (const at of order) {
      const { indices, values } = chosen[at]!
      let z = bias
      for (let k = 0; k < indices.length; k++) z += weights[indices[k]!]! * values[k]!
      const g = (sigmoid(z) - targets[at]!) * rowWeights[at]!
      biasSquares += g * g
      bias -= (options.rate * g) / Math.sqrt(biasSquares)
      for (let k = 0; k < indices.length; k++) {
        const f = indices[k]!
        const grad = g * values[k]! + options.l2 * weights[f]!
        squares[f]! += grad * grad
        weights[f]! -= (options.rate * grad) / Math.sqrt(squares[f]!)
      }
      for (const f of monotone) if (weights[f]! < 0) weights[f] = 0
    }
  }
  return { bias, weights }
}

const round6 = (x: number): number => Math.round(x * 1e6) / 1e6

/** Quantises the hashed weights to int8 (symmetric, per head); dense weights and bias keep 6 decimals. */
export const quantise = (space: FeatureSpace, name: HeadName, trained: Trained, threshold: number): HeadData => {
  let max = 0
  for (let i = 0; i < space.denseStart; i++) max = Math.max(max, Math.abs(trained.weights[i]!))
  const scale = max === 0 ? 1 : round6(max / 127) || 1e-6
  const bytes = new Uint8Array(space.denseStart)
  for (let i = 0; i < space.denseStart; i++) {
    const q = Math.max(-127, Math.min(127, Math.round(trained.weights[i]! / scale)))
    bytes[i] = q & 0xff
  }
  const dense = Array.from(trained.weights.subarray(space.denseStart), round6)
  return { name, bias: round6(trained.bias), scale, hashed: encodeBase64(bytes), dense, threshold: round6(threshold) }
}

/** Probability of a text or passage under quantised head data, as the shipped screen computes it (0 where the gate is shut). */
const readingScorer = (space: FeatureSpace, data: HeadData): ((r: Reading) => number) => {
  const bytes = Buffer.from(data.hashed, "base64")
  const w = new Float32Array(featureCount(space))
  for (let i = 0; i < space.denseStart; i++) w[i] = ((bytes[i]! << 24) >> 24) * data.scale
  data.dense.forEach((x, i) => (w[space.denseStart + i] = x))
  const one = (r: Reading): number => {
    if (!r.gate[data.name]) return 0
    let z = data.bias
    for (let k = 0; k < r.indices.length; k++) z += w[r.indices[k]!]! * r.values[k]!
    return sigmoid(z)
  }
  return one
}
/** The same for an example: the gravest of the text and its passages. */
const scorer = (space: FeatureSpace, data: HeadData): ((e: Example) => number) => {
  const one = readingScorer(space, data)
  return (e) => e.passages.reduce((p, r) => Math.max(p, one(r)), one(e))
}

/** Seeded folds, stratified by source and target. */
const foldsOf = (examples: ReadonlyArray<Example>, head: HeadName, k: number, seed: number): Int8Array => {
  const random = seeded(seed ^ 0x5f3759df)
  const folds = new Int8Array(examples.length)
  const groups = new Map<string, Array<number>>()
  examples.forEach((e, i) => {
    const key = `${e.row.source}|${e.row.label}|${targetOf(e.row, head)}`
    const list = groups.get(key) ?? []
    list.push(i)
    groups.set(key, list)
  })
  for (const key of [...groups.keys()].sort()) {
    const list = groups.get(key)!
    shuffle(list, random)
    const offset = Math.floor(random() * k)
    list.forEach((at, n) => (folds[at] = (n + offset) % k))
  }
  return folds
}

/** One fold per source (sorted by name). */
const sourceFolds = (examples: ReadonlyArray<Example>): { folds: Int8Array; count: number } => {
  const sources = [...new Set(examples.map((e) => e.row.source))].sort()
  return { folds: Int8Array.from(examples, (e) => sources.indexOf(e.row.source)), count: sources.length }
}

/**
 * The threshold of a head, from out-of-fold probabilities. Among the rows its
 * gate opens on (whatever the rules say, so that a source whose positives the
 * rules all find still counts), the threshold that best separates them - the highest mean recall over positive sources minus the
 * mean flag rate over negative sources (Youden's J, each source weighing
 * alike; averaged over neighbouring thresholds, `SMOOTHING`) - provided that
 * no negative group gets more added flags than its cap (counted over all its
 * rows). Ties go to the lower threshold.
 */
export const chooseThreshold = (examples: ReadonlyArray<Example>, probabilities: Float64Array, head: HeadName): number => {
  const [low, high] = THRESHOLD_RANGE[head]
  const decided = examples.map((e, i) => ({ e, p: probabilities[i]!, target: targetOf(e.row, head) }))
    .filter(({ p, target }) => p > 0 && target !== undefined)
  const groups = (target: 0 | 1) => {
    const bySource = new Map<string, Array<number>>()
    for (const d of decided) if (d.target === target) bySource.set(d.e.row.source, [...(bySource.get(d.e.row.source) ?? []), d.p])
    return [...bySource.values()]
  }
  const positives = groups(1)
  const negatives = groups(0)
  const rate = (ps: ReadonlyArray<number>, t: number) => ps.filter((p) => p >= t).length / ps.length
  const mean = (xs: ReadonlyArray<number>) => (xs.length === 0 ? 0 : xs.reduce((a, b) => a + b, 0) / xs.length)
  const capped = CAPS.map(([prefix, cap]) => {
    const inGroup = (e: Example) => e.row.source.startsWith(prefix) && e.row.family === "none" && !isCssrsWatch(e.row)
    const rows = examples.filter(inGroup).length
    return { prefix, cap, rows, ps: examples.flatMap((e, i) => inGroup(e) && !e.ruleFlag ? [probabilities[i]!] : []) }
  })
  let best = high
  let bestJ = -Infinity
  let binding = "the range"
  const rawJ = (t: number) => mean(positives.map((ps) => rate(ps, t))) - FLAG_COST * mean(negatives.map((ps) => rate(ps, t)))
  for (let t = low; t <= high + 1e-9; t += 0.005) {
    const over = capped.find((g) => g.rows > 0 && g.ps.filter((p) => p >= t).length > g.cap * g.rows)
    if (over !== undefined) {
      binding = `the cap on ${over.prefix}`
      continue
    }
    // J averaged over the neighbouring thresholds (SMOOTHING), clamped to the range
    let j = 0
    for (let k = -SMOOTHING; k <= SMOOTHING; k++) j += rawJ(Math.min(high, Math.max(low, t + k * 0.005)))
    j /= 2 * SMOOTHING + 1
    if (j > bestJ + 1e-9) {
      bestJ = j
      best = round6(t)
      binding = "Youden's J"
    }
  }
  if (process.env["CRISIS_DEBUG"] !== undefined) process.stderr.write(`${head}: threshold ${best}, J ${bestJ.toFixed(3)}, last constraint: ${binding}\n`)
  return best
}

/** Trains both heads on `examples` (rows of train sources only), thresholds from out-of-fold probabilities. */
export const trainModel = (
  space: FeatureSpace,
  constructs: Constructs,
  examples: ReadonlyArray<Example>,
  seed: number,
  options: Options = DEFAULT_OPTIONS
): CrisisModelData => {
  const heads: Array<HeadData> = []
  let document: DocumentData | undefined
  for (const [n, head] of (["self", "violence"] as const).entries()) {
    const headSeed = (seed + n * 7919) >>> 0
    const repeats = options.bySource ? 1 : Math.max(1, options.repeats)
    const rowCount = examples.length
    const oof = new Float64Array(rowCount * repeats)
    // the self head's passage probabilities out of fold (first draw), for the document stage
    const oofPassages: Array<ReadonlyArray<number>> = examples.map(() => [])
    for (let r = 0; r < repeats; r++) {
      const drawSeed = (headSeed + r * 104729) >>> 0
      const { folds, count } = options.bySource ? sourceFolds(examples) : { folds: foldsOf(examples, head, options.folds, drawSeed), count: options.folds }
      for (let fold = 0; fold < count; fold++) {
        const train = examples.filter((_, i) => folds[i] !== fold)
        const data = quantise(space, head, trainHead(space, train, head, drawSeed + fold + 1, options), 0.5)
        const score = scorer(space, data)
        const one = readingScorer(space, data)
        examples.forEach((e, i) => {
          if (folds[i] !== fold) return
          oof[r * rowCount + i] = score(e)
          if (r === 0 && head === "self" && e.long !== undefined) oofPassages[i] = e.passages.map(one)
        })
      }
    }
    // every draw's rows together: rates are over rows, so each row counts once per draw
    const threshold = chooseThreshold(Array.from({ length: repeats }, () => examples).flat(), oof, head)
    heads.push(quantise(space, head, trainHead(space, examples, head, headSeed, options), threshold))
    if (head === "self") {
      // what the first stage flags out of fold: rules, the head, or a sign recurring over passages apart (CrisisScreen.ts)
      const flagged = examples.map((e, i) =>
        e.ruleFlag || oof[i]! >= threshold || recurrence(e.spans, oofPassages[i]!.map((p) => p / threshold)) >= RECURRENT
      )
      document = trainDocumentStage(space, examples, oofPassages, flagged, seeded(headSeed ^ 0x0d0c))
    }
  }
  return { version: 1, seed, bits: space.bits, constructs, heads, document }
}
