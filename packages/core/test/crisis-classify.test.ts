/**
 * The crisis:classify command, run as a child process the way an operator runs it.
 */
import { assert, describe, it } from "@effect/vitest"
import { spawnSync } from "node:child_process"
import { fileURLToPath } from "node:url"

const script = fileURLToPath(new URL("../scripts/crisis-classify.ts", import.meta.url))

const classify = (input: string) => {
  const result = spawnSync(process.execPath, ["--conditions=@jules/source", script], {
    input,
    encoding: "utf8",
    timeout: 20_000
  })
  return {
    status: result.status,
    stdout: result.stdout.split("\n").filter((line) => line !== "").map((line) => JSON.parse(line) as unknown),
    stderr: result.stderr
  }
}

describe("crisis:classify", () => {
  it("writes one JSON line per text, with category none when there is none", () => {
    const { status, stderr, stdout } = classify(
      [
        JSON.stringify({ id: "a", text: "I'm going to kill myself tonight" }),
        JSON.stringify({ id: 2, text: "this homework is killing me" }),
        JSON.stringify({ id: "c", text: "he hits me when he drinks" })
      ].join("\n") + "\n"
    )
    assert.strictEqual(status, 0)
    assert.strictEqual(stderr, "")
    assert.deepStrictEqual(
      stdout.map((row) => {
        const { category, id, severity } = row as { id: unknown; category: unknown; severity: unknown }
        return { id, category, severity }
      }),
      [
        { id: "a", category: "suicide", severity: "imminent" },
        { id: 2, category: "none", severity: "none" },
        { id: "c", category: "abuse", severity: "concern" }
      ]
    )
    const scores = stdout.map((row) => (row as { score: number }).score)
    assert.isTrue(scores[0]! >= 0.8 && scores[1] === 0 && scores[2]! >= 0.4 && scores[2]! < 0.8)
  })

  it("gives the same answers on every run", () => {
    const input = [
      JSON.stringify({ id: 1, text: "i wanna dieee" }),
      JSON.stringify({ id: 2, text: "sometimes i think about hurting him" })
    ].join("\n")
    assert.deepStrictEqual(classify(input).stdout, classify(input).stdout)
  })

  it("reports a malformed line by number, never by text, keeps going and exits 1", () => {
    const secret = "my secret words about my ex"
    const { status, stderr, stdout } = classify(
      [
        JSON.stringify({ id: "ok-1", text: "hello there" }),
        `{"id": "broken", "text": "${secret}"`,
        "",
        JSON.stringify({ id: "no-text" }),
        JSON.stringify([secret]),
        JSON.stringify({ id: "ok-2", text: "I want to die" })
      ].join("\n") + "\n"
    )
    assert.strictEqual(status, 1)
    assert.deepStrictEqual(stdout.map((row) => (row as { id: unknown }).id), ["ok-1", "ok-2"])
    assert.match(stderr, /line 2\b/)
    assert.match(stderr, /line 4\b/)
    assert.match(stderr, /line 5\b/)
    assert.notMatch(stderr, /line 3\b/)
    assert.notInclude(stderr, "secret")
  })
})
