/**
 * Training the document stage (packages/core/src/policy/crisis/Document.ts):
 * a logistic regression over a few standardised document features of long
 * texts, with non-negative weights, fitted by full-batch gradient descent
 * (no shuffling: the same rows give the same weights).
 *
 * It learns from the long rows of the train sources that carry a
 * self-directed sign (`documentSignal`), with the first stage's passage
 * probabilities taken out of fold (the first stage never scored a row it
 * learned from). Its threshold is chosen on out-of-fold probabilities of its
 * own inner folds: the one that adds the most C-SSRS crisis users the first
 * stage missed, less `FLAG_COST` times the Supportive users it adds, while the
 * flags it adds to OpenAI SH=0 rows stay within `CAP` of those rows. With too
 * few long positives or negatives to learn from (when C-SSRS is left out) it
 * stays off.
 */
import type { DocumentData, DocumentInput } from "../src/policy/crisis/Document.ts"
import { DOCUMENT_FEATURES, documentFeatures, documentLayout, documentSignal } from "../src/policy/crisis/Document.ts"
import type { FeatureSpace } from "../src/policy/crisis/Features.ts"
import type { Row } from "./crisis-data.ts"
import { isCssrsWatch } from "./crisis-data.ts"

/** One training row as the document stage sees it. */
export interface DocumentExample {
  readonly row: Row
  /** Its features and whether it has a sign of its own; undefined for short texts. */
  readonly features: Float64Array | undefined
  readonly signal: boolean
  /** Whether the first stage (rules, the head, or a recurring sign; out of fold) already flags it. */
  readonly flagged: boolean
}

/** Share of the OpenAI SH=0 rows the stage may add flags to, out of fold. */
const CAP = 0.004
/** A Supportive user flagged, next to a crisis user found. */
const FLAG_COST = 0.1
/** Lowest threshold; the stage never speaks below it. */
const FLOOR = 0.15
const L2 = 0.01
const STEPS = 400
const RATE = 0.5
const INNER_FOLDS = 5
const MIN_POSITIVES = 20
const MIN_NEGATIVES = 10

export const OFF: DocumentData = { bias: -20, weights: DOCUMENT_FEATURES.map(() => 0), mean: DOCUMENT_FEATURES.map(() => 0), spread: DOCUMENT_FEATURES.map(() => 1), threshold: 1 }

const isCssrs = (row: Row) => row.source.startsWith("cssrs_reddit_500")
const isCrisisUser = (row: Row) => isCssrs(row) && row.family === "suicide_selfharm"
const isSupportive = (row: Row) => isCssrs(row) && row.label === "Supportive"
const isOpenAiNegative = (row: Row) => row.source === "openai_moderation_1680" && (row.family === "none" || row.family === "violence")

/** Training target: self-directed crisis 1, clean negatives and Supportive users 0, the rest not used. */
const targetOf = (row: Row): 0 | 1 | undefined => {
  if (row.family === "suicide_selfharm") return row.review ? undefined : 1
  if (isSupportive(row) || isOpenAiNegative(row)) return 0
  if (row.family === "none" && !isCssrsWatch(row)) return 0
  return undefined
}

/** What the document stage reads of a long text, read once with the rest of the example; the passage probabilities come later. */
export type LongText = Omit<DocumentInput, "passages">

const round6 = (x: number): number => Math.round(x * 1e6) / 1e6

const fit = (examples: ReadonlyArray<DocumentExample>): DocumentData | undefined => {
  const chosen = examples.filter((e) => e.features !== undefined && e.signal && targetOf(e.row) !== undefined)
  const y = chosen.map((e) => targetOf(e.row)!)
  const positives = y.filter((t) => t === 1).length
  if (positives < MIN_POSITIVES || chosen.length - positives < MIN_NEGATIVES) return undefined
  const d = DOCUMENT_FEATURES.length
  const mean = new Array<number>(d).fill(0)
  const spread = new Array<number>(d).fill(0)
  for (const e of chosen) for (let j = 0; j < d; j++) mean[j]! += e.features![j]! / chosen.length
  for (const e of chosen) for (let j = 0; j < d; j++) spread[j]! += (e.features![j]! - mean[j]!) ** 2 / chosen.length
  for (let j = 0; j < d; j++) spread[j] = Math.max(Math.sqrt(spread[j]!), 1e-3)
  const x = chosen.map((e) => Array.from(e.features!, (v, j) => (v - mean[j]!) / spread[j]!))
  // each (source, target) group weighs as the square root of its size; the two targets balance
  const key = (k: number) => `${chosen[k]!.row.source}|${y[k]}`
  const sizes = new Map<string, number>()
  chosen.forEach((_, k) => sizes.set(key(k), (sizes.get(key(k)) ?? 0) + 1))
  const w = chosen.map((_, k) => 1 / Math.sqrt(sizes.get(key(k))!))
  const totals = [0, 0]
  w.forEach((v, k) => (totals[y[k]!]! += v))
  const rowWeight = w.map((v, k) => (v * chosen.length) / (2 * totals[y[k]!]!))
  const weights = new Array<number>(d).fill(0)
  let bias = 0
  for (let step = 0; step < STEPS; step++) {
    const grad = new Array<number>(d).fill(0)
    let gradBias = 0
    for (let k = 0; k < x.length; k++) {
      let z = bias
      for (let j = 0; j < d; j++) z += weights[j]! * x[k]![j]!
      const g = (1 / (1 + Math.exp(-z)) - y[k]!) * rowWeight[k]!
      gradBias += g
      for (let j = 0; j < d; j++) grad[j]! += g * x[k]![j]!
    }
    bias -= (RATE * gradBias) / x.length
    // non-negative: more of a sign never lowers the risk
    for (let j = 0; j < d; j++) weights[j] = Math.max(0, weights[j]! - RATE * (grad[j]! / x.length + L2 * weights[j]!))
  }
  return { bias: round6(bias), weights: weights.map(round6), mean: mean.map(round6), spread: spread.map(round6), threshold: 1 }
}

const probability = (data: DocumentData, e: DocumentExample): number => {
  if (e.features === undefined || !e.signal) return 0
  let z = data.bias
  for (let j = 0; j < data.weights.length; j++) z += data.weights[j]! * (e.features[j]! - data.mean[j]!) / data.spread[j]!
  return 1 / (1 + Math.exp(-z))
}

/** The threshold from inner out-of-fold probabilities (see the module comment); 1 when nothing is worth adding. */
const chooseThreshold = (examples: ReadonlyArray<DocumentExample>, random: () => number): number => {
  const folds = examples.map(() => Math.floor(random() * INNER_FOLDS))
  const p = new Float64Array(examples.length)
  for (let fold = 0; fold < INNER_FOLDS; fold++) {
    const data = fit(examples.filter((_, i) => folds[i] !== fold))
    examples.forEach((e, i) => {
      if (folds[i] === fold) p[i] = data === undefined ? 0 : probability(data, e)
    })
  }
  const count = (test: (row: Row) => boolean) => examples.filter((e) => test(e.row)).length
  const users = count(isCrisisUser)
  const supportive = count(isSupportive)
  const openAi = count(isOpenAiNegative)
  let best = 1
  let bestGain = 0
  for (let step = 99; step >= Math.round(FLOOR * 100); step--) {
    const t = step / 100
    let found = 0
    let added = 0
    let openAiAdded = 0
    examples.forEach((e, i) => {
      if (e.flagged || p[i]! < t) return
      if (isCrisisUser(e.row)) found++
      else if (isSupportive(e.row)) added++
      else if (isOpenAiNegative(e.row)) openAiAdded++
    })
    if (openAi > 0 && openAiAdded > CAP * openAi) continue
    const gain = found / Math.max(users, 1) - FLAG_COST * added / Math.max(supportive, 1)
    if (gain > bestGain + 1e-9) {
      bestGain = gain
      best = t
    }
  }
  if (process.env["CRISIS_DEBUG"] !== undefined) process.stderr.write(`document: threshold ${best}, gain ${bestGain.toFixed(3)}\n`)
  return best
}

/**
 * Trains the document stage on `examples` (rows of train sources), given per
 * example the first stage's out-of-fold passage probabilities and whether it
 * flags the row out of fold. `OFF` when the rows cannot teach it; `random` is
 * a seeded generator (inner folds).
 */
export const trainDocumentStage = (
  space: FeatureSpace,
  rows: ReadonlyArray<{ readonly row: Row; readonly long: LongText | undefined }>,
  passages: ReadonlyArray<ReadonlyArray<number>>,
  flagged: ReadonlyArray<boolean>,
  random: () => number
): DocumentData => {
  const layout = documentLayout(space.constructs)
  const examples: Array<DocumentExample> = rows.map(({ row, long }, i) => {
    if (long === undefined) return { row, features: undefined, signal: false, flagged: flagged[i]! }
    const input: DocumentInput = { ...long, passages: passages[i]! }
    return { row, features: documentFeatures(layout, input), signal: documentSignal(layout, input), flagged: flagged[i]! }
  })
  const data = fit(examples)
  if (data === undefined) return OFF
  const threshold = chooseThreshold(examples, random)
  return threshold >= 1 ? OFF : { ...data, threshold: round6(threshold) }
}
