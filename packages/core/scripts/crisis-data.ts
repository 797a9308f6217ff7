/**
 * Reading the crisis data for training and evaluation: the labelled CSV
 * (gzipped; columns id, source, label, proposed_class, n_chars, text) and the
 * Suicide Risk Lexicon CSVs (construct, token).
 *
 * The rows are real people's words: nothing here prints or writes their text.
 */
import { existsSync, readFileSync } from "node:fs"
import { resolve } from "node:path"
import { gunzipSync } from "node:zlib"
import type { Constructs } from "../src/policy/crisis/Features.ts"

export const DATA_DIR = resolve(import.meta.dirname, "..", "..", "..", "..", "shared", "data", "crisis")
export const DEFAULT_DATA = resolve(DATA_DIR, "dev.csv.gz")

/** Sources a shipped model may learn from (the data README); every other source is for measurement only. */
export const TRAIN_SOURCES: ReadonlyArray<string> = [
  "openai_moderation_1680",
  "xstest",
  "hypo_hyperbole",
  "sad_stress_sms",
  "hatecheck",
  "cssrs_reddit_500_userlevel"
]
export const isTrainSource = (source: string): boolean =>
  TRAIN_SOURCES.includes(source) || source.startsWith("cssrs_reddit_500")

export type Family = "suicide_selfharm" | "violence" | "abuse" | "none" | "other"

export interface Row {
  readonly id: string
  readonly source: string
  readonly label: string
  readonly family: Family
  /** The source's label says this is a review case (openai V, xstest unsafe contrasts): never a training target. */
  readonly review: boolean
  readonly text: string
}

export const familyOf = (proposed: string): Family => {
  if (proposed.startsWith("suicide_selfharm")) return "suicide_selfharm"
  if (proposed.startsWith("violence")) return "violence"
  if (proposed.startsWith("abuse")) return "abuse"
  if (proposed.startsWith("none")) return "none"
  return "other"
}

/** C-SSRS users labelled Supportive or Indicator: not crisis for recall, and not clean negatives either. */
export const isCssrsWatch = (row: Row): boolean =>
  row.source.startsWith("cssrs_reddit_500") && (row.label === "Supportive" || row.label === "Indicator")

/** RFC 4180 rows: quoted fields may hold commas, doubled quotes and newlines. */
export function* csvRows(text: string): Generator<Array<string>> {
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

const fail = (message: string): never => {
  process.stderr.write(`${message}\n`)
  process.exit(2)
}

/** Reads a gzipped labelled CSV; exits with a message (never data) when it is missing or malformed. */
export const readRows = (path: string): ReadonlyArray<Row> => {
  if (!existsSync(path)) return fail(`no data at ${path}\nPass the path of a gzipped CSV.`)
  const rows = csvRows(gunzipSync(readFileSync(path)).toString("utf8"))
  const header = rows.next().value ?? []
  const column = (name: string): number => {
    const at = header.indexOf(name)
    return at === -1 ? fail(`the CSV has no "${name}" column`) : at
  }
  const [ID, SOURCE, LABEL, CLASS, TEXT] = ["id", "source", "label", "proposed_class", "text"].map(column) as [number, number, number, number, number]
  const out: Array<Row> = []
  for (const row of rows) {
    const proposed = row[CLASS] ?? ""
    out.push({
      id: row[ID] ?? "",
      source: row[SOURCE] ?? "",
      label: row[LABEL] ?? "",
      family: familyOf(proposed),
      review: proposed.includes("review"),
      text: row[TEXT] ?? ""
    })
  }
  return out
}

const LEXICON_FILES = [
  "suicide_risk_lexicon_v1_validated_crisis_constructs.csv",
  "suicide_risk_lexicon_v1_prototypical_crisis_constructs.csv"
]

/** The lexicon's constructs with their phrases, deduplicated and sorted: the same files give the same list. */
export const readLexicon = (dir: string = DATA_DIR): Constructs => {
  const byConstruct = new Map<string, Set<string>>()
  for (const file of LEXICON_FILES) {
    const path = resolve(dir, file)
    if (!existsSync(path)) return fail(`no lexicon at ${path}`)
    const rows = csvRows(readFileSync(path, "utf8"))
    const header = rows.next().value ?? []
    const construct = header.indexOf("construct")
    const token = header.indexOf("token")
    if (construct === -1 || token === -1) return fail(`${file}: expected columns construct, token`)
    for (const row of rows) {
      const name = (row[construct] ?? "").trim()
      const phrase = (row[token] ?? "").trim().toLowerCase()
      if (name === "" || phrase === "") continue
      let set = byConstruct.get(name)
      if (set === undefined) byConstruct.set(name, set = new Set())
      set.add(phrase)
    }
  }
  return [...byConstruct.keys()].sort().map((name) => [name, [...byConstruct.get(name)!].sort()] as const)
}
