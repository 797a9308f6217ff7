/**
 * Memory by the model: after a reply, the background model reads the latest
 * exchange and the facts already held, and answers with operations on them -
 * add a fact, update one (by the number it was shown under), delete one, or
 * nothing - the way mem0 reconciles new facts with old ones. The answer is
 * structured (JSON following `OperationsSchema`, which providers that support
 * structured output enforce) and read defensively: an answer that is not
 * that JSON changes nothing, and each fact must be a short third-person
 * sentence that does not touch on a crisis.
 *
 * Pure: the request, and the reading of the answer.
 */
import { Option, Schema } from "effect"
import type { FactCategory } from "../domain/Memory.ts"
import { FactCategory as FactCategorySchema } from "../domain/Memory.ts"
import type { Tier } from "../domain/User.ts"
import type { ModelRequest } from "../ports/LanguageModel.ts"
import { isFactSentence } from "./FactExtraction.ts"
import { touchesOnCrisis } from "./RollingSummary.ts"

/** Operations read from one answer at most: one exchange rarely holds more. */
export const MAX_OPERATIONS = 8
/** Facts shown to the model: the newest, which are the ones most likely to change. */
export const MAX_SHOWN_FACTS = 60
const MAX_TEXT_CHARS = 1200

export interface KnownFact {
  readonly text: string
  readonly category: FactCategory
}

export interface ExtractionInput {
  /** Facts held, oldest first. */
  readonly known: ReadonlyArray<KnownFact>
  /** The person's texts of this turn, joined. */
  readonly userText: string
  /** What Jules said just before, when known: "Denver" answers "where do you live?". */
  readonly previousReply?: string | undefined
  readonly tier: Tier
  readonly maxOutputTokens: number
}

/** What one answer changes: facts forgotten by exact text, facts added. */
export interface ExtractedChanges {
  readonly remove: ReadonlyArray<string>
  readonly add: ReadonlyArray<KnownFact>
}

const FactText = Schema.String.pipe(Schema.check(Schema.isMaxLength(200)))
const Operation = Schema.Union([
  Schema.Struct({ op: Schema.Literal("add"), fact: FactText, category: FactCategorySchema }),
  Schema.Struct({ op: Schema.Literal("update"), id: Schema.Int, fact: FactText, category: FactCategorySchema }),
  Schema.Struct({ op: Schema.Literal("delete"), id: Schema.Int }),
  Schema.Struct({ op: Schema.Literal("none") })
])

/** The answer's shape, as JSON. */
export const OperationsSchema = Schema.Struct({ operations: Schema.Array(Operation) })

/** The same shape as a JSON Schema, for providers with structured output. */
export const operationsJsonSchema = {
  type: "object",
  additionalProperties: false,
  required: ["operations"],
  properties: {
    operations: {
      type: "array",
      items: {
        type: "object",
        additionalProperties: false,
        required: ["op", "id", "fact", "category"],
        properties: {
          op: { type: "string", enum: ["add", "update", "delete", "none"] },
          id: { type: ["integer", "null"], description: "The number of the fact updated or deleted" },
          fact: { type: ["string", "null"], description: "A short third-person sentence starting with They or Their" },
          category: { type: ["string", "null"], enum: [...FactCategorySchema.literals, null] }
        }
      }
    }
  }
} as const

const INSTRUCTIONS = `You keep the long-term memory of an SMS companion about one person. You get the facts already remembered, each with a number, and their latest text (and the companion's text before it, for context).

Decide what a careful friend would remember from the latest text, and answer with operations on the facts:
- "add": a new durable fact about the person.
- "update" with the number of the fact it replaces, when the text changes or corrects it ("I moved to Austin" updates "They live in Denver.").
- "delete" with the number of a fact the text shows is no longer true.
- nothing to do: an empty list.

Each fact is one short sentence in the third person starting with "They" or "Their" ("Their dog is called Biscuit.", "They work as a night-shift nurse."), with a category: name, people, pets, work, health, places, preferences (how they want to be talked to: the name to use, pronouns, "keep it short"), plans, other.

Keep only what they state about themselves as true now. Leave out questions, jokes, wishes, the past, other people's opinions, moods, their age (the age check handles it), and anything about self-harm, suicide, violence or abuse. Never invent anything. Leave out phone numbers, addresses, passwords and payment details.

Answer with JSON only, exactly this shape:
{"operations":[{"op":"add","id":null,"fact":"Their dog is called Biscuit.","category":"pets"},{"op":"update","id":2,"fact":"They live in Austin.","category":"places"},{"op":"delete","id":3,"fact":null,"category":null}]}`

const cut = (text: string) => (text.length <= MAX_TEXT_CHARS ? text : `${text.slice(0, MAX_TEXT_CHARS - 1)}…`)

/** The facts as the model sees them: numbered from 1, newest last. */
export const shownFacts = (known: ReadonlyArray<KnownFact>): ReadonlyArray<KnownFact> => known.slice(-MAX_SHOWN_FACTS)

export const extractionRequest = (input: ExtractionInput): ModelRequest => {
  const shown = shownFacts(input.known)
  const facts = shown.length === 0
    ? "Remembered facts: none yet."
    : `Remembered facts:\n${shown.map((f, i) => `${i + 1}. [${f.category}] ${f.text}`).join("\n")}`
  const before = input.previousReply === undefined ? [] : [`Companion: ${cut(input.previousReply.replace(/\s+/g, " "))}`]
  return {
    system: [{ text: INSTRUCTIONS, cache: true }],
    messages: [{
      role: "user",
      content: `${facts}\n\nLatest exchange:\n${[...before, `Them: ${cut(input.userText.replace(/\s+/g, " ").trim())}`].join("\n")}`
    }],
    maxOutputTokens: input.maxOutputTokens,
    purpose: "memory_extraction",
    tier: input.tier,
    output: { name: "memory_operations", schema: operationsJsonSchema }
  }
}

/** The JSON object in an answer, even wrapped in a code fence or a sentence. */
const jsonIn = (text: string): unknown => {
  const start = text.indexOf("{")
  const end = text.lastIndexOf("}")
  if (start < 0 || end <= start) return undefined
  try {
    return JSON.parse(text.slice(start, end + 1))
  } catch {
    return undefined
  }
}

const decode = Schema.decodeUnknownOption(OperationsSchema)

/** Nulls from strict structured output mean "absent". */
const withoutNulls = (value: unknown): unknown => {
  if (typeof value !== "object" || value === null || !("operations" in value) || !Array.isArray(value.operations)) {
    return value
  }
  return {
    operations: value.operations.map((op: unknown) =>
      typeof op === "object" && op !== null ? Object.fromEntries(Object.entries(op).filter(([, v]) => v !== null)) : op
    )
  }
}

/**
 * A stated age is the age gate's to act on ("I'm 15" puts a person in minor
 * mode), not memory's: a remembered age would go stale, and echo a minor's age.
 */
const STATES_AGE = /\b(?:\d{1,3}|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen)\s*(?:years?\s+old|yrs?\s+old|y\/?o)\b|^They are (?:\d{1,3}|a teenager|a minor|underage)\.$|^Their age is /iu

const cleanFact = (text: string): string | undefined => {
  let fact = text.replace(/\s+/g, " ").trim().replace(/^["'“]+|["'”]+$/gu, "").trim()
  if (!/[.!]$/u.test(fact)) fact = `${fact}.`
  fact = fact.replace(/!$/u, ".")
  return isFactSentence(fact) && !touchesOnCrisis(fact) && !STATES_AGE.test(fact) ? fact : undefined
}

/**
 * The changes an answer asks for, against the facts it was shown; `None` when
 * the answer is not the JSON asked for (nothing changes then). Operations
 * naming a number that was not shown, or a fact that fails the checks, are
 * dropped one by one.
 */
export const readOperations = (answer: string, known: ReadonlyArray<KnownFact>): Option.Option<ExtractedChanges> => {
  const decoded = decode(withoutNulls(jsonIn(answer)))
  if (Option.isNone(decoded)) return Option.none()
  const shown = shownFacts(known)
  const remove: Array<string> = []
  const add: Array<KnownFact> = []
  const target = (id: number) => (id >= 1 && id <= shown.length ? shown[id - 1]!.text : undefined)
  for (const op of decoded.value.operations.slice(0, MAX_OPERATIONS)) {
    if (op.op === "none") continue
    if (op.op === "delete") {
      const text = target(op.id)
      if (text !== undefined && !remove.includes(text)) remove.push(text)
      continue
    }
    const fact = cleanFact(op.fact)
    if (fact === undefined) continue
    if (op.op === "update") {
      const text = target(op.id)
      if (text === undefined) continue
      if (text !== fact && !remove.includes(text)) remove.push(text)
    }
    if (!add.some((f) => f.text.toLowerCase() === fact.toLowerCase())) add.push({ text: fact, category: op.category })
  }
  return Option.some({ remove: remove.filter((text) => !add.some((f) => f.text === text)), add })
}
