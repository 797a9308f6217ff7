/**
 * The rule half of the crisis screen (see CrisisScreen.ts for how it combines
 * with the model). Pure and synchronous over the normal form of a text.
 *
 * 1. Each rule (*Rules.ts) is a precompiled expression; a match counts unless
 *    one of its suppressors (Suppressors.ts) applies: negation, hyperbole,
 *    laughter, story/news, quotation, accident.
 * 2. Per category, an imminent rule makes it imminent, a concern rule makes it
 *    a concern, and weak signs add up to a concern. A booster (Boosters.ts:
 *    timing, means, plan, an attack under way) lifts a concern to imminent.
 * 3. The most severe category wins; on a tie suicide > self_harm > abuse > violence,
 *    so the reply carries the resources for the gravest risk.
 */
import type { CrisisCategory, CrisisSeverity } from "../../domain/Crisis.ts"
import { ABUSE_RULES } from "./AbuseRules.ts"
import { BOOSTERS } from "./Boosters.ts"
import type { CrisisBooster, CrisisRule, Guard } from "./Rule.ts"
import { SELF_HARM_RULES } from "./SelfHarmRules.ts"
import { SUICIDE_RULES } from "./SuicideRules.ts"
import {
  ACCIDENT,
  HYPERBOLE,
  insideQuotes,
  LAUGHTER,
  NEGATION_BEFORE,
  NEGATION_NEAR,
  NEGATION_UNDONE,
  STORY
} from "./Suppressors.ts"
import { VIOLENCE_RULES } from "./ViolenceRules.ts"

const RULES: ReadonlyArray<CrisisRule> = [...SUICIDE_RULES, ...SELF_HARM_RULES, ...ABUSE_RULES, ...VIOLENCE_RULES]
const CATEGORY_ORDER: ReadonlyArray<CrisisCategory> = ["suicide", "self_harm", "abuse", "violence"]

/** Weak signs of one category whose weights add up to this make a concern. */
const WEAK_THRESHOLD = 0.8

/** How far back a negation may sit before the phrase it negates. */
const LOOK_BEHIND = 64
/** How far ahead `notAfter` looks. */
const LOOK_AHEAD = 64
const SENTENCE = " . "
/** Stories and news are judged near the match in long texts ("the movie" 3 paragraphs up says nothing). */
const STORY_WINDOW = 160
/** An accident is judged in the words around the match, not a whole long sentence. */
const ACCIDENT_WINDOW = 40

/** How far (in characters) a text-scoped booster reaches: a whole SMS, not a whole essay. */
const BOOST_REACH = 320

/** How far a sentence-scoped booster (a time, a weapon) may sit from the concern it lifts. */
const SENTENCE_REACH = 90


interface TextContext {
  readonly text: string
  laughter: boolean | undefined
  story: boolean | undefined
  /** A self-directed match was set aside as an accident, a figure of speech or a negation (`RuleOutcome.explainedAway`). */
  explainedAway: boolean
}

const sentenceStart = (text: string, index: number): number => {
  const at = text.lastIndexOf(SENTENCE, index)
  return at === -1 ? 0 : at + SENTENCE.length
}
const sentenceEnd = (text: string, index: number): number => {
  const at = text.indexOf(SENTENCE, index)
  return at === -1 ? text.length : at
}

/** The guard that cancels a match, or undefined when none does. */
const guarded = (
  context: TextContext,
  guards: ReadonlyArray<Guard>,
  start: number,
  end: number,
  from: number
): Guard | undefined => {
  const { text } = context
  for (const guard of guards) {
    switch (guard) {
      case "negation":
        if (
          NEGATION_BEFORE.test(text.slice(Math.max(from, start - LOOK_BEHIND), start)) &&
          !NEGATION_UNDONE.test(text.slice(end, end + 24))
        ) return guard
        break
      case "negatedSubject":
        if (NEGATION_NEAR.test(text.slice(Math.max(from, start - 24), start).trimEnd())) return guard
        break
      case "hyperbole":
        if (context.laughter ??= LAUGHTER.test(text)) return guard
        if (HYPERBOLE.test(text.slice(from, sentenceEnd(text, end)))) return guard
        break
      case "laughter":
        if (context.laughter ??= LAUGHTER.test(text)) return guard
        break
      case "story":
        if (text.length <= STORY_WINDOW * 2) {
          if (context.story ??= STORY.test(text)) return guard
        } else if (STORY.test(text.slice(Math.max(0, start - STORY_WINDOW), end + STORY_WINDOW))) return guard
        break
      case "quoted":
        if (insideQuotes(text, start)) return guard
        break
      case "accident":
        if (ACCIDENT.test(text.slice(Math.max(from, start - ACCIDENT_WINDOW), Math.min(sentenceEnd(text, end), end + ACCIDENT_WINDOW)))) return guard
        break
    }
  }
  return undefined
}

interface Evidence {
  imminent: boolean
  concern: boolean
  weak: number
  /** Product of (1 - weight) over the rules that counted: the raw score is 1 - miss. */
  miss: number
  /** Starts of the sentences holding a concern or imminent match, for sentence-scoped boosters. */
  readonly sentences: Set<number>
  /** Where the concern or imminent matches start, for text-scoped boosters. */
  readonly positions: Array<number>
  /** [start, end) of the weak matches counted, so two weak rules never count the same words twice. */
  readonly weakSpans: Array<readonly [number, number]>
  readonly signals: Array<string>
}

const evidenceFor = (byCategory: Map<CrisisCategory, Evidence>, category: CrisisCategory): Evidence => {
  let evidence = byCategory.get(category)
  if (evidence === undefined) {
    evidence = { imminent: false, concern: false, weak: 0, miss: 1, sentences: new Set(), positions: [], weakSpans: [], signals: [] }
    byCategory.set(category, evidence)
  }
  return evidence
}

const SELF_DIRECTED: ReadonlySet<CrisisCategory> = new Set(["suicide", "self_harm"])
/**
 * Guards that say what a self-directed phrase means instead (an accident, "no
 * intention of"): hyperbole, laughter and stories are left out, as the model
 * learns them from its training data and a long text's one "lol" or "movie"
 * says little about the rest of it.
 */
const EXPLAINING: ReadonlySet<Guard> = new Set(["accident", "negation"])

/**
 * The first match of `rule` that no suppressor cancels and that overlaps none
 * of `taken`, or undefined. A self-directed match set aside by the words after
 * it ("hurt myself at the gym", "killing myself laughing"), an accident or a
 * negation is noted on the context (`RuleOutcome.explainedAway`).
 */
const firstMatch = (
  context: TextContext,
  rule: CrisisRule,
  taken: ReadonlyArray<readonly [number, number]> = []
): RegExpExecArray | undefined => {
  const { pattern, guards, notAfter, notBefore } = rule
  const { text } = context
  pattern.lastIndex = 0
  let match: RegExpExecArray | null
  while ((match = pattern.exec(text)) !== null) {
    const start = match.index
    const end = start + match[0].length
    if (match[0].length === 0) pattern.lastIndex++
    if (taken.some(([left, right]) => start < right && end > left)) continue
    const from = sentenceStart(text, start)
    if (notAfter !== undefined && notAfter.test(text.slice(end, end + LOOK_AHEAD))) {
      if (SELF_DIRECTED.has(rule.category)) context.explainedAway = true
      continue
    }
    if (notBefore !== undefined && notBefore.test(text.slice(Math.max(from, start - LOOK_BEHIND), start))) continue
    const guard = guarded(context, guards, start, end, from)
    if (guard !== undefined) {
      if (EXPLAINING.has(guard) && SELF_DIRECTED.has(rule.category)) context.explainedAway = true
      continue
    }
    return match
  }
  return undefined
}

/** For each anchor word, the indexes (into RULES) of the rules it anchors. */
const RULES_BY_ANCHOR: ReadonlyMap<string, ReadonlyArray<number>> = (() => {
  const index = new Map<string, Array<number>>()
  RULES.forEach((rule, at) => {
    for (const anchor of rule.anchors) {
      const list = index.get(anchor)
      if (list === undefined) index.set(anchor, [at])
      else list.push(at)
    }
  })
  return index
})()

/** Which rules have one of their anchors among the words of `text` (normalised). */
const anchoredRules = (text: string): Uint8Array | undefined => {
  let selected: Uint8Array | undefined
  const select = (word: string): void => {
    const rules = RULES_BY_ANCHOR.get(word)
    if (rules === undefined) return
    selected ??= new Uint8Array(RULES.length)
    for (const at of rules) selected[at] = 1
  }
  let from = 0
  while (from < text.length) {
    let to = text.indexOf(" ", from)
    if (to === -1) to = text.length
    select(text.slice(from, to))
    from = to + 1
  }
  // "suicidewatch", "suicides": any word starting so anchors what "suicid" anchors
  if (text.includes("suicid")) select("suicid")
  return selected
}

const applyRule = (context: TextContext, byCategory: Map<CrisisCategory, Evidence>, rule: CrisisRule): void => {
  const weakSpans = rule.level === "weak" ? byCategory.get(rule.category)?.weakSpans : undefined
  const match = firstMatch(context, rule, weakSpans)
  if (match === undefined) return
  const { text } = context
  const from = sentenceStart(text, match.index)
  const evidence = evidenceFor(byCategory, rule.category)
  let level = rule.level
  if (level === "imminent" && rule.past !== undefined && rule.past.test(text.slice(from, sentenceEnd(text, match.index)))) {
    level = "concern"
  }
  if (level === "weak") {
    evidence.weak += rule.weight
    evidence.weakSpans.push([match.index, match.index + match[0].length])
    // a second, separate occurrence of the same weak sign counts half: "hopeless" twice in a long message says more than once
    const again = firstMatch(context, rule, evidence.weakSpans)
    if (again !== undefined) {
      evidence.weak += rule.weight / 2
      evidence.weakSpans.push([again.index, again.index + again[0].length])
    }
  } else {
    evidence.sentences.add(from)
    evidence.positions.push(match.index)
    if (level === "imminent") evidence.imminent = true
    else evidence.concern = true
  }
  evidence.miss *= 1 - rule.weight
  evidence.signals.push(rule.name)
}

const applyBooster = (context: TextContext, byCategory: Map<CrisisCategory, Evidence>, boost: CrisisBooster): void => {
  const candidates = boost.promotes.filter((category) => {
    const evidence = byCategory.get(category)
    return evidence !== undefined && !evidence.imminent && (evidence.concern || evidence.weak >= WEAK_THRESHOLD)
  })
  if (candidates.length === 0) return
  const { text } = context
  boost.pattern.lastIndex = 0
  let match: RegExpExecArray | null
  while ((match = boost.pattern.exec(text)) !== null) {
    if (match[0].length === 0) boost.pattern.lastIndex++
    const start = match.index
    const end = start + match[0].length
    const from = sentenceStart(text, start)
    if (guarded(context, boost.guards, start, end, from) !== undefined) continue
    for (const category of candidates) {
      const evidence = byCategory.get(category)
      if (evidence === undefined || evidence.imminent) continue
      const near = boost.scope === "text"
        ? evidence.weak >= WEAK_THRESHOLD || evidence.positions.some((at) => Math.abs(at - start) <= BOOST_REACH)
        : evidence.sentences.has(from) && evidence.positions.some((at) => Math.abs(at - start) <= SENTENCE_REACH)
      if (near) {
        evidence.imminent = true
        evidence.signals.push(boost.name)
      }
    }
  }
}

/**
 * Weak signs of suicide and of self-harm add up together: hopelessness beside
 * a mention of cutting says more than either alone.
 */
const poolSelfDirectedWeakSigns = (byCategory: Map<CrisisCategory, Evidence>): void => {
  const suicide = byCategory.get("suicide")
  const selfHarm = byCategory.get("self_harm")
  if (suicide === undefined || selfHarm === undefined) return
  const pooled = suicide.weak + selfHarm.weak
  suicide.weak = pooled
  selfHarm.weak = pooled
}

const severityOf = (evidence: Evidence): CrisisSeverity =>
  evidence.imminent ? "imminent" : evidence.concern || evidence.weak >= WEAK_THRESHOLD ? "concern" : "none"

const RANK: Record<CrisisSeverity, number> = { none: 0, concern: 1, imminent: 2 }

/** Per category, what the rules found: the model reads these as features. */
export interface CategoryEvidence {
  readonly severity: CrisisSeverity
  /** Sum of the weak signs counted (pooled for suicide and self-harm). */
  readonly weak: number
  /** 0..1: 1 minus the product of (1 - weight) over the rules that counted. */
  readonly raw: number
  readonly signals: ReadonlyArray<string>
}

export interface RuleOutcome {
  /** The gravest category with a severity above none, or undefined. */
  readonly best: { readonly category: CrisisCategory; readonly severity: CrisisSeverity; readonly raw: number } | undefined
  readonly byCategory: ReadonlyMap<CrisisCategory, CategoryEvidence>
  /** Names of the rules that counted in categories above none, gravest first. */
  readonly signals: ReadonlyArray<string>
  /**
   * Whether the rules set a self-directed phrase aside as an accident, a
   * figure of speech or a negation ("i hurt myself at the gym", "killing
   * myself laughing", "no intention of killing myself"). When they found no
   * other self-directed sign, the model is not asked about the same words
   * (Features.ts `gateOpen`): its word and character n-grams would read the
   * phrase and miss what the words around it say.
   */
  readonly explainedAway: boolean
}

export const NO_RULES: RuleOutcome = { best: undefined, byCategory: new Map(), signals: [], explainedAway: false }
const EXPLAINED_AWAY: RuleOutcome = { ...NO_RULES, explainedAway: true }

/** Runs the rules over a normalised text (Normalize.ts). Pure, total. */
export const screenRules = (normal: string): RuleOutcome => {
  if (normal.length === 0) return NO_RULES
  const selected = anchoredRules(normal)
  if (selected === undefined) return NO_RULES
  const context: TextContext = { text: normal, laughter: undefined, story: undefined, explainedAway: false }
  const byCategory = new Map<CrisisCategory, Evidence>()
  for (let at = 0; at < RULES.length; at++) if (selected[at] === 1) applyRule(context, byCategory, RULES[at]!)
  if (byCategory.size === 0) return context.explainedAway ? EXPLAINED_AWAY : NO_RULES
  poolSelfDirectedWeakSigns(byCategory)
  for (const boost of BOOSTERS) applyBooster(context, byCategory, boost)

  let best: { category: CrisisCategory; severity: CrisisSeverity; raw: number } | undefined
  const signals: Array<string> = []
  const outcome = new Map<CrisisCategory, CategoryEvidence>()
  for (const category of CATEGORY_ORDER) {
    const evidence = byCategory.get(category)
    if (evidence === undefined) continue
    const severity = severityOf(evidence)
    const raw = 1 - evidence.miss
    outcome.set(category, { severity, weak: evidence.weak, raw, signals: evidence.signals })
    if (severity === "none") continue
    signals.push(...evidence.signals)
    if (best === undefined || RANK[severity] > RANK[best.severity]) best = { category, severity, raw }
  }
  return { best, byCategory: outcome, signals, explainedAway: context.explainedAway }
}
