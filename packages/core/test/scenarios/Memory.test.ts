/**
 * What Jules remembers between texts: facts a person shares, the rolling
 * summary of older turns, and that remembering never costs the person a reply.
 */
import { assert, describe, it } from "@effect/vitest"
import type { ModelRequest, TurnId } from "@jules/core"
import {
  ConversationTurns,
  MemoryStore,
  ModelFallback,
  ModelInvalidRequest,
  TokenUsage,
  UsageLedger,
  usageRecordId
} from "@jules/core"
import { ModelScripts, Scenario, ScriptedModel } from "@jules/testkit"
import { DateTime, Effect, Option } from "effect"
import { TestClock } from "effect/testing"

const memoryBlock = (request: ModelRequest) => request.system.at(-1)!.text

/** Summarise early, so a few turns are enough. */
const summariseEarly = Scenario.layer({
  settings: {
    memory: {
      extractFacts: true,
      rollingSummary: true,
      summaryAfterLines: 6,
      keepRecentLines: 2,
      summaryMaxOutputTokens: 200,
      factsFromSummary: true,
      modelFacts: false,
      extractionMaxOutputTokens: 300,
      maxFacts: 60
    }
  },
  testLayers: { models: ["primary"] }
})

const summaryUsage = new TokenUsage({ inputTokens: 400, outputTokens: 60, cacheReadTokens: 0, cacheWriteTokens: 0 })

/** The model answers replies with a reply and summaries with a summary (counted, so each is distinct). */
const answerEachPurpose = Effect.gen(function*() {
  const scripts = yield* ModelScripts
  let summaries = 0
  yield* scripts.setDefault("primary", (request) =>
    request.purpose === "summary"
      ? ScriptedModel.replyWith(
        `SUMMARY: Summary ${++summaries}: they talked about their week.\nFACTS:\n- Their favorite band is Wilco.`,
        summaryUsage
      )
      : ScriptedModel.replyWith("Tell me more!"))
})

/** One turn a minute, so turns have distinct instants. */
const chat = (person: Scenario.Person, ...texts: ReadonlyArray<string>) =>
  Effect.forEach(texts, (text) => Effect.tap(person.texts(text), () => TestClock.adjust("1 minute")))

const purposes = Effect.map(Effect.flatMap(ModelScripts, (s) => s.requests("primary")), (calls) =>
  calls.map((c) => c.request.purpose))

describe("facts", () => {
  it.effect("a fact shared in one turn is remembered and shown to the model in the next", () =>
    Effect.gen(function*() {
      const scripts = yield* ModelScripts
      const alex = yield* Scenario.person()
      yield* alex.texts("my dog is called Rex")
      const user = yield* alex.user
      const facts = yield* (yield* MemoryStore).facts(user.id)
      assert.deepStrictEqual(facts.map((f) => f.text), ["Their dog is called Rex."])

      yield* alex.texts("he's sick today")
      const requests = (yield* scripts.requests("primary")).map((c) => c.request)
      assert.notInclude(memoryBlock(requests[0]!), "Rex")
      assert.include(memoryBlock(requests[1]!), "What you remember about this person:\n- Their dog is called Rex.")
    }).pipe(Effect.provide(Scenario.layer())))

  it.effect("nothing said in a crisis turn is kept as a fact", () =>
    Effect.gen(function*() {
      const alex = yield* Scenario.person()
      const exchange = yield* alex.texts("my name is Sam. honestly I just want to die")
      assert.strictEqual(exchange.outcome, "replied")
      assert.notStrictEqual(exchange.turn?.crisisSeverity, "none")
      assert.deepStrictEqual(yield* (yield* MemoryStore).facts((yield* alex.user).id), [])
      yield* alex.texts("my name is Sam")
      assert.deepStrictEqual(
        (yield* (yield* MemoryStore).facts((yield* alex.user).id)).map((f) => f.text),
        ["Their name is Sam."]
      )
    }).pipe(Effect.provide(Scenario.layer())))

  it.effect("a new home replaces the old one; a second pet joins the first", () =>
    Effect.gen(function*() {
      const alex = yield* Scenario.person()
      yield* chat(alex, "I live in Denver", "my dog is called Rex", "we just moved to Boston!", "my cat is called Milo")
      const facts = yield* (yield* MemoryStore).facts((yield* alex.user).id)
      assert.deepStrictEqual(facts.map((f) => f.text), [
        "Their dog is called Rex.",
        "They live in Boston.",
        "Their cat is called Milo."
      ])
    }).pipe(Effect.provide(Scenario.layer())))

  it.effect("a turn the model did not answer remembers nothing", () =>
    Effect.gen(function*() {
      const scripts = yield* ModelScripts
      yield* scripts.fail("primary", new ModelInvalidRequest({ message: "400", status: 400 }))
      const alex = yield* Scenario.person()
      assert.strictEqual((yield* alex.texts("my name is Sam")).outcome, "apology")
      assert.deepStrictEqual(yield* (yield* MemoryStore).facts((yield* alex.user).id), [])
    }).pipe(Effect.provide(Scenario.layer({ testLayers: { models: ["primary"] } }))))
})

describe("the rolling summary", () => {
  it.effect("folds older lines into a summary; the model then sees the summary, not those lines", () =>
    Effect.gen(function*() {
      yield* answerEachPurpose
      const scripts = yield* ModelScripts
      const alex = yield* Scenario.person()
      yield* chat(alex, "first text", "second text", "third text")
      assert.deepStrictEqual(yield* purposes, ["reply", "reply", "reply", "summary"])

      const user = yield* alex.user
      const summary = Option.getOrThrow(yield* (yield* MemoryStore).summary(user.id))
      assert.strictEqual(summary.text, "Summary 1: they talked about their week.")
      const summaryRequest = (yield* scripts.requests("primary"))[3]!.request
      assert.include(summaryRequest.messages[0]!.content, "Them: first text\nYou: Tell me more!\nThem: second text")
      assert.notInclude(summaryRequest.messages[0]!.content, "third text")

      yield* alex.texts("fourth text")
      const reply = (yield* scripts.requests("primary"))[4]!.request
      assert.include(memoryBlock(reply), "Summary of your earlier conversations:\nSummary 1: they talked about their week.")
      assert.include(memoryBlock(reply), "- Their favorite band is Wilco.")
      assert.deepStrictEqual(reply.messages.map((m) => m.content), ["third text", "Tell me more!", "fourth text"])
    }).pipe(Effect.provide(summariseEarly)))

  it.effect("the summary call's tokens and cost are in the usage ledger as the turn's summary", () =>
    Effect.gen(function*() {
      yield* answerEachPurpose
      const alex = yield* Scenario.person()
      const exchanges = yield* chat(alex, "one", "two", "three")
      const third = exchanges[2]!.turn!.id
      const records = yield* (yield* UsageLedger).list((yield* alex.user).id)
      assert.deepStrictEqual(records.map((r) => [r.purpose, r.id]), [
        ["reply", usageRecordId(exchanges[0]!.turn!.id, "reply")],
        ["reply", usageRecordId(exchanges[1]!.turn!.id, "reply")],
        ["reply", usageRecordId(third, "reply")],
        ["summary", `${third}#summary`]
      ])
      const summary = records.at(-1)!
      assert.deepStrictEqual(summary.usage, summaryUsage)
      assert.strictEqual(summary.costMicros, ScriptedModel.testPrice.costMicros(summaryUsage))
    }).pipe(Effect.provide(summariseEarly)))

  it.effect("a failed summary call costs the person nothing and is tried again after the next turn", () =>
    Effect.gen(function*() {
      yield* answerEachPurpose
      const scripts = yield* ModelScripts
      yield* scripts.fail("primary", new ModelInvalidRequest({ message: "400", status: 400 }), { purpose: "summary" })
      const alex = yield* Scenario.person()
      const exchanges = yield* chat(alex, "one", "two", "three")
      assert.deepStrictEqual(exchanges.map((e) => e.outcome), ["replied", "replied", "replied"])
      const memory = yield* MemoryStore
      const user = yield* alex.user
      assert.isTrue(Option.isNone(yield* memory.summary(user.id)))
      yield* alex.texts("four")
      assert.deepStrictEqual(yield* purposes, ["reply", "reply", "reply", "summary", "reply", "summary"])
      assert.isTrue(Option.isSome(yield* memory.summary(user.id)))
    }).pipe(Effect.provide(summariseEarly)))

  it.effect("running a turn again adds no fact twice and makes no second summary call", () =>
    Effect.gen(function*() {
      yield* answerEachPurpose
      const alex = yield* Scenario.person()
      const exchanges = yield* chat(alex, "my dog is called Rex", "two", "three")
      const turn = exchanges[2]!.turn!
      const user = yield* alex.user
      const ledger = yield* UsageLedger
      const before = yield* ledger.list(user.id)
      const again = yield* (yield* ConversationTurns).run({ userId: user.id, messageIds: [turn.inboundIds[0]!] })
      assert.deepStrictEqual(Option.map(again, (r) => r.sent.length), Option.some(0))
      assert.deepStrictEqual(yield* purposes, ["reply", "reply", "reply", "summary"])
      assert.deepStrictEqual(yield* ledger.list(user.id), before)
      const facts = yield* (yield* MemoryStore).facts(user.id)
      assert.deepStrictEqual(facts.map((f) => f.text), ["Their dog is called Rex.", "Their favorite band is Wilco."])
    }).pipe(Effect.provide(summariseEarly)))

  it.effect("an offline model writes no summary (its placeholder is not one), but facts are still kept", () => {
    const calls: Array<ModelRequest["purpose"]> = []
    const offline = ModelFallback.layer([{
      name: "offline",
      generate: (request) =>
        Effect.sync(() => {
          calls.push(request.purpose)
          return {
            text: "Jules is running without a language model right now.",
            provider: "offline",
            model: "offline",
            usage: TokenUsage.zero,
            costMicros: 0,
            offline: true
          }
        })
    }])
    return Effect.gen(function*() {
      const alex = yield* Scenario.person()
      yield* chat(alex, "my dog is called Rex", "two", "three", "four")
      const user = yield* alex.user
      const memory = yield* MemoryStore
      assert.isTrue(Option.isNone(yield* memory.summary(user.id)))
      assert.deepStrictEqual((yield* memory.facts(user.id)).map((f) => f.text), ["Their dog is called Rex."])
      assert.deepStrictEqual(calls, ["reply", "reply", "reply", "summary", "reply", "summary"])
      const records = yield* (yield* UsageLedger).list(user.id)
      assert.deepStrictEqual(records.map((r) => r.purpose), ["reply", "reply", "reply", "reply"])
    }).pipe(Effect.provide(Scenario.layer({
      settings: {
        memory: {
          extractFacts: true,
          rollingSummary: true,
          summaryAfterLines: 6,
          keepRecentLines: 2,
          summaryMaxOutputTokens: 200,
          factsFromSummary: true,
          modelFacts: false,
          extractionMaxOutputTokens: 300,
          maxFacts: 60
        }
      },
      languageModel: offline
    })))
  })
})

describe("usage report", () => {
  const usage = (inputTokens: number, outputTokens: number, cacheReadTokens: number, cacheWriteTokens: number) =>
    new TokenUsage({ inputTokens, outputTokens, cacheReadTokens, cacheWriteTokens })
  const buckets = (u: TokenUsage) => [u.inputTokens, u.outputTokens, u.cacheReadTokens, u.cacheWriteTokens]
  const total = (all: ReadonlyArray<TokenUsage>) =>
    all.map(buckets).reduce((a, b) => a.map((n, i) => n + b[i]!), [0, 0, 0, 0])
  const cost = (all: ReadonlyArray<TokenUsage>) => all.reduce((n, u) => n + ScriptedModel.testPrice.costMicros(u), 0)
  /** Midnight UTC of day `n` of the test clock, which starts at the epoch. */
  const day = (n: number) => DateTime.makeUnsafe(n * 86_400_000)

  it.effect("totals per user and UTC day; replies count as turns, a summary adds its tokens and cost", () =>
    Effect.gen(function*() {
      const scripts = yield* ModelScripts
      const ledger = yield* UsageLedger
      const alex = yield* Scenario.person()
      const sam = yield* Scenario.person()
      const turn = (person: Scenario.Person, text: string, tokens: TokenUsage) =>
        Effect.gen(function*() {
          yield* scripts.reply("primary", "ok!", { purpose: "reply", usage: tokens })
          const exchange = yield* person.texts(text)
          yield* TestClock.adjust("10 minutes")
          return exchange.turn!.id
        })
      const summarised = usage(900, 120, 0, 0)
      for (const _ of [1, 2]) {
        yield* scripts.reply("primary", "SUMMARY: They said hello a lot.\nFACTS: none", { purpose: "summary", usage: summarised })
      }

      // Day one: three turns for Alex (the third brings a summary: six lines), one for Sam.
      const a1 = [usage(1000, 50, 0, 2000), usage(200, 40, 2000, 0), usage(300, 30, 2000, 0)]
      const alexTurns: Array<TurnId> = []
      for (const [i, tokens] of a1.entries()) alexTurns.push(yield* turn(alex, `hello ${i}`, tokens))
      const s1 = [usage(500, 20, 0, 0)]
      yield* turn(sam, "hi", s1[0]!)
      // Day two: one for Alex, two for Sam (the second brings Sam's summary).
      yield* TestClock.adjust("1 day")
      const a2 = [usage(250, 25, 1800, 0)]
      yield* turn(alex, "morning", a2[0]!)
      const s2 = [usage(100, 10, 0, 0), usage(120, 12, 0, 0)]
      for (const [i, tokens] of s2.entries()) yield* turn(sam, `yo ${i}`, tokens)

      const alexId = (yield* alex.user).id
      const samId = (yield* sam.user).id
      const expected = [
        { userId: alexId, day: "1970-01-01", turns: 3, usage: total([...a1, summarised]), costMicros: cost([...a1, summarised]) },
        { userId: samId, day: "1970-01-01", turns: 1, usage: total(s1), costMicros: cost(s1) },
        { userId: alexId, day: "1970-01-02", turns: 1, usage: total(a2), costMicros: cost(a2) },
        { userId: samId, day: "1970-01-02", turns: 2, usage: total([...s2, summarised]), costMicros: cost([...s2, summarised]) }
      ].sort((a, b) => a.day.localeCompare(b.day) || (a.userId < b.userId ? -1 : 1))
      const report = yield* ledger.report({ from: day(0), to: day(2) })
      assert.deepStrictEqual(
        report.map((row) => ({ userId: row.userId, day: row.day, turns: row.turns, usage: buckets(row.usage), costMicros: row.costMicros })),
        expected
      )
      const alexOnly = yield* ledger.report({ from: day(0), to: day(2), userId: alexId })
      assert.deepStrictEqual(alexOnly.map((row) => [row.day, row.turns]), [["1970-01-01", 3], ["1970-01-02", 1]])
      assert.deepStrictEqual(yield* ledger.report({ from: day(1), to: day(2), userId: alexId }).pipe(
        Effect.map((rows) => rows.map((row) => row.costMicros))
      ), [cost(a2)])
      const summary = (yield* ledger.list(alexId)).filter((r) => r.purpose === "summary")
      assert.deepStrictEqual(summary.map((r) => r.id), [usageRecordId(alexTurns[2]!, "summary")])
    }).pipe(Effect.provide(summariseEarly)))
})
