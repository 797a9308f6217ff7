/**
 * The `SqlClient` an `effect/cluster` runtime should use for its mailbox and
 * runner tables in this database.
 *
 * On PostgreSQL that is the ordinary client. On embedded PGlite the pool is
 * one connection (PGlite has one session), and the cluster must see the
 * client as single-session (`driver` "pglite"): it then keeps its shard leases
 * in a table instead of holding a reserved connection for advisory locks,
 * which would starve a pool of one.
 */
import { Context, Effect, Layer } from "effect"
import { SqlClient } from "effect/sql/SqlClient"
import type * as Database from "./Database.ts"

export class ClusterSql extends Context.Service<ClusterSql, SqlClient>()("@jules/adapters-postgres/ClusterSql") {}

/** A view of `sql` that the cluster treats as one shared session. */
const asSingleSession = (sql: SqlClient): SqlClient => {
  const call = (...args: ReadonlyArray<unknown>) => (sql as unknown as (...a: ReadonlyArray<unknown>) => unknown)(...args)
  const view = Object.assign(call, sql, {
    driver: "pglite",
    safe: undefined as unknown,
    withoutTransforms: () => asSingleSession(sql.withoutTransforms())
  })
  view.safe = view
  return view as unknown as SqlClient
}

/** The cluster's client for a database opened with `options`; needs the `SqlClient`. */
export const layer = (options: Database.Options): Layer.Layer<ClusterSql, never, SqlClient> =>
  Layer.effect(
    ClusterSql,
    Effect.map(Effect.service(SqlClient), options._tag === "Url" ? (sql) => sql : asSingleSession)
  )
