/**
 * Rule 2 of a turn: the crisis screen. Runs on every inbound text, before
 * quota and age gates, offline and without the language model: a pure,
 * synchronous, deterministic function of the text.
 *
 * How it decides:
 * 1. The text is normalised (crisis/Normalize.ts): case, contractions, slang
 *    ("kms", "unalive"), elongations, emoji.
 * 2. The rules (crisis/RuleEngine.ts) find what is explicit: ideation, acts,
 *    and the plans, means and timing that make it imminent; suppressors cancel
 *    negations, hyperbole, laughter, stories and accidents.
 * 3. A small trained model (crisis/Model.ts, weights in crisis/ModelWeights.ts,
 *    features in crisis/Features.ts) reads the same text for what rules miss:
 *    a self-directed head (suicide or self-harm) and a violence head.
 * 4. They combine one way only: the rules decide imminent, and a model head
 *    at or above its threshold lifts a text the rules left at none to a
 *    concern. A long text both left at none is read once more as a whole
 *    (crisis/Document.ts: rates of lexicon constructs, passage-score
 *    summaries), which may lift it to a weakly held concern when it carries a
 *    self-directed sign of its own; and a long text in which the self-directed
 *    head comes near its threshold in two passages apart is a weakly held
 *    concern too (`RECURRENT`). The model never lowers what the rules found; when it disagrees
 *    with a rule concern, the score drops into the uncertain band.
 *
 * Score bands (`CrisisAssessment.score`, always in [0, 1]):
 * - `0`: nothing at all; (0, `UNCERTAIN_FLOOR`): none, a faint model signal;
 * - [`UNCERTAIN_FLOOR`, `CONCERN_FLOOR`): none, but the model is close to its threshold;
 * - [`CONCERN_FLOOR`, `UNCERTAIN_CEILING`): concern, weakly held (barely over
 *   the threshold, or the rules and the model disagree);
 * - [`UNCERTAIN_CEILING`, `IMMINENT_FLOOR`): concern; [`IMMINENT_FLOOR`, 1]: imminent.
 * `isUncertain` says whether a score sits in [`UNCERTAIN_FLOOR`, `UNCERTAIN_CEILING`):
 * the cases where a second opinion is worth its cost.
 *
 * `signals` lists the names of the rules that counted (and `model.self`,
 * `model.violence`, `context.*` when those decided), never the words.
 */
import { CrisisAssessment } from "../domain/Crisis.ts"
import type { CrisisCategory } from "../domain/Crisis.ts"
import { CONTEXT_CUE } from "./crisis/ContextCues.ts"
import { documentFeatures, documentProbability, documentSignal } from "./crisis/Document.ts"
import { extractFeatures, gateOpen, sparseVector } from "./crisis/Features.ts"
import type { SparseVector } from "./crisis/Features.ts"
import { loadModel, probability } from "./crisis/Model.ts"
import type { CrisisModel } from "./crisis/Model.ts"
import { CRISIS_MODEL_DATA } from "./crisis/ModelWeights.ts"
import { normalizeForScreen } from "./crisis/Normalize.ts"
import { NO_RULES, screenRules } from "./crisis/RuleEngine.ts"
import { passageSpansOf, recurrence } from "./crisis/Windows.ts"
import type { RuleOutcome } from "./crisis/RuleEngine.ts"

/** Lowest score of a concern. */
export const CONCERN_FLOOR = 0.4
/** Lowest score of an imminent assessment. */
export const IMMINENT_FLOOR = 0.8
/** Lowest score of the uncertain band: a none the model nearly flagged. */
export const UNCERTAIN_FLOOR = 0.2
/** First score above the uncertain band: concerns below it are weakly held. */
export const UNCERTAIN_CEILING = 0.5

/** Whether an assessment's score sits in the uncertain band (never for imminent). */
export const isUncertain = (assessment: CrisisAssessment): boolean =>
  assessment.severity !== "imminent" && assessment.score >= UNCERTAIN_FLOOR && assessment.score < UNCERTAIN_CEILING

/** A model probability relative to its head's threshold below this counts for nothing (score 0). */
const FAINT = 0.25
/** How many earlier texts `screenConversation` reads. */
export const CONTEXT_TURNS = 4
/** This many distressed texts in the window (the current one included) make a concern by themselves. */
const CONTEXT_BUILDUP = 3
/** A text counts as distressed, for `screenConversation`, when its model probability reaches this share of the threshold. */
const CONTEXT_DISTRESS = 0.3
/**
 * A long text in which two passages that share no sentence each reach this
 * share of the self-directed threshold is a weakly held concern: a sign told
 * in two places of a post is less likely a passing word than one told once.
 * Chosen by 5-fold cross-validation on the train sources (it added C-SSRS
 * crisis users and no OpenAI SH=0 flag there), then checked by leaving
 * C-SSRS out.
 */
export const RECURRENT = 0.5

interface Reading {
  readonly rules: RuleOutcome
  /** Model probability over its threshold, per head: 1 is the threshold. */
  readonly self: number
  readonly violence: number
  /** The document stage's probability over its threshold (long texts the first stage left at none; else 0). */
  readonly document: number
  /** How strongly the self-directed head's signal recurs over passages apart (Windows.ts `recurrence`), relative to its threshold. */
  readonly recurrent: number
  /** Lexicon-led best guess between suicide and self-harm, and abuse, for a model-lifted concern. */
  readonly selfCategory: CrisisCategory
}

const round = (score: number): number => Math.round(Math.min(1, Math.max(0, score)) * 1000) / 1000

/** Maps a probability / threshold ratio onto the score scale (none below 1, concern from 1). */
const scoreOfRatio = (ratio: number): number =>
  ratio >= 1
    ? CONCERN_FLOOR + (IMMINENT_FLOOR - 0.01 - CONCERN_FLOOR) * Math.min(1, (ratio - 1) * 2)
    : ratio < FAINT
    ? 0
    : CONCERN_FLOOR * (ratio - FAINT) / (1 - FAINT)

export interface CrisisScreen {
  /** Screens one text alone. */
  readonly screenCrisis: (text: string) => CrisisAssessment
  /** Screens a text with the person's earlier texts (oldest first); see `screenConversation` below. */
  readonly screenConversation: (current: string, recent: ReadonlyArray<string>) => CrisisAssessment
}

/** A screen over the given model (the shipped one is `screenCrisis`; evaluation trains others). */
export const makeCrisisScreen = (model: CrisisModel): CrisisScreen => {
  const features: SparseVector = sparseVector()
  const { space } = model
  // construct indexes for the category guess
  const constructIndex = (needle: string): number => space.constructs.findIndex((name) => name.toLowerCase().includes(needle))
  const selfInjury = constructIndex("self-injury")
  const suicidal = ["passive suicidal", "active suicidal", "other suicidal", "lethal means"].map(constructIndex).filter((i) => i >= 0)

  /** Each head's probability over its threshold on one text or passage (0 where its gate is shut). */
  const ratios = (normal: string, rules: RuleOutcome): readonly [number, number] => {
    extractFeatures(space, normal, rules, features)
    const self = gateOpen(space, features, rules, "self") ? probability(model.self, features) / model.self.threshold : 0
    const violence = gateOpen(space, features, rules, "violence") ? probability(model.violence, features) / model.violence.threshold : 0
    return [self, violence]
  }

  const read = (normal: string): Reading => {
    const rules = normal.length === 0 ? NO_RULES : screenRules(normal)
    if (normal.length === 0) return { rules, self: 0, violence: 0, document: 0, recurrent: 0, selfCategory: "suicide" }
    let [self, violence] = ratios(normal, rules)
    const passages = passageSpansOf(normal)
    const stage = passages.length > 0 ? model.document : undefined
    const counts = stage === undefined ? features.counts : Int32Array.from(features.counts)
    const phraseCounts = stage === undefined ? features.phraseCounts : Int32Array.from(features.phraseCounts)
    const passageProbabilities: Array<number> = []
    const passageRatios: Array<number> = []
    const injury = selfInjury >= 0 ? features.counts[selfInjury]! : 0
    let ideation = 0
    for (const at of suicidal) ideation += features.counts[at]!
    // a long text is as grave as its gravest passage
    for (const passage of passages) {
      const [s, v] = ratios(passage.text, screenRules(passage.text))
      if (s > self) self = s
      if (v > violence) violence = v
      passageProbabilities.push(s * model.self.threshold)
      passageRatios.push(s)
    }
    const recurrent = recurrence(passages, passageRatios)
    // a long text the first stage leaves at none is read once more as a whole document (crisis/Document.ts)
    let document = 0
    if (stage !== undefined && rules.best === undefined && self < 1 && violence < 1) {
      const input = { normal, rules, counts, phraseCounts, passages: passageProbabilities }
      if (documentSignal(stage.layout, input)) {
        document = documentProbability(stage.data, documentFeatures(stage.layout, input)) / stage.data.threshold
      }
    }
    const weakOf = (category: CrisisCategory): number => rules.byCategory.get(category)?.weak ?? 0
    const selfCategory: CrisisCategory = injury > ideation || (injury === ideation && weakOf("self_harm") > weakOf("suicide"))
      ? "self_harm"
      : ideation === 0 && injury === 0 && weakOf("abuse") > 0 ? "abuse" : "suicide"
    return { rules, self, violence, document, recurrent, selfCategory }
  }

  const assess = (reading: Reading): CrisisAssessment => {
    const { rules, self, violence } = reading
    const best = rules.best
    const modelRatio = Math.max(self, violence)
    if (best !== undefined && best.severity === "imminent") {
      const score = IMMINENT_FLOOR + (1 - IMMINENT_FLOOR) * best.raw
      return new CrisisAssessment({ category: best.category, severity: "imminent", score: round(score), signals: rules.signals })
    }
    if (best !== undefined) {
      // a rule concern: the model may raise its score, and its doubt moves it into the uncertain band
      const ruleScore = CONCERN_FLOOR + (IMMINENT_FLOOR - 0.01 - CONCERN_FLOOR) * best.raw
      const score = modelRatio >= FAINT
        ? Math.max(ruleScore, scoreOfRatio(modelRatio))
        : CONCERN_FLOOR + (UNCERTAIN_CEILING - 0.01 - CONCERN_FLOOR) * best.raw
      return new CrisisAssessment({ category: best.category, severity: "concern", score: round(score), signals: rules.signals })
    }
    if (modelRatio >= 1) {
      const category = violence > self ? "violence" : reading.selfCategory
      const signal = violence > self ? "model.violence" : "model.self"
      return new CrisisAssessment({ category, severity: "concern", score: round(scoreOfRatio(modelRatio)), signals: [signal] })
    }
    if (reading.document >= 1) {
      // a weakly held concern: the document stage reads rates, not what was said
      const score = CONCERN_FLOOR + (UNCERTAIN_CEILING - 0.01 - CONCERN_FLOOR) * Math.min(1, reading.document - 1)
      return new CrisisAssessment({ category: reading.selfCategory, severity: "concern", score: round(score), signals: ["model.document"] })
    }
    if (reading.recurrent >= RECURRENT) {
      // a weakly held concern: no passage alone crossed the threshold, two apart came near it
      const score = CONCERN_FLOOR + (UNCERTAIN_CEILING - 0.01 - CONCERN_FLOOR) * (reading.recurrent - RECURRENT) / (1 - RECURRENT)
      return new CrisisAssessment({ category: reading.selfCategory, severity: "concern", score: round(score), signals: ["model.recurrent"] })
    }
    // a ratio a hair under 1 would round up to the concern floor: a none stays below it
    const score = Math.min(round(scoreOfRatio(modelRatio)), CONCERN_FLOOR - 0.001)
    return score === 0 ? CrisisAssessment.none : new CrisisAssessment({ category: null, severity: "none", score, signals: [] })
  }

  const screenCrisis = (text: string): CrisisAssessment => assess(read(normalizeForScreen(text)))

  const distressed = (reading: Reading, normal: string): boolean =>
    reading.rules.best !== undefined ||
    CONTEXT_CUE.test(normal) ||
    Math.max(reading.self, reading.violence) >= CONTEXT_DISTRESS ||
    [...reading.rules.byCategory.values()].some((evidence) => evidence.weak > 0)

  /**
   * The current text decides alone when it is imminent or a concern. Otherwise
   * the last `CONTEXT_TURNS` earlier texts and the current one are read together
   * (joined as sentences): when the current text itself shows distress (a rule
   * sign, a context cue such as "how i'd do it" (crisis/ContextCues.ts), or a
   * model probability of at least `CONTEXT_DISTRESS` of the threshold), at
   * least one earlier text does too, and the joined reading is a concern (by
   * rules or model), the current text is a concern in the joined reading's
   * category. When the current text and at least two earlier ones are each
   * distressed (`CONTEXT_BUILDUP`), it is a concern even if no reading is,
   * scored in the uncertain band. History never makes imminent, and a neutral current
   * text is never flagged for what came before.
   */
  const screenConversation = (current: string, recent: ReadonlyArray<string>): CrisisAssessment => {
    const normal = normalizeForScreen(current)
    const now = read(normal)
    const alone = assess(now)
    if (alone.severity !== "none" || recent.length === 0 || !distressed(now, normal)) return alone
    const earlier = recent.slice(-CONTEXT_TURNS).map(normalizeForScreen).filter((t) => t.length > 0)
    const before = earlier.filter((t) => distressed(read(t), t)).length
    if (before === 0) return alone
    const reading = read([...earlier, normal].join(" . "))
    const joined = assess(reading)
    if (joined.severity !== "none" && joined.category !== null) {
      return new CrisisAssessment({
        category: joined.category,
        severity: "concern",
        score: round(Math.max(Math.min(joined.score, IMMINENT_FLOOR - 0.01), CONCERN_FLOOR)),
        signals: ["context.recent", ...joined.signals]
      })
    }
    // distress in every one of three texts or more makes a concern even when no reading does
    if (before + 1 < CONTEXT_BUILDUP) return alone
    const category = reading.violence > reading.self ? "violence" : reading.selfCategory
    return new CrisisAssessment({ category, severity: "concern", score: UNCERTAIN_CEILING - 0.05, signals: ["context.buildup"] })
  }

  return { screenCrisis, screenConversation }
}

const SHIPPED = makeCrisisScreen(loadModel(CRISIS_MODEL_DATA, normalizeForScreen))

/** Screens one inbound text. Pure, synchronous, total: never throws, same text same answer. */
export const screenCrisis = (text: string): CrisisAssessment => SHIPPED.screenCrisis(text)

/**
 * Screens the current text with the person's recent texts (oldest first, the
 * last few turns): distress that builds over several texts escalates to a
 * concern even when each text alone is below it. Imminent comes only from the
 * current text. Pure, synchronous, total.
 */
export const screenConversation = (current: string, recent: ReadonlyArray<string>): CrisisAssessment =>
  SHIPPED.screenConversation(current, recent)

/**
 * V8 compiles a regular expression on its first use, and the screen's first
 * calls take a second or two (2.3 s of CPU on a slow two-core machine). A
 * process that runs turns calls this while starting, so the first person to
 * text does not wait; one that only acks (role `web`) never screens.
 */
export const warmUpCrisisScreen = (): void => {
  for (const text of [
    "hello, how are you today?",
    "i want to die, i have the pills and i'm going to do it tonight",
    "he hits me and i'm scared he'll kill me when he gets home",
    "i've been cutting again",
    "i'm going to stab him tomorrow, lol this homework is killing me"
  ]) screenCrisis(text)
}
