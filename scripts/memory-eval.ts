/**
 * The memory eval: the offline fact extractor on the team's exchanges
 * (`scripts/memory-eval/exchanges.ts`), then the model path through a whole
 * turn against a scripted model, to check the plumbing end to end.
 *
 *   pnpm memory:eval [--misses]
 *     --misses   list the facts missed and the facts kept wrongly
 *
 * Precision: kept facts that a careful listener would keep. Recall: facts a
 * careful listener would keep that were kept. Matched as whole sentences,
 * ignoring letter case. Target: recall >= 0.80 at precision >= 0.95 on the
 * team's set, which the rules were tuned on. Two more sets are reported
 * apart: `held-out.ts` (written after that tuning, then used for a second
 * round) and `test-set.ts` (never used to change the rules: the fairest
 * estimate of phrasing the rules have not seen).
 */
import { parseArgs } from "node:util"
import { defaultSettings, MemoryStore, TurnId } from "@jules/core"
import { ModelScripts, Scenario } from "@jules/testkit"
import { Effect, References } from "effect"
import { extractFacts } from "../packages/core/src/policy/FactExtraction.ts"
import { exchanges, type Exchange, type Kind } from "./memory-eval/exchanges.ts"
import { heldOut } from "./memory-eval/held-out.ts"
import { testSet } from "./memory-eval/test-set.ts"

const { values } = parseArgs({ options: { misses: { type: "boolean", default: false } } })

interface Tally {
  kept: number
  right: number
  expected: number
  found: number
}

const ratio = (a: number, b: number) => (b === 0 ? 1 : a / b)
const fmt = (n: number) => n.toFixed(3)

/** Prints the table for `set`; returns overall precision and recall. */
const score = (title: string, set: ReadonlyArray<Exchange>) => {
  const tallies = new Map<Kind | "all", Tally>()
  const tally = (kind: Kind | "all") => {
    let t = tallies.get(kind)
    if (t === undefined) tallies.set(kind, t = { kept: 0, right: 0, expected: 0, found: 0 })
    return t
  }
  const misses: Array<string> = []
  for (const exchange of set) {
    const kept = extractFacts(exchange.them, { previousReply: exchange.jules })
    const expected = exchange.facts.map((f) => f.toLowerCase())
    const right = kept.filter((f) => expected.includes(f.toLowerCase()))
    const found = expected.filter((f) => kept.some((k) => k.toLowerCase() === f))
    for (const t of [tally(exchange.kind), tally("all")]) {
      t.kept += kept.length
      t.right += right.length
      t.expected += expected.length
      t.found += found.length
    }
    for (const f of kept) {
      if (!expected.includes(f.toLowerCase())) misses.push(`  wrong  [${exchange.kind}] "${exchange.them}" -> ${f}`)
    }
    for (const f of exchange.facts) {
      if (!kept.some((k) => k.toLowerCase() === f.toLowerCase())) {
        misses.push(`  missed [${exchange.kind}] "${exchange.them}" -> ${f}`)
      }
    }
  }
  console.log(`\n${title}: ${set.length} exchanges, ${tally("all").expected} facts to keep\n`)
  console.log("kind        exchanges  precision  recall")
  for (const kind of ["plain", "casual", "misspelt", "indirect", "corrected", "none", "all"] as const) {
    const t = tally(kind)
    const n = kind === "all" ? set.length : set.filter((e) => e.kind === kind).length
    console.log(
      `${kind.padEnd(12)}${String(n).padStart(9)}  ${fmt(ratio(t.right, t.kept)).padStart(9)}  ${fmt(ratio(t.found, t.expected)).padStart(6)}`
    )
  }
  if (values.misses && misses.length > 0) console.log(`\n${misses.join("\n")}`)
  const all = tally("all")
  return { precision: ratio(all.right, all.kept), recall: ratio(all.found, all.expected) }
}

const team = score("Offline extractor, the team's set", exchanges)
const offlineOk = team.recall >= 0.8 && team.precision >= 0.95
console.log(`\ntarget recall >= 0.80 at precision >= 0.95: ${offlineOk ? "met" : "NOT met"}`)
score("Offline extractor, held-out set (written after tuning; its misses guided a second round)", heldOut)
score("Offline extractor, test set (never looked at while changing the rules)", testSet)

/**
 * The model path: each exchange with facts becomes a turn whose background
 * call the scripted model answers with those facts as "add" operations; the
 * facts must then be in the store. Checks the request, the reading of the
 * answer and the store, not the model's judgement.
 */
const modelPath = Effect.gen(function*() {
  const scripts = yield* ModelScripts
  const store = yield* MemoryStore
  let stored = 0
  let wanted = 0
  let calls = 0
  let turns = 0
  for (const exchange of exchanges.filter((e) => e.facts.length > 0)) {
    const operations = exchange.facts.map((fact) => ({ op: "add", id: null, fact, category: "other" }))
    yield* scripts.reply("primary", JSON.stringify({ operations }), { purpose: "memory_extraction" })
    const person = yield* Scenario.person()
    const result = yield* person.texts(exchange.them)
    turns++
    const user = yield* person.user
    const facts = (yield* store.facts(user.id)).map((f) => f.text.toLowerCase())
    wanted += exchange.facts.length
    stored += exchange.facts.filter((f) => facts.includes(f.toLowerCase())).length
    if (result.turn !== undefined && (yield* store.changesApplied(user.id, TurnId.make(result.turn.id)))) calls++
  }
  const requests = (yield* scripts.requests("primary")).filter((c) => c.request.purpose === "memory_extraction")
  return { stored, wanted, calls, turns, requests: requests.length }
}).pipe(
  Effect.provide(Scenario.layer({ settings: { memory: defaultSettings.memory }, testLayers: { models: ["primary"] } })),
  Effect.provideService(References.MinimumLogLevel, "Error")
)

const result = await Effect.runPromise(modelPath)
console.log(
  `\nModel path (scripted model): ${result.requests} extraction calls for ${result.turns} turns, ` +
    `${result.calls} turns applied, ${result.stored}/${result.wanted} facts stored`
)
const modelOk = result.requests === result.turns && result.calls === result.turns && result.stored === result.wanted
console.log(`model path plumbing: ${modelOk ? "ok" : "BROKEN"}`)
process.exitCode = offlineOk && modelOk ? 0 : 1
