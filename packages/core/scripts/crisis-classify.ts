/**
 * Screens texts from the command line, offline and deterministically.
 *
 *   pnpm crisis:classify < in.jsonl > out.jsonl
 *
 * Reads JSON lines `{"id": ..., "text": "..."}` on stdin and writes one JSON
 * line `{"id", "category", "severity", "score"}` per input line on stdout
 * (category "none" when there is none). A malformed line is reported on
 * stderr by its line number - never its text - and skipped; the exit code is
 * then 1. Blank lines are ignored.
 */
import { createInterface } from "node:readline"
import { screenCrisis } from "../src/policy/CrisisScreen.ts"

type Id = string | number

const parse = (line: string): { readonly id: Id; readonly text: string } | string => {
  let value: unknown
  try {
    value = JSON.parse(line)
  } catch {
    return "not valid JSON"
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) return "not a JSON object"
  const { id, text } = value as { readonly id?: unknown; readonly text?: unknown }
  if (typeof id !== "string" && (typeof id !== "number" || !Number.isFinite(id))) return "\"id\" must be a string or a number"
  if (typeof text !== "string") return "\"text\" must be a string"
  return { id, text }
}

let lineNumber = 0
let malformed = 0
const lines = createInterface({ input: process.stdin, crlfDelay: Infinity })
for await (const line of lines) {
  lineNumber++
  if (line.trim() === "") continue
  const record = parse(line)
  if (typeof record === "string") {
    malformed++
    process.stderr.write(`crisis:classify: line ${lineNumber}: ${record}; skipped\n`)
    continue
  }
  const { category, score, severity } = screenCrisis(record.text)
  process.stdout.write(`${JSON.stringify({ id: record.id, category: category ?? "none", severity, score })}\n`)
}
if (malformed > 0) {
  process.stderr.write(`crisis:classify: ${malformed} malformed line(s) of ${lineNumber}\n`)
  process.exitCode = 1
}
