import { assert, describe, it } from "@effect/vitest"
import { readdirSync, readFileSync } from "node:fs"
import { join, relative } from "node:path"

const src = join(import.meta.dirname, "..", "src")
const files = (dir: string): Array<string> =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith(".ts") ? [join(dir, e.name)] : []
  )
const specifiers = (code: string) =>
  [...code.matchAll(/(?:^|\s)(?:import|export)\s[^'"]*?from\s+["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/gm)]
    .map((m) => m[1] ?? m[2]!)

describe("@jules/core", () => {
  it("imports nothing but effect and its own files", () => {
    const offenders = files(src).flatMap((file) =>
      specifiers(readFileSync(file, "utf8"))
        .filter((s) => !(s.startsWith("./") || s.startsWith("../") || s === "effect" || s.startsWith("effect/")))
        .map((s) => `${relative(src, file)} imports ${s}`)
    )
    assert.deepStrictEqual(offenders, [])
    assert.isAbove(files(src).length, 20)
  })

  it("uses no process, Buffer or console (no I/O)", () => {
    const offenders = files(src).filter((file) => /\b(?:process\.|Buffer\.|console\.)/.test(readFileSync(file, "utf8")))
    assert.deepStrictEqual(offenders.map((f) => relative(src, f)), [])
  })
})
