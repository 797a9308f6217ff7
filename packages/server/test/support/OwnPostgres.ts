/**
 * A PostgreSQL cluster of the test's own, on a free port, made with Debian's
 * `initdb` and `pg_ctl`, so a test can stop and start it without touching the
 * shared server. As root, the cluster runs as the `postgres` user (PostgreSQL
 * refuses to run as root). `available` is false, with the reason, where the
 * binaries or that user are missing.
 */
import { execFileSync } from "node:child_process"
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import type { Scope } from "effect"
import { Effect } from "effect"
import { unusedPort } from "@jules/testkit"

const binDir = (): string | undefined => {
  const root = "/usr/lib/postgresql"
  if (!existsSync(root)) return undefined
  const versions = readdirSync(root).filter((v) => existsSync(join(root, v, "bin", "pg_ctl"))).sort()
  const newest = versions.at(-1)
  return newest === undefined ? undefined : join(root, newest, "bin")
}

const postgresUser = (): { readonly uid: number; readonly gid: number } | undefined => {
  try {
    const id = (flag: string) => Number(execFileSync("id", [flag, "postgres"], { encoding: "utf8" }).trim())
    return { uid: id("-u"), gid: id("-g") }
  } catch {
    return undefined
  }
}

const isRoot = process.getuid?.() === 0

export const unavailableBecause: string | undefined = (() => {
  if (binDir() === undefined) return "PostgreSQL's initdb and pg_ctl are not installed (Debian package postgresql)"
  if (isRoot && postgresUser() === undefined) return "running as root and there is no postgres user to run a cluster"
  return undefined
})()

export interface OwnPostgres {
  readonly url: string
  /** Stops the server at once, as a crash would (`pg_ctl stop -m immediate`). */
  readonly kill: Effect.Effect<void>
  readonly start: Effect.Effect<void>
}

export const make: Effect.Effect<OwnPostgres, never, Scope.Scope> = Effect.gen(function*() {
  const bin = binDir()!
  const port = yield* unusedPort
  const dir = mkdtempSync(join(tmpdir(), "jules-pg-"))
  const data = join(dir, "data")
  const user = isRoot ? postgresUser() : undefined
  if (user !== undefined) {
    chownSync(dir, user.uid, user.gid)
    chmodSync(dir, 0o700)
  }
  const run = (tool: string, args: ReadonlyArray<string>) =>
    isRoot
      ? execFileSync("runuser", ["-u", "postgres", "--", join(bin, tool), ...args], { stdio: "pipe" })
      : execFileSync(join(bin, tool), args, { stdio: "pipe" })
  run("initdb", ["-D", data, "-A", "trust", "-U", "postgres", "--no-sync"])
  const start = Effect.sync(() =>
    run("pg_ctl", [
      "-D",
      data,
      "-l",
      join(dir, "log"),
      "-w",
      "-o",
      `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`,
      "start"
    ])
  ).pipe(Effect.asVoid)
  const kill = Effect.sync(() => run("pg_ctl", ["-D", data, "-m", "immediate", "stop"])).pipe(Effect.asVoid)
  yield* Effect.acquireRelease(start, () =>
    Effect.sync(() => {
      try {
        run("pg_ctl", ["-D", data, "-m", "immediate", "stop"])
      } catch {
        // already stopped
      }
      rmSync(dir, { recursive: true, force: true })
    }))
  return { url: `postgres://postgres@127.0.0.1:${port}/postgres`, kill, start }
})
