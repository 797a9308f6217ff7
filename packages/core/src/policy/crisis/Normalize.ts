/**
 * Turns an SMS into the plain form the crisis rules are written against:
 * lower case, ASCII, contractions spelled out ("i'm", "im" → "i am"), slang and
 * abbreviations expanded ("kms" → "kill myself", "rn" → "right now"),
 * elongations folded ("pleeeease" → "please"), a few look-alike digits undone
 * ("k1ll" → "kill"), emoji that carry meaning turned into words, and
 * punctuation reduced to two clause marks: " . " (sentence) and " , ".
 * Line breaks are spaces: a burst of texts is joined by line breaks and one
 * sentence often runs across two texts.
 *
 * The rules then only need to know one spelling of everything.
 */

/** Emoji that change what a text means for the screen. Laughing faces and the skull mark a joke ("im dead 💀"). */
const EMOJI_WORDS: ReadonlyArray<readonly [string, string]> = [
  ["🔪", " knife "],
  ["🗡", " knife "],
  ["🔫", " gun "],
  ["💊", " pills "],
  ["🪢", " rope "],
  ["🩸", " blood "],
  ["⚰", " coffin "],
  ["🪦", " grave "],
  ["😂", " lol "],
  ["🤣", " lol "],
  ["😆", " lol "],
  ["😹", " lol "],
  ["💀", " lol "],
  ["☠", " lol "]
]
const EMOJI = new Map(EMOJI_WORDS)
const EMOJI_PATTERN = new RegExp(EMOJI_WORDS.map(([emoji]) => emoji).join("|"), "gu")

/** Words with an apostrophe: "can't", "i'm", "he's", "od'd". */
const APOSTROPHE_WORD = /([a-z0-9]+)'([a-z]+)/g
const PRONOUN_IS = new Set(["he", "she", "it", "that", "there", "what", "who", "where", "here", "this"])

const expandApostrophe = (_: string, head: string, tail: string): string => {
  switch (tail) {
    case "t":
      if (head === "can") return "can not"
      if (head === "won") return "will not"
      if (head === "ain") return "am not"
      if (head === "shan") return "shall not"
      return head.endsWith("n") ? `${head.slice(0, -1)} not` : `${head}t`
    case "m":
      return `${head} am`
    case "re":
      return `${head} are`
    case "ve":
      return `${head} have`
    case "ll":
      return `${head} will`
    case "d":
      return head === "od" ? "overdosed" : `${head} would`
    case "ed":
      return head === "od" ? "overdosed" : `${head}ed`
    case "s":
      return PRONOUN_IS.has(head) ? `${head} is` : `${head}s`
    default:
      return head + tail
  }
}

/** Look-alike characters inside words: "k1ll", "su1c1de", "r@pe", "$uicide". */
const LEET = /(?<=[a-z])[130@!](?=[a-z])|\$(?=[a-z]{2})/g
const LEET_LETTER: Readonly<Record<string, string>> = { "1": "i", "!": "i", "3": "e", "0": "o", "@": "a", "$": "s" }

const SLASHED = /\bw\/(?=\s|[a-z])|\bs\/h\b|\bb\/c\b|&/g
const SLASHED_WORDS: Readonly<Record<string, string>> = { "w/": "with ", "s/h": "self harm", "b/c": "because", "&": " and " }

const ELONGATED = /([a-z])\1{2,}/g
/**
 * Sentence marks become " . ", commas " , ", quotation marks " \" ", anything
 * else that is not a letter or digit a space - line breaks included: texts of
 * a burst are joined by line breaks, and people split a sentence across texts
 * ("i just" / "want to die").
 */
const PUNCTUATION = /[.!?;:\u2026]+|[,"]|[^a-z0-9 .!?;:\u2026,"]+/g
const punctuationWord = (mark: string): string => {
  switch (mark.charCodeAt(0)) {
    case 44: // ,
      return " , "
    case 34: // "
      return " \" "
    default:
      return SENTENCE_MARK.test(mark) ? " . " : " "
  }
}
const SENTENCE_MARK = /^[.!?;:\u2026]/
const SPACES = / {2,}/g
const HAS_SLASHED = /[/&]/
const HAS_LEET = /[0-9@!$]/

/**
 * Slang, abbreviations and apostrophe-less contractions, one token each.
 * Chosen for how people text, not for completeness: a token missing here is
 * simply left alone.
 */
const TOKEN_WORDS: Readonly<Record<string, string>> = {
  // contractions typed without an apostrophe; "ill", "id", "well", "hell", "shell" stay as typed
  im: "i am", ive: "i have", dont: "do not", doesnt: "does not", didnt: "did not", cant: "can not",
  cannot: "can not", wont: "will not", wouldnt: "would not", couldnt: "could not", shouldnt: "should not",
  isnt: "is not", arent: "are not", wasnt: "was not", werent: "were not", havent: "have not", hasnt: "has not",
  hadnt: "had not", aint: "am not", youre: "you are", theyre: "they are", hes: "he is", shes: "she is",
  thats: "that is", whats: "what is", theres: "there is", itll: "it will", youll: "you will", theyll: "they will",
  theyve: "they have", youve: "you have", weve: "we have", wouldve: "would have", couldve: "could have",
  shouldve: "should have", its: "it is", lemme: "let me", gimme: "give me",
  // texting shorthand
  u: "you", ur: "your", r: "are", ya: "you", yall: "you all", y: "why", n: "and", abt: "about", b4: "before",
  wanna: "want to", wana: "want to", gonna: "going to", gona: "going to", gotta: "got to", imma: "i am going to",
  ima: "i am going to", finna: "going to", boutta: "about to", tryna: "trying to", hafta: "have to",
  kinda: "kind of", sorta: "sort of", cuz: "because", cos: "because", coz: "because", bc: "because",
  bcuz: "because", becuz: "because", bcoz: "because", rn: "right now", tn: "tonight", tonite: "tonight",
  "2nite": "tonight", "2night": "tonight", "2day": "today", "2moro": "tomorrow", "2morrow": "tomorrow",
  "2mrw": "tomorrow", tmrw: "tomorrow", tmr: "tomorrow", tmrow: "tomorrow", tomoro: "tomorrow",
  tomorow: "tomorrow", tommorow: "tomorrow", tommorrow: "tomorrow", ppl: "people", every1: "everyone",
  some1: "someone", no1: "no one", noone: "no one", any1: "anyone", bf: "boyfriend", gf: "girlfriend",
  hubby: "husband", bro: "brother", sis: "sister", mum: "mom", mommy: "mom", momma: "mom", mama: "mom",
  daddy: "dad", stepdad: "step dad", stepmom: "step mom", stepfather: "step father", stepmother: "step mother",
  idk: "i do not know", idc: "i do not care", idgaf: "i do not care", dunno: "do not know", nvm: "never mind",
  pls: "please", plz: "please", plez: "please", tho: "though", prolly: "probably", urself: "yourself",
  myslef: "myself", mysef: "myself", myelf: "myself", meself: "myself", myselfe: "myself",
  // laughter marks a joke
  lmao: "lol", lmfao: "lol", rofl: "lol", lolol: "lol", jk: "lol", jkjk: "lol", xd: "lol", haha: "lol",
  hahaha: "lol", hehe: "lol", hehehe: "lol", ahaha: "lol", ahah: "lol",
  // crisis slang and algospeak
  kms: "kill myself", kmn: "kill myself now", kys: "kill yourself", unalive: "kill", unalives: "kills",
  unaliving: "killing", unalived: "killed", ctb: "commit suicide", sewerslide: "suicide", suicde: "suicide",
  sucide: "suicide", suicid: "suicide", suiside: "suicide", suicied: "suicide", suiciede: "suicide",
  suicidle: "suicidal", sucidal: "suicidal", suicidial: "suicidal", suisidal: "suicidal", selfharm: "self harm",
  selfharming: "self harming", selfharmed: "self harmed", od: "overdose", oded: "overdosed", odd: "odd",
  ods: "overdoses", oding: "overdosing", seggs: "sex", grape: "grape", ed: "ed"
}
const TOKENS = new Map(Object.entries(TOKEN_WORDS))

/** Words people stretch ("diee", "pleasee", "sooo"): keyed by the word with doubled letters folded. */
const STRETCHED_TARGETS = [
  "die", "dead", "me", "so", "please", "help", "hate", "life", "want", "end", "why", "no", "now", "done", "bye",
  "alone", "tired", "sorry", "kill", "myself", "really", "hurt", "pain", "sad", "scared", "anymore", "everyone",
  "going", "cant", "dont", "im", "stop", "cut", "cutting", "bleeding", "pills", "alive", "tonight", "goodbye",
  "sleep", "forever", "soon", "kms", "kys", "suicide", "suicidal", "lol", "haha", "ugh", "omg", "yes", "fine",
  "lmao", "lmfao", "rofl"
]
const foldDoubles = (word: string): string => word.replace(/([a-z])\1+/g, "$1")
const STRETCHED = new Map(STRETCHED_TARGETS.map((word) => [foldDoubles(word), word]))
const HAS_DOUBLE = /([a-z])\1/
const LAUGHTER = /^(?:a?(?:ha){2,}h?|(?:he){2,}|(?:lo)+l)$/

/** After these words a bare "2" means "to" ("want 2 die"). */
const TO_BEFORE = new Set(["want", "going", "have", "need", "ready", "try", "tried", "about", "plan", "used", "supposed", "got"])

const mapToken = (() => {
  let previous = ""
  const map = (token: string): string => {
    let word = TOKENS.get(token)
    if (word === undefined) {
      word = token
      if (token === "2") {
        if (TO_BEFORE.has(previous)) word = "to"
      } else if (HAS_DOUBLE.test(token)) {
        const stretched = STRETCHED.get(foldDoubles(token))
        if (stretched !== undefined) word = TOKENS.get(stretched) ?? stretched
      }
      if (word === token && token.length >= 4 && LAUGH_START.has(token.charCodeAt(0)) && LAUGHTER.test(token)) word = "lol"
    }
    previous = token
    return word
  }
  return { map, reset: () => { previous = "" } }
})()
const LAUGH_START = new Set(["a", "h", "l"].map((c) => c.charCodeAt(0)))

const WORD = /[a-z0-9]+/g
const NON_ASCII = /[^\x00-\x7f]/
const CURLY_APOSTROPHES = /[\u2018\u2019\u201b\u02bc\u0060\u00b4]/g
const CURLY_QUOTES = /[\u201c\u201d\u201e\u00ab\u00bb]/g
const MARKS = /\p{M}+/gu

/** The normal form of `text` (see the module comment). Pure and total: any string in, a string out. */
export const normalizeForScreen = (text: string): string => {
  let s = text
  if (NON_ASCII.test(s)) {
    s = s
      .replace(EMOJI_PATTERN, (emoji) => EMOJI.get(emoji) ?? " ")
      .replace(CURLY_APOSTROPHES, "'")
      .replace(CURLY_QUOTES, "\"")
      .normalize("NFKD")
      .replace(MARKS, "")
  }
  s = s.toLowerCase()
  if (HAS_SLASHED.test(s)) s = s.replace(SLASHED, (m) => SLASHED_WORDS[m] ?? " ")
  if (HAS_LEET.test(s)) s = s.replace(LEET, (c) => LEET_LETTER[c] ?? c)
  if (s.includes("'")) s = s.replace(APOSTROPHE_WORD, expandApostrophe)
  s = s.replace(ELONGATED, "$1$1").replace(PUNCTUATION, punctuationWord)
  mapToken.reset()
  s = s.replace(WORD, mapToken.map).replace(SPACES, " ")
  return s.trim()
}
