/**
 * The crisis screen on texts written for these tests (never rows of any data
 * set): each category at each severity, idioms and hyperbole, negations, SMS
 * spelling and slang, long texts, and properties that hold for any string.
 */
import { assert, describe, it } from "@effect/vitest"
import fc from "fast-check"
import type { CrisisCategory, CrisisSeverity } from "../src/domain/Crisis.ts"
import { screenCrisis } from "../src/policy/CrisisScreen.ts"

type Case = readonly [text: string, category: CrisisCategory | null, severity: CrisisSeverity]

/** Checks every case and reports all mismatches at once. */
const expectAll = (cases: ReadonlyArray<Case>) => {
  const mismatches = cases.flatMap(([text, category, severity]) => {
    const result = screenCrisis(text)
    return result.category === category && result.severity === severity
      ? []
      : [`${JSON.stringify(text)}: ${result.category} ${result.severity} [${result.signals.join(", ")}], expected ${category} ${severity}`]
  })
  assert.deepStrictEqual(mismatches, [])
}

describe("screenCrisis: suicide", () => {
  it("imminent: a plan, means, timing or an act under way", () => {
    expectAll([
      ["I'm going to kill myself tonight", "suicide", "imminent"],
      ["I already took the whole bottle", "suicide", "imminent"],
      ["just swallowed like 30 of my sleeping pills", "suicide", "imminent"],
      ["the gun is loaded and I'm ready", "suicide", "imminent"],
      ["I'm standing on the bridge", "suicide", "imminent"],
      ["wrote my goodbye letters. this is goodbye", "suicide", "imminent"],
      ["tied the noose. goodbye everyone", "suicide", "imminent"],
      ["i want to die and i have the pills saved up", "suicide", "imminent"],
      ["kms tonight fr", "suicide", "imminent"],
      ["im about to jump off this bridge", "suicide", "imminent"],
      ["tonight i am going to end it", "suicide", "imminent"],
      ["I've decided, I'm ending my life this weekend", "suicide", "imminent"],
      ["i bought a rope today. i dont want to live anymore", "suicide", "imminent"],
      ["tonight is the night, i have the pills and i'm going to take them all", "suicide", "imminent"],
      ["got my sleeping pills here. gonna swallow every last one of them tonight", "suicide", "imminent"]
    ])
  })

  it("concern: ideation or distress without a stated plan", () => {
    expectAll([
      ["I want to die", "suicide", "concern"],
      ["i wanna dieeee", "suicide", "concern"],
      ["I don't want to be here anymore", "suicide", "concern"],
      ["i wish i was never born", "suicide", "concern"],
      ["i wish i could just fade away", "suicide", "concern"],
      ["everyone would be better off without me", "suicide", "concern"],
      ["i keep thinking about killing myself", "suicide", "concern"],
      ["sometimes i think about suicide", "suicide", "concern"],
      ["I'm suicidal", "suicide", "concern"],
      ["im so tired of living", "suicide", "concern"],
      ["what's the point of living anymore", "suicide", "concern"],
      ["how many tylenol would it take to die", "suicide", "concern"],
      ["i want to kms", "suicide", "concern"],
      ["thinking of unaliving myself ngl", "suicide", "concern"],
      ["nobody would even notice if i disappeared. i feel hopeless and i cant go on", "suicide", "concern"],
      ["I can't stop thinking about ending it", "suicide", "concern"],
      ["not sure whether i want to keep living", "suicide", "concern"],
      ["honestly i want it all to just end", "suicide", "concern"],
      ["i feel like a burden to everyone", "suicide", "concern"],
      ["nobody cares if i die", "suicide", "concern"],
      ["idk how much longer i can keep going", "suicide", "concern"],
      ["i hate being alive", "suicide", "concern"],
      ["my cat is literally all that keeps me alive", "suicide", "concern"],
      ["im done. goodbye", "suicide", "concern"]
    ])
  })

  it("concern: someone worried about another person", () => {
    expectAll([
      ["my friend told me she wants to kill herself", "suicide", "concern"],
      ["I think my sister is suicidal, what do I do", "suicide", "concern"],
      ["my son keeps talking about ending his life", "suicide", "concern"],
      ["im scared my brother might hurt himself", "self_harm", "concern"]
    ])
  })

  it("imminent: another person's act under way", () => {
    expectAll([["my roommate says she's going to kill herself tonight", "suicide", "imminent"]])
  })

  it("a time that belongs to something else does not make a concern imminent", () => {
    expectAll([["i want to die but i will see my therapist tomorrow", "suicide", "concern"]])
  })
})

describe("screenCrisis: self-harm", () => {
  it("concern", () => {
    expectAll([
      ["I've been cutting again", "self_harm", "concern"],
      ["i cut myself last night", "self_harm", "concern"],
      ["relapsed and cut again after 4 months clean", "self_harm", "concern"],
      ["i burn myself with a lighter when im stressed", "self_harm", "concern"],
      ["the urge to sh is so bad rn", "self_harm", "concern"],
      ["I've been starving myself for a week", "self_harm", "concern"],
      ["i want to hurt myself", "self_harm", "concern"],
      ["does self harm ever stop feeling like the only way out", "self_harm", "concern"]
    ])
  })

  it("imminent", () => {
    expectAll([
      ["I cut too deep and it won't stop bleeding", "self_harm", "imminent"],
      ["i'm cutting myself right now", "self_harm", "imminent"]
    ])
  })
})

describe("screenCrisis: violence", () => {
  it("imminent and concern", () => {
    expectAll([
      ["I'm going to stab him when he gets home", "violence", "imminent"],
      ["im gonna shoot up my school tomorrow", "violence", "imminent"],
      ["i have a knife and i'm going to kill my stepdad", "violence", "imminent"],
      ["sometimes I think about hurting him", "violence", "concern"],
      ["i swear i will kill my boss", "violence", "concern"],
      ["i want to hurt people", "violence", "concern"],
      ["i keep having violent thoughts about my coworker", "violence", "concern"],
      ["i bought a gun and i know where he lives", "violence", "imminent"],
      ["they should all be shot", "violence", "concern"]
    ])
  })
})

describe("screenCrisis: abuse", () => {
  it("concern", () => {
    expectAll([
      ["he hits me when he drinks", "abuse", "concern"],
      ["my dad beats me", "abuse", "concern"],
      ["my boyfriend choked me last night", "abuse", "concern"],
      ["i was raped", "abuse", "concern"],
      ["my uncle touched me when i was little", "abuse", "concern"],
      ["my husband threatened to kill me", "abuse", "concern"],
      ["i'm scared to go home", "abuse", "concern"],
      ["my stepdad hits my little brother", "abuse", "concern"],
      ["people at school keep telling me to kill myself", "abuse", "concern"],
      ["my marriage is so abusive", "abuse", "concern"],
      ["he pushed me against the wall", "abuse", "concern"],
      ["he broke my arm", "abuse", "concern"],
      ["someone is following me home", "abuse", "concern"],
      ["my teacher sends me inappropriate messages", "abuse", "concern"],
      ["i'm afraid of my husband", "abuse", "concern"]
    ])
  })

  it("imminent: the abuser is here, armed, or hurting them now", () => {
    expectAll([
      ["he's outside my door with a knife", "abuse", "imminent"],
      ["help he's hitting me right now", "abuse", "imminent"],
      ["my ex is trying to break in", "abuse", "imminent"],
      ["he pulled a gun on me", "abuse", "imminent"]
    ])
  })
})

describe("screenCrisis: idioms, hyperbole, negation, stories", () => {
  it("idioms and hyperbole are none", () => {
    expectAll([
      ["this homework is killing me", null, "none"],
      ["I'd die for a taco", null, "none"],
      ["how do I kill a Python process", null, "none"],
      ["I'm dying to see that movie", null, "none"],
      ["that comedian killed it", null, "none"],
      ["I could murder a burger", null, "none"],
      ["my feet are killing me", null, "none"],
      ["I'm dead tired", null, "none"],
      ["this traffic makes me want to scream", null, "none"],
      ["I could kill for a coffee rn", null, "none"],
      ["you're killing me lol", null, "none"],
      ["killing it at work today!!", null, "none"],
      ["that exam murdered me", null, "none"],
      ["shoot me a text when you land", null, "none"],
      ["hit me up later", null, "none"],
      ["im dying laughing", null, "none"],
      ["I'd rather die than wear that", null, "none"],
      ["i'm so embarrassed i want to die", null, "none"],
      ["this lecture is sooo long i want to die", null, "none"],
      ["lmao im dead 💀", null, "none"],
      ["my phone died again", null, "none"],
      ["i cut my hair short", null, "none"],
      ["I cut my finger chopping onions", null, "none"],
      ["I burned myself on the stove, ouch", null, "none"],
      ["I hurt myself at the gym", null, "none"],
      ["I beat my brother at chess", null, "none"],
      ["he beat me at mario kart again", null, "none"],
      ["my mom will kill me if I'm late lol", null, "none"],
      ["I'm going to kill this presentation", null, "none"],
      ["how do i kill weeds without killing the grass", null, "none"],
      ["this heat is killing me", null, "none"],
      ["the battery is dead", null, "none"],
      ["i'm beating myself up over that mistake", null, "none"],
      ["we should hang the pictures in the hallway", null, "none"],
      ["i'm cutting back on sugar", null, "none"],
      ["i almost died of embarrassment", null, "none"],
      ["i could sleep forever on this bed", null, "none"],
      ["my sister hit me up about the party", null, "none"],
      ["the news really hit me hard today", null, "none"],
      ["that song touched me so deeply", null, "none"],
      ["i'm gonna die if i don't get coffee", null, "none"],
      ["my sister is gonna kill me", null, "none"],
      ["i'll kill you if you spoil the finale", null, "none"],
      ["im going to destroy him in fortnite", null, "none"],
      ["my coach pushed me hard today", null, "none"],
      ["he grabbed me a coffee", null, "none"],
      ["he touched my arm and i got butterflies", null, "none"],
      ["my brother punched me in the arm as a joke", null, "none"],
      ["i got hit by a car but im ok", null, "none"],
      ["i threw up after dinner, food poisoning", null, "none"],
      ["i can't take this heat anymore", null, "none"],
      ["goodbye party tonight!", null, "none"],
      ["this is goodbye to my twenties", null, "none"],
      ["i wish i could vanish for a weekend", null, "none"],
      ["i wish i could fade away into the crowd at parties", null, "none"]
    ])
  })

  it("explicit negations are none", () => {
    expectAll([
      ["I would never kill myself", null, "none"],
      ["I'm not suicidal, just tired", null, "none"],
      ["i dont want to die", null, "none"],
      ["no im not going to hurt myself, dont worry", null, "none"],
      ["i would never hurt him", null, "none"],
      ["I have no intention of killing myself", null, "none"],
      ["I've never been suicidal", null, "none"]
    ])
  })

  it("history, news and fiction are none", () => {
    expectAll([
      ["The suspect shot two people outside the bank, police said", null, "none"],
      ["In the play, Romeo kills himself when he thinks Juliet is dead", null, "none"],
      ["Millions died in the war in 1916", null, "none"],
      ["in the game you have to kill everyone in the castle", null, "none"],
      ["the king was executed in 1649", null, "none"]
    ])
  })

  it("telling someone else to kill themselves is not a crisis of the sender", () => {
    expectAll([
      ["kys", null, "none"],
      ["go kill yourself loser", null, "none"]
    ])
  })
})

describe("screenCrisis: SMS spelling", () => {
  it("reads case, punctuation, elongations, contractions, slang and emoji", () => {
    expectAll([
      ["I WANT TO DIE!!!", "suicide", "concern"],
      ["i just wanna dieeeee", "suicide", "concern"],
      ["im gonna kms", "suicide", "concern"],
      ["dont want 2 live anymore", "suicide", "concern"],
      ["I’m going to kill myself", "suicide", "concern"],
      ["su1c1dal again", "suicide", "concern"],
      ["thinking abt sewerslide", "suicide", "concern"],
      ["I took all my pills 💊💊 bye", "suicide", "imminent"],
      ["he's at my door with a 🔪", "abuse", "imminent"]
    ])
  })

  it("finds a crisis buried in a long text, and nothing in a long ordinary one", () => {
    const ordinary = "So today was long. Work ran late, the bus was packed, and my sister called about the party. " +
      "We argued about who brings the cake, then laughed about it. Dinner was leftovers. "
    expectAll([
      [ordinary.repeat(20), null, "none"],
      [ordinary.repeat(20) + "Honestly I don't want to wake up tomorrow.", "suicide", "concern"],
      [ordinary.repeat(10) + "I have the pills counted out. I'm doing it tonight. " + ordinary, "suicide", "imminent"]
    ])
  })
})

describe("screenCrisis: the assessment", () => {
  it("names rules in signals, never the words of the text", () => {
    const result = screenCrisis("i want to die")
    assert.isTrue(result.signals.length > 0)
    for (const signal of result.signals) {
      assert.match(signal, /^(?:suicide|self_harm|violence|abuse|boost)\.[a-z_]+$/)
      assert.notInclude("i want to die", signal)
    }
  })

  it("scores imminent above concern above none", () => {
    const none = screenCrisis("what time is it")
    const concern = screenCrisis("i want to die")
    const imminent = screenCrisis("i want to die and i have the pills saved up")
    assert.strictEqual(none.score, 0)
    assert.isTrue(concern.score > none.score && imminent.score > concern.score)
  })

  it("returns the none assessment for empty and blank texts", () => {
    for (const text of ["", "   ", "\n\t", "...", "😀😀"]) {
      assert.deepStrictEqual(screenCrisis(text).severity, "none")
    }
  })
})

describe("screenCrisis: properties", () => {
  const texts = fc.oneof(
    fc.string({ maxLength: 400 }),
    fc.string({ unit: "grapheme", maxLength: 200 }),
    fc.string({ unit: "binary", maxLength: 200 }),
    fc.array(
      fc.constantFrom(
        "i", "want", "to", "die", "kill", "myself", "not", "never", "he", "hits", "me", "tonight", "gun", "lol",
        "cut", "my", "wrists", "so", "boring", "pills", "took", "all", "\"", ".", ",", "💀", "im", "gonna", "kms",
        "him", "stab", "when", "gets", "home", "outside", "door", "with", "a", "knife", "suicide", "abuse"
      ),
      { maxLength: 40 }
    ).map((words) => words.join(" "))
  )

  it("never throws, and severity none ⇔ category null, score in [0, 1]", () => {
    fc.assert(
      fc.property(texts, (text) => {
        const result = screenCrisis(text)
        assert.strictEqual(result.severity === "none", result.category === null)
        assert.isTrue(result.score >= 0 && result.score <= 1)
        if (result.severity === "none") assert.isTrue(result.score < 0.4)
        if (result.severity === "concern") assert.isTrue(result.score >= 0.4 && result.score < 0.8)
        if (result.severity === "imminent") assert.isTrue(result.score >= 0.8)
      }),
      { numRuns: 2000 }
    )
  })

  it("is deterministic", () => {
    fc.assert(fc.property(texts, (text) => {
      assert.deepStrictEqual(screenCrisis(text), screenCrisis(text))
    }), { numRuns: 500 })
  })
})
