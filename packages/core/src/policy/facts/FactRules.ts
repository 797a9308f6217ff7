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
  DESCRIBING,
  NOT_A_NAME,
  OCCUPATIONS,
  PHRASE_END,
  STATES,
  alternation,
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

const JOBS = alternation(OCCUPATIONS)

/** Employers people name in lowercase: "i work at target". */
const EMPLOYERS = new Map([
  "target", "walmart", "starbucks", "amazon", "costco", "kroger", "mcdonalds", "mcdonald's", "ups", "fedex", "google",
  "apple", "microsoft", "safeway", "publix", "chipotle", "wendys", "walgreens", "cvs", "ikea", "lowes", "uber", "lyft",
  "doordash", "netflix", "meta", "tesla", "wegmans", "aldi", "subway"
].map((name) => [name, name === "ups" || name === "cvs" ? name.toUpperCase() : name === "mcdonalds" ? "McDonald's" :
  name.charAt(0).toUpperCase() + name.slice(1)]))

/** Modifiers a job may carry: "night-shift", "ER", "high school"; not "big", "tired" or "really". */
const jobModifiers = (raw: string): ReadonlyArray<string> | undefined => {
  if (/^(?:high|middle|elementary|grade|primary)\s+school\s*$/iu.test(raw)) return [raw.trim().toLowerCase()]
  const words = raw.trim() === "" ? [] : raw.trim().split(/\s+/)
  if (words.some((w) => PHRASE_END.has(w.toLowerCase()) || STATES.has(w.toLowerCase()) || !/^(?:[\p{L}-]+|\d{2,4})$/u.test(w))) {
    return undefined
  }
  return words.map((w) => (w.length > 1 && w === w.toUpperCase() ? w : w.toLowerCase()))
}

const job = (modifiers: string, occupation: string): string | undefined => {
  const words = jobModifiers(modifiers)
  if (words === undefined) return undefined
  const name = occupation.length > 1 && occupation === occupation.toUpperCase() && occupation.length <= 3
    ? occupation
    : occupation.toLowerCase()
  if (name === "student" && words.length === 0) return "They are a student."
  const phrase = [...words, name].join(" ")
  return `They work as ${/^[aeiouAEIOU]/.test(phrase) && !/^(?:uni|eu|one)/i.test(phrase) ? "an" : "a"} ${phrase}.`
}

const NUMBERS: Record<string, string> = {
  "1": "one", "2": "two", "3": "three", "4": "four", "5": "five", "6": "six", "7": "seven", "8": "eight", "9": "nine",
  "10": "ten"
}
const countWord = (count: string) => NUMBERS[count] ?? count

/** "Priya", "Ravi": one capitalised word that does not say how someone is ("I'm Tired"). */
const introducedName = (rest: string, options: { readonly requireCapital: boolean }): string | undefined => {
  const name = nameAt(rest, { requireCapital: options.requireCapital })
  if (name === undefined) return undefined
  const first = name.split(" ")[0]!.toLowerCase()
  if (STATES.has(first) || OCCUPATION_WORDS.has(first)) return undefined
  const tokens = tokenize(rest)
  const count = name.split(" ").length
  // "I'm Joel, 28, from Texas": a comma ends the name (but "I'm Exhausted, ..." describes).
  const commaAfter = tokens[count - 1]!.closes && tokens.length > count
  if ((!isCapitalised(rest.trim()) || commaAfter) && (DESCRIBING.test(first) || first.length < 3)) return undefined
  // The name must end the clause, or be followed by a word that ends it ("and", "btw"), or a comma.
  const after = tokens.slice(count)
  return after.length === 0 || commaAfter || AFTER_A_NAME_HERE.has(after[0]!.word.toLowerCase()) ? name : undefined
}
const OCCUPATION_WORDS = new Set(OCCUPATIONS.flatMap((o) => o.split(" ")))
const AFTER_A_NAME_HERE = new Set(["and", "btw", "lol", "haha", "here", "by", "fyi", "from", "nice", "hi", "hey"])

/**
 * Rules that name someone or somewhere in passing ("my sister Anna", "my shift
 * at Starbucks"): what they find was said before any negation or report later
 * in the clause ("my roommate Kyle never does dishes"), so they also read that part.
 */
export const IN_PASSING: ReadonlyArray<Rule> = [
  // "the snow here in Anchorage is no joke"
  rule(`${B}here\\s+in\\s+(\\p{Lu}.*)$`, (m) => {
    const place = placeAt(m[1]!)
    return place && !place.startsWith("a ") && !place.startsWith("the ") ? `They live in ${place}.` : undefined
  }),
  // "my sister Anna is visiting" (the name must be capitalised)
  rule(`${B}my\\s+${RELATION}\\s+(?!is\\s|was\\s|and\\s)(.+)$`, (m) => {
    const name = nameAt(m[3]!, { requireCapital: true })
    return name && `Their ${relationName(m[1], m[2]!)} is called ${name}.`
  }),
  // "after my shift at Starbucks"
  rule(`${B}my\\s+shift\\s+at\\s+(?:the\\s+)?(.+)$`, (m) => {
    const words = phraseAt(m[1]!, 3)
    const known = words.length === 1 && EMPLOYERS.get(words[0]!.toLowerCase())
    if (known) return `They work at ${known}.`
    return words.length > 0 && words.every(isCapitalised) ? `They work at ${words.join(" ")}.` : undefined
  }),
  // "walking Biscuit, my dog, before work"
  rule(`${B}(\\p{Lu}[\\p{Ll}'-]+),\\s+my\\s+${RELATION}${E}`, (m) => {
    const name = nameAt(m[1]!, { requireCapital: true })
    return name && `Their ${relationName(m[2], m[3]!)} is called ${name}.`
  }),
  // "grandma June is visiting": family titles used as names
  rule(`^(grandma|grandpa|granny|nana|aunt|auntie|uncle|cousin)\\s+(\\p{Lu}[\\p{Ll}'-]+)${E}`, (m) => {
    const name = nameAt(m[2]!, { requireCapital: true })
    const title = m[1]!.toLowerCase() === "auntie" ? "aunt" : m[1]!.toLowerCase()
    return name && `Their ${title} is called ${name}.`
  }),
  // "my kids Mia and Leo"
  rule(`${B}my\\s+(kids|sons|daughters|sisters|brothers|cats|dogs|twins)\\s+(\\p{Lu}[\\p{Ll}'-]+)\\s+and\\s+(\\p{Lu}[\\p{Ll}'-]+)${E}`,
    (m) => {
      const one = m[1]!.toLowerCase() === "twins" ? "twin" : m[1]!.toLowerCase().replace(/s$/u, "")
      const names = [m[2]!, m[3]!].map((n) => nameAt(n, { requireCapital: true }))
      return names.every((n) => n !== undefined) ? names.map((n) => `Their ${one} is called ${n}.`) : undefined
    })
]

export const RULES: ReadonlyArray<Rule> = [
  ...IN_PASSING,
  // "my name is Sam", "my name's sam"
  rule(`${B}my name(?:'s| is)\\s+(.+)$`, (m) => {
    const name = nameAt(m[1]!, { requireCapital: false })
    return name && `Their name is ${name}.`
  }),
  // "Hi, I'm Sam" (a greeting and a capitalised name: "hey I'm tired" is not an introduction)
  rule(`^(?:hi+|hey+a?|heyo|hello+|hiya|howdy|yo+|sup)[\\s,!.]+(?:${I_AM}|it's|its|it is|this is)\\s+(.+)$`, (m) => {
    const name = introducedName(m[1]!, { requireCapital: false })
    return name && `Their name is ${name}.`
  }),
  // "I'm Priya" on its own (a greeting in the text before), "this is Omar", "name's Theo", "Priya here"
  rule(`^(?:${I_AM}|this is)\\s+(.+)$`, (m) => {
    const name = introducedName(m[1]!, { requireCapital: true })
    return name && `Their name is ${name}.`
  }),
  rule(`^name(?:'s| is)\\s+(.+)$`, (m) => {
    const name = nameAt(m[1]!, { requireCapital: false })
    return name && `Their name is ${name}.`
  }),
  rule(`^(\\p{Lu}[\\p{Ll}'-]+)\\s+here(?:\\s*[^\\p{L}\\p{N}\\s].*)?$`, (m) => {
    const name = introducedName(m[1]!, { requireCapital: true })
    return name && `Their name is ${name}.`
  }),
  // "call me Sam", "I go by Sam"
  rule(`${B}(?:call me|i go by)\\s+(.+)$`, (m) => {
    const name = nameAt(m[1]!, { requireCapital: true })
    return name && `They go by ${name}.`
  }),
  // "my dog is called Rex", "my sister's name is Anna", "my little brother is named Leo"
  rule(`${B}my\\s+${RELATION}(?:'?s name(?:'s| is)|\\s+is called|\\s+is named|'s called|'s named)\\s+(.+)$`, (m) => {
    const name = nameAt(m[3]!, { requireCapital: false })
    return name && `Their ${relationName(m[1], m[2]!)} is called ${name}.`
  }),
  // "I have a dog named Rex", "we have two kids", "I have a cat" (not "a cat allergy")
  rule(
    `(?:${B}(?:i|we)(?:'ve)?\\s+|^)(?:have|got|adopted|just\\s+got)\\s+(${COUNTS})\\s+${RELATION}(s|es)?${E}(.*)$`,
    (m) => {
      const count = countWord(m[1]!.toLowerCase())
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
      const article = count === "one" ? "a" : count === "a" && /^[aeiou]/.test(relation) ? "an" : count
      return `They have ${article} ${relation}${plural ? m[4]!.toLowerCase() : ""}.`
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
  rule(`(?:${B}(?:i|we)\\s+|^)(?:just\\s+|recently\\s+)?moved\\s+to\\s+(.+)$`, (m) => {
    const place = placeAt(m[1]!)
    return place && `They live in ${place}.`
  }),
  // "I'm from Ohio", "I'm Joel, 28, from Texas"
  rule(`${B}${I_AM}\\s+(?:\\p{Lu}[\\p{L}'-]*,\\s+)?(?:\\d{1,2},?\\s+)?(?:and\\s+)?(?:originally\\s+)?from\\s+(.+)$`, (m) => {
    const place = placeAt(m[1]!)
    return place && !place.startsWith("a ") && !place.startsWith("the ") ? `They are from ${place}.` : undefined
  }),
  // "I work as a nurse", "I'm a nurse", "I work at Mercy Hospital"
  rule(`${B}i\\s+work(?:\\s+(?:nights|days|weekends|evenings|mornings|part-time|full-time|part time|full time))?\\s+as\\s+(a|an)\\s+(.+)$`, (m) => {
    const job = phraseAt(m[2]!, 3)
    return job.length === 0 ? undefined : `They work as ${m[1]!.toLowerCase()} ${job.join(" ").toLowerCase()}.`
  }),
  rule(`${B}${I_AM}\\s+(?:\\d{1,2}\\s+and\\s+)?(?:a|an)\\s+((?:[\\p{L}\\d-]+\\s+){0,2}?)(${JOBS})${E}`, (m) =>
    job(m[1]!, m[2]!)),
  // "as a teacher I get summers off", "being a nurse is exhausting"
  rule(`(?:^as|${B}being)\\s+(?:a|an)\\s+((?:[\\p{L}-]+\\s+){0,2}?)(${JOBS})(?:,?\\s+i${E}|\\s+(?:is|has|means|can|makes)${E})`, (m) =>
    job(m[1]!, m[2]!)),
  // An employer is a proper name: "Mercy Hospital", not "home", "night" or "myself".
  rule(`${B}i\\s+work\\s+(at|for)\\s+(?:the\\s+)?(.+)$`, (m) => {
    const words = phraseAt(m[2]!, 4)
    const known = words.length === 1 && EMPLOYERS.get(words[0]!.toLowerCase())
    if (known) return `They work ${m[1]!.toLowerCase()} ${known}.`
    return words.length > 0 && words.every(isCapitalised) ? `They work ${m[1]!.toLowerCase()} ${words.join(" ")}.` : undefined
  }),
  rule(`${B}(?:i\\s+study|i\\s+major\\s+in|${I_AM}\\s+studying|${I_AM}\\s+majoring\\s+in)\\s+(.+)$`, (m) => {
    const subject = phraseAt(m[1]!, 3)
    return subject.length === 0 ? undefined : `They study ${subject.join(" ")}.`
  }),
  // "my birthday is May 3", "my bday is on the 3rd of may"
  rule(
    `(?:${B}my\\s+|^)(?:birthday|bday|b-day)(?:'s|\\s+is)\\s+(?:on\\s+)?(?:${MONTH}\\.?\\s+(\\d{1,2})(?:st|nd|rd|th)?|(?:the\\s+)?(\\d{1,2})(?:st|nd|rd|th)?\\s+(?:of\\s+)?${MONTH})${E}`,
    (m) => {
      const monthText = (m[1] ?? m[4])!.toLowerCase()
      const day = Number(m[2] ?? m[3])
      const month = MONTHS.find((name) => name.startsWith(monthText.slice(0, 3)))
      if (month === undefined || day < 1 || day > 31) return undefined
      return `Their birthday is ${capitalise(month)} ${day}.`
    }
  ),
  // "I'm allergic to peanuts", "I have a peanut allergy"
  rule(`(?:${B}${I_AM}\\s+|^)(?:very\\s+|severely\\s+|really\\s+)?allergic\\s+to\\s+(.+)$`, (m) => {
    const words = phraseAt(m[1]!, 3)
    return words.length === 0 ? undefined : `They are allergic to ${words.join(" ").toLowerCase()}.`
  }),
  rule(`${B}i\\s+have\\s+(?:a|an)\\s+(?:severe\\s+)?(\\p{L}+(?:\\s+\\p{L}+)?)\\s+allergy${E}`, (m) => {
    const words = m[1]!.toLowerCase().split(/\s+/)
    return words.some((w) => NOT_A_NAME.has(w)) ? undefined : `They have a ${words.join(" ")} allergy.`
  }),
  rule(`(?:${B}${I_AM}|${B}being)\\s+(?:a\\s+)?(${DIETS.join("|")})${E}`, (m) => `They are ${m[1]!.toLowerCase()}.`),
  rule(`${B}${I_AM}\\s+(${STATUSES.join("|")})${E}`, (m) => `They are ${m[1]!.toLowerCase()}.`),
  // "my favorite food is pizza"
  rule(`(?:${B}my\\s+|^)(?:fav|fave|favorite|favourite)\\s+(\\p{L}+(?:\\s+\\p{L}+)?)(?:'s|\\s+is)\\s+(.+)$`, (m) => {
    const thing = m[1]!.toLowerCase()
    if (thing.split(/\s+/).some((w) => NOT_A_NAME.has(w))) return undefined
    const value = phraseAt(m[2]!, 4)
    return value.length === 0 ? undefined : `Their favorite ${thing} is ${value.join(" ")}.`
  }),
  // "call me Jo" is above; pronouns: "my pronouns are she/her", "i use they/them"
  rule(`(?:${B}my\\s+pronouns(?:\\s+are|'re|\\s+r|\\s+is|:)?|${B}i\\s+use|${B}i\\s+go\\s+by|^pronouns:?)\\s+((?:she|he|they|xe|ze|it)/(?:her|him|them|they|she|he|xem|zir|its|hers|his|theirs))${E}`,
    (m) => `They use ${m[1]!.toLowerCase()} pronouns.`),
  // "keep it short", "short texts please"
  rule(`${B}keep\\s+(?:it|them|things|(?:(?:your|ur|the)\\s+)?(?:replies|answers|texts|messages|msgs|responses))\\s+(?:short|brief)${E}`,
    () => "They prefer short replies."),
  rule(`^(?:short|shorter)\\s+(?:texts|replies|answers|messages|msgs)(?:\\s+(?:please|pls|plz))?${E}`,
    () => "They prefer short replies."),
  // "living in seattle rn", "I'm based in Austin", "since moving to Portland", "here in Minneapolis"
  rule(`(?:^living|${B}${I_AM}\\s+based|^based)\\s+in\\s+(.+)$`, (m) => {
    const place = placeAt(m[1]!)
    return place && `They live in ${place}.`
  }),
  rule(`${B}(?:since|after)\\s+moving\\s+to\\s+(.+)$`, (m) => {
    const place = placeAt(m[1]!)
    return place && `They live in ${place}.`
  }),
  // "I'm a nurse in Phoenix"
  rule(`${B}${I_AM}\\s+(?:a|an)\\s+(?:[\\p{L}-]+\\s+){0,2}?(?:${JOBS})\\s+in\\s+(\\p{Lu}.*)$`, (m) => {
    const place = placeAt(m[1]!)
    return place && !place.startsWith("a ") && !place.startsWith("the ") ? `They live in ${place}.` : undefined
  }),
  // "im in college for nursing"
  rule(`${B}${I_AM}\\s+in\\s+(?:college|school|uni|university|grad\\s+school|nursing\\s+school)\\s+for\\s+(.+)$`, (m) => {
    const subject = phraseAt(m[1]!, 3)
    return subject.length === 0 ? undefined : `They study ${subject.join(" ")}.`
  }),
  // "im a stay at home mom", "im a mom of 3"
  rule(`${B}${I_AM}\\s+a\\s+(?:stay[\\s-]at[\\s-]home|sahm|sahd)(?:\\s+(?:mom|mum|dad|parent|mother|father))?${E}`,
    () => "They are a stay-at-home parent."),
  rule(`${B}${I_AM}\\s+a\\s+(?:mom|mum|dad|mother|father|parent)\\s+of\\s+(${COUNTS})${E}`, (m) => {
    const count = countWord(m[1]!.toLowerCase())
    return count === "a" || count === "an" || count === "one" ? "They have a kid." : `They have ${count} kids.`
  })
]
