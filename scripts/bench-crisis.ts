/**
 * Throughput of the crisis screen on SMS-like texts, next to a baseline
 * measured in the same run: one precompiled alternation of a few crisis
 * words (what a naive keyword filter costs).
 *
 *   pnpm bench:crisis
 *
 * The corpus is generated here from templates (no external data), mostly
 * everyday texts with some idioms and a few crisis messages, at typical SMS
 * lengths. `screenCrisis` is the whole local screen (rules and model);
 * `screenConversation` reads each text with the two texts before it.
 * Prints figures; asserts nothing.
 */
import { screenConversation, screenCrisis } from "@jules/core"
import { EverydayTexts } from "@jules/testkit"

/** Seeded, so every run screens the same corpus. */
const random = EverydayTexts.seededRandom(0x5eed)
const pick = <A>(xs: ReadonlyArray<A>): A => EverydayTexts.pick(random, xs)

const OPENERS = ["", "hey ", "ok so ", "lol ", "ugh ", "omg ", "honestly ", "hiii ", "sooo ", "btw "]
const EVERYDAY = [
  "what time does the pharmacy close tonight",
  "can u remind me to call my mom tmrw",
  "i had the weirdest dream about my old school",
  "my boss moved the deadline up again and im stressed",
  "do you think i should text him back or wait",
  "just got home from work, so tired",
  "what should i cook for dinner, i have rice and eggs",
  "my cat knocked my coffee over lmao",
  "the bus was 40 min late again",
  "i cant decide between the blue dress and the black one",
  "we watched a movie and it was honestly so good",
  "feeling kinda lonely since i moved to the city",
  "i failed my driving test and i feel dumb",
  "my sister is visiting this weekend!!",
  "is it normal to feel anxious before a job interview",
  "i need motivation to go to the gym",
  "what's a good book to read on a plane",
  "my landlord still hasnt fixed the heater",
  "can we talk about something fun",
  "im so bored at work rn"
]
const IDIOMS = [
  "this homework is killing me",
  "i'd die for a taco rn",
  "how do i kill a python process",
  "im dying to see that movie",
  "that comedian killed it last night",
  "i could murder a burger",
  "my feet are killing me",
  "im dead tired 💀",
  "this traffic makes me want to scream",
  "if he eats my fries again im gonna kill him lol",
  "mum's gonna murder me when she sees this mess"
]
const CRISIS = [
  "i dont want to be here anymore",
  "i want to die",
  "i've been cutting again",
  "he hits me when he drinks",
  "im going to kill myself tonight",
  "i took the whole bottle of my pills",
  "sometimes i think about hurting him"
]
const ENDINGS = ["", ".", "!!", "?", " 😭", " idk", " lol", " ...", " tbh"]

const message = (): string => {
  const r = random()
  const body = r < 0.8 ? pick(EVERYDAY) : r < 0.95 ? pick(IDIOMS) : pick(CRISIS)
  const text = pick(OPENERS) + body + pick(ENDINGS)
  return random() < 0.25 ? `${text} ${pick(EVERYDAY)}` : text
}

const CORPUS_SIZE = 20_000
const corpus = Array.from({ length: CORPUS_SIZE }, message)
const meanLength = corpus.reduce((n, text) => n + text.length, 0) / corpus.length

const BASELINE = /\b(?:kill|suicide|suicidal|die|dead|cut|hurt|overdose|abuse|hit me|rape)\b/i

const measure = (label: string, screen: (text: string) => unknown, rounds: number): number => {
  let sink = 0
  for (const text of corpus) if (screen(text)) sink++ // warm-up
  const started = performance.now()
  for (let round = 0; round < rounds; round++) {
    for (const text of corpus) if (screen(text)) sink++
  }
  const seconds = (performance.now() - started) / 1000
  const perSecond = (rounds * corpus.length) / seconds
  process.stdout.write(`${label.padEnd(40)}${Math.round(perSecond).toLocaleString("en-US").padStart(14)} msg/s  (${sink} hits)\n`)
  return perSecond
}

process.stdout.write(`corpus: ${CORPUS_SIZE} synthetic SMS, mean ${meanLength.toFixed(0)} chars, one core\n\n`)
const screen = measure("screenCrisis", (text) => screenCrisis(text).severity !== "none", 5)
let previous: ReadonlyArray<string> = []
measure("screenConversation (2 earlier texts)", (text) => {
  const result = screenConversation(text, previous)
  previous = [previous[previous.length - 1] ?? "", text]
  return result.severity !== "none"
}, 2)
const baseline = measure("baseline: one keyword alternation", (text) => BASELINE.test(text), 50)
process.stdout.write(`\nscreenCrisis runs at ${(screen / baseline).toFixed(3)}x the baseline's throughput (1/${(baseline / screen).toFixed(0)})\n`)
