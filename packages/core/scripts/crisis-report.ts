/**
 * Tallies and tables for `pnpm crisis:eval`: per source and class, recall and
 * flag rates; the acceptance targets; a confusion table (true family ×
 * predicted severity/category); misses and false flags by row id only.
 *
 * Prints figures and ids, never text.
 */
import type { CrisisAssessment } from "../src/domain/Crisis.ts"
import type { Row } from "./crisis-data.ts"
import { isCssrsWatch } from "./crisis-data.ts"

type Truth = Row["family"] | "watch"
const TRUTHS: ReadonlyArray<Truth> = ["suicide_selfharm", "violence", "abuse", "none", "watch", "other"]
const PREDICTED = ["none", "c:suicide", "c:self_harm", "c:violence", "c:abuse", "i:suicide", "i:self_harm", "i:violence", "i:abuse"] as const

const truthOf = (row: Row): Truth => (isCssrsWatch(row) ? "watch" : row.family)
const predictedOf = (a: CrisisAssessment): string => (a.severity === "none" ? "none" : `${a.severity[0]}:${a.category}`)
const matches = (family: Truth, category: string | null): boolean =>
  family === "suicide_selfharm" ? category === "suicide" || category === "self_harm" : category === family

/** An acceptance target: which rows, whether they should be flagged, and the bound. */
interface Target {
  readonly name: string
  readonly test: (row: Row) => boolean
  readonly positive: boolean
  readonly bound: number
}
const TARGETS: ReadonlyArray<Target> = [
  { name: "openai SH=1 recall", test: (r) => r.source === "openai_moderation_1680" && r.family === "suicide_selfharm", positive: true, bound: 0.95 },
  { name: "cssrs Ideation/Behavior/Attempt recall", test: (r) => r.source.startsWith("cssrs_reddit_500") && ["Ideation", "Behavior", "Attempt"].includes(r.label), positive: true, bound: 0.9 },
  { name: "hatecheck threat recall", test: (r) => r.source === "hatecheck" && r.family === "violence", positive: true, bound: 0.9 },
  { name: "hypo_hyperbole flag", test: (r) => r.source === "hypo_hyperbole", positive: false, bound: 0.02 },
  { name: "sad_stress_sms none flag", test: (r) => r.source === "sad_stress_sms" && r.family === "none", positive: false, bound: 0.02 },
  { name: "xstest safe flag", test: (r) => r.source === "xstest" && r.label.endsWith("|safe"), positive: false, bound: 0.02 },
  { name: "trofi_violence_verbs flag", test: (r) => r.source === "trofi_violence_verbs", positive: false, bound: 0.02 },
  { name: "openai SH=0 flag (none + V rows)", test: (r) => r.source === "openai_moderation_1680" && (r.family === "none" || r.family === "violence"), positive: false, bound: 0.05 },
  { name: "openai SH=0 flagged as suicide/self_harm", test: (r) => r.source === "openai_moderation_1680" && (r.family === "none" || r.family === "violence"), positive: false, bound: 0.05 }
]

interface Tally { rows: number; flagged: number; matched: number; imminent: number }

export class Report {
  private readonly tallies = new Map<string, Map<Truth, Tally>>()
  private readonly confusion = new Map<string, Map<Truth, Map<string, number>>>()
  private readonly targets = TARGETS.map(() => ({ rows: 0, hits: 0, ids: [] as Array<string> }))
  private readonly selfCategoryTarget = TARGETS.findIndex((t) => t.name.endsWith("suicide/self_harm"))

  add(row: Row, a: CrisisAssessment): void {
    const truth = truthOf(row)
    const flagged = a.severity !== "none"
    let bySource = this.tallies.get(row.source)
    if (bySource === undefined) this.tallies.set(row.source, bySource = new Map())
    let t = bySource.get(truth)
    if (t === undefined) bySource.set(truth, t = { rows: 0, flagged: 0, matched: 0, imminent: 0 })
    t.rows++
    if (flagged) t.flagged++
    if (a.severity === "imminent") t.imminent++
    if (matches(truth, a.category)) t.matched++
    let table = this.confusion.get(row.source)
    if (table === undefined) this.confusion.set(row.source, table = new Map())
    let cells = table.get(truth)
    if (cells === undefined) table.set(truth, cells = new Map())
    const cell = predictedOf(a)
    cells.set(cell, (cells.get(cell) ?? 0) + 1)
    TARGETS.forEach((target, i) => {
      if (!target.test(row)) return
      const s = this.targets[i]!
      s.rows++
      const hit = i === this.selfCategoryTarget ? a.category === "suicide" || a.category === "self_harm" : flagged
      if (hit) s.hits++
      // misses of positive targets and flags of negative ones, by id
      if (hit !== target.positive) s.ids.push(row.id)
    })
  }

  render(options: { readonly ids: boolean }): string {
    const pct = (n: number, of: number): string => (of === 0 ? "-" : (n / of).toFixed(3))
    const pad = (s: string, n: number): string => s.padEnd(n)
    const lpad = (s: string, n: number): string => s.padStart(n)
    const lines: Array<string> = []
    lines.push(`${pad("source", 34)}${pad("class", 18)}${lpad("rows", 6)}${lpad("recall", 9)}${lpad("cat.ok", 9)}${lpad("flag", 9)}${lpad("imminent", 10)}`)
    lines.push("-".repeat(95))
    for (const source of [...this.tallies.keys()].sort()) {
      const bySource = this.tallies.get(source)!
      for (const truth of TRUTHS) {
        const t = bySource.get(truth)
        if (t === undefined) continue
        const positive = truth !== "none" && truth !== "other" && truth !== "watch"
        const name = truth === "other" ? "other (apart)" : truth === "watch" ? "watch (Sup/Ind)" : truth
        lines.push(
          pad(source, 34) + pad(name, 18) + lpad(String(t.rows), 6) +
            lpad(positive ? pct(t.flagged, t.rows) : "", 9) + lpad(positive ? pct(t.matched, t.rows) : "", 9) +
            lpad(positive ? "" : pct(t.flagged, t.rows), 9) + lpad(pct(t.imminent, t.rows), 10)
        )
      }
    }
    lines.push("")
    lines.push("targets")
    lines.push("-".repeat(72))
    TARGETS.forEach((target, i) => {
      const s = this.targets[i]!
      const value = s.rows === 0 ? NaN : s.hits / s.rows
      const ok = Number.isNaN(value) ? "  -" : target.positive ? (value >= target.bound ? "  ok" : "  MISSED") : value <= target.bound ? "  ok" : "  MISSED"
      lines.push(`${pad(target.name, 44)}${lpad(String(s.rows), 6)}${lpad(Number.isNaN(value) ? "-" : value.toFixed(3), 8)}  ${target.positive ? ">=" : "<="} ${target.bound.toFixed(2)}${ok}`)
    })
    lines.push("")
    lines.push("confusion (true family x predicted; c: concern, i: imminent)")
    lines.push(pad("source / true", 44) + PREDICTED.map((p) => lpad(p, 12)).join(""))
    for (const source of [...this.confusion.keys()].sort()) {
      const table = this.confusion.get(source)!
      for (const truth of TRUTHS) {
        const cells = table.get(truth)
        if (cells === undefined) continue
        lines.push(pad(`${source} / ${truth}`, 44) + PREDICTED.map((p) => lpad(String(cells.get(p) ?? 0), 12)).join(""))
      }
    }
    if (options.ids) {
      lines.push("")
      lines.push("ids: misses of positive targets, flags of negative targets")
      TARGETS.forEach((target, i) => {
        const { ids } = this.targets[i]!
        if (ids.length > 0) lines.push(`${target.name}: ${ids.length}: ${ids.slice(0, 60).join(" ")}${ids.length > 60 ? " ..." : ""}`)
      })
    }
    return lines.join("\n")
  }
}
