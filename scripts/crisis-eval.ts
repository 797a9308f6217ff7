/**
 * Evaluates the crisis screen on a labelled, gzipped CSV
 * (columns id, source, label, proposed_class, n_chars, text).
 *
 *   pnpm crisis:eval [path]      default: ../shared/data/crisis/dev.csv.gz
 *
 * Per source it reports, for crisis-labelled rows (proposed_class starting with
 * suicide_selfharm, violence or abuse), recall (any severity but none), how
 * often the predicted category matches, and the imminent share; for rows
 * labelled none, the flag rate. Rows whose class is unknown(...), review or
 * harmful_request are reported apart and counted in neither.
 *
 * The rows are real people's words: this script prints figures only, never text.
 */
import { existsSync, readFileSync } from "node:fs"
import { resolve } from "node:path"
import { gunzipSync } from "node:zlib"
import { screenCrisis } from "@jules/core"

const root = resolve(import.meta.dirname, "..")
const path = resolve(root, process.argv[2] ?? "../shared/data/crisis/dev.csv.gz")
if (!existsSync(path)) {
  process.stderr.write(`crisis:eval: no data at ${path}\nPass the path of a gzipped CSV: pnpm crisis:eval path/to/file.csv.gz\n`)
  process.exit(2)
}

/** RFC 4180 rows: quoted fields may hold commas, doubled quotes and newlines. */
function* csvRows(text: string): Generator<Array<string>> {
  let field = ""
  let row: Array<string> = []
  let quoted = false
  for (let i = 0; i < text.length; i++) {
    const c = text[i]
    if (quoted) {
      if (c === "\"") {
        if (text[i + 1] === "\"") { field += "\""; i++ } else quoted = false
      } else field += c
    } else if (c === "\"") quoted = true
    else if (c === ",") { row.push(field); field = "" }
    else if (c === "\n" || c === "\r") {
      if (c === "\r" && text[i + 1] === "\n") i++
      row.push(field); field = ""
      if (row.length > 1 || row[0] !== "") yield row
      row = []
    } else field += c
  }
  if (field !== "" || row.length > 0) { row.push(field); yield row }
}

type Family = "suicide_selfharm" | "violence" | "abuse" | "none" | "other"
const FAMILIES: ReadonlyArray<Family> = ["suicide_selfharm", "violence", "abuse", "none", "other"]
const familyOf = (proposed: string): Family => {
  if (proposed.startsWith("suicide_selfharm")) return "suicide_selfharm"
  if (proposed.startsWith("violence")) return "violence"
  if (proposed.startsWith("abuse")) return "abuse"
  if (proposed.startsWith("none")) return "none"
  return "other"
}
const matches = (family: Family, category: string | null): boolean =>
  family === "suicide_selfharm" ? category === "suicide" || category === "self_harm" : category === family

interface Tally { rows: number; flagged: number; matched: number; imminent: number }
const tallies = new Map<string, Map<Family, Tally>>()
const tallyOf = (source: string, family: Family): Tally => {
  let bySource = tallies.get(source)
  if (bySource === undefined) { bySource = new Map(); tallies.set(source, bySource) }
  let tally = bySource.get(family)
  if (tally === undefined) { tally = { rows: 0, flagged: 0, matched: 0, imminent: 0 }; bySource.set(family, tally) }
  return tally
}

const rows = csvRows(gunzipSync(readFileSync(path)).toString("utf8"))
const header = rows.next().value ?? []
const column = (name: string): number => {
  const at = header.indexOf(name)
  if (at === -1) {
    process.stderr.write(`crisis:eval: the CSV has no "${name}" column\n`)
    process.exit(2)
  }
  return at
}
const SOURCE = column("source")
const CLASS = column("proposed_class")
const TEXT = column("text")

let total = 0
const started = performance.now()
for (const row of rows) {
  const source = row[SOURCE] ?? ""
  const family = familyOf(row[CLASS] ?? "")
  const assessment = screenCrisis(row[TEXT] ?? "")
  const tally = tallyOf(source, family)
  tally.rows++
  total++
  if (assessment.severity !== "none") tally.flagged++
  if (assessment.severity === "imminent") tally.imminent++
  if (matches(family, assessment.category)) tally.matched++
}
const seconds = (performance.now() - started) / 1000

const pct = (n: number, of: number): string => (of === 0 ? "-" : (n / of).toFixed(3))
const pad = (s: string, n: number): string => s.padEnd(n)
const lpad = (s: string, n: number): string => s.padStart(n)

const lines: Array<string> = []
lines.push(`crisis:eval  ${path}`)
lines.push(`${total} rows screened in ${seconds.toFixed(2)} s`)
lines.push("")
lines.push(
  `${pad("source", 34)}${pad("class", 18)}${lpad("rows", 6)}${lpad("recall", 9)}${lpad("cat.ok", 9)}${lpad("flag", 9)}${lpad("imminent", 10)}`
)
lines.push("-".repeat(95))
for (const source of [...tallies.keys()].sort()) {
  const bySource = tallies.get(source)!
  for (const family of FAMILIES) {
    const t = bySource.get(family)
    if (t === undefined) continue
    const positive = family !== "none" && family !== "other"
    lines.push(
      pad(source, 34) +
        pad(family === "other" ? "other (apart)" : family, 18) +
        lpad(String(t.rows), 6) +
        lpad(positive ? pct(t.flagged, t.rows) : "", 9) +
        lpad(positive ? pct(t.matched, t.rows) : "", 9) +
        lpad(positive ? "" : pct(t.flagged, t.rows), 9) +
        lpad(pct(t.imminent, t.rows), 10)
    )
  }
}
lines.push("")
lines.push("recall: crisis rows flagged (any severity but none); cat.ok: predicted category matches;")
lines.push("flag: none rows flagged; other: unknown(...)/review/harmful_request classes, counted in neither.")
process.stdout.write(lines.join("\n") + "\n")
