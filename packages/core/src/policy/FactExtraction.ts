/**
 * Facts a person states about themselves, found by rules: "my dog is called
 * Rex" becomes "Their dog is called Rex." It runs offline and costs nothing, so
 * it runs after every replied turn.
 *
 * Precise rather than greedy. A missed fact costs little (people repeat what
 * matters, and the rolling summary keeps the gist); a wrong one is repeated
 * back to the person for months. So:
 * - a clause is skipped whole when it is a question, negated, hypothetical or
 *   wished for, in the past ("I used to live in…"), reported ("she said…") or
 *   a joke;
 * - a value must look like what it claims to be: a name is one word (two when
 *   both are capitalised) and not a common word; a lowercase name must end its
 *   clause ("my name is hard to spell" is not a name); a place is a proper name
 *   or "a small town", never "fear" or "my car".
 *
 * Callers never pass crisis turns: what someone says in crisis is not a fact to
 * echo back.
 */

export { MAX_FACT_LENGTH } from "./facts/Phrases.ts"
import type { FactCategory } from "../domain/Memory.ts"
import { IN_PASSING, RULES } from "./facts/FactRules.ts"
import {
  CONNECTORS,
  FILLERS,
  GREETING,
  MAX_FACT_LENGTH,
  nameAt,
  OCCUPATIONS,
  PETS,
  phraseAt,
  placeAt,
  QUESTION_START,
  SKIP
} from "./facts/Phrases.ts"

/** Words people misspell or shorten when texting, as the rules know them. */
const SPELLINGS: ReadonlyMap<string, string> = new Map([
  ["nmae", "name"], ["nam", "name"], ["nurce", "nurse"], ["techer", "teacher"], ["teachr", "teacher"],
  ["sistr", "sister"], ["sis", "sister"], ["bro", "brother"], ["alergic", "allergic"],
  ["febuary", "february"], ["feburary", "february"], ["vegitarian", "vegetarian"], ["vegeterian", "vegetarian"],
  ["wrok", "work"], ["wokr", "work"], ["husbnd", "husband"], ["hubby", "husband"], ["caled", "called"],
  ["calld", "called"], ["namd", "named"], ["nammed", "named"], ["enginer", "engineer"], ["engeneer", "engineer"],
  ["livein", "live in"], ["maried", "married"], ["marryed", "married"], ["ive", "I've"], ["bf", "boyfriend"],
  ["gf", "girlfriend"], ["bestie", "best friend"], ["bff", "best friend"], ["u", "you"], ["r", "are"], ["ur", "your"],
  ["rn", "right now"], ["pls", "please"], ["plz", "please"], ["abt", "about"], ["fave", "favorite"],
  ["favourite", "favorite"], ["studyin", "studying"], ["livin", "living"], ["workin", "working"], ["doggy", "dog"],
  ["kiddos", "kids"], ["kiddo", "kid"], ["thru", "through"], ["bc", "because"], ["cuz", "because"], ["im", "I'm"],
  ["i", "I"]
])

/** "I'm", "don't" and friends spelled with a straight apostrophe; abbreviations without their dot; common misspellings. */
const normalise = (text: string) =>
  text
    .replace(/[\u2018\u2019\u02BC`´]/gu, "'")
    .replace(/(?<![\p{L}])(St|Dr|Mr|Mrs|Ms|Mt|Ft|Jr|Sr)\./gu, "$1")
    .replace(/[\p{L}']+/gu, (word) => {
      const fixed = SPELLINGS.get(word.toLowerCase())
      // "R&B", "UPS": capitals are meant as written.
      return fixed === undefined || (word !== word.toLowerCase() && (word.length === 1 || word === word.toUpperCase()))
        ? word
        : fixed
    })

/**
 * A text's clauses, each with whether it is a question. In a sentence ending in
 * "?", only the last comma-separated part asks: "I'm Sam, what's your name?"
 */
const clauses = (text: string): ReadonlyArray<{ readonly clause: string; readonly question: boolean }> =>
  [...normalise(text).matchAll(/([^.!?;\n]+)([.!?;\n]*)/gu)].flatMap((m) => {
    const asks = m[2]!.includes("?")
    // A greeting stays with what follows: "Hi, I'm Sam".
    const parts = asks ? m[1]!.split(/(?<!^\s*(?:hi|hey|hello|hiya|yo)\s*),/iu) : [m[1]!]
    return parts.flatMap((part, index) =>
      part.split(/\s+(?:but|though|although|because|cuz|cause|except|so(?=\s+(?:no|I|I'm|we|my|it|that)\s))\s+/iu).map((clause) => ({
        clause: clause.replace(/\s+/g, " ").trim().replace(FILLERS, ""),
        question: asks && index === parts.length - 1
      }))
    )
  })

/** Whether `text` reads as a remembered fact: one short third-person sentence. */
export const isFactSentence = (text: string): boolean =>
  text.length <= MAX_FACT_LENGTH && /^(?:They|Their) [^\n?]*[^\s.]\.$/u.test(text) && !/[<>{}[\]|\\]/.test(text)

export interface ExtractOptions {
  /** What Jules said just before: a bare "Denver" answers "where do you live?". */
  readonly previousReply?: string | undefined
}

/** Facts stated in `text` as short third-person sentences ("Their dog is called Rex."), each once, in order. */
export const extractFacts = (text: string, options: ExtractOptions = {}): ReadonlyArray<string> => {
  const found: Array<string> = []
  const answer = answerTo(options.previousReply, normalise(text.slice(0, 200)))
  if (answer !== undefined) return [answer]
  const { said, correction } = splitCorrection(text.slice(0, 4000))
  const keep = (fact: string) => {
    if (isFactSentence(fact) && !found.some((f) => f.toLowerCase() === fact.toLowerCase())) found.push(fact)
  }
  for (const { clause, question } of clauses(said)) {
    if (question || clause === "" || QUESTION_START.test(clause.replace(GREETING, ""))) continue
    const skip = SKIP.exec(clause)
    // "my roommate Kyle never does dishes": who Kyle is was said before the negation.
    const part = skip === null ? clause : clause.slice(0, skip.index).trim()
    for (const apply of skip === null ? RULES : IN_PASSING) for (const fact of apply(part)) keep(fact)
  }
  if (correction !== undefined) {
    const last = found.at(-1)
    const corrected = last === undefined ? undefined : correct(last, correction)
    if (corrected !== undefined) found[found.length - 1] = corrected
    for (const fact of extractFacts(correction)) keep(fact)
  }
  // Said twice in one text, the later one stands: "I live in Austin... I live in Dallas".
  return found.filter((fact, i) => {
    const key = factKey(fact)
    return key === undefined || !found.slice(i + 1).some((later) => factKey(later) === key)
  })
}


/**
 * "I live in Denver, sorry I mean Boulder", "my cat is named Milo* Mila": the
 * text as said, and the correction after the marker, if there is one.
 */
const MARKER = String.raw`(?:(?:sorry|oops|wait|no|well|correction|i mean|i meant)[,:]?\s+)`
const CORRECTION = new RegExp(String.raw`(?:[,.;!]\s*${MARKER}+|\s+[-—]\s+${MARKER}+|\*\s*${MARKER}*)(?=\S)`, "iu")
const splitCorrection = (text: string): { readonly said: string; readonly correction: string | undefined } => {
  const restated = /^(?:sorry,?\s*)?i\s+meant\s+to\s+say,?\s+/iu
  if (restated.test(text)) return { said: text.replace(restated, ""), correction: undefined }
  const marker = CORRECTION.exec(text)
  if (marker === null) return { said: text, correction: undefined }
  return { said: text.slice(0, marker.index), correction: text.slice(marker.index + marker[0].length) }
}

/** The fact with its value replaced by the correction's, when the correction is a value of the same kind. */
const correct = (fact: string, correction: string): string | undefined => {
  const text = normalise(correction).trim()
  const place = /^They live in (.+)\.$/u.exec(fact)
  if (place !== null) {
    const value = placeAt(text)
    return value === undefined ? undefined : `They live in ${value}.`
  }
  const named = /^(Their name is|They go by|Their .+ is called) (.+)\.$/u.exec(fact)
  if (named !== null) {
    const value = nameAt(text, { requireCapital: false })
    return value === undefined ? undefined : `${named[1]} ${value}.`
  }
  const job = /^They work as an? (.+)\.$/u.exec(fact)
  if (job !== null) {
    const words = phraseAt(text.replace(/^(?:a|an)\s+/iu, ""), 4, CONNECTORS)
    // A job again ("a midwife"), or the same one said better ("a nurse practitioner").
    const isJob = words.some((w) => job[1]!.split(" ").includes(w.toLowerCase()) || OCCUPATION_WORDS.has(w.toLowerCase()))
    if (words.length === 0 || !isJob) return undefined
    const phrase = words.join(" ").toLowerCase()
    return `They work as ${/^[aeiou]/.test(phrase) ? "an" : "a"} ${phrase}.`
  }
  return undefined
}

const OCCUPATION_WORDS = new Set(OCCUPATIONS.flatMap((o) => o.split(" ")).filter((w) => w.length > 3))

/** A bare answer to the question Jules just asked: "Priya" to "what's your name?". */
const answerTo = (previousReply: string | undefined, text: string): string | undefined => {
  if (previousReply === undefined) return undefined
  const first = text.split(/[.!?\n]/u)[0]!.trim()
  if (first.split(/\s+/).length > 2) return undefined
  if (/\b(?:what(?:'s| is) your name|what should I call you|what do you (?:go by|want me to call you))\b/iu.test(previousReply)) {
    const name = nameAt(first, { requireCapital: false })
    return name && `Their name is ${name}.`
  }
  if (/\bwhere (?:do you live|are you (?:based|located|living))\b/iu.test(previousReply)) {
    const place = placeAt(first)
    return place && `They live in ${place}.`
  }
  return undefined
}

/**
 * Facts a person has only one of at a time - a name, a home, a job, a
 * birthday, a favourite of each kind - share a key; a new fact replaces the
 * remembered one with the same key. Pets, relatives and allergies have none:
 * people have several.
 */
export const factKey = (fact: string): string | undefined => {
  if (/^Their name is /u.test(fact)) return "name"
  if (/^They use .+ pronouns\.$/u.test(fact)) return "pronouns"
  if (/^They prefer (?:short|long) replies\.$/u.test(fact)) return "reply_length"
  if (/^They go by /u.test(fact)) return "goes_by"
  if (/^They live in /u.test(fact)) return "home"
  if (/^They work as /u.test(fact)) return "job"
  if (/^They work (?:at|for) /u.test(fact)) return "employer"
  if (/^They study /u.test(fact)) return "study"
  if (/^Their birthday is /u.test(fact)) return "birthday"
  if (/^They are (?:married|engaged|single|divorced|widowed)\.$/u.test(fact)) return "relationship"
  const favourite = /^Their favorite (.+?) is /u.exec(fact)
  if (favourite !== null) return `favorite:${favourite[1]!.toLowerCase()}`
  return undefined
}

const PET_FACT = new RegExp(`^(?:Their|They have (?:a|an|\\w+)) (?:\\w+ )?(${[...PETS].join("|")})(?:s|es)?(?: is called |\\.)`, "u")

/** What a fact found by the rules is about. */
export const factCategory = (fact: string): FactCategory => {
  if (/^Their name is /u.test(fact)) return "name"
  if (/^(?:They go by |They use .+ pronouns|They prefer |Their favorite |They are (?:vegetarian|vegan|pescatarian)\.)/u.test(fact)) {
    return "preferences"
  }
  if (PET_FACT.test(fact)) return "pets"
  if (/^(?:Their .+ is called |They have |They are (?:married|engaged|single|divorced|widowed)\.)/u.test(fact)) {
    return /allergy\.$/u.test(fact) ? "health" : "people"
  }
  if (/^They (?:live in|are from) /u.test(fact)) return "places"
  if (/^(?:They work |They study |They are (?:a student|retired|a stay-at-home parent)\.)/u.test(fact)) return "work"
  if (/^They are (?:allergic|lactose|gluten|celiac|diabetic|pregnant)/u.test(fact)) return "health"
  return "other"
}
