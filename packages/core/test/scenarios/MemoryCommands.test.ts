/**
 * The person's control over memory, by text: what Jules remembers, read back;
 * "forget that ..." and FORGET; FORGET ALL, which also clears the summary and
 * is audited without content. Never a CTIA keyword, never while opted out.
 */
import { assert, describe, it } from "@effect/vitest"
import { AuditLog, ConversationSummary, MemoryFact, MemoryStore, memoryCopy } from "@jules/core"
import { ModelScripts, Scenario } from "@jules/testkit"
import { DateTime, Effect, Option } from "effect"
import { TestClock } from "effect/testing"

const chat = (person: Scenario.Person, ...texts: ReadonlyArray<string>) =>
  Effect.forEach(texts, (text) => Effect.tap(person.texts(text), () => TestClock.adjust("1 minute")))

const factsOf = (person: Scenario.Person) =>
  Effect.gen(function*() {
    const user = yield* person.user
    return (yield* (yield* MemoryStore).facts(user.id)).map((f) => f.text)
  })

describe("memory commands", () => {
  it.effect("\"what do you remember about me?\" lists what is stored, in the second person, without the model", () =>
    Effect.gen(function*() {
      const scripts = yield* ModelScripts
      const alex = yield* Scenario.person()
      const empty = yield* alex.texts("what do you remember about me?")
      assert.strictEqual(empty.outcome, "memory")
      assert.strictEqual(empty.bodies.at(-1), memoryCopy.nothing)
      yield* chat(alex, "hey! I'm Priya", "I have a dog named Biscuit", "I live in Denver")
      const calls = yield* scripts.calls("primary")
      const recall = yield* alex.texts("What do you remember about me?")
      assert.strictEqual(recall.outcome, "memory")
      assert.strictEqual(
        recall.bodies.at(-1),
        "Here's what I remember about you:\n- Your name is Priya.\n- Your dog is called Biscuit.\n- You live in Denver.\n\n" +
          "Text \"forget that ...\" to remove something, or FORGET ALL to clear it all."
      )
      assert.strictEqual(yield* scripts.calls("primary"), calls)
    }).pipe(Effect.provide(Scenario.layer())))

  it.effect("a long memory is read back whole sentences only, within the reply length, the rest counted", () =>
    Effect.gen(function*() {
      const alex = yield* Scenario.person()
      yield* alex.texts("hi")
      const user = yield* alex.user
      const now = yield* DateTime.now
      const many = Array.from({ length: 30 }, (_, i) =>
        new MemoryFact({ userId: user.id, text: `They have visited city number ${i + 1}.`, category: "places", at: now }))
      yield* (yield* MemoryStore).addFacts(many)
      const body = (yield* alex.texts("what do you remember about me")).bodies.at(-1)!
      const shown = body.split("\n").filter((line) => line.startsWith("- You have visited")).length
      assert.isAbove(shown, 0)
      assert.include(body, `- ...and ${30 - shown} more`)
      assert.isTrue(body.endsWith("FORGET ALL to clear it all."))
    }).pipe(Effect.provide(Scenario.layer())))

  it.effect("\"forget that I have a dog\" removes the dog and nothing else", () =>
    Effect.gen(function*() {
      const alex = yield* Scenario.person()
      yield* chat(alex, "my name is Sam", "I have a dog named Rex", "I live in Austin")
      const forget = yield* alex.texts("forget that I have a dog")
      assert.strictEqual(forget.outcome, "memory")
      assert.strictEqual(forget.bodies.at(-1), "Done, I've forgotten:\n- Your dog is called Rex.")
      assert.deepStrictEqual(yield* factsOf(alex), ["Their name is Sam.", "They live in Austin."])
      const missing = yield* alex.texts("forget my address")
      assert.strictEqual(missing.bodies.at(-1), memoryCopy.notFound)
      assert.deepStrictEqual(yield* factsOf(alex), ["Their name is Sam.", "They live in Austin."])
    }).pipe(Effect.provide(Scenario.layer())))

  it.effect("FORGET alone forgets what was remembered last", () =>
    Effect.gen(function*() {
      const alex = yield* Scenario.person()
      yield* chat(alex, "my name is Sam", "I'm vegan")
      assert.strictEqual((yield* alex.texts("FORGET")).bodies.at(-1), "Done, I've forgotten:\n- You are vegan.")
      assert.deepStrictEqual(yield* factsOf(alex), ["Their name is Sam."])
    }).pipe(Effect.provide(Scenario.layer())))

  it.effect("FORGET ALL leaves no fact or summary, and the audit trail says so without content", () =>
    Effect.gen(function*() {
      const alex = yield* Scenario.person()
      yield* chat(alex, "my name is Sam", "my dog is called Rex")
      const user = yield* alex.user
      const memory = yield* MemoryStore
      const now = yield* DateTime.now
      yield* memory.setSummary(new ConversationSummary({ userId: user.id, text: "Sam talked about Rex.", coversUntil: now, at: now }))
      const cleared = yield* alex.texts("forget all")
      assert.strictEqual(cleared.outcome, "memory")
      assert.strictEqual(cleared.bodies.at(-1), memoryCopy.forgotAll)
      assert.deepStrictEqual(yield* memory.facts(user.id), [])
      assert.isTrue(Option.isNone(yield* memory.summary(user.id)))
      const entries = yield* (yield* AuditLog).list({ userId: user.id, kind: "memory_cleared", limit: 10 })
      assert.strictEqual(entries.length, 1)
      assert.deepStrictEqual(entries[0]!.detail, {})
      assert.notInclude(JSON.stringify(entries), "Rex")
      // What Jules says next is remembered afresh.
      yield* alex.texts("my cat is called Milo")
      assert.deepStrictEqual(yield* factsOf(alex), ["Their cat is called Milo."])
    }).pipe(Effect.provide(Scenario.layer())))

  it.effect("consent keywords win, and an opted-out person's memory commands do nothing", () =>
    Effect.gen(function*() {
      const alex = yield* Scenario.person()
      yield* alex.texts("my name is Sam")
      assert.strictEqual((yield* alex.texts("STOP")).outcome, "opted_out")
      const ignored = yield* alex.texts("FORGET ALL")
      assert.strictEqual(ignored.outcome, "ignored_opted_out")
      assert.deepStrictEqual(ignored.sent, [])
      assert.deepStrictEqual(yield* factsOf(alex), ["Their name is Sam."])
    }).pipe(Effect.provide(Scenario.layer())))

  it.effect("\"forget it\" and \"I want to forget that day\" are conversation, answered by the model", () =>
    Effect.gen(function*() {
      const alex = yield* Scenario.person()
      yield* alex.texts("my name is Sam")
      assert.strictEqual((yield* alex.texts("forget it")).outcome, "replied")
      assert.strictEqual((yield* alex.texts("I want to forget that day")).outcome, "replied")
      assert.deepStrictEqual(yield* factsOf(alex), ["Their name is Sam."])
    }).pipe(Effect.provide(Scenario.layer())))

  it.effect("stated preferences shape the prompt ahead of other facts", () =>
    Effect.gen(function*() {
      const scripts = yield* ModelScripts
      const alex = yield* Scenario.person()
      yield* chat(alex, "my name is Samantha", "please call me Sam", "my pronouns are she/her", "keep it short pls")
      const user = yield* alex.user
      const categories = (yield* (yield* MemoryStore).facts(user.id)).map((f: MemoryFact) => [f.text, f.category])
      assert.deepStrictEqual(categories, [
        ["Their name is Samantha.", "name"],
        ["They go by Sam.", "preferences"],
        ["They use she/her pronouns.", "preferences"],
        ["They prefer short replies.", "preferences"]
      ])
      yield* alex.texts("hi again")
      const last = (yield* scripts.requests("primary")).at(-1)!.request
      assert.include(
        last.system.at(-1)!.text,
        "How they asked you to talk with them (follow it):\n- They go by Sam.\n- They use she/her pronouns.\n" +
          "- They prefer short replies.\n\nWhat you remember about this person:\n- Their name is Samantha."
      )
    }).pipe(Effect.provide(Scenario.layer())))
})
