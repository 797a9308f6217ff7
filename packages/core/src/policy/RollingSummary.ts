/**
 * The rolling summary keeps a long conversation inside the prompt budget.
 * Once the lines that no summary covers pass a threshold, the older ones are
 * folded into a new summary, together with the previous one, by a cheap model
 * call (purpose `summary`). The newest lines stay out of it so the model still
 * reads them word for word. Lines up to `coversUntil` are then no longer sent
 * as history (see `ModelReply`).
 *
 * The same call also lists durable facts it noticed ("Their dog is called
 * Rex."), because it reads the conversation anyway: the rules of
 * `FactExtraction` are precise but miss facts phrased in other ways, and a
 * second call would cost a second prompt. The model's output is read
 * defensively: a summary without its markers is still a summary, facts must be
 * short third-person sentences, and none may touch on a crisis.
 *
 * Pure: the plan and the request, and the reading of the answer.
 */
import { DateTime, Option } from "effect"
import type { ChatLine } from "../domain/Message.ts"
import type { Tier } from "../domain/User.ts"
import type { ModelRequest } from "../ports/LanguageModel.ts"
import { screenCrisis } from "./CrisisScreen.ts"
import { isFactSentence } from "./FactExtraction.ts"
import type { PromptBudget } from "./PromptAssembly.ts"
import { estimateRequestTokens, estimateTokens } from "./PromptAssembly.ts"

/** One line of the conversation is cut to this before it is summarised. */
export const MAX_LINE_CHARS = 600
/** Facts the model may add from one summary. */
export const MAX_FACTS_PER_SUMMARY = 5
/** Known facts shown to the model so it does not repeat them. */
const MAX_KNOWN_FACTS = 20

export interface SummaryInput {
  /** Recent conversation, oldest first. */
  readonly lines: ReadonlyArray<ChatLine>
  readonly previous: Option.Option<{ readonly text: string; readonly coversUntil: DateTime.Utc }>
  /** Remembered facts, oldest first. */
  readonly knownFacts: ReadonlyArray<string>
  /** Summarise once at least this many lines are not covered. */
  readonly after: number
  /** The newest lines, left out of the summary. */
  readonly keep: number
  readonly budget: PromptBudget
  readonly maxOutputTokens: number
  /** Ask for durable facts too. */
  readonly withFacts: boolean
  readonly tier: Tier
}

export interface SummaryPlan {
  readonly request: ModelRequest
  /** The instant of the last line folded in: every line up to it is covered. */
  readonly coversUntil: DateTime.Utc
  /** How many lines are folded in. */
  readonly lines: number
}

export interface SummaryAnswer {
  /** `undefined` when the answer held no usable summary: keep the old one. */
  readonly summary: string | undefined
  readonly facts: ReadonlyArray<string>
}

/** About four characters a token: what the output limit allows, and what is stored at most. */
export const maxSummaryChars = (maxOutputTokens: number): number => Math.max(200, maxOutputTokens * 4)

/** Whether the summary covering lines up to `coversUntil` already holds `line`. */
export const isCovered = (line: ChatLine, coversUntil: DateTime.Utc): boolean =>
  !DateTime.isGreaterThan(line.at, coversUntil)

const instructions = (maxOutputTokens: number, withFacts: boolean): string => {
  const words = Math.max(40, Math.floor(maxOutputTokens * (withFacts ? 0.5 : 0.65)))
  const summary =
    `You keep the memory of an SMS companion about one person. You get the summary so far, if there is one, and the next part of their conversation ("Them" is the person, "You" is the companion).

Write the updated summary in at most ${words} words: plain prose in the third person ("They..."), keeping what will matter in later conversations - what is going on in their life, the people and plans they mentioned, how they have been feeling, and anything they asked you to remember. Drop small talk. Never invent anything. Leave out phone numbers, addresses, passwords and payment details.`
  if (!withFacts) return `${summary}\n\nAnswer with the summary only.`
  return `${summary}

Then list durable facts they stated about themselves that are not already known, one short sentence per line starting with "They" or "Their", for example "Their dog is called Rex." Leave out moods, anything about a crisis or self-harm, health details and anything they may not want repeated.

Answer in exactly this form:
SUMMARY: <the updated summary>
FACTS:
- <one fact>
or, when there is no new fact, "FACTS: none".`
}

const cut = (text: string, maxChars: number): string => {
  if (text.length <= maxChars) return text
  const head = text.slice(0, maxChars - 1)
  const space = head.lastIndexOf(" ")
  return `${space > maxChars / 2 ? head.slice(0, space) : head}…`
}

const render = (line: ChatLine): string =>
  `${line.role === "user" ? "Them" : "You"}: ${cut(line.text.replace(/\s+/g, " ").trim(), MAX_LINE_CHARS)}`

const message = (previous: string | undefined, facts: ReadonlyArray<string>, lines: ReadonlyArray<string>) =>
  [
    ...(previous === undefined ? [] : [`Summary so far:\n${previous}`]),
    ...(facts.length === 0 ? [] : [`Already known:\n${facts.map((f) => `- ${f}`).join("\n")}`]),
    `Conversation:\n${lines.join("\n")}`
  ].join("\n\n")

/** Keeps lines whose instants all differ from the first line left out, so `coversUntil` splits them cleanly. */
const untilDistinctInstant = (lines: ReadonlyArray<ChatLine>, next: ChatLine | undefined): ReadonlyArray<ChatLine> => {
  if (next === undefined) return lines
  let end = lines.length
  while (end > 0 && !DateTime.isLessThan(lines[end - 1]!.at, next.at)) end--
  return lines.slice(0, end)
}

/** The summary call to make now, or `None` when the uncovered lines are still few. */
export const planSummary = (input: SummaryInput): Option.Option<SummaryPlan> => {
  const coversUntil = Option.map(input.previous, (p) => p.coversUntil)
  const uncovered = input.lines.filter((line) => Option.match(coversUntil, {
    onNone: () => true,
    onSome: (until) => !isCovered(line, until)
  }))
  if (uncovered.length < Math.max(1, input.after) || uncovered.length <= input.keep) return Option.none()

  const previous = Option.getOrUndefined(Option.map(input.previous, (p) => cut(p.text, maxSummaryChars(input.maxOutputTokens))))
  const facts = input.withFacts ? input.knownFacts.slice(-MAX_KNOWN_FACTS) : []
  const system = [{ text: instructions(input.maxOutputTokens, input.withFacts), cache: true }]
  const build = (lines: ReadonlyArray<ChatLine>): ModelRequest => ({
    system,
    messages: [{ role: "user", content: message(previous, facts, lines.map(render)) }],
    maxOutputTokens: input.maxOutputTokens,
    purpose: "summary",
    tier: input.tier
  })

  // The oldest lines first, as many as the budget allows.
  const candidates = uncovered.slice(0, uncovered.length - Math.max(0, input.keep))
  let left = input.budget.maxPromptTokens - estimateRequestTokens(build([]))
  let taken = 0
  while (taken < candidates.length) {
    const cost = estimateTokens(render(candidates[taken]!))
    if (cost > left) break
    left -= cost
    taken++
  }
  let lines = untilDistinctInstant(candidates.slice(0, taken), uncovered[taken])
  let request = build(lines)
  while (lines.length > 0 && estimateRequestTokens(request) > input.budget.maxPromptTokens) {
    lines = untilDistinctInstant(lines.slice(0, -1), lines.at(-1))
    request = build(lines)
  }
  const last = lines.at(-1)
  return last === undefined ? Option.none() : Option.some({ request, coversUntil: last.at, lines: lines.length })
}

const SUMMARY_MARK = /^[\s*#]*summary[\s*]*:[\s*]*/imu
const FACTS_MARK = /^[\s*#]*(?:new\s+)?facts[\s*]*:[\s*]*/imu

const cleanSummary = (text: string, maxChars: number): string | undefined => {
  const flat = text.replace(/\*\*|__|`/g, "").replace(/\s+/g, " ").trim().replace(/^["'“]+|["'”]+$/gu, "").trim()
  if (flat === "" || /^(?:none|n\/a|nothing(?: new)?)\.?$/iu.test(flat)) return undefined
  if (flat.length <= maxChars) return flat
  // Cut at the last full sentence that fits, else at a word.
  const head = flat.slice(0, maxChars)
  const sentence = Math.max(head.lastIndexOf(". "), head.lastIndexOf("! "), head.lastIndexOf("? "))
  return sentence > maxChars / 2 ? head.slice(0, sentence + 1) : cut(flat, maxChars)
}

/** "They want to hurt themselves" read as the person would say it, which is what the crisis screen knows. */
const asFirstPerson = (fact: string): string =>
  fact
    .replace(/\bthemselves\b/giu, "myself")
    .replace(/\btheir\b/giu, "my")
    .replace(/\bthey're\b/giu, "I'm")
    .replace(/\bthey are\b/giu, "I am")
    .replace(/\bthey were\b/giu, "I was")
    .replace(/\bthey\b/giu, "I")
    .replace(/\bthem\b/giu, "me")

/** Whether a fact touches on a crisis, read as written or as the person would say it. */
export const touchesOnCrisis = (fact: string): boolean =>
  screenCrisis(fact).severity !== "none" || screenCrisis(asFirstPerson(fact)).severity !== "none"

const cleanFact = (line: string): string | undefined => {
  let fact = line.replace(/^\s*(?:[-*•·]|\d+[.)])\s*/u, "").replace(/\*\*|__|`/g, "").trim()
  fact = fact.replace(/^["'“]+|["'”]+$/gu, "").trim()
  if (fact === "" || /^(?:none|n\/a|no new facts?)\.?$/iu.test(fact)) return undefined
  if (!/[.!]$/u.test(fact)) fact = `${fact}.`
  fact = fact.replace(/!$/u, ".")
  if (!isFactSentence(fact)) return undefined
  return touchesOnCrisis(fact) ? undefined : fact
}

/** The summary and facts in a model's answer, whatever shape it took. */
export const readSummaryAnswer = (text: string, maxChars: number): SummaryAnswer => {
  const factsAt = text.search(FACTS_MARK)
  const before = factsAt < 0 ? text : text.slice(0, factsAt)
  const factsPart = factsAt < 0 ? "" : text.slice(factsAt).replace(FACTS_MARK, "")
  const summaryAt = before.search(SUMMARY_MARK)
  const summaryPart = summaryAt < 0 ? before : before.slice(summaryAt).replace(SUMMARY_MARK, "")
  const facts: Array<string> = []
  for (const line of factsPart.split(/\n/)) {
    const fact = cleanFact(line)
    if (fact !== undefined && !facts.some((f) => f.toLowerCase() === fact.toLowerCase())) facts.push(fact)
    if (facts.length >= MAX_FACTS_PER_SUMMARY) break
  }
  return { summary: cleanSummary(summaryPart, maxChars), facts }
}
