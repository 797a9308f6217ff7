/**
 * The parts of the crisis screen under screenCrisis: normalisation of SMS
 * spelling, and the anchor words that let the screen skip rules quickly (a
 * rule whose match lacks all of its anchors would silently never fire).
 */
import { assert, describe, it } from "@effect/vitest"
import { ABUSE_RULES } from "../src/policy/crisis/AbuseRules.ts"
import { normalizeForScreen } from "../src/policy/crisis/Normalize.ts"
import { SELF_HARM_RULES } from "../src/policy/crisis/SelfHarmRules.ts"
import { SUICIDE_RULES } from "../src/policy/crisis/SuicideRules.ts"
import { VIOLENCE_RULES } from "../src/policy/crisis/ViolenceRules.ts"

const RULES = [...SUICIDE_RULES, ...SELF_HARM_RULES, ...ABUSE_RULES, ...VIOLENCE_RULES]

describe("normalizeForScreen", () => {
  it("spells out contractions with or without apostrophes", () => {
    assert.strictEqual(normalizeForScreen("I'm sure I can't, I won't"), "i am sure i can not , i will not")
    assert.strictEqual(normalizeForScreen("im sure i cant, i dont"), "i am sure i can not , i do not")
    assert.strictEqual(normalizeForScreen("He’s here"), "he is here")
  })

  it("expands texting shorthand and crisis slang", () => {
    assert.strictEqual(normalizeForScreen("kms rn"), "kill myself right now")
    assert.strictEqual(normalizeForScreen("gonna unalive myself 2nite"), "going to kill myself tonight")
    assert.strictEqual(normalizeForScreen("u ok? idk"), "you ok . i do not know")
    assert.strictEqual(normalizeForScreen("i want 2 die"), "i want to die")
  })

  it("folds elongations, look-alike digits and laughter", () => {
    assert.strictEqual(normalizeForScreen("pleeeease helppp"), "please help")
    assert.strictEqual(normalizeForScreen("sooo tiredddd"), "so tired")
    assert.strictEqual(normalizeForScreen("k1ll myself"), "kill myself")
    assert.strictEqual(normalizeForScreen("hahahaha lmaooo 😂"), "lol lol lol")
  })

  it("keeps sentence and clause marks as tokens, drops other symbols", () => {
    assert.strictEqual(normalizeForScreen("ok... fine!! whatever, bye"), "ok . fine . whatever , bye")
    assert.strictEqual(normalizeForScreen("self-harm #tw"), "self harm tw")
    assert.strictEqual(normalizeForScreen("he has a 🔫"), "he has a gun")
    // a burst is joined with line breaks, and a sentence may run across two texts
    assert.strictEqual(normalizeForScreen("i just\nwant to die"), "i just want to die")
  })
})

/** Texts that exercise many rules; written for this test. */
const TEXTS = [
  "I'm going to kill myself tonight", "i already took the whole bottle of my pills", "the gun is loaded",
  "I'm standing on the edge of the bridge", "this is goodbye, i wrote my suicide note", "i want to die",
  "i dont want to live anymore", "i wish i was never born", "everyone would be better off without me",
  "no one would miss me if i died", "im so tired of living", "what's the point of living",
  "how many pills would it take to die", "i keep thinking about jumping off a building", "my friend wants to kill herself",
  "my brother killed himself last year", "my cat is literally all that keeps me alive",
  "im close to doing it", "i have the pills counted out", "i feel hopeless and worthless", "i cant go on",
  "i am a burden to everyone", "i hate myself", "i just want to disappear", "honestly i want it all to just end",
  "not sure whether i want to keep living", "ive been having dark thoughts again", "goodbye everyone",
  "i cut myself again", "self harm scars", "i relapsed and cut", "i've been starving myself",
  "i cut too deep and it won't stop bleeding", "my sister is cutting herself",
  "he hits me", "my dad beat me up", "i was raped", "he forced me to have sex", "my husband is abusive",
  "he threatened to kill me", "they keep telling me to kill myself", "i'm scared to go home",
  "my stepdad hits my mom", "he's outside my door with a knife", "he is hitting me right now",
  "someone is following me", "he throws things at me",
  "i'm going to stab him", "im gonna snap his neck", "i want to watch him suffer", "im going to shoot up the school",
  "i bought a gun and i know where he lives", "sometimes i think about hurting people",
  "they should all be shot", "beating them up should be allowed", "death to all of those guys", "someone should kill him",
  "this country would be safer without those guys"
]

describe("crisis rules", () => {
  it("every match contains one of its rule's anchor words", () => {
    const missing: Array<string> = []
    for (const text of TEXTS) {
      const normal = normalizeForScreen(text)
      for (const rule of RULES) {
        rule.pattern.lastIndex = 0
        const match = rule.pattern.exec(normal)
        if (match === null) continue
        const words = new Set(match[0].split(" "))
        if (match[0].includes("suicid")) words.add("suicid")
        if (![...rule.anchors].some((anchor) => words.has(anchor))) missing.push(`${rule.name}: ${text}`)
      }
    }
    assert.deepStrictEqual(missing, [])
  })

  it("has unique rule names in the category.rule form", () => {
    const names = RULES.map((rule) => rule.name)
    assert.strictEqual(new Set(names).size, names.length)
    for (const rule of RULES) assert.isTrue(rule.name.startsWith(`${rule.category}.`), rule.name)
  })

  it("fires at least one rule on each of the texts above", () => {
    const silent = TEXTS.filter((text) => {
      const normal = normalizeForScreen(text)
      return RULES.every((rule) => {
        rule.pattern.lastIndex = 0
        return !rule.pattern.test(normal)
      })
    })
    assert.deepStrictEqual(silent, [])
  })
})
