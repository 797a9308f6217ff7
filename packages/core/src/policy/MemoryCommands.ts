/**
 * What a person can ask of Jules's memory by text:
 *
 * - "what do you remember about me?" (and "what do you know about me",
 *   MEMORY): the stored facts, read back in the second person;
 * - "forget that I have a dog", "forget my address": the facts matching what
 *   follows "forget"; FORGET (or "forget that") alone: the newest fact(s);
 * - FORGET ALL (or "forget everything"): every fact and the rolling summary.
 *
 * A command is the whole message, like a consent keyword (trimmed, case
 * folded, trailing punctuation ignored), so "I want to forget that day" or
 * "forget it" stays conversation. None is a CTIA keyword (STOP, HELP, ...),
 * and the turn reads consent keywords first.
 */
import { normalizeKeyword } from "./ConsentKeywords.ts"

export type MemoryCommand =
  | { readonly _tag: "Recall" }
  | { readonly _tag: "ForgetAll" }
  /** `about` is what to forget; `undefined` for the newest fact. */
  | { readonly _tag: "Forget"; readonly about: string | undefined }

const RECALL =
  /^(?:so\s+|hey\s+|ok\s+|jules,?\s+)?(?:what|wat|wut)\s+(?:do|did|have)\s+(?:you|u|ya)\s+(?:remember(?:ed)?|know|saved|stored|got)\s+(?:about|abt|on|of)\s+me$|^(?:what(?:'s| is)\s+in\s+)?(?:my\s+)?memory$|^what do you know$/u
const FORGET_ALL = /^(?:please\s+|pls\s+)?(?:forget\s*all|forget\s+everything(?:\s+about\s+me)?|forget\s+all\s+about\s+me|erase\s+my\s+memory|clear\s+my\s+memory|delete\s+my\s+memory)(?:\s+please|\s+pls)?$/u
const FORGET = /^(?:please\s+|pls\s+|can\s+you\s+|could\s+you\s+|jules,?\s+)?forget(?:\s+(?:that|about|what\s+i\s+said\s+about))?(?:\s+(.+?))?(?:\s+please|\s+pls)?$/u
/** "forget it", "forget you": conversation, not a command. */
const NOT_AN_OBJECT = /^(?:it|you|u|this|them|him|her|me|him\s+lol|it\s+lol|about\s+it|everything\s+else|that\s+lol)$/u

/** The memory command `text` is, or `undefined` for ordinary text. */
export const memoryCommand = (text: string): MemoryCommand | undefined => {
  if (text.length > 160) return undefined
  const words = normalizeKeyword(text.replace(/[\u2018\u2019\u02BC`´]/gu, "'")).toLowerCase()
  if (RECALL.test(words)) return { _tag: "Recall" }
  if (FORGET_ALL.test(words)) return { _tag: "ForgetAll" }
  const forget = FORGET.exec(words)
  if (forget === null) return undefined
  const about = forget[1]?.trim()
  if (about === undefined || about === "") return { _tag: "Forget", about: undefined }
  // "forget that, what's for dinner", "forget all lol": conversation.
  if (NOT_AN_OBJECT.test(about) || /[,?]/u.test(about) || /^(?:that|all|everything)(?:\s|$)/u.test(about)) return undefined
  return { _tag: "Forget", about }
}

const STOP_WORDS = new Set([
  "i", "i'm", "im", "me", "my", "mine", "myself", "a", "an", "the", "that", "this", "about", "have", "has", "had", "got",
  "is", "am", "are", "was", "be", "do", "did", "to", "of", "in", "at", "on", "for", "with", "and", "or", "you", "your",
  "they", "their", "them", "named", "called", "name", "said", "told", "please", "pls", "thing", "stuff", "part", "it"
])

const stem = (word: string) => word.replace(/'s$/u, "").replace(/(?:ies)$/u, "y").replace(/(?<=[^s])s$/u, "")

const contentWords = (text: string): ReadonlyArray<string> =>
  text.toLowerCase().split(/[^\p{L}\p{N}'/-]+/u).filter((w) => w !== "" && !STOP_WORDS.has(w)).map(stem)

/**
 * The facts "forget …" names: those holding every content word of `about`
 * ("forget that I have a dog" names "Their dog is called Rex." and "They
 * have a dog."), ignoring plurals and small words.
 */
export const factsMatching = (about: string, facts: ReadonlyArray<string>): ReadonlyArray<string> => {
  const wanted = contentWords(about)
  if (wanted.length === 0) return []
  return facts.filter((fact) => {
    const words = new Set(contentWords(fact))
    return wanted.every((w) => words.has(w))
  })
}

/** "Their dog is called Rex." read back to the person: "Your dog is called Rex." */
export const inSecondPerson = (fact: string): string => {
  // Not inside a set of pronouns: "they/them" stays as they wrote it.
  const word = (w: string) => new RegExp(`(?<![/\\p{L}'])${w}(?![/\\p{L}'])`, "gu")
  return fact
    .replace(word("themselves"), "yourself")
    .replace(word("They're"), "You're")
    .replace(word("They"), "You")
    .replace(word("they"), "you")
    .replace(word("Their"), "Your")
    .replace(word("their"), "your")
    .replace(word("them"), "you")
}
