/**
 * Input tokens per turn over a 50-turn scripted conversation, run twice
 * through the real turn use case with every port in memory: with the rolling
 * summary, and with it turned off (`memory.rollingSummary: false`), all else
 * equal (default settings: a 4,000-token prompt budget, 40 history lines).
 *
 *   pnpm bench:prompt
 *
 * Columns per turn:
 * - `est`: the reply prompt by core's `estimateRequestTokens` (about three
 *   characters a token: the conservative measure the budget uses);
 * - `vendor` and `(read)`: what the scripted model reports, counting about four
 *   characters a token as vendors do for English: uncached input (and the
 *   first cache write), then the cached prefix (the persona) read from the
 *   cache - what a bill would show;
 * - `sum`: the estimate of a summary call made after that turn, if any.
 * Totals include the summary calls: the summary is not free.
 *
 * The conversation is made here (no external data): a few facts first, then
 * a deterministic mix of short and long texts. Prints figures; asserts nothing.
 */
import { EverydayTexts, ModelScripts, Scenario, ScriptedModel } from "@jules/testkit"
import { Effect, References } from "effect"
import { TestClock } from "effect/testing"
import type { ModelRequest } from "@jules/core"
import { defaultSettings, estimateRequestTokens, TokenUsage, UsageLedger } from "@jules/core"

const TURNS = 50

const OPENING = [
  "hey! my name is Sam",
  "my dog is called Rex, he's a very good boy",
  "I live in Denver",
  "I work as a nurse so my hours are all over the place",
  "I'm allergic to peanuts which makes eating out annoying"
]

const conversation = (): ReadonlyArray<string> =>
  EverydayTexts.everydayTexts({
    turns: TURNS,
    opening: OPENING,
    seed: 0xbe7c4,
    longShare: 0.3,
    longSentences: { min: 3, max: 8 }
  })

/** Vendors count about four characters a token in English. */
const vendorTokens = (text: string) => Math.ceil(text.length / 4)

/** A scripted model that answers each purpose and reports usage like a vendor with prompt caching. */
const usageAwareModel = () => {
  const random = EverydayTexts.seededRandom(0x5eed)
  const cachedPrefixes = new Set<string>()
  let summaries = 0
  return (request: ModelRequest) => {
    const text = request.purpose === "summary"
      ? `SUMMARY: ${
        Array.from({ length: 8 }, () => `Summary ${++summaries}: they talked about work shifts, cooking and walks.`).join(" ")
      }\nFACTS: none`
      : "That sounds like quite a day, tell me more about it ".repeat(6).split(" ").slice(0, 8 + Math.floor(random() * 40))
        .join(" ")
    const cachedBlocks = request.system.filter((block) => block.cache)
    const prefix = cachedBlocks.map((block) => block.text).join("\u0000")
    const cached = cachedBlocks.reduce((n, block) => n + vendorTokens(block.text), 0)
    const all = request.system.reduce((n, block) => n + vendorTokens(block.text), 0) +
      request.messages.reduce((n, message) => n + vendorTokens(message.content), 0)
    const seen = cachedPrefixes.has(prefix)
    cachedPrefixes.add(prefix)
    return ScriptedModel.replyWith(
      text,
      new TokenUsage({
        inputTokens: all - cached,
        outputTokens: vendorTokens(text),
        cacheReadTokens: seen ? cached : 0,
        cacheWriteTokens: seen ? 0 : cached
      })
    )
  }
}

interface Turn {
  readonly estimate: number
  readonly vendorInput: number
  readonly vendorCacheRead: number
  readonly summaryEstimate: number
}

interface Run {
  readonly turns: ReadonlyArray<Turn>
  readonly costMicros: number
}

const run = (rollingSummary: boolean): Promise<Run> =>
  Effect.gen(function*() {
    const scripts = yield* ModelScripts
    yield* scripts.setDefault("primary", usageAwareModel())
    const person = yield* Scenario.person()
    const turns: Array<Turn> = []
    for (const text of conversation()) {
      const before = (yield* scripts.requests("primary")).length
      yield* person.texts(text)
      yield* TestClock.adjust("3 minutes")
      const calls = (yield* scripts.requests("primary")).slice(before).map((call) => call.request)
      const reply = calls.find((request) => request.purpose === "reply")!
      const summary = calls.find((request) => request.purpose === "summary")
      turns.push({
        estimate: estimateRequestTokens(reply),
        vendorInput: 0,
        vendorCacheRead: 0,
        summaryEstimate: summary === undefined ? 0 : estimateRequestTokens(summary)
      })
    }
    const records = yield* (yield* UsageLedger).list((yield* person.user).id)
    const replies = records.filter((r) => r.purpose === "reply")
    return {
      turns: turns.map((turn, i) => ({
        ...turn,
        vendorInput: replies[i]!.usage.inputTokens + replies[i]!.usage.cacheWriteTokens,
        vendorCacheRead: replies[i]!.usage.cacheReadTokens
      })),
      costMicros: records.reduce((n, r) => n + r.costMicros, 0)
    }
  }).pipe(
    Effect.provide(Scenario.layer({
      settings: {
        tiers: { free: { dailyTurns: null, maxReplySegments: 3 } },
        memory: { ...defaultSettings.memory, rollingSummary }
      },
      testLayers: { models: ["primary"] }
    })),
    Effect.provide(TestClock.layer()),
    // Turns log at info; only trouble (a failed memory update) is worth printing here.
    Effect.provideService(References.MinimumLogLevel, "Warn"),
    Effect.runPromise
  )

const pad = (value: string | number, width: number) => String(value).padStart(width)
const sum = (turns: ReadonlyArray<Turn>, f: (t: Turn) => number) => turns.reduce((n, t) => n + f(t), 0)

const main = async () => {
  const started = performance.now()
  const [withSummary, without] = [await run(true), await run(false)]
  const seconds = ((performance.now() - started) / 1000).toFixed(1)

  console.log(`Prompt tokens per turn, ${TURNS}-turn scripted conversation (budget ${defaultSettings.promptBudget.maxPromptTokens}, ` +
    `summary after ${defaultSettings.memory.summaryAfterLines} lines, keeping ${defaultSettings.memory.keepRecentLines})`)
  console.log("")
  console.log(" turn |      with rolling summary       |   without    ")
  console.log("      |   est  vendor  (read)     sum   |   est  vendor  (read)")
  for (const [i, a] of withSummary.turns.entries()) {
    const b = without.turns[i]!
    console.log(
      `${pad(i + 1, 5)} | ${pad(a.estimate, 5)} ${pad(a.vendorInput, 7)} ${pad(`(${a.vendorCacheRead})`, 7)} ${
        pad(a.summaryEstimate || "", 7)
      }   | ${pad(b.estimate, 5)} ${pad(b.vendorInput, 7)} ${pad(`(${b.vendorCacheRead})`, 7)}`
    )
  }
  const totalWith = sum(withSummary.turns, (t) => t.estimate)
  const summaries = sum(withSummary.turns, (t) => t.summaryEstimate)
  const totalWithout = sum(without.turns, (t) => t.estimate)
  const vendorWith = sum(withSummary.turns, (t) => t.vendorInput + t.vendorCacheRead)
  const vendorWithout = sum(without.turns, (t) => t.vendorInput + t.vendorCacheRead)
  const last10 = (turns: ReadonlyArray<Turn>) => sum(turns.slice(-10), (t) => t.estimate) / 10
  console.log("")
  console.log(`reply prompts (estimate):      with ${totalWith}, without ${totalWithout}`)
  console.log(`summary calls (estimate):      ${summaries} in ${withSummary.turns.filter((t) => t.summaryEstimate > 0).length} calls`)
  console.log(`all input (estimate):          with ${totalWith + summaries}, without ${totalWithout}, ` +
    `ratio ${((totalWith + summaries) / totalWithout).toFixed(3)}`)
  console.log(`reply prompts (vendor-counted): with ${vendorWith}, without ${vendorWithout}, ratio ${(vendorWith / vendorWithout).toFixed(3)}`)
  console.log(`mean of the last 10 turns:     with ${last10(withSummary.turns).toFixed(0)}, without ${last10(without.turns).toFixed(0)}`)
  console.log(`cost at ScriptedModel.testPrice ($3/$15 per M, cache read $0.30, write $3.75), summaries included: ` +
    `with ${withSummary.costMicros} µ$, without ${without.costMicros} µ$`)
  console.log(`(both runs took ${seconds} s)`)
}

void main()
