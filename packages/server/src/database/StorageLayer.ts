/**
 * Storage for the server: every storage port (from `@jules/adapters-postgres`),
 * the `SqlClient`, and the client the cluster runtime uses.
 *
 * - `DATABASE_URL`: `PostgresStorage.layerConfig` as it is.
 * - Embedded PGlite (no `DATABASE_URL`): the same, over the adapter's pool of
 *   one connection (PGlite has one session). The cluster then sees that client
 *   as single-session (`driver` "pglite"), so it keeps its shard leases in a
 *   table instead of holding a reserved connection for advisory locks, which
 *   would starve a pool of one.
 */
import type { PgClient } from "@effect/sql-pg"
import { Database, EncryptionKeys, PostgresStorage } from "@jules/adapters-postgres"
import type { Crypto, StoragePorts } from "@jules/core"
import { Config, Context, Effect, Layer } from "effect"
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

type Storage = StoragePorts | SqlClient | PgClient.PgClient | Crypto | ClusterSql

const clusterSql = (view: (sql: SqlClient) => SqlClient) =>
  Layer.effect(ClusterSql, Effect.map(Effect.service(SqlClient), view))

/** Storage from settings already read (see `Preflight`). */
export const layer = (options: Database.Options, keys: EncryptionKeys.Settings): Layer.Layer<Storage, PostgresStorage.StartupError> =>
  clusterSql(options._tag === "Url" ? (sql) => sql : asSingleSession).pipe(
    Layer.provideMerge(PostgresStorage.layerFrom(options, keys))
  )

export const layerConfig: Layer.Layer<Storage, PostgresStorage.StartupError> = Layer.unwrap(
  Effect.map(
    Config.all({ options: Database.optionsConfig, keys: EncryptionKeys.settingsConfig }),
    ({ keys, options }) => layer(options, keys)
  )
)
