/**
 * Storage for the server: every storage port (from `@jules/adapters-postgres`),
 * the `SqlClient`, and the client the cluster runtime uses (`ClusterSql`).
 */
import type { PgClient } from "@effect/sql-pg"
import { ClusterSql, Database, EncryptionKeys, PostgresStorage } from "@jules/adapters-postgres"
import type { Crypto, StoragePorts } from "@jules/core"
import { Config, Effect, Layer } from "effect"
import type { SqlClient } from "effect/sql/SqlClient"

type Storage = StoragePorts | SqlClient | PgClient.PgClient | Crypto | ClusterSql.ClusterSql

/** Storage from settings already read (see `Preflight`). */
export const layer = (options: Database.Options, keys: EncryptionKeys.Settings): Layer.Layer<Storage, PostgresStorage.StartupError> =>
  ClusterSql.layer(options).pipe(Layer.provideMerge(PostgresStorage.layerFrom(options, keys)))

export const layerConfig: Layer.Layer<Storage, PostgresStorage.StartupError> = Layer.unwrap(
  Effect.map(
    Config.all({ options: Database.optionsConfig, keys: EncryptionKeys.settingsConfig }),
    ({ keys, options }) => layer(options, keys)
  )
)
