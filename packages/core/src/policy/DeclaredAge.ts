/**
 * A person saying how old they are ("I'm 15", "i just turned 14", "im fifteen
 * years old"). Only a claim of being under 18 changes anything: it puts the
 * person in minor mode at once, until a verification decides. A claim of
 * adulthood never lifts minor mode (anyone can type "I'm 21").
 *
 * Deliberately narrow, so that talk about anything else is not read as an
 * age: the number must follow "I'm"/"I am"/"I just turned" and end the phrase
 * ("I'm 15 minutes away" and "I'm 5'6" are not ages).
 */
const WORDS: Readonly<Record<string, number>> = {
  ten: 10,
  eleven: 11,
  twelve: 12,
  thirteen: 13,
  fourteen: 14,
  fifteen: 15,
  sixteen: 16,
  seventeen: 17,
  eighteen: 18,
  nineteen: 19,
  twenty: 20
}

const NUMBER = `(\\d{1,3}|${Object.keys(WORDS).join("|")})`
const UNIT = `(?:\\s*(?:years?|yrs?)(?:\\s+old)?|\\s*y\\/?o)?`
/** What may follow the age for it to end the phrase. */
const END = `(?=\\s*(?:$|[.!?,;:)]|\\b(?:and|but|so|lol|lmao|btw|too|now|haha|tho|though|rn|here|ok|okay)\\b))`
const PATTERNS: ReadonlyArray<RegExp> = [
  new RegExp(`\\b(?:i\\s*'?\\s*m|i\\s+am|im)\\s+(?:only\\s+|just\\s+|almost\\s+)?${NUMBER}${UNIT}${END}`, "gi"),
  new RegExp(`\\bi\\s+(?:just\\s+)?turned\\s+${NUMBER}${UNIT}${END}`, "gi"),
  new RegExp(`\\bmy\\s+age\\s+is\\s+${NUMBER}${END}`, "gi")
]

const toAge = (token: string): number | undefined => {
  const value = /^\d+$/.test(token) ? Number(token) : WORDS[token.toLowerCase()]
  return value !== undefined && value >= 1 && value <= 120 ? value : undefined
}

/** Every age the text claims for its writer, in order of appearance. */
export const declaredAges = (text: string): ReadonlyArray<number> => {
  const normalized = text.replace(/[\u2018\u2019]/g, "'")
  const found: Array<{ readonly at: number; readonly age: number }> = []
  for (const pattern of PATTERNS) {
    for (const match of normalized.matchAll(pattern)) {
      const age = toAge(match[1]!)
      if (age !== undefined) found.push({ at: match.index, age })
    }
  }
  return found.sort((a, b) => a.at - b.at).map((f) => f.age)
}

/** The youngest age under 18 the text claims, if any: the one claim that changes anything. */
export const declaredMinorAge = (text: string): number | undefined => {
  const minors = declaredAges(text).filter((age) => age < 18)
  return minors.length === 0 ? undefined : Math.min(...minors)
}
