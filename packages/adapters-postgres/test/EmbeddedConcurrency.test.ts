/**
 * PGlite has one session. Many statements in flight at once - transactions and
 * large parameters among them, as a busy server makes - must still each run
 * whole: the embedded database is what `pnpm start` uses on a laptop.
 * (With a pool of several connections this fails: pglite-socket interleaves
 * their protocol messages on the single session.)
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { SqlClient } from "effect/sql/SqlClient"
import * as Database from "../src/Database.ts"

describe("embedded PGlite under concurrent use", () => {
  it.live("600 statements and transactions in flight at once all succeed, with the right answers", () =>
    Effect.gen(function*() {
      const sql = yield* SqlClient
      yield* sql`CREATE TABLE stress (n int PRIMARY KEY, body text NOT NULL)`
      const large = "x".repeat(5000)
      const lengths = yield* Effect.forEach(
        Array.from({ length: 600 }, (_, n) => n),
        (n) =>
          n % 3 === 0
            ? sql.withTransaction(Effect.gen(function*() {
              yield* sql`INSERT INTO stress (n, body) VALUES (${n}, ${large + n})`
              return yield* sql<{ length: number }>`SELECT length(body) AS length FROM stress WHERE n = ${n}`
            }))
            : sql<{ length: number }>`SELECT length(${large + n}::text) AS length`,
        { concurrency: "unbounded" }
      )
      assert.deepStrictEqual(
        lengths.map((rows) => Number(rows[0]!.length)),
        Array.from({ length: 600 }, (_, n) => large.length + String(n).length)
      )
      const [count] = yield* sql<{ count: number }>`SELECT count(*)::int AS count FROM stress`
      assert.strictEqual(count!.count, 200)
    }).pipe(Effect.provide(Database.layer({ _tag: "Embedded", dataDir: "memory://" }))), 120_000)
})
