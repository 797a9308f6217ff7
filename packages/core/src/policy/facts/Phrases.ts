/**
 * The words and phrase readers the fact rules are made of: what a name, a
 * place, a job or a relative looks like, and what ends a phrase.
 */
/** Sentences are short: a fact is a line in the prompt, not a paragraph. */
export const MAX_FACT_LENGTH = 120

export const B = String.raw`(?<![\p{L}\p{N}'])`
export const E = String.raw`(?![\p{L}\p{N}'])`
export const I_AM = String.raw`(?:i'm|im|i am)`
export const WORD = /^[\p{L}][\p{L}'-]*$/u

export const RELATIONS = [
  "best friend", "boyfriend", "girlfriend", "grandmother", "grandfather", "grandma", "grandpa", "granny",
  "stepmom", "stepdad", "stepson", "stepdaughter", "husband", "wife", "partner", "fiancee", "fiance",
  "mom", "mum", "mother", "mama", "dad", "father", "papa", "son", "daughter", "sister", "brother",
  "aunt", "uncle", "cousin", "niece", "nephew", "baby", "kid", "roommate", "flatmate", "boss", "coworker",
  "friend", "guinea pig", "dog", "puppy", "cat", "kitten", "bird", "parrot", "hamster", "rabbit",
  "bunny", "horse", "turtle", "snake", "lizard", "pet", "pup", "doggo", "kitty", "golden retriever", "labrador", "lab",
  "corgi", "pug", "poodle", "husky", "beagle", "chihuahua", "dachshund", "terrier", "shepherd", "pitbull", "boxer",
  "retriever"
]
/** Pets, as opposed to people: "Their corgi is called Biscuit." is about a pet. */
export const PETS = new Set([
  "guinea pig", "dog", "puppy", "cat", "kitten", "bird", "parrot", "hamster", "rabbit", "bunny", "horse", "turtle",
  "snake", "lizard", "pet", "pup", "doggo", "kitty", "golden retriever", "labrador", "lab", "corgi", "pug", "poodle",
  "husky", "beagle", "chihuahua", "dachshund", "terrier", "shepherd", "pitbull", "boxer", "retriever"
])
export const FAMILY_AND_PETS = new Set([
  "son", "daughter", "sister", "brother", "kid", "baby", "stepson", "stepdaughter", "husband", "wife", "partner",
  "boyfriend", "girlfriend", "fiance", "fiancee", "dog", "puppy", "cat", "kitten", "bird", "parrot", "hamster",
  "rabbit", "bunny", "horse", "turtle", "snake", "lizard", "pet", "guinea pig", "pup", "kitty", "corgi", "lab",
  "labrador", "golden retriever", "pug", "poodle", "husky", "beagle", "chihuahua", "dachshund", "terrier"
])
/** Longest first, so an alternation takes "golden retriever" before "retriever" and "nurse practitioner" before "nurse". */
export const alternation = (words: ReadonlyArray<string>) => [...words].sort((a, b) => b.length - a.length).join("|")
export const RELATION = `(?:(little|big|older|younger|baby|twin|oldest|youngest|eldest|new)\\s+)?(${alternation(RELATIONS)})`
export const COUNTS = "a|an|one|two|three|four|five|six|seven|eight|nine|ten|\\d{1,2}"

export const OCCUPATIONS = [
  "nurse", "teacher", "doctor", "engineer", "developer", "programmer", "software engineer", "lawyer", "chef", "cook",
  "waiter", "waitress", "server", "driver", "truck driver", "mechanic", "electrician", "plumber", "carpenter",
  "farmer", "artist", "musician", "writer", "designer", "accountant", "cashier", "barista", "bartender",
  "pharmacist", "paramedic", "firefighter", "police officer", "cop", "soldier", "veteran", "dentist", "therapist",
  "social worker", "librarian", "scientist", "researcher", "professor", "student", "photographer", "hairdresser",
  "barber", "janitor", "caregiver", "nanny", "manager", "salesperson", "realtor", "pilot", "vet", "babysitter",
  "security guard", "nurse practitioner", "receptionist", "dental hygienist", "delivery driver", "welder",
  "construction worker", "cleaner", "housekeeper", "tutor", "coach", "translator", "consultant", "analyst",
  "architect", "surgeon", "midwife", "medic", "emt", "cna", "rn", "lpn", "clerk", "bank teller", "dispatcher",
  "technician", "tech", "operator", "instructor", "supervisor", "administrator", "secretary", "paralegal", "attorney",
  "banker", "stocker", "warehouse worker", "bus driver", "assistant", "aide", "teaching assistant", "dental assistant",
  "medical assistant", "data scientist", "web developer", "graphic designer", "landscaper", "roofer", "painter",
  "baker", "butcher", "fisherman", "miner", "machinist", "custodian", "lifeguard", "flight attendant",
  "sales associate", "store manager", "office manager", "project manager", "product manager", "entrepreneur",
  "freelancer", "contractor", "journalist", "editor", "poet", "actor", "actress", "dancer", "chemist", "biologist",
  "physicist", "economist", "psychologist", "counselor", "chiropractor", "optometrist", "veterinarian", "vet tech",
  "phlebotomist", "radiologist", "sonographer", "respiratory therapist", "physical therapist",
  "occupational therapist", "home health aide", "nursing assistant"
]
export const DIETS = ["vegetarian", "vegan", "pescatarian", "lactose intolerant", "gluten intolerant", "celiac", "diabetic"]
export const STATUSES = ["married", "engaged", "single", "divorced", "widowed", "pregnant", "retired"]
export const MONTHS = [
  "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november",
  "december"
]
export const MONTH = String.raw`(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t|tember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)`

/** Words that are never a name, a place or a job, whatever their case. */
export const NOT_A_NAME = new Set([
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

/** Words after "I'm" that say how someone is, not who: never a name. */
export const STATES = new Set([
  "tired", "exhausted", "stressed", "sorry", "excited", "nervous", "scared", "afraid", "worried", "hungry", "cold",
  "hot", "sleepy", "lost", "done", "ready", "here", "there", "alive", "dead", "awake", "up", "down", "out", "off",
  "sure", "glad", "grateful", "thankful", "proud", "fine", "alright", "well", "better", "worse", "sick", "ill", "free",
  "late", "early", "broke", "drunk", "high", "stuck", "confused", "curious", "serious", "honest", "good", "great",
  "okay", "ok", "cool", "bored", "lonely", "sad", "happy", "mad", "angry", "upset", "anxious", "calm", "chill",
  "blessed", "weird", "crazy", "jealous", "annoyed", "obsessed", "addicted", "starving", "freezing", "dying", "back",
  "home", "busy", "new", "old", "young", "single", "married", "vegan", "vegetarian", "pregnant", "retired", "done",
  "shook", "lit", "fuming", "dying", "gay", "straight", "trans", "human", "real", "kidding", "joking", "serious",
  "literally", "actually", "just", "so", "very", "really", "kinda", "sorta", "also", "still", "not", "always", "never",
  "almost", "totally", "fully", "sooo", "soo", "too", "bi", "ace", "nb", "around", "outside", "inside", "in", "on",
  "at", "with", "from", "by", "into", "like", "thinking", "feeling", "going", "trying", "doing", "getting", "having",
  "working", "studying", "living", "moving", "leaving", "coming", "waiting", "watching", "eating", "reading", "dead"
])

/** "Excited", "nervous", "grateful": a word ending like this after "I'm" describes, it does not name. */
export const DESCRIBING = /(?:ed|ing|ous|ful|ive|less|able|ible|ish)$/u

/** What may follow a name that ends its clause without being part of it. */
export const AFTER_A_NAME = new Set([
  "and", "who", "which", "he", "she", "they", "it", "lol", "haha", "too", "also", "btw", "now", "fyi", "by", "from"
])

/** Words that end a phrase (a place, a job, an allergy): connectors, pronouns, times. */
export const CONNECTORS = new Set([
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
  "part-time", "fyi", "i've", "i'd", "i'll", "rn", "tbh", "ngl", "lmao", "lmfao"
])

/** Where a job, an allergy or a favourite ends: a connector, or a word that is never one. */
export const PHRASE_END = new Set([...CONNECTORS, ...NOT_A_NAME])

/** What may follow "I have a dog" for it to be about a dog ("a dog bed" is not). */
export const AFTER_A_RELATION = new Set([
  "and", "who", "which", "that", "he", "she", "they", "it", "too", "also", "lol", "haha", "now", "at", "in", "with",
  "btw", "already", "named", "called"
])

/** "live in fear", "live in denial": not places. */
export const NOT_A_PLACE = new Set([
  "fear", "hope", "pain", "peace", "denial", "hell", "misery", "sin", "shame", "luxury", "poverty", "squalor", "anxiety",
  "terror", "dread", "silence", "harmony", "sadness", "darkness", "comfort", "style", "chaos", "limbo", "secret",
  "secrecy", "isolation", "solitude", "reality", "fantasy", "debt", "sorrow", "regret", "guilt", "joy", "love",
  "hiding", "town", "moment", "past", "present", "future", "dream", "dreams", "bubble", "world", "head", "heaven",
  "paradise", "a", "an", "the", "my", "your", "our", "his", "her", "their"
])

/** Nouns after "a"/"the" that make a phrase a place: "a small town", "the suburbs". */
export const PLACE_NOUNS = new Set([
  "town", "city", "village", "suburb", "suburbs", "apartment", "house", "flat", "studio", "dorm", "condo", "farm",
  "neighborhood", "neighbourhood", "trailer", "area", "county", "state", "country", "island", "valley", "countryside",
  "cabin", "bay", "mountains", "desert", "coast"
])

/** Leading words that do not change what a clause says. */
export const FILLERS = /^(?:(?:so|and|ok|okay|oh|btw|also|well|lol|haha|um+|uh+|yeah|yes|anyway|anyways|ah|fyi|omg|plus)[\s,]+)+/iu
export const GREETING = /^(?:(?:hi|hey|hello|hiya|yo)[\s,]+)+/iu

export const QUESTION_START = new RegExp(
  `^(?:what|who|whom|whose|where|when|why|how|which|do|does|did|is|are|am|was|were|can|could|should|would|will|shall|have|has|may|might|isn't|aren't|don't|doesn't|didn't|wanna)${E}`,
  "iu"
)

/** Clauses saying something other than "this is so, now": negated, wished, past, reported, joking. */
export const SKIP = new RegExp(
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

export const capitalise = (word: string) => word.charAt(0).toUpperCase() + word.slice(1)
export const isCapitalised = (word: string) => /^\p{Lu}/u.test(word)

export interface Token {
  readonly word: string
  /** Punctuation after the word ends the phrase. */
  readonly closes: boolean
}

export const tokenize = (rest: string): ReadonlyArray<Token> =>
  rest.split(/\s+/).filter((raw) => raw !== "").map((raw) => {
    const word = raw.replace(/[,:;)!"…]+$/u, "")
    return { word, closes: word.length < raw.length }
  })

/** "Sam's dog": the name is Sam. */
export const withoutPossessive = (word: string) => word.replace(/'s$/u, "")

/** A name at the start of `rest`: "Rex", "Mary Ann". */
export const nameAt = (rest: string, options: { readonly requireCapital: boolean }): string | undefined => {
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
export const phraseAt = (rest: string, max: number, end: ReadonlySet<string> = PHRASE_END): ReadonlyArray<string> => {
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

export const titleCaseIfLower = (words: ReadonlyArray<string>) =>
  words.every((w) => w === w.toLowerCase()) ? words.map(capitalise) : words

/** A place: a proper name ("Denver", "new york") or an article and a place noun ("a small town"). */
export const placeAt = (rest: string): string | undefined => {
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

export const relationName = (adjective: string | undefined, relation: string) =>
  `${adjective === undefined ? "" : `${adjective.toLowerCase()} `}${relation.toLowerCase()}`

export type Rule = (clause: string) => ReadonlyArray<string>

export const rule = (
  pattern: string,
  make: (match: RegExpExecArray) => string | ReadonlyArray<string> | undefined
): Rule => {
  const regex = new RegExp(pattern, "giu")
  return (clause) => {
    const found: Array<string> = []
    for (const match of clause.matchAll(regex)) {
      const fact = make(match)
      if (typeof fact === "string") found.push(fact)
      else if (fact !== undefined) found.push(...fact)
    }
    return found
  }
}
