/**
 * Every storage port of core on PostgreSQL (or embedded PGlite), wired.
 *
 * - `layer`: every repository, given `SqlClient` and `Crypto`.
 * - `layerDatabase(options)`: a migrated database (`SqlClient`, `PgClient`).
 * - `layerConfig`: everything from the environment — `DATABASE_URL` or PGlite
 *   under `JULES_DATA_DIR`, migrations, keys from `JULES_ENCRYPTION_KEYS`
 *   checked against the database (`KeyCheck`) —
 *   re-exporting `SqlClient`, `PgClient` and `Crypto` for the rest of the server
 *   (cluster storage, readiness checks).
 */
import type { PgClient } from "@effect/sql-pg"
import type { Crypto, StoragePorts } from "@jules/core"
import { Config, Effect, Layer } from "effect"
import type { MigrationError } from "effect/sql/Migrator"
import type { SqlClient } from "effect/sql/SqlClient"
import type { SqlError } from "effect/sql/SqlError"
import * as AesGcmCrypto from "./AesGcmCrypto.ts"
import * as Database from "./Database.ts"
import * as EncryptionKeys from "./EncryptionKeys.ts"
import type { EncryptionKeysError } from "./EncryptionKeys.ts"
import * as KeyCheck from "./KeyCheck.ts"
import * as Migrations from "./Migrations.ts"
import * as PgAuditLog from "./PgAuditLog.ts"
import * as PgBillingAccounts from "./PgBillingAccounts.ts"
import * as PgConversationSnapshots from "./PgConversationSnapshots.ts"
import * as PgCrisisEventLog from "./PgCrisisEventLog.ts"
import * as PgDeadLetters from "./PgDeadLetters.ts"
import * as PgDisclosureLog from "./PgDisclosureLog.ts"
import * as PgEventClaims from "./PgEventClaims.ts"
import * as PgLinkTokens from "./PgLinkTokens.ts"
import * as PgMemoryStore from "./PgMemoryStore.ts"
import * as PgMessageStore from "./PgMessageStore.ts"
import * as PgUsageLedger from "./PgUsageLedger.ts"
import * as PgTextIntake from "./PgTextIntake.ts"
import * as PgTurnRecords from "./PgTurnRecords.ts"
import * as PgUserStore from "./PgUserStore.ts"

export type { StoragePorts } from "@jules/core"

export const layer: Layer.Layer<StoragePorts, never, SqlClient | Crypto> = Layer.mergeAll(
  PgUserStore.layer,
  PgMessageStore.layer,
  PgMemoryStore.layer,
  PgCrisisEventLog.layer,
  PgDeadLetters.layer,
  PgDisclosureLog.layer,
  PgAuditLog.layer,
  PgUsageLedger.layer,
  PgEventClaims.layer,
  PgLinkTokens.layer,
  PgBillingAccounts.layer,
  PgTextIntake.layer,
  PgConversationSnapshots.layer,
  PgTurnRecords.layer
)

/** The database, migrated before anything can use it. */
export const layerDatabase = (
  options: Database.Options
): Layer.Layer<SqlClient | PgClient.PgClient, SqlError | MigrationError | Database.EmbeddedDatabaseError> =>
  Migrations.layer.pipe(Layer.provideMerge(Database.layer(options)))

export type StartupError =
  | Config.ConfigError
  | SqlError
  | MigrationError
  | Database.EmbeddedDatabaseError
  | EncryptionKeysError

/**
 * A migrated database with the keys that open it: the key check (`KeyCheck`)
 * refuses keys that do not, before anything is stored.
 */
export const layerKeyed = (
  database: Layer.Layer<SqlClient | PgClient.PgClient, StartupError>,
  crypto: Layer.Layer<Crypto, StartupError>
): Layer.Layer<SqlClient | PgClient.PgClient | Crypto, StartupError> =>
  KeyCheck.layer.pipe(
    Layer.provideMerge(Layer.merge(Migrations.layer.pipe(Layer.provideMerge(database)), crypto))
  )

/** Everything, from settings already read (`Database.optionsConfig`, `EncryptionKeys.settingsConfig`). */
export const layerFrom = (
  database: Database.Options,
  keys: EncryptionKeys.Settings
): Layer.Layer<StoragePorts | SqlClient | PgClient.PgClient | Crypto, StartupError> =>
  layer.pipe(Layer.provideMerge(layerKeyed(
    Database.layer(database),
    Layer.unwrap(Effect.map(EncryptionKeys.resolve(keys), AesGcmCrypto.layer))
  )))

export const layerConfig: Layer.Layer<
  StoragePorts | SqlClient | PgClient.PgClient | Crypto,
  StartupError
> = Layer.unwrap(
  Effect.map(
    Config.all({ database: Database.optionsConfig, keys: EncryptionKeys.settingsConfig }),
    ({ database, keys }) => layerFrom(database, keys)
  )
)
