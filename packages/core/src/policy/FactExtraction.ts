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
import { RULES } from "./facts/FactRules.ts"
import { FILLERS, GREETING, MAX_FACT_LENGTH, QUESTION_START, SKIP } from "./facts/Phrases.ts"

/** "I'm", "don't" and friends spelled with a straight apostrophe; abbreviations without their dot. */
const normalise = (text: string) =>
  text
    .replace(/[\u2018\u2019\u02BC`´]/gu, "'")
    .replace(/(?<![\p{L}])(St|Dr|Mr|Mrs|Ms|Mt|Ft|Jr|Sr)\./gu, "$1")

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
      part.split(/\s+(?:but|though|although|because|cuz|cause|except)\s+/iu).map((clause) => ({
        clause: clause.replace(/\s+/g, " ").trim().replace(FILLERS, ""),
        question: asks && index === parts.length - 1
      }))
    )
  })

/** Whether `text` reads as a remembered fact: one short third-person sentence. */
export const isFactSentence = (text: string): boolean =>
  text.length <= MAX_FACT_LENGTH && /^(?:They|Their) [^\n?]*[^\s.]\.$/u.test(text) && !/[<>{}[\]|\\]/.test(text)

/** Facts stated in `text` as short third-person sentences ("Their dog is called Rex."), each once, in order. */
export const extractFacts = (text: string): ReadonlyArray<string> => {
  const found: Array<string> = []
  for (const { clause, question } of clauses(text.slice(0, 4000))) {
    if (question || clause === "" || QUESTION_START.test(clause.replace(GREETING, "")) || SKIP.test(clause)) continue
    for (const apply of RULES) {
      for (const fact of apply(clause)) {
        if (isFactSentence(fact) && !found.some((f) => f.toLowerCase() === fact.toLowerCase())) found.push(fact)
      }
    }
  }
  return found
}

/**
 * Facts a person has only one of at a time - a name, a home, a job, a
 * birthday, a favourite of each kind - share a key; a new fact replaces the
 * remembered one with the same key. Pets, relatives and allergies have none:
 * people have several.
 */
export const factKey = (fact: string): string | undefined => {
  if (/^Their name is /u.test(fact)) return "name"
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
