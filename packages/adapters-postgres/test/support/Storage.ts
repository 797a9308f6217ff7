/** The repositories over a test database, with fresh keys unless told otherwise. */
import type { Redacted } from "effect"
import { Layer } from "effect"
import type { SqlClient } from "effect/sql/SqlClient"
import type { Crypto } from "@jules/core"
import type { PgClient } from "@effect/sql-pg"
import * as PostgresStorage from "../../src/PostgresStorage.ts"
import type { TestDatabase } from "./Databases.ts"
import * as Keys from "./Keys.ts"

export type Services = PostgresStorage.StoragePorts | SqlClient | PgClient.PgClient | Crypto

/** Stores, database and crypto, all in the output so a test can also query raw rows. */
export const layer = (
  database: TestDatabase,
  crypto: Layer.Layer<Crypto> = Keys.cryptoLayer()
): Layer.Layer<Services, unknown> =>
  PostgresStorage.layer.pipe(Layer.provideMerge(Layer.merge(database, crypto)))

/** A migrated database at `url`. */
export const databaseAt = (url: Redacted.Redacted<string>): TestDatabase =>
  PostgresStorage.layerDatabase({ _tag: "Url", url })
