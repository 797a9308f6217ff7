/**
 * The server process in production, and starts that fail (child processes, as
 * `pnpm start` runs the server):
 *
 * - `NODE_ENV=production` with nothing else: refused before anything is
 *   opened, in one log line listing every problem with its fix.
 * - A safe production configuration (PostgreSQL when `TEST_DATABASE_URL` is
 *   set, else the embedded database opted into; Twilio and the model pointed at
 *   local fakes) starts with the simulator off: `/dev` answers 404, logged as
 *   404. Restarted with another key it is refused in one line; with the new
 *   key in front of the old one it starts.
 * - A port in use and an unreachable database: one readable line each, no stack.
 *
 * Each refusal case on its own is in `Preflight.test.ts` (in process, fast).
 */
import { assert, describe, it } from "@effect/vitest"
import { FakeTwilioServer, unusedPort } from "@jules/testkit"
import { Effect } from "effect"
import { existsSync } from "node:fs"
import { mkdtemp, rm } from "node:fs/promises"
import { createServer } from "node:net"
import type { AddressInfo } from "node:net"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { runToExit, spawnServer } from "./support/ChildServer.ts"
import { postgresUrl, scratchPostgres } from "./support/Databases.ts"
import * as EchoModel from "./support/EchoModel.ts"
import * as P from "./support/Providers.ts"

const key = (id: string, fill: number) => `${id}:${Buffer.alloc(32, fill).toString("base64")}`
const [K1, K2] = [key("k1", 1), key("k2", 2)]

type Line = Record<string, unknown>
const parse = (output: ReadonlyArray<string>): ReadonlyArray<Line> => output.map((line) => JSON.parse(line) as Line)
const errors = (output: ReadonlyArray<string>) => parse(output).filter((line) => line["level"] === "ERROR")

/** Exactly one ERROR line, with no stack anywhere in the output. */
const oneErrorLine = (output: ReadonlyArray<string>): Line => {
  const found = errors(output)
  assert.strictEqual(found.length, 1, output.join("\n"))
  for (const line of output) assert.notMatch(line, /\n\s+at |\\n\s+at /, line)
  return found[0]!
}

const tempDir = Effect.acquireRelease(
  Effect.promise(() => mkdtemp(join(tmpdir(), "jules-production-"))),
  (dir) => Effect.promise(() => rm(dir, { recursive: true, force: true }))
)

describe("production", () => {
  it.live("NODE_ENV=production alone: refused in one line listing every problem, before anything is opened", () =>
    Effect.gen(function*() {
      const cwd = yield* tempDir
      const { code, output } = yield* runToExit({ env: { NODE_ENV: "production", PORT: "0" }, cwd })
      assert.strictEqual(code, 1)
      const line = oneErrorLine(output)
      const message = String(line["message"])
      assert.match(message, /^Jules cannot start: the configuration has 5 problems: \(1\) /)
      for (
        const part of [
          "set SMS_PROVIDER=twilio or bandwidth",
          "set ANTHROPIC_API_KEY or OPENAI_API_KEY",
          "set JULES_SUPPORT_CONTACT",
          "set DATABASE_URL to a PostgreSQL database, or JULES_EMBEDDED_DATABASE=on",
          "generate one with node -e"
        ]
      ) assert.include(message, part)
      assert.lengthOf(line["problems"] as ReadonlyArray<string>, 5)
      // Nothing was created: no embedded database, no generated key.
      assert.isFalse(existsSync(join(cwd, ".jules")))
    }), { timeout: 60_000 })

  it.live("a safe configuration starts with /dev off (404, logged as 404); another key is refused; old after new starts", () =>
    Effect.gen(function*() {
      const fakeTwilio = yield* FakeTwilioServer.make()
      const model = yield* EchoModel.make
      const database = postgresUrl === undefined
        ? { JULES_EMBEDDED_DATABASE: "on", JULES_DATA_DIR: yield* tempDir }
        : { DATABASE_URL: yield* scratchPostgres(postgresUrl) }
      const env = {
        ...database,
        ...P.twilioEnv(fakeTwilio),
        ...model.env,
        NODE_ENV: "production",
        JULES_SUPPORT_CONTACT: "help@jules.example",
        BURST_WINDOW_MS: "100",
        HOST: "127.0.0.1",
        PORT: "0"
      }

      const first = yield* spawnServer({ env: { ...env, JULES_ENCRYPTION_KEYS: K1 } })
      const listening = parse(first.output).find((line) => line["message"] === "Jules is listening")!
      assert.strictEqual(listening["environment"], "production")
      assert.strictEqual(listening["devSimulator"], "off")
      assert.strictEqual(listening["sms"], "twilio")
      for (const path of ["/dev", "/dev/events?phone=%2B15555550100", "/nothing-here"]) {
        assert.strictEqual((yield* P.request(`${first.url}${path}`, {})).status, 404, path)
      }
      const ok = yield* P.postTwilio(first.url, "/webhooks/twilio/sms", P.inboundParams({ from: "+15555550181", body: "hi #prod" }), {
        authToken: fakeTwilio.authToken
      })
      assert.strictEqual(ok.status, 200)
      first.kill("SIGTERM")
      assert.strictEqual((yield* first.exited).code, 0)
      const access = parse(first.output).filter((line) => line["message"] === "request")
      assert.deepStrictEqual(
        access.map((line) => [line["path"], line["status"]]),
        [["/dev", 404], ["/dev/events", 404], ["/nothing-here", 404], ["/webhooks/twilio/sms", 200]]
      )
      assert.isFalse(first.output.some((line) => line.includes("Text Jules from the dev simulator")))

      // The same database with another key: refused in one line naming the key id it needs.
      const wrong = yield* runToExit({ env: { ...env, JULES_ENCRYPTION_KEYS: K2 } })
      assert.strictEqual(wrong.code, 1)
      const refusal = String(oneErrorLine(wrong.output)["message"])
      assert.include(refusal, "JULES_ENCRYPTION_KEYS holds none of the keys this database was encrypted with (key ids seen: k1)")
      assert.notInclude(refusal, K1.slice(3))
      assert.notInclude(refusal, K2.slice(3))

      // The new key in front of the old one: starts.
      const rotated = yield* spawnServer({ env: { ...env, JULES_ENCRYPTION_KEYS: `${K2},${K1}` } })
      rotated.kill("SIGTERM")
      assert.strictEqual((yield* rotated.exited).code, 0)
      for (const line of [...first.output, ...wrong.output, ...rotated.output]) {
        assert.notInclude(line, "15555550181")
        assert.notInclude(line, "hi #prod")
      }
    }), { timeout: 180_000 })

  it.live("a port in use and an unreachable database: one readable line each, with the fix", () =>
    Effect.gen(function*() {
      const busy = yield* Effect.acquireRelease(
        Effect.callback<ReturnType<typeof createServer>>((resume) => {
          const server = createServer()
          server.listen(0, "127.0.0.1", () => {
            resume(Effect.succeed(server))
          })
        }),
        (server) =>
          Effect.callback<void>((resume) => {
            server.close(() => resume(Effect.void))
          })
      )
      const busyPort = (busy.address() as AddressInfo).port
      const database = postgresUrl === undefined
        ? { JULES_DATA_DIR: "memory://" }
        : { DATABASE_URL: yield* scratchPostgres(postgresUrl) }
      const keys = { JULES_ENCRYPTION_KEYS: K1 }
      const [portInUse, noDatabase] = yield* Effect.all([
        runToExit({ env: { ...database, ...keys, HOST: "127.0.0.1", PORT: String(busyPort) } }),
        runToExit({
          env: { ...keys, DATABASE_URL: `postgres://jules:hunter2@127.0.0.1:${yield* unusedPort}/jules`, PORT: "0" }
        })
      ], { concurrency: "unbounded" })

      assert.strictEqual(portInUse.code, 1)
      const inUse = oneErrorLine(portInUse.output)
      assert.strictEqual(inUse["message"], `Jules cannot start: port ${busyPort} on 127.0.0.1 is already in use`)
      assert.include(String(inUse["fix"]), "set PORT to a free port")

      assert.strictEqual(noDatabase.code, 1)
      const unreachable = oneErrorLine(noDatabase.output)
      assert.match(String(unreachable["message"]), /^Jules cannot start: cannot connect to the database: .*ECONNREFUSED/)
      assert.include(String(unreachable["fix"]), "DATABASE_URL")
      assert.isFalse(noDatabase.output.some((line) => line.includes("hunter2")))
    }), { timeout: 120_000 })
})
