/**
 * Re-encrypts everything stored under an older key with the primary key (the
 * first of `JULES_ENCRYPTION_KEYS`) and re-indexes phone numbers, then prints
 * what it did. The key check value moves to the primary key too, so afterwards
 * the older keys can be removed from the list (and must not come back alone).
 *
 *   JULES_ENCRYPTION_KEYS=new:...,old:... pnpm jules:rotate-keys
 *
 * Reads the same environment as the server (`DATABASE_URL` or `JULES_DATA_DIR`).
 * Against PostgreSQL it can run while the server runs; an embedded PGlite data
 * directory is opened by one process at a time, so stop the server first.
 */
import { Cause, Effect } from "effect"
import * as AesGcmCrypto from "../src/AesGcmCrypto.ts"
import * as Database from "../src/Database.ts"
import * as KeyRotation from "../src/KeyRotation.ts"
import * as PostgresStorage from "../src/PostgresStorage.ts"

/** The same start as the server's: keys that cannot open this database are refused before anything is rewritten. */
const environment = PostgresStorage.layerKeyed(Database.layerConfig, AesGcmCrypto.layerConfig)

const program = KeyRotation.rotateAll.pipe(
  Effect.tap((report) =>
    Effect.sync(() => {
      console.log(`Primary key: ${report.primaryKeyId}`)
      for (const column of report.columns) {
        console.log(
          `${`${column.table}.${column.column}`.padEnd(36)} scanned ${String(column.scanned).padStart(8)}  ` +
            `rewritten ${String(column.rewritten).padStart(8)}` +
            (column.skipped > 0 ? `  skipped ${column.skipped} (duplicate number under another key)` : "")
        )
      }
    })
  ),
  Effect.provide(environment)
)

Effect.runPromiseExit(program).then((exit) => {
  if (exit._tag === "Failure") {
    console.error(`Key rotation failed:\n${Cause.pretty(exit.cause)}`)
    process.exitCode = 1
  }
})
