/**
 * Issue 14: `pnpm jules:admin`, the admin operations without HTTP, run as
 * the operator would (a child process reading the server's environment) on a
 * database a real server wrote to. Embedded PGlite (a file directory, so the
 * server must stop first), and PostgreSQL when `TEST_DATABASE_URL` is set.
 */
import { assert, describe, it } from "@effect/vitest"
import type { PhoneNumber } from "@jules/core"
import fc from "fast-check"
import { AuditLog } from "@jules/core"
import { Effect, Exit, Option, Result, Scope } from "effect"
import { spawn } from "node:child_process"
import { fileURLToPath } from "node:url"
import * as AdminCli from "../src/admin/AdminCli.ts"
import type { DatabaseKind } from "./support/Databases.ts"
import { ENCRYPTION_KEYS, postgresUrl } from "./support/Databases.ts"
import { durableDatabase } from "./support/ProcessSetup.ts"
import { request } from "./support/Providers.ts"
import { eventually, start, userByPhone } from "./support/TestServer.ts"

const CLI = fileURLToPath(new URL("../scripts/admin.ts", import.meta.url))
const PHONE = "+15555550177" as PhoneNumber

interface Run {
  readonly code: number | null
  readonly stdout: string
  readonly stderr: string
}

const cli = (env: Record<string, string>, args: ReadonlyArray<string>, input = "") =>
  Effect.promise(() =>
    new Promise<Run>((resolve, reject) => {
      const child = spawn(process.execPath, ["--conditions=@jules/source", CLI, ...args], {
        env: { PATH: process.env.PATH ?? "", ...env },
        stdio: ["pipe", "pipe", "pipe"]
      })
      let stdout = ""
      let stderr = ""
      child.stdout.on("data", (chunk) => (stdout += chunk))
      child.stderr.on("data", (chunk) => (stderr += chunk))
      child.on("error", reject)
      child.on("close", (code) => resolve({ code, stdout, stderr }))
      child.stdin.end(input)
    })
  )

/** A person who texted Jules through the dev simulator; the server is stopped afterwards. */
const seed = (database: Record<string, string>) =>
  Effect.gen(function*() {
    const scope = yield* Scope.make()
    const server = yield* start({ ...database, JULES_ENCRYPTION_KEYS: ENCRYPTION_KEYS, BURST_WINDOW_MS: "100" }).pipe(
      Scope.provide(scope)
    )
    const response = yield* request(`${server.url}/dev/messages`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ from: PHONE, body: "hello from the cli test" })
    })
    assert.strictEqual(response.status, 202)
    const user = yield* server.use(eventually(userByPhone(PHONE)))
    yield* Scope.close(scope, Exit.void)
    return user.id
  })

describe("the jules:admin command line", () => {
  it("reads each command's arguments and refuses the rest with a reason", () => {
    const ok = (argv: ReadonlyArray<string>) => Result.getOrThrow(AdminCli.parse(argv))
    assert.deepStrictEqual(ok(["erase", "u1", "--yes"]), { _tag: "erase", userId: "u1" } as never)
    assert.deepStrictEqual(ok(["set-tier", "u1", "pro"]), { _tag: "set-tier", userId: "u1", tier: "pro" } as never)
    assert.deepStrictEqual(ok(["dead-letters", "--limit", "5"]), { _tag: "dead-letters", userId: undefined, limit: 5 } as never)
    const crisis = ok(["crisis-events", "--from", "2026-01-01T00:00:00Z", "--to", "2026-02-01", "--include-text"])
    assert.strictEqual(crisis._tag === "crisis-events" && crisis.includeText, true)
    for (const [argv, reason] of [
      [[], "no command given"],
      [["lookup", "+14155552671"], "lookup takes 0 argument(s)"],
      [["erase", "u1"], "add --yes"],
      [["crisis-events", "--from", "yesterday", "--to", "2026-01-01"], "--from must be an ISO 8601 time"],
      [["dead-letters", "--limit", "many"], "--limit must be a whole number"],
      [["usage", "--since", "2026-01-01"], "unknown or incomplete option --since"]
    ] as const) {
      const parsed = AdminCli.parse(argv)
      assert.isTrue(Result.isFailure(parsed), argv.join(" "))
      assert.include(Result.isFailure(parsed) ? parsed.failure : "", reason)
    }
  })

  it("never throws on any command line", () => {
    fc.assert(fc.property(fc.array(fc.oneof(fc.string(), fc.constantFrom("--from", "--to", "--limit", "--yes", "erase", "usage", "crisis-events"))), (argv) => {
      AdminCli.parse(argv)
    }))
  })
})

for (const kind of ["pglite", "postgres"] as DatabaseKind[]) {
  const skip = kind === "postgres" && postgresUrl === undefined
  describe.skipIf(skip)(`pnpm jules:admin on ${kind === "postgres" ? "PostgreSQL" : "embedded PGlite"}`, () => {
    it.live("looks up by a number on stdin, opts out, reports; refuses what it must; audits as cli", () =>
      Effect.scoped(Effect.gen(function*() {
        const database = yield* durableDatabase(kind)
        const userId = yield* seed(database)
        const env = { ...database, JULES_ENCRYPTION_KEYS: ENCRYPTION_KEYS, LOG_LEVEL: "Warn" }

        const found = yield* cli(env, ["lookup"], `${PHONE}\n`)
        assert.strictEqual(found.code, 0, found.stderr)
        const profile = JSON.parse(found.stdout)
        assert.strictEqual(profile.id, userId)
        assert.strictEqual(profile.consent, "opted_in")
        assert.strictEqual(profile.counts.inboundTexts, 1)
        assert.notInclude(found.stdout + found.stderr, PHONE)

        const out = yield* cli(env, ["opt-out", userId])
        assert.strictEqual(out.code, 0, out.stderr)
        assert.strictEqual(JSON.parse(out.stdout).consent, "opted_out")

        const year = new Date().getUTCFullYear()
        const report = yield* cli(env, ["sb243-report", String(year)])
        assert.strictEqual(report.code, 0, report.stderr)
        assert.strictEqual(JSON.parse(report.stdout).year, year)
        assert.notInclude(report.stdout, userId)

        const usage = yield* cli(env, ["usage"])
        assert.strictEqual(usage.code, 0, usage.stderr)
        assert.isArray(JSON.parse(usage.stdout).rows)

        const exported = yield* cli(env, ["export", userId])
        assert.strictEqual(exported.code, 0, exported.stderr)
        assert.deepStrictEqual(JSON.parse(exported.stdout).inbound.map((m: { body: string }) => m.body), [
          "hello from the cli test"
        ])

        const nobody = yield* cli(env, ["lookup"], "+15555550999")
        assert.strictEqual(nobody.code, 1)
        assert.include(nobody.stderr, "nobody with that phone number")
        assert.notInclude(nobody.stderr, "+15555550999")

        const unconfirmed = yield* cli(env, ["erase", userId])
        assert.strictEqual(unconfirmed.code, 2)
        assert.include(unconfirmed.stderr, "--yes")
        const unknown = yield* cli(env, ["frobnicate"])
        assert.strictEqual(unknown.code, 2)
        assert.include(unknown.stderr, "Usage: pnpm jules:admin")

        const erased = yield* cli(env, ["erase", userId, "--yes"])
        assert.strictEqual(erased.code, 0, erased.stderr)
        assert.strictEqual((yield* cli(env, ["profile", userId])).code, 1)

        // The trail, read by a server on the same database: every call by "cli", none naming the erased person.
        const trail = yield* Effect.scoped(Effect.gen(function*() {
          const server = yield* start({ ...database, JULES_ENCRYPTION_KEYS: ENCRYPTION_KEYS })
          return yield* server.use(
            Effect.flatMap(Effect.service(AuditLog), (log) => log.list({ kind: "admin_call", limit: 1000 })) as unknown as Effect.Effect<
              ReadonlyArray<{ readonly userId?: string; readonly detail: Record<string, string> }>,
              never,
              never
            >
          )
        }))
        assert.deepStrictEqual(trail.map((e) => `${e.detail.caller} ${e.detail.action} ${e.detail.outcome}`), [
          "cli people.lookup ok",
          "cli people.opt_out ok",
          "cli reports.sb243 ok",
          "cli usage.costs ok",
          "cli people.export ok",
          "cli people.lookup PersonNotFound",
          "cli people.erase ok",
          "cli people.profile PersonNotFound"
        ])
        for (const entry of trail) assert.isUndefined(entry.userId)
        assert.isTrue(Option.isNone(Option.fromUndefinedOr(trail.find((e) => JSON.stringify(e).includes(userId)))))
      })), { timeout: 180_000 })
  })
}
