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

/** Sentences are short: a fact is a line in the prompt, not a paragraph. */
export const MAX_FACT_LENGTH = 120

const B = String.raw`(?<![\p{L}\p{N}'])`
const E = String.raw`(?![\p{L}\p{N}'])`
const I_AM = String.raw`(?:i'm|im|i am)`
const WORD = /^[\p{L}][\p{L}'-]*$/u

const RELATIONS = [
  "best friend", "boyfriend", "girlfriend", "grandmother", "grandfather", "grandma", "grandpa", "granny",
  "stepmom", "stepdad", "stepson", "stepdaughter", "husband", "wife", "partner", "fiancee", "fiance",
  "mom", "mum", "mother", "mama", "dad", "father", "papa", "son", "daughter", "sister", "brother",
  "aunt", "uncle", "cousin", "niece", "nephew", "baby", "kid", "roommate", "flatmate", "boss", "coworker",
  "friend", "guinea pig", "dog", "puppy", "cat", "kitten", "bird", "parrot", "hamster", "rabbit",
  "bunny", "horse", "turtle", "snake", "lizard", "pet"
]
const FAMILY_AND_PETS = new Set([
  "son", "daughter", "sister", "brother", "kid", "baby", "stepson", "stepdaughter", "husband", "wife", "partner",
  "boyfriend", "girlfriend", "fiance", "fiancee", "dog", "puppy", "cat", "kitten", "bird", "parrot", "hamster",
  "rabbit", "bunny", "horse", "turtle", "snake", "lizard", "pet", "guinea pig"
])
const RELATION = `(?:(little|big|older|younger|baby|twin|oldest|youngest|eldest|new)\\s+)?(${RELATIONS.join("|")})`
const COUNTS = "a|an|one|two|three|four|five|six|seven|eight|nine|ten|\\d{1,2}"

const OCCUPATIONS = [
  "nurse", "teacher", "doctor", "engineer", "developer", "programmer", "software engineer", "lawyer", "chef", "cook",
  "waiter", "waitress", "server", "driver", "truck driver", "mechanic", "electrician", "plumber", "carpenter",
  "farmer", "artist", "musician", "writer", "designer", "accountant", "cashier", "barista", "bartender",
  "pharmacist", "paramedic", "firefighter", "police officer", "cop", "soldier", "veteran", "dentist", "therapist",
  "social worker", "librarian", "scientist", "researcher", "professor", "student", "photographer", "hairdresser",
  "barber", "janitor", "caregiver", "nanny", "manager", "salesperson", "realtor", "pilot", "vet", "babysitter"
]
const DIETS = ["vegetarian", "vegan", "pescatarian", "lactose intolerant", "gluten intolerant", "celiac", "diabetic"]
const STATUSES = ["married", "engaged", "single", "divorced", "widowed", "pregnant", "retired"]
const MONTHS = [
  "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november",
  "december"
]
const MONTH = String.raw`(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t|tember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)`

/** Words that are never a name, a place or a job, whatever their case. */
const NOT_A_NAME = new Set([
  "a", "an", "the", "and", "but", "or", "so", "is", "was", "are", "be", "been", "not", "very", "really", "kinda",
  "pretty", "weird", "hard", "long", "short", "difficult", "complicated", "private", "secret", "unusual", "common",
  "boring", "funny", "stupid", "cute", "silly", "too", "also", "just", "like", "actually", "basically", "literally",
  "i", "im", "i'm", "me", "my", "you", "your", "he", "she", "it", "they", "we", "his", "her", "their", "our", "this",
  "that", "what", "who", "here", "there", "now", "today", "tomorrow", "tonight", "yesterday", "later", "soon",
  "back", "home", "fine", "good", "ok", "okay", "great", "bad", "sick", "tired", "sad", "happy", "mad", "angry",
  "lonely", "bored", "busy", "old", "new", "young", "big", "small", "little", "mine", "called", "named", "monday",
  "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "lol", "haha", "omg", "ugh", "yeah", "yes",
  "no", "sorry", "thanks", "hey", "hi", "hello", "because", "since", "when", "if", "got", "gets", "has", "had",
  "have", "will", "would", "can", "could", "should", "loves", "likes", "hates", "said", "says", "always", "never",
  "still", "sometimes", "in", "on", "at", "with", "for", "to", "of", "from", "about", "by", "as", "all", "some",
  "one", "two", "nobody", "someone", "somebody", "anyone", "everyone", "nothing", "something", "unknown", "none",
  "whatever", "idk", "dunno", "na", "n/a", "same", "different", "special", "normal", "embarrassing", "ugly",
  "beautiful", "nice", "cool", "lame", "dumb", "way", "kind", "sort", "such"
])

/** What may follow a name that ends its clause without being part of it. */
const AFTER_A_NAME = new Set([
  "and", "who", "which", "he", "she", "they", "it", "lol", "haha", "too", "also", "btw", "now", "fyi", "by", "from"
])

/** Words that end a phrase (a place, a job, an allergy): connectors, pronouns, times. */
const CONNECTORS = new Set([
  "a", "an", "the", "and", "or", "but", "so", "is", "are", "was", "were", "be", "been", "since", "because", "cuz",
  "cause", "tho", "though", "although", "while", "until", "where", "which", "who", "whom", "that", "when", "if",
  "now", "last", "this", "next", "ago", "near", "recently", "currently", "lately", "anyway", "anyways", "right",
  "then", "than", "etc", "lol", "haha", "btw", "too", "also", "for", "with", "in", "on", "at", "by", "to", "of",
  "from", "after", "before", "during", "around", "there", "here", "today", "tonight", "yesterday", "tomorrow",
  "years", "year", "months", "month", "weeks", "week", "days", "day", "every", "late", "early", "lots", "much",
  "more", "most", "alone", "together", "online", "abroad", "full", "part", "night", "nights", "weekends",
  "remotely", "i", "im", "i'm", "me", "my", "myself", "you", "your", "he", "she", "it", "they", "we", "his", "her",
  "their", "our", "just", "like", "really", "actually", "basically", "literally", "very", "kinda", "not", "still",
  "always", "never", "sometimes", "either", "anymore", "again", "as", "about", "over", "under", "into",
  "originally", "probably", "mostly", "only", "honestly", "anyhow", "permanently", "temporarily", "full-time",
  "part-time"
])

/** Where a job, an allergy or a favourite ends: a connector, or a word that is never one. */
const PHRASE_END = new Set([...CONNECTORS, ...NOT_A_NAME])

/** What may follow "I have a dog" for it to be about a dog ("a dog bed" is not). */
const AFTER_A_RELATION = new Set([
  "and", "who", "which", "that", "he", "she", "they", "it", "too", "also", "lol", "haha", "now", "at", "in", "with",
  "btw", "already", "named", "called"
])

/** "live in fear", "live in denial": not places. */
const NOT_A_PLACE = new Set([
  "fear", "hope", "pain", "peace", "denial", "hell", "misery", "sin", "shame", "luxury", "poverty", "squalor", "anxiety",
  "terror", "dread", "silence", "harmony", "sadness", "darkness", "comfort", "style", "chaos", "limbo", "secret",
  "secrecy", "isolation", "solitude", "reality", "fantasy", "debt", "sorrow", "regret", "guilt", "joy", "love",
  "hiding", "town", "moment", "past", "present", "future", "dream", "dreams", "bubble", "world", "head", "heaven",
  "paradise", "a", "an", "the", "my", "your", "our", "his", "her", "their"
])

/** Nouns after "a"/"the" that make a phrase a place: "a small town", "the suburbs". */
const PLACE_NOUNS = new Set([
  "town", "city", "village", "suburb", "suburbs", "apartment", "house", "flat", "studio", "dorm", "condo", "farm",
  "neighborhood", "neighbourhood", "trailer", "area", "county", "state", "country", "island", "valley", "countryside",
  "cabin", "bay", "mountains", "desert", "coast"
])

/** Leading words that do not change what a clause says. */
const FILLERS = /^(?:(?:so|and|ok|okay|oh|btw|also|well|lol|haha|um+|uh+|yeah|yes|anyway|anyways|ah|fyi|omg|plus)[\s,]+)+/iu
const GREETING = /^(?:(?:hi|hey|hello|hiya|yo)[\s,]+)+/iu

const QUESTION_START = new RegExp(
  `^(?:what|who|whom|whose|where|when|why|how|which|do|does|did|is|are|am|was|were|can|could|should|would|will|shall|have|has|may|might|isn't|aren't|don't|doesn't|didn't|wanna)${E}`,
  "iu"
)

/** Clauses saying something other than "this is so, now": negated, wished, past, reported, joking. */
const SKIP = new RegExp(
  B + "(?:" + [
    "not", "no", "never", "nobody", "nothing", "neither", "nor", "none", "dont", "doesnt", "isnt", "wasnt", "aint",
    "cant", "wont", "no longer", "anymore", "if", "unless", "whether", "would", "wish", "wished", "imagine", "suppose",
    "supposing", "pretend", "pretending", "maybe", "might", "perhaps", "hypothetically", "someday", "one day", "could",
    "should", "gonna", "going to", "want to", "wanna", "wants", "hope", "hoping", "plan to", "planning", "dream",
    "dreamt", "dreamed", "i'd", "i'll", "used to", "formerly", "previously", "back then", "when i was", "said",
    "says", "told", "tells", "saying", "asked", "kidding", "joking", "jk", "roleplay", "role play", "character",
    "story", "fake", "lying"
  ].join("|") + `)${E}|n't${E}`,
  "iu"
)

const capitalise = (word: string) => word.charAt(0).toUpperCase() + word.slice(1)
const isCapitalised = (word: string) => /^\p{Lu}/u.test(word)

interface Token {
  readonly word: string
  /** Punctuation after the word ends the phrase. */
  readonly closes: boolean
}

const tokenize = (rest: string): ReadonlyArray<Token> =>
  rest.split(/\s+/).filter((raw) => raw !== "").map((raw) => {
    const word = raw.replace(/[,:;)!"…]+$/u, "")
    return { word, closes: word.length < raw.length }
  })

/** "Sam's dog": the name is Sam. */
const withoutPossessive = (word: string) => word.replace(/'s$/u, "")

/** A name at the start of `rest`: "Rex", "Mary Ann". */
const nameAt = (rest: string, options: { readonly requireCapital: boolean }): string | undefined => {
  const tokens = tokenize(rest).map((t) => ({ ...t, word: withoutPossessive(t.word) }))
  const first = tokens[0]
  if (first === undefined || !WORD.test(first.word) || first.word.length > 20) return undefined
  if (NOT_A_NAME.has(first.word.toLowerCase())) return undefined
  const capital = isCapitalised(first.word)
  if (options.requireCapital && !capital) return undefined
  const words = [first.word]
  const second = tokens[1]
  if (
    capital && !first.closes && second !== undefined && WORD.test(second.word) && isCapitalised(second.word) &&
    second.word.length <= 20 && !NOT_A_NAME.has(second.word.toLowerCase())
  ) words.push(second.word)
  const last = tokens[words.length - 1]!
  const next = tokens[words.length]
  // A lowercase word must end the clause: "my name is sam" yes, "my name is hard to spell" no.
  if (!capital && next !== undefined && !last.closes && !AFTER_A_NAME.has(next.word.toLowerCase())) return undefined
  return words.map(capitalise).join(" ")
}

/** Words from the start of `rest` until one of `end`. */
const phraseAt = (rest: string, max: number, end: ReadonlySet<string> = PHRASE_END): ReadonlyArray<string> => {
  const words: Array<string> = []
  for (const token of tokenize(rest)) {
    if (!WORD.test(token.word) || token.word.length > 24) break
    const lower = token.word.toLowerCase()
    const leadingArticle = words.length === 0 && (lower === "a" || lower === "an" || lower === "the")
    if (!leadingArticle && end.has(lower)) break
    words.push(token.word)
    if (token.closes || words.length >= max) break
  }
  return words
}

const titleCaseIfLower = (words: ReadonlyArray<string>) =>
  words.every((w) => w === w.toLowerCase()) ? words.map(capitalise) : words

/** A place: a proper name ("Denver", "new york") or an article and a place noun ("a small town"). */
const placeAt = (rest: string): string | undefined => {
  const words = phraseAt(rest, 4, CONNECTORS)
  const first = words[0]?.toLowerCase()
  if (first === undefined) return undefined
  if (first === "a" || first === "an" || first === "the") {
    const noun = words.at(-1)!.toLowerCase()
    return words.length >= 2 && PLACE_NOUNS.has(noun) ? words.map((w) => w.toLowerCase()).join(" ") : undefined
  }
  const abstract = words.some((w) => {
    const lower = w.toLowerCase()
    return NOT_A_PLACE.has(lower) || /(?:ness|ity|ism|ment|tion|sion|ance|ence|ing)$/.test(lower)
  })
  return abstract ? undefined : titleCaseIfLower(words).join(" ")
}

const relationName = (adjective: string | undefined, relation: string) =>
  `${adjective === undefined ? "" : `${adjective.toLowerCase()} `}${relation.toLowerCase()}`

type Rule = (clause: string) => ReadonlyArray<string>

const rule = (pattern: string, make: (match: RegExpExecArray) => string | undefined): Rule => {
  const regex = new RegExp(pattern, "giu")
  return (clause) => {
    const found: Array<string> = []
    for (const match of clause.matchAll(regex)) {
      const fact = make(match)
      if (fact !== undefined) found.push(fact)
    }
    return found
  }
}

const RULES: ReadonlyArray<Rule> = [
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
