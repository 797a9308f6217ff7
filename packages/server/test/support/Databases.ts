/**
 * Where a test server keeps its data: in-memory PGlite (always available), or
 * a database of its own on the PostgreSQL at `TEST_DATABASE_URL`, created for
 * the test and dropped afterwards.
 */
import { PgClient } from "@effect/sql-pg"
import { Effect, Redacted } from "effect"
import type { Scope } from "effect"
import { SecureRandom } from "effect/crypto"
import * as Reactivity from "effect/reactivity/Reactivity"

export const postgresUrl: string | undefined = process.env["TEST_DATABASE_URL"] || undefined

export type DatabaseKind = "pglite" | "postgres"

/** A fixed test key, so no development key is generated anywhere. */
export const ENCRYPTION_KEYS = `test:${Buffer.alloc(32, 7).toString("base64")}`

/** A fresh database on the test PostgreSQL server, dropped when the scope closes; its URL. */
export const scratchPostgres = (base: string): Effect.Effect<string, unknown, Scope.Scope> =>
  Effect.gen(function*() {
    const name = `jules_server_${process.pid}_${Buffer.from(SecureRandom.randomBytesUnsafe(4)).toString("hex")}`
    const admin = yield* PgClient.make({ url: Redacted.make(base), maxConnections: 1 })
    yield* Effect.acquireRelease(
      admin`CREATE DATABASE ${admin(name)}`,
      () => admin`DROP DATABASE IF EXISTS ${admin(name)} WITH (FORCE)`.pipe(Effect.ignore)
    )
    const url = new URL(base)
    url.pathname = `/${name}`
    return url.toString()
  }).pipe(Effect.provide(Reactivity.layer))

/** The environment variables that point a server at a fresh database of this kind. */
export const databaseEnv = (kind: DatabaseKind): Effect.Effect<Record<string, string>, unknown, Scope.Scope> =>
  kind === "pglite"
    ? Effect.succeed({ JULES_DATA_DIR: "memory://", JULES_ENCRYPTION_KEYS: ENCRYPTION_KEYS })
    : Effect.gen(function*() {
      if (postgresUrl === undefined) return yield* Effect.die("TEST_DATABASE_URL is not set")
      return { DATABASE_URL: yield* scratchPostgres(postgresUrl), JULES_ENCRYPTION_KEYS: ENCRYPTION_KEYS }
    })
