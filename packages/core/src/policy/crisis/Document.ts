/**
 * The document stage of the crisis model: a second, small logistic regression
 * for long texts only (a pasted post, a burst of texts: longer than
 * `LONG_TEXT`, Windows.ts) that the first stage left at none. Risk in a long
 * text is often spread thin: no one passage crosses the self-directed head's
 * threshold, and the words that would open its gate ("suicide", "end it")
 * may never be used. This stage reads the whole document at once, as rates
 * and summaries rather than words:
 *
 * - per 100 words, how often each self-directed Suicide Risk Lexicon construct
 *   occurs (ideation, self-injury, lethal means, hopelessness, entrapment,
 *   burdensomeness), and its multi-word phrases;
 * - first-person density, the rules' weak self-directed signs, context cues
 *   (ContextCues.ts) and past acts ("overdosed", "tried to kill myself");
 * - the first stage's self-directed probabilities over the passages: the
 *   largest, the mean, the mean of the top three, the share with its gate open.
 *
 * No feature grows with length alone, every weight is trained non-negative (more of a
 * sign never lowers the risk), and the stage speaks only when the text has a
 * self-directed sign of its own (`documentSignal`): it never lifts a text for
 * being long or for being sad. It makes a concern, never imminent.
 */
import type { RuleOutcome } from "./RuleEngine.ts"
import { CONTEXT_CUE } from "./ContextCues.ts"

/** Trained parameters of the document stage (ModelWeights.ts). */
export interface DocumentData {
  readonly bias: number
  /** One weight per feature of `DOCUMENT_FEATURES`, over standardised features. */
  readonly weights: ReadonlyArray<number>
  /** Per feature, the training mean and spread it is standardised by. */
  readonly mean: ReadonlyArray<number>
  readonly spread: ReadonlyArray<number>
  /** Probability at or above which the stage makes a concern (chosen on held-out training rows). */
  readonly threshold: number
}

/** Construct name prefixes (lower case) whose rates per 100 words are features, in order. */
export const DOCUMENT_CONSTRUCTS: ReadonlyArray<string> = [
  "passive suicidal",
  "active suicidal",
  "other suicidal",
  "direct self-injury",
  "lethal means",
  "hopelessness",
  "entrapment",
  "burdensomeness"
]
/**
 * Constructs whose single words already count as a self-directed sign for
 * `documentSignal` ("lifeless", "oblivion"). The single words of "other
 * suicidal language" ("die", "dying", "fatal", "suicide") do not: stories,
 * news and arguments about suicide use them as often as people at risk.
 */
const SIGNAL_CONSTRUCTS = ["passive suicidal"]

export const DOCUMENT_FEATURES: ReadonlyArray<string> = [
  ...DOCUMENT_CONSTRUCTS.map((c) => `rate ${c}`),
  "rate self-directed phrases",
  "first person density",
  "rule weak signs",
  "context cues",
  "past acts",
  "passage max",
  "passage mean",
  "passage top 3",
  "passages open"
]

/** Past self-directed acts and their aftermath, over the normal form (Normalize.ts). */
const PAST_ACT = new RegExp(
  String.raw`\b(?:overdosed|(?:tried|attempted|try|trying) to (?:kill myself|end (?:it|my life|things)|hang myself|overdose|od)|(?:my|last|first|second|third|previous) (?:suicide )?attempts?\b(?! (?:at|to|of|in|on)\b)|suicide attempt|attempted suicide|(?:slit|cut|slash|slashed) my wrists?|hanged myself|hung myself|took (?:all|a bunch|a handful|a lot|too many|the whole|an entire)(?: of)?(?: my| the| those)? (?:pills|tablets|meds|medication|bottle)|(?:psych|psychiatric) (?:ward|hospital|unit)|(?:was|got|been) (?:hospitali[sz]ed|admitted|committed|sectioned)|stomach pumped|suicide watch|ended up in the (?:er|hospital|emergency))`,
  "g"
)
const CUE = new RegExp(CONTEXT_CUE.source, "g")
const FIRST_PERSON = new Set(["i", "my", "myself", "mine", "me"])

const matches = (pattern: RegExp, text: string): number => {
  pattern.lastIndex = 0
  let n = 0
  while (pattern.exec(text) !== null) n++
  return n
}

/** Indexes of `DOCUMENT_CONSTRUCTS` (and the signal constructs) in a model's construct list. */
export interface DocumentLayout {
  readonly rated: ReadonlyArray<number>
  readonly signal: ReadonlyArray<number>
  readonly selfDirected: ReadonlyArray<number>
}

export const documentLayout = (constructs: ReadonlyArray<string>): DocumentLayout => {
  const find = (prefix: string) => constructs.findIndex((name) => name.toLowerCase().startsWith(prefix))
  return {
    rated: DOCUMENT_CONSTRUCTS.map(find),
    signal: SIGNAL_CONSTRUCTS.map(find).filter((i) => i >= 0),
    selfDirected: DOCUMENT_CONSTRUCTS.map(find).filter((i) => i >= 0)
  }
}

/** What the document stage reads of a long text, gathered by the screen as it reads it. */
export interface DocumentInput {
  readonly normal: string
  readonly rules: RuleOutcome
  /** Per lexicon construct, its phrase count and multi-word phrase count over the whole text. */
  readonly counts: ArrayLike<number>
  readonly phraseCounts: ArrayLike<number>
  /** The first stage's self-directed probability per passage (0 where its gate is shut). */
  readonly passages: ArrayLike<number>
}

const selfWeak = (rules: RuleOutcome): number => (rules.byCategory.get("suicide")?.weak ?? 0) + (rules.byCategory.get("self_harm")?.weak ?? 0)

/**
 * Whether the text has a self-directed sign of its own, so that the stage may
 * speak: a rule's self-directed sign, a word of passive suicidal ideation, a
 * lexicon phrase of two words or more from a construct of `DOCUMENT_CONSTRUCTS`,
 * or a past act. Hopelessness, entrapment and burdensomeness count ("no way
 * out", "i want out", "better off without me"): long posts by people at risk
 * often tell these and never name suicide, and a single word of them ("out",
 * "burden") is not enough.
 */
export const documentSignal = (layout: DocumentLayout, input: DocumentInput): boolean => {
  if (selfWeak(input.rules) > 0 || input.rules.byCategory.has("suicide") || input.rules.byCategory.has("self_harm")) return true
  for (const c of layout.signal) if (input.counts[c]! > 0) return true
  for (const c of layout.selfDirected) if (input.phraseCounts[c]! > 0) return true
  return matches(PAST_ACT, input.normal) > 0
}

/** The features of `DOCUMENT_FEATURES`, unstandardised. */
export const documentFeatures = (layout: DocumentLayout, input: DocumentInput): Float64Array => {
  const { normal } = input
  let words = 0
  let first = 0
  let from = 0
  while (from < normal.length) {
    let to = normal.indexOf(" ", from)
    if (to === -1) to = normal.length
    if (to > from) {
      const word = normal.slice(from, to)
      if (word !== "." && word !== ",") {
        words++
        if (FIRST_PERSON.has(word)) first++
      }
    }
    from = to + 1
  }
  const per100 = (n: number) => Math.log1p((100 * n) / Math.max(words, 1))
  const out = new Float64Array(DOCUMENT_FEATURES.length)
  let k = 0
  for (const c of layout.rated) out[k++] = c < 0 ? 0 : per100(input.counts[c]!)
  let phrases = 0
  for (const c of layout.selfDirected) phrases += input.phraseCounts[c]!
  out[k++] = per100(phrases)
  out[k++] = first / Math.max(words, 1)
  out[k++] = Math.min(selfWeak(input.rules), 3) / 3
  out[k++] = per100(matches(CUE, normal))
  out[k++] = Math.min(matches(PAST_ACT, normal), 2) / 2
  const ps = Array.from(input.passages).sort((a, b) => b - a)
  const n = ps.length
  out[k++] = n === 0 ? 0 : ps[0]!
  out[k++] = n === 0 ? 0 : ps.reduce((a, b) => a + b, 0) / n
  out[k++] = n === 0 ? 0 : ps.slice(0, 3).reduce((a, b) => a + b, 0) / Math.min(3, n)
  out[k++] = n === 0 ? 0 : ps.filter((p) => p > 0).length / n
  return out
}

/** The document stage's probability for unstandardised features. */
export const documentProbability = (data: DocumentData, features: ArrayLike<number>): number => {
  let z = data.bias
  for (let i = 0; i < data.weights.length; i++) z += data.weights[i]! * (features[i]! - data.mean[i]!) / data.spread[i]!
  return 1 / (1 + Math.exp(-z))
}
