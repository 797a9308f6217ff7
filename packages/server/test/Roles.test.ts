/**
 * `pnpm start web` and `pnpm start worker` on one PostgreSQL: the web process
 * acks and stores, the worker hears of the texts from the database and
 * answers; a worker serves health checks only; texts acked while no worker
 * runs are answered once one starts, and texts stored while a worker's
 * listener was cut off are answered once it listens again, and so are the
 * texts of people moving to a worker when another stops; with a slow model
 * a worker answers many people at once, and so does one process of role `all`
 * (`pnpm start`), whose turns run in a thread of their own on PostgreSQL.
 * Needs `TEST_DATABASE_URL` (skipped otherwise), but for role `all` on PGlite.
 */
import { assert, describe, it } from "@effect/vitest"
import { PgClient } from "@effect/sql-pg"
import { defaultSettings, makeCopy } from "@jules/core"
import { FakeVeriffServer, unusedPort } from "@jules/testkit"
import { Effect, Redacted } from "effect"
import { readdirSync, readFileSync } from "node:fs"
import * as Reactivity from "effect/reactivity/Reactivity"
import type { ChildServer } from "./support/ChildServer.ts"
import { MAIN, spawnServer } from "./support/ChildServer.ts"
import { postgresUrl } from "./support/Databases.ts"
import * as EchoModel from "./support/EchoModel.ts"
import * as P from "./support/Providers.ts"
import type { TwilioProcess } from "./support/ProcessSetup.ts"
import { durableDatabase, twilioProcess } from "./support/ProcessSetup.ts"

const role = (name: "web" | "worker") => ["--conditions=@jules/source", MAIN, name]

/** Forty people text `server` at once; done when each has their reply. */
const fortyAtOnce = ({ fakeTwilio, text }: Pick<TwilioProcess, "fakeTwilio" | "text">, server: { readonly url: string }) =>
  Effect.gen(function*() {
    const people = Array.from({ length: 40 }, (_, i) => `+1555557${String(i).padStart(4, "0")}`)
    yield* Effect.forEach(people, (phone, person) =>
      Effect.map(text(server, phone, `hi #s${person}`), (r) => assert.strictEqual(r.status, 200)), {
      concurrency: "unbounded"
    })
    const answered = (person: number) => fakeTwilio.sent.some((m) => m.to === people[person] && m.body.includes(`#s${person}`))
    yield* Effect.gen(function*() {
      while (!people.every((_, person) => answered(person))) yield* Effect.sleep("100 millis")
    }).pipe(Effect.timeout("90 seconds"))
  })

describe.skipIf(postgresUrl === undefined)("web and worker processes sharing PostgreSQL", () => {
  it.live("the web process acks, the worker answers each text once and in order, and catches up after a start", () =>
    Effect.gen(function*() {
      const { env, fakeTwilio, text } = yield* twilioProcess(yield* durableDatabase("postgres"), {
        BURST_WINDOW_MS: "100"
      })
      const web = yield* spawnServer({ env, args: role("web") })
      const workerEnv = { ...env, JULES_RUNNER_ADDRESS: `127.0.0.1:${yield* unusedPort}` }
      const worker = yield* spawnServer({ env: workerEnv, args: role("worker") })

      // A worker serves health checks, not webhooks.
      const onWorker = yield* text(worker, "+15555550170", "wrong door")
      assert.strictEqual(onWorker.status, 404)

      const people = Array.from({ length: 6 }, (_, i) => `+1555555${String(4000 + i)}`)
      yield* Effect.forEach(people, (phone, person) =>
        Effect.forEach([0, 1], (nth) =>
          Effect.gen(function*() {
            if (nth > 0) yield* Effect.sleep("500 millis")
            assert.strictEqual((yield* text(web, phone, `hello #p${person}t${nth}`)).status, 200)
          })), { concurrency: "unbounded" })
      const answered = (person: number, nth: number) =>
        fakeTwilio.sent.some((m) => m.to === people[person] && m.body.includes(`#p${person}t${nth}`))
      yield* Effect.gen(function*() {
        while (!people.every((_, person) => answered(person, 1))) yield* Effect.sleep("100 millis")
      }).pipe(Effect.timeout("60 seconds"))
      for (const [person, phone] of people.entries()) {
        // Two texts, two replies in order (or one, when a busy turn took both texts at once).
        const tags = fakeTwilio.sent.filter((m) => m.to === phone).map((m) => EchoModel.replyTag(m.body)).filter(Boolean)
        assert.include([[`#p${person}t0`, `#p${person}t1`], [`#p${person}t1`]].map(String), String(tags), `person ${person}`)
      }

      // No worker: the web process still acks, and the texts wait in storage.
      worker.kill("SIGTERM")
      yield* worker.exited
      const late = "+15555554100"
      assert.strictEqual((yield* text(web, late, "anyone there? #late")).status, 200)
      yield* Effect.sleep("1 second")
      assert.isFalse(fakeTwilio.sent.some((m) => m.to === late && m.body.includes("#late")))

      // A worker that starts answers them.
      yield* spawnServer({ env: workerEnv, args: role("worker") })
      yield* Effect.gen(function*() {
        while (!fakeTwilio.sent.some((m) => m.to === late && m.body.includes("#late"))) yield* Effect.sleep("100 millis")
      }).pipe(Effect.timeout("60 seconds"))
      assert.strictEqual(fakeTwilio.sent.filter((m) => m.body.includes("#late")).length, 1)
    }), { timeout: 180_000 })

  it.live("an age decision the web process takes is sent by the worker, once, though the carrier is slow", () =>
    Effect.gen(function*() {
      const veriff = yield* FakeVeriffServer.make()
      const { env, fakeTwilio, text } = yield* twilioProcess(yield* durableDatabase("postgres"), {
        BURST_WINDOW_MS: "100",
        JULES_AGE_GATE: "required",
        VERIFF_API_KEY: veriff.apiKey,
        VERIFF_SHARED_SECRET: veriff.sharedSecret,
        VERIFF_API_BASE_URL: veriff.baseURL
      })
      const web = yield* spawnServer({ env, args: role("web") })
      yield* spawnServer({ env: { ...env, JULES_RUNNER_ADDRESS: `127.0.0.1:${yield* unusedPort}` }, args: role("worker") })
      const phone = "+15555554200"
      const sentTo = () => fakeTwilio.sent.filter((m) => m.to === phone).map((m) => m.body)
      const awaitSent = (count: number) =>
        Effect.gen(function*() {
          while (sentTo().length < count) yield* Effect.sleep("100 millis")
        }).pipe(Effect.timeout("60 seconds"))

      assert.strictEqual((yield* text(web, phone, "hi")).status, 200)
      yield* awaitSent(1)
      const token = /\/v\/([A-Za-z0-9_-]{22})$/.exec(sentTo()[0]!)?.[1]
      assert.isDefined(token, "the first answer is the verification link")
      assert.strictEqual((yield* P.request(`${web.url}/v/${token}`, { redirect: "manual" })).status, 303)
      const session = veriff.sessions[0]!

      // Slower than the outbox loop's poll: the loop finds the text pending while it is being sent.
      fakeTwilio.setDefault({ asProvider: true, delayMs: 2_500 })
      const body = FakeVeriffServer.decisionBody({
        sessionId: session.id,
        vendorData: session.vendorData ?? null,
        status: "approved",
        dateOfBirth: "1980-01-01"
      })
      const decided = yield* P.request(`${web.url}/webhooks/veriff`, {
        method: "POST",
        headers: FakeVeriffServer.webhookHeaders(body, veriff.apiKey, veriff.sharedSecret),
        body
      })
      assert.strictEqual(decided.status, 200)
      yield* awaitSent(2)
      yield* Effect.sleep("3 seconds")
      assert.deepStrictEqual(sentTo().slice(1), [makeCopy(defaultSettings).verifiedAdult])
      // Asked of the worker that holds the person, not left to the outbox loop.
      assert.isFalse(web.output.some((line) => line.includes("could not be asked for")), web.output.join("\n"))
    }), { timeout: 180_000 })

  it.live("with two workers, each text is answered once, by the worker that holds its person, well before any rescue", () =>
    Effect.gen(function*() {
      const { env, fakeTwilio, text } = yield* twilioProcess(yield* durableDatabase("postgres"), {
        BURST_WINDOW_MS: "100"
      })
      const workers = [] as Array<{ readonly output: ReadonlyArray<string> }>
      for (let i = 0; i < 2; i++) {
        workers.push(yield* spawnServer({
          env: { ...env, JULES_RUNNER_ADDRESS: `127.0.0.1:${yield* unusedPort}` },
          args: role("worker")
        }))
      }
      const web = yield* spawnServer({ env, args: role("web") })
      // Both workers hold shards before the texts come (they split the 300 between them).
      yield* Effect.sleep("3 seconds")
      const people = Array.from({ length: 12 }, (_, i) => `+1555555${String(4300 + i)}`)
      const started = Date.now()
      yield* Effect.forEach(people, (phone, person) =>
        Effect.map(text(web, phone, `hello #q${person}`), (r) => assert.strictEqual(r.status, 200)), {
        concurrency: "unbounded"
      })
      const answered = (phone: string, person: number) =>
        fakeTwilio.sent.filter((m) => m.to === phone && m.body.includes(`#q${person}`)).length
      yield* Effect.gen(function*() {
        while (!people.every((phone, person) => answered(phone, person) > 0)) yield* Effect.sleep("100 millis")
      }).pipe(Effect.timeout("60 seconds"))
      // Well inside the outbox loop's rescue of texts left unanswered (2 minutes): the workers heard of them.
      assert.isBelow(Date.now() - started, 60_000)
      yield* Effect.sleep("2 seconds")
      for (const [person, phone] of people.entries()) assert.strictEqual(answered(phone, person), 1, `person ${person}`)
      // Both workers answered some of them: the people are split between them, and each heard of its own.
      const turnsBy = workers.map((w) => w.output.filter((line) => line.includes("turn decided")).length)
      assert.isTrue(turnsBy.every((n) => n > 0), `turns by worker: ${turnsBy.join(", ")}`)
    }), { timeout: 180_000 })

  it.live("a worker stops while texts arrive: the other answers its people's texts within seconds, not at the rescue", () =>
    Effect.gen(function*() {
      const { env, fakeTwilio, text } = yield* twilioProcess(yield* durableDatabase("postgres"), {
        BURST_WINDOW_MS: "100",
        // The cluster says at debug level where the outbox loop (a singleton) starts.
        LOG_LEVEL: "debug"
      })
      const workers: Array<ChildServer> = []
      for (let i = 0; i < 2; i++) {
        workers.push(yield* spawnServer({
          env: { ...env, JULES_RUNNER_ADDRESS: `127.0.0.1:${yield* unusedPort}` },
          args: role("worker")
        }))
      }
      const web = yield* spawnServer({ env, args: role("web") })
      const runsLoop = (w: { readonly output: ReadonlyArray<string> }) =>
        w.output.some((line) => line.includes("Starting singleton") && line.includes("jules/OutboxLoop"))
      // Both hold shards, and the outbox loop runs on one of them.
      yield* Effect.gen(function*() {
        while (!workers.some(runsLoop)) yield* Effect.sleep("100 millis")
      }).pipe(Effect.timeout("30 seconds"))
      yield* Effect.sleep("3 seconds")
      // The worker without the outbox loop stops: a loop starting elsewhere would look for unanswered texts at once.
      const stopping = runsLoop(workers[0]!) ? workers[1]! : workers[0]!
      stopping.kill("SIGTERM")

      // Texts keep coming while its people move to the other worker (some announced to neither).
      const people = Array.from({ length: 40 }, (_, i) => `+1555555${String(4500 + i)}`)
      const sentAt = new Map<string, number>()
      yield* Effect.forEach(people, (phone, person) =>
        Effect.gen(function*() {
          yield* Effect.sleep(`${person * 150} millis`)
          sentAt.set(phone, Date.now())
          assert.strictEqual((yield* text(web, phone, `still there? #m${person}`)).status, 200)
        }), { concurrency: "unbounded" })
      const answeredAt = new Map<string, number>()
      const answered = (phone: string, person: number) =>
        fakeTwilio.sent.filter((m) => m.to === phone && m.body.includes(`#m${person}`)).length
      yield* Effect.gen(function*() {
        while (answeredAt.size < people.length) {
          for (const [person, phone] of people.entries()) {
            if (!answeredAt.has(phone) && answered(phone, person) > 0) answeredAt.set(phone, Date.now())
          }
          yield* Effect.sleep("100 millis")
        }
      }).pipe(Effect.timeout("150 seconds"))
      // A text no one heard of waited for the outbox loop: two minutes or more (144 s in two runs of three).
      const slowest = Math.max(...people.map((phone) => answeredAt.get(phone)! - sentAt.get(phone)!))
      assert.isBelow(slowest, 30_000)
      yield* Effect.sleep("2 seconds")
      for (const [person, phone] of people.entries()) assert.strictEqual(answered(phone, person), 1, `person ${person}`)
    }), { timeout: 240_000 })

  it.live("a slow model (a second a call): a worker answers forty people texting at once side by side", () =>
    Effect.gen(function*() {
      const { env, fakeTwilio, model, text } = yield* twilioProcess(yield* durableDatabase("postgres"), {
        BURST_WINDOW_MS: "0",
        // Model calls counted exactly: remembering by model (after each reply) would add its own.
        JULES_MEMORY_MODEL: "off"
      })
      model.setDelay(1_000)
      // The worker's default number of turns at once.
      yield* spawnServer({ env: { ...env, JULES_RUNNER_ADDRESS: `127.0.0.1:${yield* unusedPort}` }, args: role("worker") })
      const web = yield* spawnServer({ env, args: role("web") })
      yield* fortyAtOnce({ fakeTwilio, text }, web)
      // Eight turns at a time (a worker's default before) kept at most eight calls open, and the
      // fortieth person waited five of the model's seconds; a hundred texts a second got four answers a second.
      assert.isAbove(model.fake.peakInFlight(), 8)
      assert.isAtMost(model.fake.peakInFlight(), 64)
    }), { timeout: 180_000 })

  it.live("texts stored while a worker's listener was cut off are answered once it listens again, not at the rescue", () =>
    Effect.gen(function*() {
      const database = yield* durableDatabase("postgres")
      const { env, fakeTwilio, text } = yield* twilioProcess(database, { BURST_WINDOW_MS: "100" })
      const worker = yield* spawnServer({
        env: { ...env, JULES_RUNNER_ADDRESS: `127.0.0.1:${yield* unusedPort}` },
        args: role("worker")
      })
      const web = yield* spawnServer({ env, args: role("web") })
      const replies = (tag: string) => fakeTwilio.sent.filter((m) => m.body.includes(tag)).length
      const answered = (tag: string) =>
        Effect.gen(function*() {
          while (replies(tag) === 0) yield* Effect.sleep("100 millis")
        }).pipe(Effect.timeout("60 seconds"))
      // The worker listens: a text is answered from its announcement.
      assert.strictEqual((yield* text(web, "+15555554400", "hello #before")).status, 200)
      yield* answered("#before")

      // The database ends the worker's listening connection (a restart, a failover, a proxy's idle cut).
      const url = new URL(database["DATABASE_URL"]!)
      const admin = yield* PgClient.make({ url: Redacted.make(url.toString()), maxConnections: 1 })
      const ended = yield* admin<{ readonly ended: boolean }>`SELECT pg_terminate_backend(pid) AS ended
        FROM pg_stat_activity WHERE datname = ${url.pathname.slice(1)} AND query LIKE 'LISTEN %'`
      assert.deepStrictEqual(ended.map((row) => row.ended), [true])
      const cut = (line: string) => line.includes("listening for stored texts failed")
      yield* Effect.gen(function*() {
        while (!worker.output.some(cut)) yield* Effect.sleep("20 millis")
      }).pipe(Effect.timeout("10 seconds"))

      // Stored while no one listens (the worker listens again a second later): announced to no one.
      const started = Date.now()
      assert.strictEqual((yield* text(web, "+15555554401", "still there? #gap")).status, 200)
      yield* answered("#gap")
      // Long before the outbox loop's rescue of texts left unanswered for 2 minutes.
      assert.isBelow(Date.now() - started, 30_000)
      yield* Effect.sleep("2 seconds")
      assert.strictEqual(replies("#gap"), 1)
    }).pipe(Effect.provide(Reactivity.layer)), { timeout: 120_000 })

  it.live("with no worker, every text is acked and stored; a worker that starts answers every text once", () =>
    Effect.gen(function*() {
      const { env, fakeTwilio, text } = yield* twilioProcess(yield* durableDatabase("postgres"), {
        BURST_WINDOW_MS: "100"
      })
      const web = yield* spawnServer({ env, args: role("web") })
      // Many texts from a few people: the web process waits on no worker for any of them.
      const people = Array.from({ length: 10 }, (_, i) => `+1555555${String(4200 + i)}`)
      const texts = 1_100
      const statuses = yield* Effect.forEach(
        Array.from({ length: texts }, (_, i) => i),
        (i) => Effect.map(text(web, people[i % people.length]!, `are you there? #n${i}`), (r) => r.status),
        { concurrency: 32 }
      )
      assert.deepStrictEqual([...new Set(statuses)], [200])

      const workerEnv = { ...env, JULES_RUNNER_ADDRESS: `127.0.0.1:${yield* unusedPort}` }
      yield* spawnServer({ env: workerEnv, args: role("worker") })
      const replies = (phone: string) => fakeTwilio.sent.filter((m) => m.to === phone && EchoModel.replyTag(m.body))
      yield* Effect.gen(function*() {
        while (!people.every((phone) => replies(phone).length > 0)) yield* Effect.sleep("100 millis")
      }).pipe(Effect.timeout("90 seconds"))
      // Give a second answer the time to show, were there one.
      yield* Effect.sleep("2 seconds")
      for (const phone of people) {
        // Every text of a person was waiting when the worker started: one turn answers them all, once.
        assert.strictEqual(replies(phone).length, 1, `one reply to each person`)
      }
    }), { timeout: 180_000 })
})

/** The niceness of each thread of a process (Linux), main thread first. */
const niceness = (pid: number): Array<number> =>
  readdirSync(`/proc/${pid}/task`).map(Number).sort((a, b) => (a === pid ? -1 : b === pid ? 1 : a - b)).map((tid) => {
    const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, "utf8")
    // Fields after the command's closing parenthesis; the niceness is the 19th field of the line.
    return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[16])
  })

const onLinux = (() => {
  try {
    return readdirSync("/proc/self/task").length > 0
  } catch {
    return false
  }
})()

describe.skipIf(postgresUrl === undefined || !onLinux)("one process of role all (pnpm start) on PostgreSQL", () => {
  it.live("its turns run in a thread of their own, at a lower CPU priority than the acks; forty people at once with a slow model", () =>
    Effect.gen(function*() {
      const { env, fakeTwilio, model, text } = yield* twilioProcess(yield* durableDatabase("postgres"), {
        BURST_WINDOW_MS: "0",
        JULES_MEMORY_MODEL: "off"
      })
      model.setDelay(1_000)
      const server = yield* spawnServer({ env })
      assert.isTrue(server.output.some((line) => line.includes("turns run in a thread of this process")))
      const nice = niceness(server.pid)
      assert.strictEqual(nice[0], 0, "the main thread (acks) keeps its priority")
      assert.include(nice, 10, "the turn thread gives way")
      yield* fortyAtOnce({ fakeTwilio, text }, server)
      assert.isAbove(model.fake.peakInFlight(), 8)
      server.kill("SIGTERM")
      assert.strictEqual((yield* server.exited).code, 0)
    }), { timeout: 120_000 })

  it.live("JULES_TURN_THREAD=off keeps the turns on the main thread, at the acks' priority", () =>
    Effect.gen(function*() {
      const { env, fakeTwilio, text } = yield* twilioProcess(yield* durableDatabase("postgres"), {
        BURST_WINDOW_MS: "0",
        JULES_TURN_THREAD: "off"
      })
      const server = yield* spawnServer({ env })
      assert.isFalse(server.output.some((line) => line.includes("turns run in a thread")))
      assert.notInclude(niceness(server.pid), 10)
      assert.strictEqual((yield* text(server, "+15555554700", "hi #off")).status, 200)
      yield* Effect.gen(function*() {
        while (!fakeTwilio.sent.some((m) => m.body.includes("#off"))) yield* Effect.sleep("100 millis")
      }).pipe(Effect.timeout("30 seconds"))
    }), { timeout: 120_000 })
})

describe("one process of role all (pnpm start) on embedded PGlite", () => {
  it.live("a slow model (a second a call): forty people texting at once are answered side by side", () =>
    Effect.gen(function*() {
      const { env, fakeTwilio, model, text } = yield* twilioProcess(yield* durableDatabase("pglite"), {
        BURST_WINDOW_MS: "0",
        JULES_MEMORY_MODEL: "off"
      })
      model.setDelay(1_000)
      const server = yield* spawnServer({ env })
      yield* fortyAtOnce({ fakeTwilio, text }, server)
      // With eight turns at a time holding their places through the model's second (role all's default
      // before), the last of forty waited five seconds and at most eight calls were open.
      assert.isAbove(model.fake.peakInFlight(), 8)
    }), { timeout: 120_000 })
})
