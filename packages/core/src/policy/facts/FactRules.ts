/**
 * One rule per kind of fact a person states about themselves: each reads a
 * clause and returns the facts it finds as short third-person sentences.
 */
import type { Rule } from "./Phrases.ts"
import {
  AFTER_A_RELATION,
  B,
  COUNTS,
  DIETS,
  E,
  FAMILY_AND_PETS,
  I_AM,
  MONTH,
  MONTHS,
  NOT_A_NAME,
  OCCUPATIONS,
  RELATION,
  STATUSES,
  capitalise,
  isCapitalised,
  nameAt,
  phraseAt,
  placeAt,
  relationName,
  rule,
  tokenize
} from "./Phrases.ts"

export const RULES: ReadonlyArray<Rule> = [
  // "my name is Sam", "my name's sam"
  rule(`${B}my name(?:'s| is)\\s+(.+)$`, (m) => {
    const name = nameAt(m[1]!, { requireCapital: false })
    return name && `Their name is ${name}.`
  }),
  // "Hi, I'm Sam" (a greeting and a capitalised name: "hey I'm tired" is not an introduction)
  rule(`^(?:hi|hey|hello|hiya)[\\s,!.]+${I_AM}\\s+(.+)$`, (m) => {
    const name = nameAt(m[1]!, { requireCapital: true })
    return name && `Their name is ${name}.`
  }),
  // "call me Sam", "I go by Sam"
  rule(`${B}(?:call me|i go by)\\s+(.+)$`, (m) => {
    const name = nameAt(m[1]!, { requireCapital: true })
    return name && `They go by ${name}.`
  }),
  // "my dog is called Rex", "my sister's name is Anna", "my little brother is named Leo"
  rule(`${B}my\\s+${RELATION}(?:'s name(?:'s| is)|\\s+is called|\\s+is named|'s called|'s named)\\s+(.+)$`, (m) => {
    const name = nameAt(m[3]!, { requireCapital: false })
    return name && `Their ${relationName(m[1], m[2]!)} is called ${name}.`
  }),
  // "my sister Anna is visiting" (the name must be capitalised)
  rule(`${B}my\\s+${RELATION}\\s+(?!is\\s|was\\s|and\\s)(.+)$`, (m) => {
    const name = nameAt(m[3]!, { requireCapital: true })
    return name && `Their ${relationName(m[1], m[2]!)} is called ${name}.`
  }),
  // "I have a dog named Rex", "we have two kids", "I have a cat" (not "a cat allergy")
  rule(
    `${B}(?:i|we)\\s+(?:have|got|adopted|just\\s+got)\\s+(${COUNTS})\\s+${RELATION}(s|es)?${E}(.*)$`,
    (m) => {
      const count = m[1]!.toLowerCase()
      const relation = relationName(m[2], m[3]!)
      const plural = m[4] !== undefined
      if (!FAMILY_AND_PETS.has(m[3]!.toLowerCase())) return undefined
      const single = count === "a" || count === "an" || count === "one"
      if (single === plural) return undefined
      const tail = tokenize(m[5]!)
      const named = /^\s*(?:called|named)\s+(.+)$/iu.exec(m[5]!)
      if (named !== null) {
        const name = single ? nameAt(named[1]!, { requireCapital: false }) : undefined
        return name && `Their ${relation} is called ${name}.`
      }
      if (tail.length > 0 && !AFTER_A_RELATION.has(tail[0]!.word.toLowerCase())) return undefined
      return `They have ${count === "one" ? "a" : count} ${relation}${plural ? m[4]!.toLowerCase() : ""}.`
    }
  ),
  rule(`${B}(?:i|we)\\s+have\\s+(${COUNTS})\\s+(children|grandkids|grandchildren|siblings)${E}(.*)$`, (m) => {
    const count = m[1]!.toLowerCase()
    const tail = tokenize(m[3]!)
    if (count === "a" || count === "an" || count === "one") return undefined
    if (tail.length > 0 && !AFTER_A_RELATION.has(tail[0]!.word.toLowerCase())) return undefined
    return `They have ${count} ${m[2]!.toLowerCase()}.`
  }),
  // "I live in Denver", "I'm from Ohio", "I just moved to Portland"
  rule(
    `${B}(?:i|we)(?:\\s+(?:now|currently|still))?(?:\\s+live|\\s+am\\s+living|'m\\s+living|m\\s+living|\\s+are\\s+living|'re\\s+living)\\s+in\\s+(.+)$`,
    (m) => {
      const place = placeAt(m[1]!)
      return place && `They live in ${place}.`
    }
  ),
  rule(`${B}(?:i|we)\\s+(?:just\\s+|recently\\s+)?moved\\s+to\\s+(.+)$`, (m) => {
    const place = placeAt(m[1]!)
    return place && `They live in ${place}.`
  }),
  rule(`${B}${I_AM}\\s+(?:originally\\s+)?from\\s+(.+)$`, (m) => {
    const place = placeAt(m[1]!)
    return place && !place.startsWith("a ") && !place.startsWith("the ") ? `They are from ${place}.` : undefined
  }),
  // "I work as a nurse", "I'm a nurse", "I work at Mercy Hospital"
  rule(`${B}i\\s+work\\s+as\\s+(a|an)\\s+(.+)$`, (m) => {
    const job = phraseAt(m[2]!, 3)
    return job.length === 0 ? undefined : `They work as ${m[1]!.toLowerCase()} ${job.join(" ").toLowerCase()}.`
  }),
  rule(`${B}${I_AM}\\s+(?:a|an)\\s+(${OCCUPATIONS.join("|")})${E}`, (m) => {
    const job = m[1]!.toLowerCase()
    return job === "student" ? "They are a student." : `They work as ${/^[aeiou]/.test(job) ? "an" : "a"} ${job}.`
  }),
  // An employer is a proper name: "Mercy Hospital", not "home", "night" or "myself".
  rule(`${B}i\\s+work\\s+(at|for)\\s+(?:the\\s+)?(.+)$`, (m) => {
    const words = phraseAt(m[2]!, 4)
    return words.length > 0 && words.every(isCapitalised) ? `They work ${m[1]!.toLowerCase()} ${words.join(" ")}.` : undefined
  }),
  rule(`${B}(?:i\\s+study|i\\s+major\\s+in|${I_AM}\\s+studying|${I_AM}\\s+majoring\\s+in)\\s+(.+)$`, (m) => {
    const subject = phraseAt(m[1]!, 3)
    return subject.length === 0 ? undefined : `They study ${subject.join(" ")}.`
  }),
  // "my birthday is May 3", "my bday is on the 3rd of may"
  rule(
    `${B}my\\s+(?:birthday|bday|b-day)(?:'s|\\s+is)\\s+(?:on\\s+)?(?:${MONTH}\\.?\\s+(\\d{1,2})(?:st|nd|rd|th)?|(?:the\\s+)?(\\d{1,2})(?:st|nd|rd|th)?\\s+(?:of\\s+)?${MONTH})${E}`,
    (m) => {
      const monthText = (m[1] ?? m[4])!.toLowerCase()
      const day = Number(m[2] ?? m[3])
      const month = MONTHS.find((name) => name.startsWith(monthText.slice(0, 3)))
      if (month === undefined || day < 1 || day > 31) return undefined
      return `Their birthday is ${capitalise(month)} ${day}.`
    }
  ),
  // "I'm allergic to peanuts", "I have a peanut allergy"
  rule(`${B}${I_AM}\\s+(?:very\\s+|severely\\s+|really\\s+)?allergic\\s+to\\s+(.+)$`, (m) => {
    const words = phraseAt(m[1]!, 3)
    return words.length === 0 ? undefined : `They are allergic to ${words.join(" ").toLowerCase()}.`
  }),
  rule(`${B}i\\s+have\\s+(?:a|an)\\s+(?:severe\\s+)?(\\p{L}+(?:\\s+\\p{L}+)?)\\s+allergy${E}`, (m) => {
    const words = m[1]!.toLowerCase().split(/\s+/)
    return words.some((w) => NOT_A_NAME.has(w)) ? undefined : `They have a ${words.join(" ")} allergy.`
  }),
  rule(`${B}${I_AM}\\s+(?:a\\s+)?(${DIETS.join("|")})${E}`, (m) => `They are ${m[1]!.toLowerCase()}.`),
  rule(`${B}${I_AM}\\s+(${STATUSES.join("|")})${E}`, (m) => `They are ${m[1]!.toLowerCase()}.`),
  // "my favorite food is pizza"
  rule(`${B}my\\s+(?:fav|fave|favorite|favourite)\\s+(\\p{L}+(?:\\s+\\p{L}+)?)(?:'s|\\s+is)\\s+(.+)$`, (m) => {
    const thing = m[1]!.toLowerCase()
    if (thing.split(/\s+/).some((w) => NOT_A_NAME.has(w))) return undefined
    const value = phraseAt(m[2]!, 4)
    return value.length === 0 ? undefined : `Their favorite ${thing} is ${value.join(" ")}.`
  })
]
