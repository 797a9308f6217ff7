/**
 * Migrations run at every start and apply only what is missing; with
 * file-backed PGlite the data survives a restart.
 */
import { assert, describe, it } from "@effect/vitest"
import { InboundMessage, MessageStore, Tier, UserStore } from "@jules/core"
import type { MessageId, PhoneNumber, UserId } from "@jules/core"
import { DateTime, Effect, Layer, Option, Schema } from "effect"
import type { Scope } from "effect"
import * as Migrator from "effect/sql/Migrator"
import { SqlClient } from "effect/sql/SqlClient"
import { mkdtemp, rm } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import * as Database from "../src/Database.ts"
import * as Migrations from "../src/Migrations.ts"
import * as PostgresStorage from "../src/PostgresStorage.ts"
import * as Databases from "./support/Databases.ts"
import * as Keys from "./support/Keys.ts"

const phone = "+14155550123" as PhoneNumber
const crypto = Keys.cryptoLayer("restart")

/** Every migration there is, as `[id, name]`. */
const allMigrations = Effect.runSync(Effect.orDie(Migrations.loader)).map(([id, name]) => [id, name] as const)
const allIds = allMigrations.map(([id]) => id)

const decodeIds = Schema.decodeUnknownEffect(Schema.Array(Schema.Struct({ migration_id: Schema.Int })))

/** One start of the application: connect, migrate, run `use`, shut down. */
const start = <A, E>(
  options: Database.Options,
  use: Effect.Effect<A, E, SqlClient | UserStore>
) =>
  Effect.gen(function*() {
    const applied = yield* Migrations.run
    const result = yield* use
    const sql = yield* SqlClient
    const recorded = yield* decodeIds(yield* sql`SELECT migration_id FROM ${sql(Migrations.TABLE)}`)
    return { applied, recorded: recorded.map((row) => row.migration_id), result }
  }).pipe(
    Effect.provide(PostgresStorage.layer.pipe(Layer.provideMerge(Layer.merge(Database.layer(options), crypto)))),
    Effect.scoped
  )

/**
 * Texts recorded and answered (a turn naming them) by the schema before
 * `0009_answered_by`, then the rest of the migrations, checked: what waits
 * for an answer is what waited before, among the last two days' texts; older
 * ones, which nothing looks for, read as answered.
 */
const answeredBeforeUpgrade = (options: Database.Options) =>
  Effect.gen(function*() {
    const upTo = (last: number) =>
      Migrator.make({})({
        table: Migrations.TABLE,
        loader: Effect.map(Migrations.loader, (all) => all.filter(([id]) => id <= last))
      })
    yield* upTo(8)
    const messages = yield* MessageStore
    const sql = yield* SqlClient
    const person = "user-before-upgrade" as UserId
    const now = yield* DateTime.now
    const text = (body: string, receivedAt: DateTime.Utc) =>
      new InboundMessage({ id: `text-before-upgrade-${body}` as MessageId, userId: person, body, receivedAt })
    const at = DateTime.subtract(now, { hours: 2 })
    const texts = [
      text("last month", DateTime.subtract(now, { days: 30 })),
      text("first", at),
      text("second", DateTime.add(at, { minutes: 1 })),
      text("third", DateTime.add(at, { minutes: 2 }))
    ]
    for (const message of texts) yield* messages.recordInbound(message)
    yield* sql`INSERT INTO turns (id, user_id, inbound_ids, outcome, crisis_category, crisis_severity, provider, at)
      VALUES ('turn-before-upgrade', ${person}, ${[texts[1]!.id, texts[2]!.id]}, 'replied', NULL, 'none', NULL,
        ${DateTime.toDateUtc(DateTime.add(at, { minutes: 2 }))})`
    const applied = yield* Migrations.run
    assert.deepStrictEqual(applied.map(([id]) => id), allIds.filter((id) => id > 8))
    const waiting = yield* messages.unansweredInbound(person, DateTime.subtract(now, { days: 60 }))
    assert.deepStrictEqual(waiting.map((text) => text.body), ["third"])
  }).pipe(
    Effect.provide(PostgresStorage.layer.pipe(Layer.provideMerge(Layer.merge(Database.layer(options), crypto)))),
    Effect.scoped
  )

const createUser = Effect.flatMap(UserStore, (users) => users.findOrCreate(phone, { tier: Tier.make("free"), timeZone: "UTC" }))
const findUser = Effect.flatMap(UserStore, (users) => users.findByPhone(phone))

const withTempDir = <A, E>(use: (dir: string) => Effect.Effect<A, E, Scope.Scope>) =>
  Effect.acquireUseRelease(
    Effect.promise(() => mkdtemp(join(tmpdir(), "jules-pglite-"))),
    (dir) => Effect.scoped(use(dir)),
    (dir) => Effect.promise(() => rm(dir, { recursive: true, force: true }))
  )

describe("Migrations", () => {
  it.live("file-backed PGlite: the second start applies nothing and finds the data of the first", () =>
    withTempDir((dir) =>
      Effect.gen(function*() {
        const options: Database.Options = { _tag: "Embedded", dataDir: dir }
        const first = yield* start(options, createUser)
        assert.deepStrictEqual(first.applied, allMigrations)
        const second = yield* start(options, findUser)
        assert.deepStrictEqual(second.applied, [])
        assert.deepStrictEqual(second.recorded, allIds)
        assert.strictEqual(Option.getOrThrow(second.result).id, first.result.id)
      })
    ), 120_000)

  it.live("PGlite: texts a turn answered before the upgrade stay answered", () =>
    withTempDir((dir) =>
      answeredBeforeUpgrade({ _tag: "Embedded", dataDir: dir })
    ), 120_000)

  it.live.skipIf(Databases.postgresUrl === undefined)(
    "PostgreSQL: texts a turn answered before the upgrade stay answered",
    () =>
      Effect.gen(function*() {
        const base = Databases.postgresUrl!
        const url = Databases.urlOfDatabase(base, yield* Databases.scratchDatabase(base))
        yield* answeredBeforeUpgrade({ _tag: "Url", url })
      }).pipe(Effect.scoped)
  )

  it.live.skipIf(Databases.postgresUrl === undefined)(
    "PostgreSQL: the second start applies nothing; concurrent starts apply once",
    () =>
      Effect.gen(function*() {
        const base = Databases.postgresUrl!
        const url = Databases.urlOfDatabase(base, yield* Databases.scratchDatabase(base))
        const options: Database.Options = { _tag: "Url", url }
        const first = yield* start(options, createUser)
        assert.deepStrictEqual(first.applied, allMigrations)
        const second = yield* start(options, findUser)
        assert.deepStrictEqual(second.applied, [])
        assert.strictEqual(Option.getOrThrow(second.result).id, first.result.id)

        const fresh = Databases.urlOfDatabase(base, yield* Databases.scratchDatabase(base))
        const racing = yield* Effect.all(
          Array.from({ length: 3 }, () => start({ _tag: "Url", url: fresh }, Effect.void)),
          { concurrency: "unbounded" }
        )
        assert.deepStrictEqual(racing.map((run) => run.applied.length).sort(), [0, 0, allIds.length])
        assert.deepStrictEqual(racing[0]!.recorded, allIds)
      }).pipe(Effect.scoped)
  )
})
