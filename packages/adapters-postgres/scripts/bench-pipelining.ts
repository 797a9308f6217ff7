/**
 * What pipelining statements would save, and what it costs (`Database.ts`
 * says why the pool is not multiplexed). Many people's turns at once, each a
 * sequence of small indexed reads and writes like a turn's, run for a fixed
 * time with the pool multiplexed and without (A B B A); printed: statements
 * per second, and the CPU each statement cost this process and PostgreSQL's
 * backends (read from `/proc`, so the server must be on this machine), with
 * the ratio of the two. Works in a scratch database it creates and drops.
 *
 *   pnpm bench:pipelining [--database postgres://postgres@127.0.0.1:5432/postgres]
 *     [--seconds 10] [--people 64] [--connections 10] [--depth 32]
 */
import { PgClient } from "@effect/sql-pg"
import { randomUUID } from "node:crypto"
import { readFileSync } from "node:fs"
import { parseArgs } from "node:util"
import { Effect, Redacted } from "effect"
import * as Reactivity from "effect/reactivity/Reactivity"

const { values } = parseArgs({
  options: {
    database: { type: "string", default: "postgres://postgres@127.0.0.1:5432/postgres" },
    seconds: { type: "string", default: "10" },
    people: { type: "string", default: "64" },
    connections: { type: "string", default: "10" },
    depth: { type: "string", default: "32" }
  }
})
const SECONDS = Number(values.seconds)
const PEOPLE = Number(values.people)
const CONNECTIONS = Number(values.connections)
/** Statements that may share one connection when multiplexed (`multiplexConcurrency`). */
const DEPTH = Number(values.depth)
const ROWS = 10_000

const ticks = (pid: number): number => {
  try {
    // Fields 14 and 15 of /proc/<pid>/stat (after the command in parentheses): user and system ticks.
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8")
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ")
    return Number(fields[11]) + Number(fields[12])
  } catch {
    return 0
  }
}
/** Linux counts those in ticks of 10 ms (`CLK_TCK` 100). */
const TICK_MS = 10

const withDatabase = (url: string) => {
  const scratch = new URL(url)
  scratch.pathname = `/jules_pipelining_${process.pid}`
  return scratch.toString()
}

/** One turn's worth of statements for one person: reads in the order a turn makes them, then two writes. */
const turnOf = (sql: PgClient.PgClient, person: number, turn: number) =>
  Effect.gen(function*() {
    const id = person * 97 % ROWS
    yield* sql`SELECT id, body FROM bench_people WHERE id = ${id}`
    yield* sql`SELECT id, body FROM bench_lines WHERE person = ${id} ORDER BY at DESC LIMIT 12`
    yield* sql`SELECT count(*)::int AS n FROM bench_lines WHERE person = ${id} AND at >= now() - interval '1 day'`
    yield* sql`SELECT body FROM bench_people WHERE id = ${(id + 1) % ROWS}`
    yield* sql`SELECT max(at) AS last FROM bench_lines WHERE person = ${id}`
    yield* sql`INSERT INTO bench_lines (id, person, body, at) VALUES (${randomUUID()}, ${id}, ${`turn ${turn}`}, now())`
    yield* sql`UPDATE bench_people SET turns = turns + 1 WHERE id = ${id}`
  })
const STATEMENTS_PER_TURN = 7

interface Result {
  readonly perSecond: number
  readonly clientUs: number
  readonly serverUs: number
  readonly connections: number
}

const run = (url: string, multiplex: boolean): Effect.Effect<Result, unknown, Reactivity.Reactivity> =>
  Effect.scoped(Effect.gen(function*() {
    const sql = yield* PgClient.make({
      url: Redacted.make(url),
      maxConnections: CONNECTIONS,
      multiplex,
      multiplexConcurrency: DEPTH
    })
    // Warm the pool and the prepared statements, then read the backends' pids.
    yield* Effect.forEach(Array.from({ length: PEOPLE }, (_, p) => p), (p) => turnOf(sql, p, 0), { concurrency: "unbounded" })
    const pids = (yield* sql<{ readonly pid: number }>`
      SELECT pid FROM pg_stat_activity WHERE datname = current_database()`).map((row) => row.pid)
    const serverBefore = pids.reduce((sum, pid) => sum + ticks(pid), 0)
    const clientBefore = process.cpuUsage()
    const started = performance.now()
    const deadline = Date.now() + SECONDS * 1000
    let turns = 0
    yield* Effect.forEach(Array.from({ length: PEOPLE }, (_, p) => p), (person) =>
      Effect.gen(function*() {
        while (Date.now() < deadline) {
          yield* turnOf(sql, person, turns)
          turns++
        }
      }), { concurrency: "unbounded", discard: true })
    const elapsedSeconds = (performance.now() - started) / 1000
    const client = process.cpuUsage(clientBefore)
    const server = (pids.reduce((sum, pid) => sum + ticks(pid), 0) - serverBefore) * TICK_MS
    const statements = turns * STATEMENTS_PER_TURN
    return {
      perSecond: statements / elapsedSeconds,
      clientUs: ((client.user + client.system) / statements),
      serverUs: (server * 1000) / statements,
      connections: pids.length
    }
  }))

const program = Effect.gen(function*() {
  const admin = yield* PgClient.make({ url: Redacted.make(values.database), maxConnections: 1 })
  const url = withDatabase(values.database)
  const name = new URL(url).pathname.slice(1)
  yield* Effect.acquireRelease(
    admin`CREATE DATABASE ${admin(name)}`,
    () => admin`DROP DATABASE IF EXISTS ${admin(name)} WITH (FORCE)`.pipe(Effect.ignore)
  )
  yield* Effect.scoped(Effect.gen(function*() {
    const sql = yield* PgClient.make({ url: Redacted.make(url), maxConnections: 1 })
    yield* sql`CREATE TABLE bench_people (id int PRIMARY KEY, body text NOT NULL, turns int NOT NULL DEFAULT 0)`
    yield* sql`CREATE TABLE bench_lines (id text PRIMARY KEY, person int NOT NULL, body text NOT NULL, at timestamptz NOT NULL)`
    yield* sql`CREATE INDEX ON bench_lines (person, at)`
    yield* sql`INSERT INTO bench_people (id, body) SELECT i, md5(i::text) FROM generate_series(0, ${ROWS - 1}) AS i`
  }))
  console.log(
    `${PEOPLE} people's turns at once (${STATEMENTS_PER_TURN} statements each), ${SECONDS} s a run, each way twice, pool of ${CONNECTIONS}`
  )
  // Each way twice, in the order A B B A, so a machine warming up or slowing down favours neither.
  const results = { true: [] as Array<Result>, false: [] as Array<Result> }
  for (const multiplex of [true, false, false, true]) {
    results[`${multiplex}`].push(yield* run(url, multiplex).pipe(Effect.orDie))
  }
  const mean = (of: ReadonlyArray<Result>): Result => ({
    perSecond: (of[0]!.perSecond + of[1]!.perSecond) / 2,
    clientUs: (of[0]!.clientUs + of[1]!.clientUs) / 2,
    serverUs: (of[0]!.serverUs + of[1]!.serverUs) / 2,
    connections: Math.max(of[0]!.connections, of[1]!.connections)
  })
  const rows = [mean(results.true), mean(results.false)]
  for (const [label, result] of [["pipelined (multiplex)", rows[0]!], ["one at a time per connection", rows[1]!]] as const) {
    console.log(
      `${label.padEnd(30)} ${result.perSecond.toFixed(0).padStart(7)} statements/s   ` +
        `CPU per statement: this process ${result.clientUs.toFixed(1)} µs, PostgreSQL ${result.serverUs.toFixed(1)} µs` +
        `   (${result.connections} connections)`
    )
  }
  const [piped, plain] = rows as [Result, Result]
  console.log(
    `pipelined against one at a time: ${(piped.perSecond / plain.perSecond).toFixed(2)}x statements/s, ` +
      `${(piped.clientUs / plain.clientUs).toFixed(2)}x client CPU, ${(piped.serverUs / plain.serverUs).toFixed(2)}x server CPU`
  )
})

Effect.runPromise(Effect.scoped(program).pipe(Effect.provide(Reactivity.layer))).catch((error) => {
  console.error(error)
  process.exit(1)
})
