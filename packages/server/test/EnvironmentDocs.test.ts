/**
 * `.env.example` says it lists every variable Jules reads, with its default,
 * and the server README's *Environment* tables explain them: an operator who
 * starts from either finds the same variables.
 */
import { assert, describe, it } from "@effect/vitest"
import { readFileSync } from "node:fs"

const read = (relative: string) => readFileSync(new URL(relative, import.meta.url), "utf8")
const serverReadme = read("../README.md")
const rootReadme = read("../../../README.md")
const example = read("../../../.env.example")

/** The variables named in the first column of the tables under `## Environment`. */
const tabled = (): ReadonlyArray<string> => {
  const start = serverReadme.indexOf("\n## Environment")
  const end = serverReadme.indexOf("\n## ", start + 1)
  const section = serverReadme.slice(start, end)
  const names = new Set<string>()
  for (const line of section.split("\n")) {
    const first = /^\| ([^|]+) \|/.exec(line)?.[1]
    for (const match of first?.matchAll(/`([A-Z][A-Z0-9_]+)`/g) ?? []) names.add(match[1]!)
  }
  return [...names]
}

/** The variables `.env.example` sets (commented out, as `# NAME=default`). */
const listed = (): ReadonlyArray<string> => [...example.matchAll(/^# ([A-Z][A-Z0-9_]+)=/gm)].map((match) => match[1]!)

describe("the environment's documentation", () => {
  it("every variable of the README's Environment tables is in .env.example", () => {
    const names = tabled()
    assert.isAbove(names.length, 40)
    const inExample = new Set(listed())
    assert.deepStrictEqual(names.filter((name) => !inExample.has(name)), [])
  })

  it("every variable of .env.example is explained in a README", () => {
    const names = listed()
    assert.isAbove(names.length, 40)
    assert.deepStrictEqual(names.filter((name) => !serverReadme.includes(name) && !rootReadme.includes(name)), [])
  })
})
