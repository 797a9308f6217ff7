/**
 * The databases the tests run against.
 *
 * - PGlite: one in-memory instance per test file (starting one costs seconds),
 *   served once and shared by every layer of the file over the socket server.
 *   A file that uses it calls `afterAll(closeEmbedded)`.
 * - PostgreSQL at `TEST_DATABASE_URL` (skipped when unset): every layer gets a
 *   database of its own, created for it and dropped afterwards, so parallel
 *   runs and reruns never meet.
 */
import { PgClient } from "@effect/sql-pg"
import { Effect, Exit, Layer, Redacted, Scope } from "effect"
import { SecureRandom } from "effect/crypto"
import * as Reactivity from "effect/reactivity/Reactivity"
import type { SqlClient } from "effect/sql/SqlClient"
import * as Database from "../../src/Database.ts"
import * as PostgresStorage from "../../src/PostgresStorage.ts"

export type TestDatabase = Layer.Layer<SqlClient | PgClient.PgClient, unknown>

export const postgresUrl: string | undefined = process.env["TEST_DATABASE_URL"] || undefined

let embedded: Promise<{ readonly port: number; readonly scope: Scope.Closeable }> | undefined

const embeddedServer = () => {
  embedded ??= Effect.runPromise(
    Effect.gen(function*() {
      const scope = yield* Scope.make()
      const port = yield* Scope.provide(Database.serveEmbedded("memory://"), scope)
      return { port, scope }
    })
  )
  return embedded
}

/** Stops this file's PGlite, if it was started. */
export const closeEmbedded = async (): Promise<void> => {
  if (embedded === undefined) return
  const { scope } = await embedded
  embedded = undefined
  await Effect.runPromise(Scope.close(scope, Exit.void))
}

export const embeddedUrl = (port: number) => Redacted.make(`postgres://postgres@127.0.0.1:${port}/postgres`)

/** This file's PGlite, migrated. */
export const pglite: TestDatabase = Layer.unwrap(
  Effect.map(Effect.promise(embeddedServer), ({ port }) =>
    PostgresStorage.layerDatabase({ _tag: "Url", url: embeddedUrl(port), maxConnections: 4 }))
)

export const databaseName = (prefix = "jules_test") =>
  `${prefix}_${process.pid}_${Buffer.from(SecureRandom.randomBytesUnsafe(4)).toString("hex")}`

export const urlOfDatabase = (base: string, name: string): Redacted.Redacted<string> => {
  const url = new URL(base)
  url.pathname = `/${name}`
  return Redacted.make(url.toString())
}

/** A database of its own on the server at `TEST_DATABASE_URL`, dropped when the scope closes. */
export const scratchDatabase = (base: string): Effect.Effect<string, unknown, Scope.Scope> =>
  Effect.gen(function*() {
    const name = databaseName()
    const admin = yield* PgClient.make({ url: Redacted.make(base), maxConnections: 1 })
    yield* Effect.acquireRelease(
      admin`CREATE DATABASE ${admin(name)}`,
      () => admin`DROP DATABASE IF EXISTS ${admin(name)} WITH (FORCE)`.pipe(Effect.ignore)
    )
    return name
  }).pipe(Effect.provide(Reactivity.layer))

/** A fresh, migrated PostgreSQL database (requires `TEST_DATABASE_URL`). */
export const postgres: TestDatabase = Layer.unwrap(
  Effect.gen(function*() {
    const base = postgresUrl
    if (base === undefined) return yield* Effect.die("TEST_DATABASE_URL is not set")
    const name = yield* scratchDatabase(base)
    return PostgresStorage.layerDatabase({ _tag: "Url", url: urlOfDatabase(base, name) })
  })
)

/** Every database the suite runs against, with whether it is available here. */
export const all: ReadonlyArray<{ readonly name: string; readonly layer: TestDatabase; readonly skip: boolean }> = [
  { name: "PGlite", layer: pglite, skip: false },
  { name: "PostgreSQL", layer: postgres, skip: postgresUrl === undefined }
]
