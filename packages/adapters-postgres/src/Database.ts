/**
 * The database connection: PostgreSQL at `DATABASE_URL`, or, when it is unset,
 * an embedded PGlite kept under `JULES_DATA_DIR`.
 *
 * PGlite is served on 127.0.0.1 (a free port) by pglite-socket and reached
 * through the same `@effect/sql-pg` client as a real server, so one SQL code
 * path serves both. A data directory belongs to one process at a time.
 *
 * PGlite has a single session, and pglite-socket feeds it the protocol messages
 * of all its connections one message at a time: two connections with statements
 * in flight interleave their Parse/Bind/Execute messages (a stress run of 400
 * statements over 8 connections failed half of them with `portal "" does not
 * exist`). So the embedded pool has ONE connection, and statements wait
 * their turn for it.
 *
 * On a PostgreSQL server the pool is not multiplexed (`@effect/sql-pg` can
 * pipeline concurrent statements on shared connections). Measured with
 * `pnpm bench:pipelining` on two cores: with 64 people's turns at once it
 * gave 1.15-1.3x the statements per second at 0.8-0.85x the CPU, but with 8 at
 * once 0.7-0.8x, as statements then queue on one or two server backends
 * instead of running side by side; a worker's turns mostly wait on the model,
 * so the moderate case is the usual one.
 */
import { mkdir } from "node:fs/promises"
import { join, resolve } from "node:path"
import { PgClient } from "@effect/sql-pg"
import { PGlite } from "@electric-sql/pglite"
import { PGLiteSocketServer } from "@electric-sql/pglite-socket"
import type { Scope } from "effect"
import { Config, Effect, Layer, Option, Redacted, Schema } from "effect"
import type { SqlClient } from "effect/sql/SqlClient"
import type { SqlError } from "effect/sql/SqlError"
import * as StorageConfig from "./StorageConfig.ts"

export class EmbeddedDatabaseError extends Schema.TaggedError<EmbeddedDatabaseError>()("EmbeddedDatabaseError", {
  message: Schema.String,
  cause: Schema.optional(Schema.Defect())
}) {}

export type Options =
  | { readonly _tag: "Url"; readonly url: Redacted.Redacted<string>; readonly maxConnections?: number | undefined }
  | { readonly _tag: "Embedded"; readonly dataDir: string }

/** Sessions the socket server accepts (a tool such as psql may attach beside the pool). */
const SOCKET_MAX_CONNECTIONS = 8
const EMBEDDED_POOL_SIZE = 1

/** The PGlite directory inside the data directory, or `memory://` for a throwaway database. */
export const embeddedDirectory = (dataDir: string): string =>
  StorageConfig.isInMemory(dataDir) ? "memory://" : resolve(join(dataDir, "pglite"))

const embeddedError = (message: string) => (cause: unknown) => new EmbeddedDatabaseError({ message, cause })

/**
 * Starts PGlite and serves it on 127.0.0.1 (a free port) until the scope
 * closes; returns the port. Connect as user `postgres` to database `postgres`.
 */
export const serveEmbedded = (dataDir: string): Effect.Effect<number, EmbeddedDatabaseError, Scope.Scope> =>
  Effect.gen(function*() {
    const directory = embeddedDirectory(dataDir)
    if (directory !== "memory://") {
      yield* Effect.tryPromise({
        try: () => mkdir(directory, { recursive: true, mode: 0o700 }),
        catch: embeddedError(`cannot create the data directory ${directory}`)
      })
    }
    const db = yield* Effect.acquireRelease(
      Effect.tryPromise({
        try: () => PGlite.create(directory),
        catch: embeddedError(`cannot open the embedded database in ${directory}`)
      }),
      (db) => Effect.promise(() => db.close()).pipe(Effect.ignore)
    )
    const server = yield* Effect.acquireRelease(
      Effect.tryPromise({
        try: async () => {
          const server = new PGLiteSocketServer({
            db,
            host: "127.0.0.1",
            port: 0,
            maxConnections: SOCKET_MAX_CONNECTIONS
          })
          await server.start()
          return server
        },
        catch: embeddedError("cannot serve the embedded database on 127.0.0.1")
      }),
      (server) => Effect.promise(() => server.stop()).pipe(Effect.ignore)
    )
    const port = Number(server.getServerConn().split(":").at(-1))
    yield* Effect.logDebug("embedded database ready").pipe(
      Effect.annotateLogs({ dataDir: directory, port })
    )
    return port
  })

const makeClient = (options: Options) =>
  options._tag === "Url"
    ? PgClient.make({
      url: options.url,
      maxConnections: options.maxConnections,
      applicationName: "jules"
    })
    : Effect.flatMap(serveEmbedded(options.dataDir), (port) =>
      PgClient.make({
        host: "127.0.0.1",
        port,
        username: "postgres",
        database: "postgres",
        maxConnections: EMBEDDED_POOL_SIZE,
        applicationName: "jules"
      }))

/**
 * `PgClient` and `SqlClient` for the given database. Closing the scope closes
 * the pool, then the socket server and PGlite.
 */
export const layer = (
  options: Options
): Layer.Layer<PgClient.PgClient | SqlClient, SqlError | EmbeddedDatabaseError> =>
  PgClient.layerFrom(makeClient(options))

export const optionsConfig: Config.Config<Options> = Config.all({
  url: Config.option(Config.Redacted("DATABASE_URL")),
  dataDir: StorageConfig.dataDir
}).pipe(
  Config.map(({ dataDir, url }): Options =>
    Option.isSome(url) && Redacted.value(url.value).trim().length > 0
      ? { _tag: "Url", url: url.value }
      : { _tag: "Embedded", dataDir }
  )
)

/** `DATABASE_URL` when set, else embedded PGlite under `JULES_DATA_DIR` (default `./.jules`). */
export const layerConfig: Layer.Layer<
  PgClient.PgClient | SqlClient,
  SqlError | EmbeddedDatabaseError | Config.ConfigError
> = Layer.unwrap(Effect.map(optionsConfig, layer))
