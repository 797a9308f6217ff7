/**
 * Storage for the server: every storage port (from `@jules/adapters-postgres`),
 * the `SqlClient`, and the client the cluster runtime uses.
 *
 * - `DATABASE_URL`: `PostgresStorage.layerConfig` as it is.
 * - Embedded PGlite (no `DATABASE_URL`): the database is served by
 *   `Database.serveEmbedded` as usual, but reached through a pool of ONE
 *   connection. pglite-socket runs every connection's protocol messages on
 *   PGlite's single session one message at a time, so two connections with
 *   statements in flight interleave their Parse/Bind/Execute messages (a
 *   stress run of 400 statements over 8 connections failed half of them with
 *   `portal "" does not exist`). One connection keeps each statement whole;
 *   `@effect/sql-pg` still pipelines statements on it.
 *
 *   The cluster then sees that client as single-session (`driver` "pglite"),
 *   so it keeps its shard leases in a table instead of holding a reserved
 *   connection for advisory locks, which would starve a pool of one.
 */
import type { PgClient } from "@effect/sql-pg"
import { AesGcmCrypto, Database, PostgresStorage } from "@jules/adapters-postgres"
import type { Crypto } from "@jules/core"
import { Context, Effect, Layer, Redacted } from "effect"
import { SqlClient } from "effect/sql/SqlClient"

/** The `SqlClient` the cluster's mailbox and runner tables go through. */
export class ClusterSql extends Context.Service<ClusterSql, SqlClient>()("@jules/server/ClusterSql") {}

/** A view of `sql` that the cluster treats as one shared session (PGlite). */
export const asSingleSession = (sql: SqlClient): SqlClient => {
  const call = (...args: ReadonlyArray<unknown>) => (sql as unknown as (...a: ReadonlyArray<unknown>) => unknown)(...args)
  const view = Object.assign(call, sql, {
    driver: "pglite",
    safe: undefined as unknown,
    withoutTransforms: () => asSingleSession(sql.withoutTransforms())
  })
  view.safe = view
  return view as unknown as SqlClient
}

type Storage = PostgresStorage.StoragePorts | SqlClient | PgClient.PgClient | Crypto | ClusterSql

const clusterSql = (view: (sql: SqlClient) => SqlClient) =>
  Layer.effect(ClusterSql, Effect.map(Effect.service(SqlClient), view))

const external: Layer.Layer<Storage, PostgresStorage.StartupError> = clusterSql((sql) => sql).pipe(
  Layer.provideMerge(PostgresStorage.layerConfig)
)

const embedded = (dataDir: string): Layer.Layer<Storage, PostgresStorage.StartupError> =>
  Layer.unwrap(Effect.gen(function*() {
    const port = yield* Database.serveEmbedded(dataDir)
    const database = PostgresStorage.layerDatabase({
      _tag: "Url",
      url: Redacted.make(`postgres://postgres@127.0.0.1:${port}/postgres`),
      maxConnections: 1
    })
    return clusterSql(asSingleSession).pipe(
      Layer.provideMerge(PostgresStorage.layer),
      Layer.provideMerge(Layer.merge(database, AesGcmCrypto.layerConfig))
    )
  }))

export const layerConfig: Layer.Layer<Storage, PostgresStorage.StartupError> = Layer.unwrap(
  Effect.map(Database.optionsConfig, (options) => options._tag === "Url" ? external : embedded(options.dataDir))
)
