/**
 * The trained half of the crisis screen (crisis/Model.ts, Features.ts,
 * ModelWeights.ts) and `screenConversation`, on texts written for these tests
 * (never rows of any data set).
 */
import { assert, describe, it } from "@effect/vitest"
import fc from "fast-check"
import { readFileSync } from "node:fs"
import { fileURLToPath } from "node:url"
import type { Row } from "../scripts/crisis-data.ts"
import { examplesOf, makeSpace, trainModel } from "../scripts/crisis-learn.ts"
import { renderModule } from "../scripts/crisis-module.ts"
import {
  CONCERN_FLOOR,
  IMMINENT_FLOOR,
  isUncertain,
  makeCrisisScreen,
  RECURRENT,
  screenConversation,
  screenCrisis,
  UNCERTAIN_CEILING,
  UNCERTAIN_FLOOR
} from "../src/policy/CrisisScreen.ts"
import { documentFeatures, documentLayout, documentSignal } from "../src/policy/crisis/Document.ts"
import { extractFeatures, gateOpen, sparseVector } from "../src/policy/crisis/Features.ts"
import { decodeBase64, encodeBase64, loadModel, probability } from "../src/policy/crisis/Model.ts"
import { CRISIS_MODEL_DATA } from "../src/policy/crisis/ModelWeights.ts"
import { normalizeForScreen } from "../src/policy/crisis/Normalize.ts"
import { screenRules } from "../src/policy/crisis/RuleEngine.ts"
import { LONG_TEXT, passageSpansOf, passagesOf, recurrence } from "../src/policy/crisis/Windows.ts"

const flagged = (text: string) => screenCrisis(text).severity !== "none"

describe("crisis model: texts", () => {
  it("finds first-person self-injury told in the past or as a habit, without \"myself\"", () => {
    for (const text of [
      "cut again last night, deeper this time",
      "burned my arm with a lighter again, it helps for a bit",
      "i keep scratching my wrists until they bleed",
      "relapsed and cut my thighs again"
    ]) {
      const result = screenCrisis(text)
      assert.strictEqual(result.category, "self_harm", text)
      assert.notStrictEqual(result.severity, "none", text)
    }
  })

  it("finds a past attempt or self-injury told by its method alone, without \"myself\" or a body part", () => {
    for (const [text, category] of [
      ["i cut last night, first time since march", "self_harm"],
      ["i've been burning with a lighter again, it's the only thing that works", "self_harm"],
      ["i used to cut every night in high school", "self_harm"],
      ["i tried hanging when i was 19 and i still think about it", "suicide"],
      ["i attempted to overdose last spring", "suicide"],
      ["i survived an attempt two years ago and the thoughts are back", "suicide"],
      ["i've attempted twice", "suicide"]
    ] as const) {
      const result = screenCrisis(text)
      assert.strictEqual(result.category, category, text)
      assert.notStrictEqual(result.severity, "none", text)
    }
  })

  it("leaves the same verbs alone where they mean something else", () => {
    for (const text of [
      "i tried to hang the picture but the nail bent",
      "i tried hanging out with them after class",
      "i tried drowning my sorrows in ice cream",
      "i was cutting with scissors for the art project",
      "i cut my hair last night, way shorter",
      "i burned the toast again this morning",
      "i accidentally cut with the bread knife",
      "i survived two attempts at the bar exam",
      "i slashed my tires on the curb"
    ]) assert.isFalse(flagged(text), text)
  })

  it("leaves hard negatives alone: hyperbole, news, code, idioms", () => {
    for (const text of [
      "this homework is killing me",
      "how do i kill a python process",
      "my job is so boring i want to die",
      "the storm killed three people in the valley, officials said",
      "i could murder a burger rn",
      "break a leg tonight!",
      "cut my hair again last week, shorter this time",
      "i'm so stressed about exams",
      "that comedian absolutely killed it",
      "my feet are killing me after that hike"
    ]) assert.isFalse(flagged(text), text)
  })
})

describe("crisis model: words the rules set aside", () => {
  // the shipped self-directed head made eager: any text its gate opens on becomes a concern
  const shipped = loadModel(CRISIS_MODEL_DATA, normalizeForScreen)
  const eager = makeCrisisScreen({ ...shipped, self: { ...shipped.self, threshold: 1e-6 }, document: undefined })

  it("is not asked about self-directed words the rules read as an accident, an idiom or a negation", () => {
    for (const text of [
      "i hurt myself at the gym",
      "I cut myself shaving this morning",
      "i was killing myself laughing at that video",
      "I have no intention of killing myself",
      "i would never hurt myself"
    ]) {
      assert.isTrue(screenRules(normalizeForScreen(text)).explainedAway, text)
      assert.strictEqual(eager.screenCrisis(text).severity, "none", text)
    }
  })

  it("still reads a text with another self-directed sign, a negation undone, or a phrase only the lexicon knows", () => {
    for (const text of [
      "i hurt myself at the gym and honestly i want to die",
      "i don't want to kill myself but i think about dying every day",
      "I have no intention of killing myself, I just wish I could fade away",
      "sometimes i just want to fade away"
    ]) assert.notStrictEqual(eager.screenCrisis(text).severity, "none", text)
    assert.isFalse(screenRules(normalizeForScreen("sometimes i just want to fade away")).explainedAway)
  })
})

describe("crisis model: the shipped weights", () => {
  it("is the data module the trainer renders (no hand edits)", () => {
    const path = fileURLToPath(new URL("../src/policy/crisis/ModelWeights.ts", import.meta.url))
    assert.strictEqual(renderModule(CRISIS_MODEL_DATA), readFileSync(path, "utf8"))
  })

  it("has both heads, thresholds in (0, 1), and a compact size", () => {
    assert.deepStrictEqual(CRISIS_MODEL_DATA.heads.map((h) => h.name), ["self", "violence"])
    for (const head of CRISIS_MODEL_DATA.heads) {
      assert.isTrue(head.threshold > 0 && head.threshold < 1)
      assert.strictEqual(decodeBase64(head.hashed).length, 1 << CRISIS_MODEL_DATA.bits)
    }
    assert.isBelow(renderModule(CRISIS_MODEL_DATA).length, 1_000_000)
  })

  it("loads to the same weights every time", () => {
    const a = loadModel(CRISIS_MODEL_DATA, normalizeForScreen)
    const b = loadModel(CRISIS_MODEL_DATA, normalizeForScreen)
    assert.deepStrictEqual(a.self.weights, b.self.weights)
    assert.deepStrictEqual(a.violence.weights, b.violence.weights)
  })

  it("base64 round-trips any bytes", () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
      assert.deepStrictEqual(decodeBase64(encodeBase64(bytes)), bytes)
    }))
  })
})

describe("crisis model: training", () => {
  // a toy corpus written for this test; the sources are named after train sources so folds and caps apply
  const rows: ReadonlyArray<Row> = [
    ...["i want to end my life", "i keep thinking i would be better off dead", "i have been cutting my arms again",
      "i wish i could go to sleep and not wake up", "i am a burden and want to die"].flatMap((text, i) =>
      [0, 1, 2].map((k) => ({ id: `p${i}${k}`, source: "openai_moderation_1680", label: "SH", family: "suicide_selfharm" as const, review: false, text: `${text} ${"honestly ".repeat(k)}` }))),
    ...["this meeting is so boring i want to die", "i could die for a pizza", "kill the process and restart it",
      "my exam is killing me", "i am tired after work", "we watched a film about a war"].flatMap((text, i) =>
      [0, 1, 2].map((k) => ({ id: `n${i}${k}`, source: i < 3 ? "hypo_hyperbole" : "sad_stress_sms", label: "none", family: "none" as const, review: false, text: `${text} ${"really ".repeat(k)}` })))
  ]
  const constructs = CRISIS_MODEL_DATA.constructs
  const space = makeSpace(constructs)
  const examples = examplesOf(space, rows)

  it("gives byte-identical modules for the same seed, and others for another seed", () => {
    const one = renderModule(trainModel(space, constructs, examples, 42))
    const two = renderModule(trainModel(space, constructs, examples, 42))
    const other = renderModule(trainModel(space, constructs, examples, 43))
    assert.strictEqual(one, two)
    assert.notStrictEqual(one, other)
  })
})

describe("screenConversation", () => {
  it("escalates distress that builds over three texts, each below a concern alone", () => {
    const texts = ["honestly i feel so empty lately", "like nothing i do matters", "i keep thinking everyone would be fine if i just disappeared"]
    for (const text of texts) assert.strictEqual(screenCrisis(text).severity, "none", text)
    const result = screenConversation(texts[2]!, texts.slice(0, 2))
    assert.strictEqual(result.severity, "concern")
    assert.strictEqual(result.category, "suicide")
  })

  it("everyday phrases that share words with distress never build up to a concern", () => {
    const texts = [
      "I have been reading a mystery novel and I cannot figure out who did it.",
      "what's the plan for saturday? I give up trying to pick a restaurant lol",
      "ok goodbye! last time i checked the bus was late, one last coffee before work",
      "I'm done with my shift, finally. did it! no point waiting for the bus"
    ]
    for (let i = 1; i < texts.length; i++) {
      assert.strictEqual(screenConversation(texts[i]!, texts.slice(0, i)).severity, "none", texts[i])
    }
  })

  it("reads a vague text in the light of earlier distress", () => {
    const result = screenConversation("i've been thinking about how i'd do it", [
      "i'm so tired of everything",
      "nobody would even notice if i was gone"
    ])
    assert.strictEqual(result.severity, "concern")
    assert.strictEqual(result.category, "suicide")
    assert.include(result.signals, "context.recent")
  })

  it("never flags a neutral text for what came before", () => {
    for (const [current, recent] of [
      ["what time does the pharmacy close", ["my job is so boring i want to die"]],
      ["ok thanks", ["this homework is killing me lol"]],
      ["can you remind me to buy milk", ["i want to die", "everyone would be better off without me"]],
      ["so tired today", ["work was exhausting", "i'm so tired lol"]]
    ] as const) assert.strictEqual(screenConversation(current, recent).severity, "none", current)
  })

  it("takes imminent from the current text alone, and never from history", () => {
    assert.strictEqual(screenConversation("i have the pills and i'm doing it tonight", ["hi"]).severity, "imminent")
    const result = screenConversation("i just want it all to stop", ["i have the pills and i'm doing it tonight"])
    assert.strictEqual(result.severity, "concern")
  })

  it("is the single-text screen when there is no history", () => {
    for (const text of ["i want to die", "hello", "he hits me when he drinks", "cut again last night, deeper this time"]) {
      assert.deepStrictEqual(screenConversation(text, []), screenCrisis(text))
    }
  })
})

describe("crisis model: properties", () => {
  const words = fc.array(fc.constantFrom(
    "i", "want", "to", "die", "cut", "again", "deeper", "my", "arm", "so", "tired", "of", "everything", "nobody",
    "would", "notice", "kill", "him", "lol", "burden", "pills", "tonight", ".", ",", "boring", "python", "process"
  ), { maxLength: 60 }).map((ws) => ws.join(" "))
  const texts = fc.oneof(fc.string({ maxLength: 300 }), fc.string({ unit: "grapheme", maxLength: 200 }), words, words.map((t) => t.repeat(30)))

  it("never throws; scores stay in [0, 1] inside their severity's band", () => {
    fc.assert(fc.property(texts, fc.array(texts, { maxLength: 5 }), (text, recent) => {
      for (const result of [screenCrisis(text), screenConversation(text, recent)]) {
        assert.isTrue(result.score >= 0 && result.score <= 1)
        assert.strictEqual(result.severity === "none", result.category === null)
        if (result.severity === "none") assert.isBelow(result.score, CONCERN_FLOOR)
        if (result.severity === "concern") assert.isTrue(result.score >= CONCERN_FLOOR && result.score < IMMINENT_FLOOR)
        if (result.severity === "imminent") assert.isAtLeast(result.score, IMMINENT_FLOOR)
        assert.strictEqual(isUncertain(result), result.severity !== "imminent" && result.score >= UNCERTAIN_FLOOR && result.score < UNCERTAIN_CEILING)
      }
    }), { numRuns: 1000 })
  })

  it("features stay inside the space, for texts and their passages", () => {
    const model = loadModel(CRISIS_MODEL_DATA, normalizeForScreen)
    const out = sparseVector(8)
    fc.assert(fc.property(texts, (text) => {
      const normal = normalizeForScreen(text)
      for (const part of [normal, ...passagesOf(normal)]) {
        extractFeatures(model.space, part, screenRules(part), out)
        for (let i = 0; i < out.size; i++) {
          assert.isTrue(out.indices[i]! >= 0 && out.indices[i]! < model.space.denseStart + model.space.denseCount)
          assert.isTrue(Number.isFinite(out.values[i]!))
        }
      }
    }), { numRuns: 500 })
  })

  it("a none a hair under the threshold stays below the concern floor", () => {
    const shipped = loadModel(CRISIS_MODEL_DATA, normalizeForScreen)
    const text = "sometimes i just want to fade away"
    const normal = normalizeForScreen(text)
    const rules = screenRules(normal)
    const v = sparseVector()
    extractFeatures(shipped.space, normal, rules, v)
    assert.isTrue(rules.best === undefined && gateOpen(shipped.space, v, rules, "self"))
    const threshold = probability(shipped.self, v) / 0.99999
    const result = makeCrisisScreen({ ...shipped, self: { ...shipped.self, threshold }, document: undefined }).screenCrisis(text)
    assert.strictEqual(result.severity, "none")
    assert.isBelow(result.score, CONCERN_FLOOR)
  })

  it("a screen built from the shipped data answers as screenCrisis does", () => {
    const screen = makeCrisisScreen(loadModel(CRISIS_MODEL_DATA, normalizeForScreen))
    fc.assert(fc.property(texts, (text) => {
      assert.deepStrictEqual(screen.screenCrisis(text), screenCrisis(text))
    }), { numRuns: 300 })
  })
})

describe("crisis model: the document stage (long texts)", () => {
  // texts written for these tests
  const ideation = [
    "I don't really know why I'm writing this here. For months I've been going through the motions at work and then lying in bed staring at the ceiling until it gets light.",
    "I keep thinking everyone would be better off without me, my parents, my sister, the few friends I have left.",
    "I've started giving my things away and I wrote letters to the people I care about.",
    "Some nights I count how many of my pills are left and sit with the bottle in my hand for hours.",
    "I don't want to wake up tomorrow. Nothing is going to change and I'm so tired of pretending I'm fine. I just want it all to stop."
  ].join(" ")
  const gym = [
    "Long post, sorry. I hurt myself at the gym on Monday doing deadlifts with bad form, and my lower back has been stiff all week.",
    "My physio says it's a minor strain and I should rest, stretch, and skip the heavy lifts for a couple of weeks.",
    "I'm annoyed because I was finally making progress and now my routine is a mess.",
    "Work has been hectic too, my manager moved two deadlines up and I've been staying late most nights.",
    "Anyway, does anyone have tips for staying motivated while injured, or good low impact workouts I can do at home?"
  ].join(" ")
  const everyday = "We spent the weekend at the lake with my cousins and the kids swam until sunset. ".repeat(12)

  it("flags a long first-person post with ideation told without the word suicide", () => {
    const result = screenCrisis(ideation)
    assert.notStrictEqual(result.severity, "none")
    assert.strictEqual(result.category, "suicide")
  })

  it("leaves long everyday posts alone, an accident at the gym included", () => {
    assert.isFalse(flagged(gym))
    assert.isFalse(flagged(everyday))
  })

  const shipped = loadModel(CRISIS_MODEL_DATA, normalizeForScreen)
  const layout = documentLayout(shipped.space.constructs)
  /** What the stage reads of a text, bar the passage probabilities. */
  const input = (text: string) => {
    const normal = normalizeForScreen(text)
    const rules = screenRules(normal)
    const v = sparseVector()
    extractFeatures(shipped.space, normal, rules, v)
    return { normal, rules, counts: v.counts, phraseCounts: v.phraseCounts, passages: [] }
  }

  it("never speaks on length alone: without a self-directed sign it stays silent at any threshold", () => {
    const data = CRISIS_MODEL_DATA.document
    if (data === undefined) return
    const eager = makeCrisisScreen(loadModel({ ...CRISIS_MODEL_DATA, document: { ...data, threshold: 1e-6 } }, normalizeForScreen))
    for (const text of [everyday, everyday.repeat(4)]) assert.strictEqual(eager.screenCrisis(text).severity, "none")
    assert.isFalse(documentSignal(layout, input(everyday)))
    // rates, not counts: the same text twice reads the same
    const once = documentFeatures(layout, input(ideation))
    const twice = documentFeatures(layout, input(`${ideation} ${ideation}`))
    for (const i of [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 11]) assert.closeTo(twice[i]!, once[i]!, 0.02, String(i))
  })

  it("may speak on hopelessness or entrapment told in phrases no rule knows, never on their single words", () => {
    const stuck = [
      "I moved back in with my parents in the spring after the job fell through.",
      "Every week I send out more applications and hear nothing back, and I feel like I am running out of options.",
      "My friends have their own lives now and I do not want to bother them with this again.",
      "Most days I sleep late, scroll on my phone and tell myself tomorrow will be different, but it will never change.",
      "I used to play guitar and cook for people, now I barely eat dinner or leave my room on weekends.",
      "My mom asks how I am and I say fine because I do not know how to explain it. Anyway, thanks for reading this far."
    ].join(" ")
    const hopeful = [
      "I moved back in with my parents in the spring after the job fell through.",
      "Every week I send out more applications and I am trying out some new options for a career change.",
      "My friends have their own lives now and we still meet up on Fridays for pizza and a board game or two.",
      "Most days I sleep late, scroll on my phone and then go out for a run, which helps a lot.",
      "I used to play guitar and cook for people, and now I am getting back into it with my cousins on weekends.",
      "My mom asks how I am and I say fine, and mostly it is true. Anyway, thanks for reading this far, and good luck with your own search."
    ].join(" ")
    for (const text of [stuck, hopeful]) {
      assert.isAbove(normalizeForScreen(text).length, LONG_TEXT)
      assert.strictEqual(screenRules(normalizeForScreen(text)).byCategory.size, 0, "no rule sign")
    }
    assert.isTrue(documentSignal(layout, input(stuck)))
    assert.isFalse(documentSignal(layout, input(hopeful)))
  })

  it("a sign told in two passages apart makes a weakly held concern; told once, or read twice by overlapping passages, it does not", () => {
    // a first-person sign the rules only count as weak, and neutral filler between its two tellings
    const sign = "Some nights I feel so worthless that I sit in the car and just stare at nothing."
    const filler = [
      "We moved to a new apartment across town in the spring.", "The kitchen is small but it gets the morning sun.",
      "My sister visits on Sundays and we cook pasta together.", "Work is fine, mostly spreadsheets and a long commute.",
      "The cat sleeps on the radiator all afternoon."
    ]
    const twice = [sign, ...filler, ...filler, sign].join(" ")
    const once = [sign, ...filler, ...filler].join(" ")
    // the shipped head, its threshold set so that the gravest passage reads 0.9 of it: no passage crosses it alone
    const v = sparseVector()
    const selfProbability = (normal: string) => {
      const rules = screenRules(normal)
      extractFeatures(shipped.space, normal, rules, v)
      return gateOpen(shipped.space, v, rules, "self") ? probability(shipped.self, v) : 0
    }
    const spans = passageSpansOf(normalizeForScreen(twice))
    const probabilities = spans.map((passage) => selfProbability(passage.text))
    const threshold = Math.max(...probabilities) / 0.9
    const model = { ...shipped, self: { ...shipped.self, threshold }, document: undefined }
    assert.isBelow(selfProbability(normalizeForScreen(twice)) / threshold, 1)
    assert.isAtLeast(recurrence(spans, probabilities.map((p) => p / threshold)), RECURRENT)
    const screen = makeCrisisScreen(model)
    const result = screen.screenCrisis(twice)
    assert.strictEqual(result.severity, "concern")
    assert.deepStrictEqual(result.signals, ["model.recurrent"])
    assert.isTrue(isUncertain(result))
    assert.strictEqual(screen.screenCrisis(once).severity, "none")
  })

  it("recurrence counts passages that share no sentence only", () => {
    const spans = [{ text: "a", first: 0, last: 3 }, { text: "b", first: 2, last: 5 }, { text: "c", first: 4, last: 7 }]
    // the first two overlap: the same sentence read twice
    assert.strictEqual(recurrence(spans, [0.9, 0.8, 0]), 0)
    assert.strictEqual(recurrence(spans, [0.9, 0.8, 0.6]), 0.6)
    assert.strictEqual(recurrence(spans.slice(0, 1), [0.9]), 0)
  })

  it("loads models without a document stage (older data) and screens with the first stage alone", () => {
    const { document: _, ...older } = CRISIS_MODEL_DATA
    const model = loadModel(older, normalizeForScreen)
    assert.isUndefined(model.document)
    assert.strictEqual(makeCrisisScreen(model).screenCrisis("i hurt myself at the gym").severity, "none")
  })
})
