/**
 * Acceptance 1, first half: `pnpm start` on a fresh checkout. The server runs
 * as `pnpm start` runs it (`node --conditions=@jules/source src/main.ts`), in
 * an empty directory, with no configuration at all: only `PORT=0`, so that
 * parallel test runs never fight over port 3000.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { existsSync } from "node:fs"
import { mkdtemp, rm } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { spawnServer } from "./support/ChildServer.ts"
import * as P from "./support/Providers.ts"

describe("pnpm start with nothing configured", () => {
  it.live("serves /health/ready, the dev simulator, JSON logs, and stops cleanly on SIGTERM", () =>
    Effect.gen(function*() {
      const cwd = yield* Effect.acquireRelease(
        Effect.promise(() => mkdtemp(join(tmpdir(), "jules-fresh-"))),
        (dir) => Effect.promise(() => rm(dir, { recursive: true, force: true }))
      )
      const server = yield* spawnServer({ env: { PORT: "0" }, cwd, startupTimeoutMs: 60_000 })
      let ready = yield* P.request(`${server.url}/health/ready`, {})
      while (ready.status !== 200) {
        yield* Effect.sleep("100 millis")
        ready = yield* P.request(`${server.url}/health/ready`, {})
      }
      assert.deepStrictEqual(JSON.parse(ready.body), { status: "ready" })
      const live = yield* P.request(`${server.url}/health/live`, {})
      assert.strictEqual(live.status, 200)
      // Idle connections outlast a load balancer's 60 s; this one is still open at SIGTERM below.
      assert.strictEqual(live.headers.get("keep-alive"), "timeout=65")
      const page = yield* P.request(`${server.url}/dev`, {})
      assert.strictEqual(page.status, 200)
      assert.include(page.body, "Jules — dev simulator")
      // The embedded database and the development key live under ./.jules.
      assert.isTrue(existsSync(join(cwd, ".jules", "pglite")))
      assert.isTrue(existsSync(join(cwd, ".jules", "encryption-keys")))

      const startup = server.output.map((line) => JSON.parse(line) as Record<string, unknown>)
      const listening = startup.find((line) => line["message"] === "Jules is listening")!
      assert.strictEqual(listening["sms"], "console")
      assert.strictEqual(listening["llm"], "offline")
      assert.strictEqual(listening["environment"], "development")
      assert.strictEqual(listening["devSimulator"], "on")
      assert.match(String(listening["database"]), /^embedded PGlite at .*\.jules\/pglite$/)
      assert.isTrue(startup.some((line) => line["level"] === "WARN" && String(line["message"]).includes("NO LANGUAGE MODEL")))
      assert.isTrue(startup.some((line) => String(line["simulator"]).endsWith("/dev")))

      server.kill("SIGTERM")
      assert.strictEqual((yield* server.exited).code, 0)
      // Every line the server wrote is a JSON log line.
      for (const line of server.output) assert.doesNotThrow(() => JSON.parse(line), line)
    }), { timeout: 120_000 })
})
