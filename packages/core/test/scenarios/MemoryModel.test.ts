/**
 * Memory by the background model: it reads each exchange against the facts
 * held and answers with add / update / delete operations; the turn applies
 * them after the reply went out, once per turn, never from a crisis, within
 * the bound per person - and a model that fails changes nothing and never
 * holds up the reply.
 */
import { assert, describe, it } from "@effect/vitest"
import type { ModelRequest } from "@jules/core"
import {
  CompanionSettings,
  ConversationTurns,
  defaultSettings,
  MemoryStore,
  ModelFallback,
  TokenUsage,
  ModelUnavailable,
  ReceiveText,
  UsageLedger
} from "@jules/core"
import { ModelScripts, Scenario, ScriptedModel, SmsOutbox } from "@jules/testkit"
import { ConfigProvider, Effect, Fiber, Option } from "effect"
import { TestClock } from "effect/testing"

const withModelMemory = (maxFacts = defaultSettings.memory.maxFacts) =>
  Scenario.layer({
    settings: { memory: { ...defaultSettings.memory, modelFacts: true, maxFacts } },
    testLayers: { models: ["primary"] }
  })

type Op =
  | { readonly op: "add"; readonly fact: string; readonly category: string }
  | { readonly op: "update"; readonly id: number; readonly fact: string; readonly category: string }
  | { readonly op: "delete"; readonly id: number }

/** The background model's next answer. */
const modelRemembers = (...operations: ReadonlyArray<Op>) =>
  Effect.flatMap(ModelScripts, (scripts) =>
    scripts.reply("primary", JSON.stringify({ operations }), { purpose: "memory_extraction" }))

const factsOf = (person: Scenario.Person) =>
  Effect.gen(function*() {
    const user = yield* person.user
    return (yield* (yield* MemoryStore).facts(user.id)).map((f) => [f.text, f.category] as const)
  })

const memoryBlock = (request: ModelRequest) => request.system.at(-1)!.text

const calls = (purpose: ModelRequest["purpose"]) =>
  Effect.map(Effect.flatMap(ModelScripts, (s) => s.requests("primary")), (all) =>
    all.filter((c) => c.request.purpose === purpose).map((c) => c.request))

describe("memory by the model", () => {
  it.effect("a fact the model adds is in the prompt of the next reply, from phrasing the rules miss", () =>
    Effect.gen(function*() {
      const priya = yield* Scenario.person()
      yield* modelRemembers(
        { op: "add", fact: "Their name is Priya.", category: "name" },
        { op: "add", fact: "They work night shifts as a nurse.", category: "work" }
      )
      yield* priya.texts("heyyy priya here, night shift again at the hospital 😩")
      assert.deepStrictEqual(yield* factsOf(priya), [
        ["Their name is Priya.", "name"],
        ["They work night shifts as a nurse.", "work"]
      ])
      // The extraction call saw the exchange and asked for structured output.
      const [extraction] = yield* calls("memory_extraction")
      assert.include(extraction!.messages[0]!.content, "Them: heyyy priya here, night shift again at the hospital")
      assert.strictEqual(extraction!.output?.name, "memory_operations")

      yield* priya.texts("ugh so tired")
      const replies = yield* calls("reply")
      assert.include(memoryBlock(replies[1]!), "- Their name is Priya.\n- They work night shifts as a nurse.")
      // Its tokens and cost are the turn's, as a background call.
      const purposes = (yield* (yield* UsageLedger).list((yield* priya.user).id)).map((r) => r.purpose)
      assert.deepStrictEqual(purposes.filter((p) => p === "memory_extraction").length, 2)
    }).pipe(Effect.provide(withModelMemory())))

  it.effect("\"I moved to Austin\" replaces \"They live in Denver.\"; the model is shown the facts by number", () =>
    Effect.gen(function*() {
      const sam = yield* Scenario.person()
      yield* modelRemembers(
        { op: "add", fact: "They live in Denver.", category: "places" },
        { op: "add", fact: "Their dog is called Rex.", category: "pets" }
      )
      yield* sam.texts("I'm in Denver with my dog Rex")
      yield* TestClock.adjust("1 minute")
      yield* modelRemembers({ op: "update", id: 1, fact: "They live in Austin.", category: "places" })
      yield* sam.texts("big news, I moved to Austin!")
      const second = (yield* calls("memory_extraction"))[1]!
      assert.include(second.messages[0]!.content, "1. [places] They live in Denver.\n2. [pets] Their dog is called Rex.")
      assert.deepStrictEqual(yield* factsOf(sam), [
        ["Their dog is called Rex.", "pets"],
        ["They live in Austin.", "places"]
      ])
    }).pipe(Effect.provide(withModelMemory())))

  it.effect("a delete forgets the fact; numbers that were not shown and facts that are not facts are ignored", () =>
    Effect.gen(function*() {
      const sam = yield* Scenario.person()
      yield* modelRemembers({ op: "add", fact: "They have a cat.", category: "pets" })
      yield* sam.texts("my cat is sleeping on me")
      yield* modelRemembers(
        { op: "delete", id: 1 },
        { op: "delete", id: 7 },
        { op: "add", fact: "I love you", category: "other" },
        { op: "add", fact: "They are rehoming their cat.", category: "pets" }
      )
      yield* sam.texts("we had to give the cat to my aunt, she has a yard")
      assert.deepStrictEqual(yield* factsOf(sam), [["They are rehoming their cat.", "pets"]])
    }).pipe(Effect.provide(withModelMemory())))

  it.effect("a turn run again applies its changes once and does not ask the model again", () =>
    Effect.gen(function*() {
      const receive = yield* ReceiveText
      const turns = yield* ConversationTurns
      const sam = yield* Scenario.person()
      yield* modelRemembers({ op: "add", fact: "They live in Denver.", category: "places" })
      yield* sam.texts("I live in Denver")
      yield* TestClock.adjust("1 minute")
      yield* modelRemembers({ op: "update", id: 1, fact: "They live in Austin.", category: "places" })
      const message = yield* receive.receive({ from: sam.phone, body: "moved to Austin last week" })
      const request = { userId: message.userId, messageIds: [message.id] as const }
      yield* turns.run(request)
      // Later, the person mentions Denver again...
      yield* TestClock.adjust("1 minute")
      yield* modelRemembers({ op: "add", fact: "They have family in Denver.", category: "people" })
      yield* sam.texts("my family is still in Denver")
      // ...and the earlier turn is delivered again (turns run at least once).
      yield* modelRemembers({ op: "delete", id: 1 }, { op: "delete", id: 2 })
      yield* turns.run(request)
      assert.deepStrictEqual(yield* factsOf(sam), [
        ["They live in Austin.", "places"],
        ["They have family in Denver.", "people"]
      ])
      assert.strictEqual((yield* calls("memory_extraction")).length, 3)
    }).pipe(Effect.provide(withModelMemory())))

  it.effect("a crisis text leaves no fact, whatever the model would have kept", () =>
    Effect.gen(function*() {
      const sam = yield* Scenario.person()
      yield* modelRemembers({ op: "add", fact: "Their name is Sam.", category: "name" })
      const exchange = yield* sam.texts("my name is Sam and honestly I just want to die")
      assert.notStrictEqual(exchange.turn?.crisisSeverity, "none")
      assert.deepStrictEqual(yield* factsOf(sam), [])
      assert.strictEqual((yield* calls("memory_extraction")).length, 0)
    }).pipe(Effect.provide(withModelMemory())))

  it.effect("a fact touching on self-harm is never stored, even from an ordinary turn", () =>
    Effect.gen(function*() {
      const sam = yield* Scenario.person()
      yield* modelRemembers(
        { op: "add", fact: "They want to kill themselves.", category: "health" },
        { op: "add", fact: "They like hiking.", category: "preferences" }
      )
      yield* sam.texts("went hiking today, it was nice")
      assert.deepStrictEqual(yield* factsOf(sam), [["They like hiking.", "preferences"]])
    }).pipe(Effect.provide(withModelMemory())))

  it.effect("a failing model changes nothing; the turn is tried again when it runs again", () =>
    Effect.gen(function*() {
      const scripts = yield* ModelScripts
      const sam = yield* Scenario.person()
      yield* modelRemembers({ op: "add", fact: "They live in Denver.", category: "places" })
      yield* sam.texts("I live in Denver")
      yield* scripts.fail("primary", new ModelUnavailable({ message: "529", status: 529 }), {
        purpose: "memory_extraction",
        times: 2
      })
      const exchange = yield* sam.texts("I moved to Austin and got a dog called Biscuit")
      assert.strictEqual(exchange.outcome, "replied")
      // Not even the rules' facts: a failure changes nothing.
      assert.deepStrictEqual(yield* factsOf(sam), [["They live in Denver.", "places"]])
    }).pipe(Effect.provide(withModelMemory())))

  it.effect("the reply goes out while the background model hangs; remembering gives up and changes nothing", () =>
    Effect.gen(function*() {
      const scripts = yield* ModelScripts
      const outbox = yield* SmsOutbox
      const receive = yield* ReceiveText
      const turns = yield* ConversationTurns
      const sam = yield* Scenario.person()
      yield* scripts.enqueue("primary", ScriptedModel.hang, { purpose: "memory_extraction" })
      yield* scripts.enqueue("primary", ScriptedModel.hang, { purpose: "memory_extraction" })
      const message = yield* receive.receive({ from: sam.phone, body: "my dog is called Biscuit" })
      const turn = yield* Effect.forkChild(turns.run({ userId: message.userId, messageIds: [message.id] }))
      // The reply is sent while the extraction call is still waiting.
      yield* Effect.yieldNow
      for (let i = 0; i < 20 && (yield* outbox.sent).length < 2; i++) yield* Effect.yieldNow
      const sent = yield* outbox.sent
      assert.deepStrictEqual(sent.map((s) => s.body).at(-1), ScriptedModel.defaultReplyText)
      assert.isUndefined(turn.pollUnsafe())
      yield* TestClock.adjust("1 minute")
      const result = yield* Fiber.join(turn)
      assert.strictEqual(Option.getOrThrow(result).turn.outcome, "replied")
      assert.deepStrictEqual(yield* factsOf(sam), [])
    }).pipe(Effect.provide(withModelMemory())))

  it.effect("an answer that is not the JSON asked for falls back to the rules", () =>
    Effect.gen(function*() {
      const scripts = yield* ModelScripts
      const sam = yield* Scenario.person()
      yield* scripts.reply("primary", "Sure! I'll remember that.", { purpose: "memory_extraction" })
      yield* sam.texts("hey! I'm Priya")
      assert.deepStrictEqual(yield* factsOf(sam), [["Their name is Priya.", "name"]])
    }).pipe(Effect.provide(withModelMemory())))

  it.effect("with no model connected (the offline responder), the rules find the facts", () => {
    const purposes: Array<ModelRequest["purpose"]> = []
    const offline = ModelFallback.layer([{
      name: "offline",
      generate: (request) =>
        Effect.sync(() => {
          purposes.push(request.purpose)
          return { text: "(offline)", provider: "offline", model: "offline", usage: TokenUsage.zero, costMicros: 0, offline: true }
        })
    }])
    return Effect.gen(function*() {
      const sam = yield* Scenario.person()
      yield* sam.texts("hey! I'm Priya")
      assert.deepStrictEqual(yield* factsOf(sam), [["Their name is Priya.", "name"]])
      assert.deepStrictEqual(purposes, ["reply", "memory_extraction"])
      // An offline answer costs nothing and is not recorded as usage.
      const records = yield* (yield* UsageLedger).list((yield* sam.user).id)
      assert.notInclude(records.map((r) => r.purpose), "memory_extraction")
    }).pipe(Effect.provide(Scenario.layer({
      settings: { memory: { ...defaultSettings.memory, modelFacts: true } },
      languageModel: offline
    })))
  })

  it.effect("facts stay within the bound per person: the oldest of the most expendable kind go first", () =>
    Effect.gen(function*() {
      const sam = yield* Scenario.person()
      yield* modelRemembers(
        { op: "add", fact: "Their name is Sam.", category: "name" },
        { op: "add", fact: "They have a concert on Friday.", category: "plans" },
        { op: "add", fact: "They like tea.", category: "other" },
        { op: "add", fact: "Their dog is called Rex.", category: "pets" },
        { op: "add", fact: "They have a dentist appointment on Monday.", category: "plans" }
      )
      yield* sam.texts("lots going on")
      yield* TestClock.adjust("1 minute")
      yield* modelRemembers(
        { op: "add", fact: "They work as a nurse.", category: "work" },
        { op: "add", fact: "They live in Denver.", category: "places" }
      )
      yield* sam.texts("more about me")
      assert.deepStrictEqual((yield* factsOf(sam)).map(([text]) => text), [
        "Their name is Sam.",
        "They like tea.",
        "Their dog is called Rex.",
        "They work as a nurse.",
        "They live in Denver."
      ])
    }).pipe(Effect.provide(withModelMemory(5))))

  it.effect("JULES_MEMORY_MODEL and JULES_MEMORY_MAX_FACTS configure it; a bound out of range is refused, naming the range", () =>
    Effect.gen(function*() {
      const read = (env: Record<string, string>) =>
        CompanionSettings.config.pipe(Effect.provideService(ConfigProvider.ConfigProvider, ConfigProvider.fromUnknown(env)))
      const defaults = yield* read({})
      assert.isTrue(defaults.memory.modelFacts)
      assert.strictEqual(defaults.memory.maxFacts, 60)
      const set = yield* read({ JULES_MEMORY_MODEL: "false", JULES_MEMORY_MAX_FACTS: "20" })
      assert.isFalse(set.memory.modelFacts)
      assert.strictEqual(set.memory.maxFacts, 20)
      const refused = yield* Effect.flip(read({ JULES_MEMORY_MAX_FACTS: "100000" }))
      assert.include(String(refused), "between 5 and 500")
    }))
})
