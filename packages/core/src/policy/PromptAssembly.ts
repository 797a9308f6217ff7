/**
 * Rule 5 of a turn: what the model is shown, within a token budget.
 *
 * Order is chosen for prompt caching: the persona and the mode rules never
 * change between turns, so they come first and are marked cacheable (Anthropic
 * `cache_control`; OpenAI caches identical prefixes on its own). What changes -
 * memory, the local time, the conversation - follows.
 *
 * Within the budget, what is kept first: the stable prefix and the new text,
 * then remembered facts (newest first, up to a share of the budget), then the
 * summary of older turns, then as many recent lines as still fit.
 */
import type { Option } from "effect"
import type { ChatLine } from "../domain/Message.ts"
import type { Tier } from "../domain/User.ts"
import type { ChatMessage, ModelPurpose, ModelRequest, SystemBlock } from "../ports/LanguageModel.ts"

/**
 * A conservative token estimate: about three characters a token, where English
 * averages closer to four, so real prompts come in under the budget.
 */
export const estimateTokens = (text: string): number => Math.ceil(text.length / 3) + 4

export interface PromptBudget {
  /** Everything sent: system blocks and messages. */
  readonly maxPromptTokens: number
  readonly maxOutputTokens: number
  /** Share of the prompt budget memory may take (facts and summary). */
  readonly memoryShare: number
}

export interface PromptInput {
  /** The whole first block: the persona's voice and the rules that always apply (`Persona.systemPrompt`). */
  readonly persona: string
  /** Extra stable rules for this turn's mode (safety mode, minor mode), in a fixed order. */
  readonly modeRules: ReadonlyArray<string>
  /** Remembered facts, oldest first. */
  readonly facts: ReadonlyArray<string>
  /**
   * How the person asked to be talked to (preference facts: the name to use,
   * pronouns, "keep it short"), oldest first; kept ahead of other facts.
   */
  readonly preferences?: ReadonlyArray<string> | undefined
  readonly summary: Option.Option<string>
  /** The person's local date and time, so the model knows when "tonight" is. */
  readonly localTime: string
  /** Recent conversation, oldest first. */
  readonly history: ReadonlyArray<ChatLine>
  readonly userText: string
  readonly budget: PromptBudget
  readonly tier: Tier
  readonly purpose: ModelPurpose
}

const takeNewestWithin = <A>(items: ReadonlyArray<A>, budget: number, cost: (a: A) => number): Array<A> => {
  const kept: Array<A> = []
  let left = budget
  for (let i = items.length - 1; i >= 0; i--) {
    const item = items[i]!
    const c = cost(item)
    if (c > left) break
    kept.unshift(item)
    left -= c
  }
  return kept
}

/** Providers want alternating roles starting with the user: merge neighbours, drop a leading reply. */
const toAlternatingMessages = (lines: ReadonlyArray<{ role: ChatMessage["role"]; text: string }>) => {
  const messages: Array<ChatMessage> = []
  for (const line of lines) {
    const last = messages.at(-1)
    if (last && last.role === line.role) {
      messages[messages.length - 1] = { role: last.role, content: `${last.content}\n${line.text}` }
    } else if (messages.length > 0 || line.role === "user") {
      messages.push({ role: line.role, content: line.text })
    }
  }
  return messages
}

const memoryBlock = (
  facts: ReadonlyArray<string>,
  summary: string | undefined,
  localTime: string,
  preferences: ReadonlyArray<string> = []
): string => {
  const parts: Array<string> = []
  if (preferences.length > 0) {
    parts.push(`How they asked you to talk with them (follow it):\n${preferences.map((f) => `- ${f}`).join("\n")}`)
  }
  if (facts.length > 0) parts.push(`What you remember about this person:\n${facts.map((f) => `- ${f}`).join("\n")}`)
  if (summary !== undefined) parts.push(`Summary of your earlier conversations:\n${summary}`)
  parts.push(`Their local time: ${localTime}.`)
  return parts.join("\n\n")
}

export const assemblePrompt = (input: PromptInput): ModelRequest => {
  const { budget } = input
  const stable: Array<SystemBlock> = [
    { text: input.persona, cache: true },
    ...input.modeRules.map((text) => ({ text, cache: true }))
  ]
  let left = budget.maxPromptTokens - stable.reduce((n, b) => n + estimateTokens(b.text), 0)

  // The new text always goes in; a pathological burst is cut to half the budget.
  const maxUserChars = Math.max(0, Math.floor(budget.maxPromptTokens / 2) * 3)
  const userText = input.userText.length > maxUserChars ? input.userText.slice(0, maxUserChars) : input.userText
  left -= estimateTokens(userText)

  const memoryBudget = Math.min(left, Math.floor(budget.maxPromptTokens * budget.memoryShare))
  let memoryLeft = memoryBudget - estimateTokens(memoryBlock([], undefined, input.localTime))
  const preferences = takeNewestWithin(input.preferences ?? [], memoryLeft, (f) => Math.ceil(f.length / 3) + 1)
  memoryLeft -= preferences.reduce((n, f) => n + Math.ceil(f.length / 3) + 1, 0) + (preferences.length > 0 ? 16 : 0)
  const facts = takeNewestWithin(input.facts, memoryLeft, (f) => Math.ceil(f.length / 3) + 1)
  memoryLeft -= facts.reduce((n, f) => n + Math.ceil(f.length / 3) + 1, 0)
  const summaryText = input.summary._tag === "Some" && estimateTokens(input.summary.value) <= memoryLeft
    ? input.summary.value
    : undefined
  const memory = memoryBlock(facts, summaryText, input.localTime, preferences)
  left -= estimateTokens(memory)

  const history = takeNewestWithin(input.history, left, (line) => estimateTokens(line.text))
  const messages = toAlternatingMessages([
    ...history.map((line) => ({ role: line.role, text: line.text })),
    { role: "user" as const, text: userText }
  ])

  return {
    system: [...stable, { text: memory, cache: false }],
    messages,
    maxOutputTokens: budget.maxOutputTokens,
    purpose: input.purpose,
    tier: input.tier
  }
}

/** The estimated size of a request, by the same measure the budget uses. */
export const estimateRequestTokens = (request: ModelRequest): number =>
  request.system.reduce((n, b) => n + estimateTokens(b.text), 0) +
  request.messages.reduce((n, m) => n + estimateTokens(m.content), 0)
