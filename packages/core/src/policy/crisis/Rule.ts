/**
 * The shape of a crisis rule and the helpers the rule files use to write them
 * readably. A rule is a precompiled regular expression over the normal form of
 * a text (see Normalize.ts): lower case, single spaces, " . " between
 * sentences, " , " between clauses.
 */
import type { CrisisCategory } from "../../domain/Crisis.ts"

/**
 * - `weak`: a sign of distress that means little alone ("hopeless"); weak signs
 *   of one category add up (WEAK_THRESHOLD in CrisisScreen.ts) to a concern.
 * - `concern`: enough alone for a concern.
 * - `imminent`: enough alone for imminent (an act under way, means in hand).
 */
export type RuleLevel = "weak" | "concern" | "imminent"

/** Named suppressors (Suppressors.ts) a rule opts into. */
export type Guard =
  /** "never", "not going to", "don't want to" just before the match */
  | "negation"
  /** "no", "not", "never" a few words before the match ("nobody deserves to be hurt like that") */
  | "negatedSubject"
  /** a trivial cause in the sentence ("so boring", "of embarrassment") or laughter in the text */
  | "hyperbole"
  /** laughter anywhere in the text ("lol", "jk", 😂) */
  | "laughter"
  /** fiction, games, history or news around the match */
  | "story"
  /** the match sits inside quotation marks */
  | "quoted"
  /** an accident in the sentence ("accidentally", "while cooking") */
  | "accident"

export interface CrisisRule {
  /** Reported in `signals`: says what was recognised, never the words. */
  readonly name: string
  readonly category: CrisisCategory
  readonly level: RuleLevel
  /** 0..1, how much this rule alone says; combined as independent evidence. */
  readonly weight: number
  readonly pattern: RegExp
  readonly guards: ReadonlyArray<Guard>
  /** Suppresses the match when the words right after it match (anchored at the match end). */
  readonly notAfter: RegExp | undefined
  /** Suppresses the match when the words right before it match (anchored at the match start). */
  readonly notBefore: RegExp | undefined
  /** An imminent rule counts as a concern when its sentence matches this (the act is in the past). */
  readonly past: RegExp | undefined
  /**
   * Words of which every match contains at least one: the rule is skipped when
   * the text has none of them, which keeps the screen fast on everyday texts.
   */
  readonly anchors: ReadonlySet<string>
}

export interface RuleOptions {
  /** See `CrisisRule.anchors`: words separated by spaces, or a list. */
  readonly anchors: string | ReadonlyArray<string>
  readonly guards?: ReadonlyArray<Guard>
  readonly notAfter?: string
  readonly notBefore?: string
  readonly past?: string
}

/** Builds a rule; `source` is a regular expression source over normalised text. */
export const rule = (
  name: string,
  category: CrisisCategory,
  level: RuleLevel,
  weight: number,
  source: string,
  options: RuleOptions
): CrisisRule => ({
  name,
  category,
  level,
  weight,
  pattern: new RegExp(source, "g"),
  guards: options.guards ?? [],
  notAfter: options.notAfter === undefined ? undefined : new RegExp(`^(?:${options.notAfter})`),
  notBefore: options.notBefore === undefined ? undefined : new RegExp(`(?:${options.notBefore})$`),
  past: options.past === undefined ? undefined : new RegExp(options.past),
  anchors: new Set(typeof options.anchors === "string" ? options.anchors.split(" ") : options.anchors)
})

/** The first word of each phrase: anchors for a rule built on a list of phrases. */
export const firstWords = (...lists: ReadonlyArray<ReadonlyArray<string>>): ReadonlyArray<string> =>
  [...new Set(lists.flat().map((phrase) => phrase.split(" ")[0] ?? phrase))]

/**
 * Something that, next to a concern, makes it imminent: a time ("tonight"),
 * means in hand ("the gun is loaded"), a plan ("i wrote the note").
 */
export interface CrisisBooster {
  readonly name: string
  readonly promotes: ReadonlyArray<CrisisCategory>
  /** `sentence`: must share a sentence with a concern of the category; `text`: anywhere. */
  readonly scope: "sentence" | "text"
  readonly pattern: RegExp
  readonly guards: ReadonlyArray<Guard>
}

export const booster = (
  name: string,
  promotes: ReadonlyArray<CrisisCategory>,
  scope: "sentence" | "text",
  source: string,
  guards: ReadonlyArray<Guard> = ["negation"]
): CrisisBooster => ({ name, promotes, scope, pattern: new RegExp(source, "g"), guards })

interface TrieNode {
  end: boolean
  readonly next: Map<string, TrieNode>
}

const trieSource = (node: TrieNode): string => {
  const branches = [...node.next].map(([char, child]) => char + trieSource(child))
  if (branches.length === 0) return ""
  const body = branches.length === 1 ? branches[0]! : `(?:${branches.join("|")})`
  if (!node.end) return body
  return branches.length === 1 && branches[0]!.length === 1 ? `${body}?` : `(?:${body})?`
}

const PLAIN = /^[a-z0-9 ]+$/

/**
 * `(?:a|b|c)` preferring the longest phrase. Plain words are compiled into a
 * trie ("kill|killing|kills" → "kill(?:ing|s)?") so the engine dispatches on
 * each character instead of trying hundreds of alternatives one by one;
 * entries holding regular-expression syntax are kept as they are.
 */
export const oneOf = (...words: ReadonlyArray<string>): string => {
  const root: TrieNode = { end: false, next: new Map() }
  const patterns: Array<string> = []
  for (const word of new Set(words)) {
    if (!PLAIN.test(word)) {
      patterns.push(word)
      continue
    }
    let node = root
    for (const char of word) {
      let child = node.next.get(char)
      if (child === undefined) {
        child = { end: false, next: new Map() }
        node.next.set(char, child)
      }
      node = child
    }
    node.end = true
  }
  const alternatives = [...patterns.sort((a, b) => b.length - a.length)]
  if (root.next.size > 0) alternatives.push(trieSource(root))
  return `(?:${alternatives.join("|")})`
}

/** Up to `n` words (never a clause mark), each with its leading space. */
export const words = (n: number): string => `(?: [a-z0-9]+){0,${n}}`
