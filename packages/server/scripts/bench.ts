/**
 * `pnpm bench`: how fast Jules is under load, each figure beside a baseline
 * measured in the same run. Prints a table, writes JSON, asserts nothing.
 *
 *   pnpm bench [--database postgres://postgres@127.0.0.1:5432/postgres]
 *              [--seconds 10] [--e2e-seconds 60] [--e2e-rate 300] [--e2e-numbers 5000] [--e2e-burst-window 0]
 *              [--model-delay 0] [--turns 200]
 *              [--warmup 600] [--single] [--node-arg=--trace-gc ...] [--out bench-results.json]
 *
 * On a PostgreSQL server (a scratch database is created and dropped), with
 * signed Twilio webhooks from many numbers, an instant OpenAI-compatible model
 * and a carrier that accepts everything (both local fakes, in this process),
 * and Jules run as the README says: one `web` process and `worker` processes
 * (`--single`: measures 1 to 3 against one process of role `all` instead,
 * what `pnpm start` runs, turns and acks sharing it).
 *
 * 1. Ack throughput, 32 connections, turns running in the worker: Jules
 *    against a bare `node:http` server that parses the body and answers 200.
 * 2. Ack latency at a fixed 500 req/s (open loop: latency counts from the time
 *    each request was due, so queueing is not hidden), both servers.
 * 3. End to end, burst window 0 (`--e2e-burst-window`): texts offered at
 *    `--e2e-rate` for `--e2e-seconds` from 5,000 numbers (`--e2e-numbers`);
 *    the acks' latency meanwhile; texts answered per second (by a
 *    recorded turn; texts sent count the AI notices too) and reply latency,
 *    with one worker and with two. Afterwards every text must be answered by
 *    exactly one turn and every person's texts sent in the order decided.
 * 4. CPU: per acknowledged webhook (web process, and PostgreSQL's backends)
 *    under load; per webhook and per turn one at a time (median, p99); memory
 *    per 10,000 people (worker and web RSS, database size).
 * 5. Turn cost as a conversation grows: worker CPU of the 2nd turn against the
 *    200th, one text at a time: one person's turns 161-200 taken turn about
 *    with four new people's 2nd to 11th, so the machine's moods weigh on both;
 *    and PostgreSQL's CPU for the same texts, where a query that reads the
 *    whole conversation would show.
 *
 * Measures 4 and 5 run after `--warmup` texts from other people (default 600),
 * so that what they count is the work of a server that has been running, not
 * V8 compiling the code on its first texts (`--warmup 0` shows a cold start).
 *
 * CPU is read from /proc (`schedstat`, nanoseconds) of each process, so it is
 * the CPU the process used, not wall time.
 */
import { spawn } from "node:child_process"
import type { ChildProcess } from "node:child_process"
import { readdirSync, readFileSync, writeFileSync } from "node:fs"
import * as Http from "node:http"
import type { AddressInfo } from "node:net"
import { availableParallelism, cpus, totalmem } from "node:os"
import { fileURLToPath } from "node:url"
import { parseArgs } from "node:util"
import twilio from "twilio"

const { values } = parseArgs({
  options: {
    database: { type: "string", default: process.env["BENCH_DATABASE_URL"] ?? "postgres://postgres@127.0.0.1:5432/postgres" },
    seconds: { type: "string", default: "10" },
    "e2e-seconds": { type: "string", default: "60" },
    "e2e-rate": { type: "string", default: "300" },
    /** How many numbers measure 3's texts come from (each texts every numbers/rate seconds). */
    "e2e-numbers": { type: "string", default: "5000" },
    /** Measure 3's `BURST_WINDOW_MS` (0: a turn per text when it can; Jules's default is 2500). */
    "e2e-burst-window": { type: "string", default: "0" },
    /** How long the fake model takes to answer, in ms (default 0: instant; a hosted model takes a second or more). */
    "model-delay": { type: "string", default: "0" },
    turns: { type: "string", default: "200" },
    /** Texts from other people before measures 4 and 5, so V8 has compiled the code they run. */
    warmup: { type: "string", default: "600" },
    /** Some measures only: `acks` (1-2), `end-to-end` (3), `turns` (4-5 one at a time), comma-separated. */
    only: { type: "string", default: "acks,end-to-end,turns" },
    /** Write V8 CPU profiles of the Jules processes into this folder (`--cpu-prof`). */
    profile: { type: "string" },
    /** Measures 1 and 2 against one process of role `all` (acks and turns in one) instead of `web` and `worker`. */
    single: { type: "boolean", default: false },
    /** Extra environment for the Jules processes, `--env NAME=value` (repeatable), e.g. to compare a setting. */
    env: { type: "string", multiple: true, default: [] },
    /**
     * A flag for node itself in the Jules processes, `--node-arg=--trace-gc` (repeatable): V8's flags
     * that `NODE_OPTIONS` refuses, e.g. to watch the garbage collector under load.
     */
    "node-arg": { type: "string", multiple: true, default: [] },
    out: { type: "string", default: "bench-results.json" }
  }
})
const SECONDS = Number(values.seconds)
const E2E_SECONDS = Number(values["e2e-seconds"])
const E2E_RATE = Number(values["e2e-rate"])
const E2E_NUMBERS = Number(values["e2e-numbers"])
if (!(Number.isInteger(E2E_NUMBERS) && E2E_NUMBERS > 0)) throw new Error("--e2e-numbers must be a whole number above 0")
const E2E_BURST_WINDOW = values["e2e-burst-window"]
if (!/^\d+$/.test(E2E_BURST_WINDOW)) throw new Error("--e2e-burst-window must be a whole number of milliseconds")
const MODEL_DELAY_MS = Number(values["model-delay"])
const TURNS = Number(values.turns)
/** Measure 5: the conversation's last turns read, and as many 2nd to 11th turns of new people (ten each). */
const LATE_TURNS = 40
if (!(TURNS > LATE_TURNS)) throw new Error(`--turns must be more than ${LATE_TURNS} (measure 5 reads the last ${LATE_TURNS})`)
const WARMUP = Number(values.warmup)
const PARTS = ["acks", "end-to-end", "turns"] as const
const ONLY = new Set(values.only.split(",").map((part) => part.trim()))
for (const part of ONLY) {
  if (!(PARTS as ReadonlyArray<string>).includes(part)) throw new Error(`--only: ${part} is not one of ${PARTS.join(", ")}`)
}
const measures = (part: typeof PARTS[number]) => ONLY.has(part)
const CONNECTIONS = 32
/** How long the end-to-end runs wait for a backlog to drain before reporting what is left. */
const DRAIN_LIMIT_MS = 180_000
/** How often the drain is checked; the drain time is known to this much. */
const DRAIN_POLL_MS = 1_000
const PUBLIC_BASE_URL = "https://jules.bench.example"
const PATH = "/webhooks/twilio/sms"
const AUTH_TOKEN = "bench-twilio-auth-token"
const ACCOUNT_SID = "AC00000000000000000000000000000001"
const MAIN = fileURLToPath(new URL("../src/main.ts", import.meta.url))

// Processes and /proc --------------------------------------------------------

const children: Array<ChildProcess> = []

/** Nanoseconds of CPU the process has used, all its threads. */
const cpuNs = (pid: number): number => {
  let total = 0
  for (const task of readdirSync(`/proc/${pid}/task`)) {
    try {
      total += Number(readFileSync(`/proc/${pid}/task/${task}/schedstat`, "utf8").split(" ")[0])
    } catch {
      // the thread ended
    }
  }
  return total
}

const rssBytes = (pid: number): number => {
  const line = readFileSync(`/proc/${pid}/status`, "utf8").split("\n").find((l) => l.startsWith("VmRSS:"))!
  return Number(line.split(/\s+/)[1]) * 1024
}

/** Thrown by a `waitFor` check that knows the wait is hopeless. */
class Fatal extends Error {}

const waitFor = async (what: string, check: () => Promise<boolean> | boolean, timeoutMs = 120_000, everyMs = 100) => {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    try {
      if (await check()) return
    } catch (error) {
      if (error instanceof Fatal) throw error
      // not yet
    }
    await sleep(everyMs)
  }
  throw new Error(`${what}: not within ${timeoutMs} ms`)
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

const freePort = () =>
  new Promise<number>((resolve) => {
    const server = Http.createServer()
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo
      server.close(() => resolve(port))
    })
  })

const psql = async (url: string, query: string): Promise<Array<Array<string>>> => {
  const child = spawn("psql", [url, "-AtF", "\t", "-c", query], { stdio: ["ignore", "pipe", "inherit"] })
  let out = ""
  child.stdout.on("data", (chunk) => (out += chunk))
  await new Promise((resolve) => child.on("close", resolve))
  return out.trim() === "" ? [] : out.trim().split("\n").map((line) => line.split("\t"))
}

// Fakes: a carrier and a model ----------------------------------------------

interface Delivery {
  readonly to: string
  readonly at: number
  readonly sid: number
}

const deliveries: Array<Delivery> = []
const onDelivery: Array<() => void> = []

const fakeCarrier = (): Promise<number> => {
  let sid = 0
  const server = Http.createServer((req, res) => {
    let body = ""
    req.on("data", (chunk) => (body += chunk))
    req.on("end", () => {
      const to = new URLSearchParams(body).get("To") ?? ""
      const n = ++sid
      deliveries.push({ to, at: performance.now(), sid: n })
      for (const notify of onDelivery) notify()
      res.writeHead(201, { "content-type": "application/json" })
      res.end(JSON.stringify({
        sid: `SM${String(n).padStart(32, "0")}`,
        status: "queued",
        to,
        num_segments: "1",
        error_code: null,
        error_message: null,
        date_created: new Date().toUTCString()
      }))
    })
  })
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve((server.address() as AddressInfo).port)))
}

/**
 * Answers at once (or after `--model-delay`, as a hosted model would): a
 * short reply, or, asked for structured output (the memory extraction), what
 * a model answers when a text states nothing to remember, so the turn takes
 * the path it takes with a real model.
 */
const fakeModel = (): Promise<number> => {
  const server = Http.createServer((req, res) => {
    let body = ""
    req.on("data", (chunk) => (body += chunk))
    const answer = () => {
      const content = body.includes('"response_format"') ? '{"operations":[]}' : "I hear you. Tell me more?"
      res.writeHead(200, { "content-type": "application/json" })
      res.end(JSON.stringify({
        id: "chatcmpl-bench",
        object: "chat.completion",
        created: Math.floor(Date.now() / 1000),
        model: "bench-model",
        choices: [{ index: 0, message: { role: "assistant", content }, finish_reason: "stop" }],
        usage: { prompt_tokens: 400, completion_tokens: 8, total_tokens: 408 }
      }))
    }
    req.on("end", () => (MODEL_DELAY_MS > 0 ? setTimeout(answer, MODEL_DELAY_MS) : answer()))
  })
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve((server.address() as AddressInfo).port)))
}

// Jules ----------------------------------------------------------------------

interface Jules {
  readonly databaseUrl: string
  readonly carrierPort: number
  readonly modelPort: number
}

const julesEnv = (jules: Jules, extra: Record<string, string>) => ({
  PATH: process.env["PATH"] ?? "",
  HOME: process.env["HOME"] ?? "/tmp",
  HOST: "127.0.0.1",
  DATABASE_URL: jules.databaseUrl,
  SMS_PROVIDER: "twilio",
  TWILIO_ACCOUNT_SID: ACCOUNT_SID,
  TWILIO_AUTH_TOKEN: AUTH_TOKEN,
  TWILIO_FROM_NUMBER: "+12025550100",
  TWILIO_API_BASE_URL: `http://127.0.0.1:${jules.carrierPort}`,
  PUBLIC_BASE_URL,
  LLM_PROVIDERS: "openai",
  OPENAI_BASE_URL: `http://127.0.0.1:${jules.modelPort}/v1`,
  OPENAI_MODEL: "bench-model",
  OPENAI_API_KEY: "sk-bench",
  JULES_ENCRYPTION_KEYS: `bench:${Buffer.alloc(32, 3).toString("base64")}`,
  LOG_LEVEL: "Error",
  ...Object.fromEntries(values.env.map((pair) => [pair.slice(0, pair.indexOf("=")), pair.slice(pair.indexOf("=") + 1)])),
  ...extra
})

interface Running {
  readonly child: ChildProcess
  readonly port: number
  readonly pid: number
}

const startJules = async (jules: Jules, role: "web" | "worker" | "all", extra: Record<string, string> = {}): Promise<Running> => {
  const port = await freePort()
  const runner = role === "worker" ? { JULES_RUNNER_ADDRESS: `127.0.0.1:${await freePort()}` } : {}
  const profile = values.profile === undefined ? [] : ["--cpu-prof", `--cpu-prof-dir=${values.profile}`]
  const child = spawn(process.execPath, [...profile, ...values["node-arg"], "--conditions=@jules/source", MAIN, role], {
    env: julesEnv(jules, { PORT: String(port), ...runner, ...extra }),
    // Errors only (LOG_LEVEL), so a refusal to start is seen.
    stdio: ["ignore", "inherit", "inherit"]
  })
  children.push(child)
  await waitFor(`jules ${role} ready`, async () => {
    // A process that refused to start has said why (stderr above): stop waiting for it.
    if (child.exitCode !== null) throw new Fatal(`jules ${role} exited with code ${child.exitCode} before it was ready`)
    return (await fetch(`http://127.0.0.1:${port}/health/ready`)).status === 200
  })
  return { child, port, pid: child.pid! }
}

const stop = async (running: Running) => {
  running.child.kill("SIGTERM")
  await new Promise((resolve) => running.child.once("exit", resolve))
}

const startBare = async (): Promise<Running> => {
  const port = await freePort()
  const child = spawn(process.execPath, ["-e", `
    require("node:http").createServer((req, res) => {
      const chunks = []
      req.on("data", (c) => chunks.push(c))
      req.on("end", () => {
        new URLSearchParams(Buffer.concat(chunks).toString("utf8"))
        res.writeHead(200, { "content-type": "text/xml" })
        res.end("<Response/>")
      })
    }).listen(${port}, "127.0.0.1")`], { stdio: ["ignore", "ignore", "inherit"] })
  children.push(child)
  await waitFor("bare server", async () => (await fetch(`http://127.0.0.1:${port}/`, { method: "POST" })).status === 200)
  return { child, port, pid: child.pid! }
}

// Webhooks -------------------------------------------------------------------

interface Signed {
  readonly body: string
  readonly signature: string
  readonly from: string
}

let sequence = 0
const phoneOf = (person: number) => `+1555${String(person).padStart(7, "0")}`

const signed = (person: number): Signed => {
  const n = ++sequence
  const sid = `SM${n.toString(16).padStart(32, "0")}`
  const params: Record<string, string> = {
    ToCountry: "US",
    SmsMessageSid: sid,
    NumMedia: "0",
    SmsSid: sid,
    SmsStatus: "received",
    Body: `hey, it's me again, text number ${n}`,
    To: "+12025550100",
    NumSegments: "1",
    MessageSid: sid,
    AccountSid: ACCOUNT_SID,
    From: phoneOf(person),
    ApiVersion: "2010-04-01"
  }
  return {
    body: new URLSearchParams(params).toString(),
    signature: twilio.getExpectedTwilioSignature(AUTH_TOKEN, PUBLIC_BASE_URL + PATH, params),
    from: params["From"]!
  }
}

const agent = new Http.Agent({ keepAlive: true, maxSockets: 512 })

const post = (port: number, request: Signed) =>
  new Promise<number>((resolve, reject) => {
    const req = Http.request({
      host: "127.0.0.1",
      port,
      path: PATH,
      method: "POST",
      agent,
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        "content-length": Buffer.byteLength(request.body),
        "x-twilio-signature": request.signature
      }
    }, (res) => {
      res.resume()
      res.on("end", () => resolve(res.statusCode ?? 0))
    })
    req.on("error", reject)
    req.end(request.body)
  })

interface Load {
  readonly requests: number
  readonly errors: number
  readonly seconds: number
  readonly latenciesMs: Array<number>
}

const percentile = (values: ReadonlyArray<number>, p: number) => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!
}

const closedLoop = async (port: number, requests: () => Signed, seconds: number): Promise<Load> => {
  const latenciesMs: Array<number> = []
  let errors = 0
  const start = performance.now()
  const end = start + seconds * 1000
  await Promise.all(Array.from({ length: CONNECTIONS }, async () => {
    while (performance.now() < end) {
      const request = requests()
      const sent = performance.now()
      const status = await post(port, request).catch(() => 0)
      if (status !== 200) errors++
      latenciesMs.push(performance.now() - sent)
    }
  }))
  return { requests: latenciesMs.length, errors, seconds: (performance.now() - start) / 1000, latenciesMs }
}

/** `rate` a second on schedule; latency from when each was due. Calls `sent` with each request's due time. */
const openLoop = async (
  port: number,
  requests: Array<Signed>,
  rate: number,
  sent?: (request: Signed, due: number) => void
): Promise<Load> => {
  const latenciesMs: Array<number> = []
  let errors = 0
  const start = performance.now()
  const inFlight: Array<Promise<void>> = []
  for (const [i, request] of requests.entries()) {
    const due = start + (i * 1000) / rate
    const wait = due - performance.now()
    if (wait > 1) await sleep(wait)
    sent?.(request, due)
    inFlight.push(post(port, request).then(
      (status) => {
        if (status !== 200) errors++
        latenciesMs.push(performance.now() - due)
      },
      () => {
        errors++
      }
    ))
  }
  await Promise.all(inFlight)
  return { requests: requests.length, errors, seconds: (performance.now() - start) / 1000, latenciesMs }
}

const postgresBackends = async (adminUrl: string, database: string): Promise<Array<number>> =>
  (await psql(adminUrl, `SELECT pid FROM pg_stat_activity WHERE datname = '${database}'`)).map((row) => Number(row[0]))

const cpuOf = (pids: ReadonlyArray<number>) => pids.reduce((sum, pid) => sum + (existsPid(pid) ? cpuNs(pid) : 0), 0)
const existsPid = (pid: number) => {
  try {
    readFileSync(`/proc/${pid}/stat`)
    return true
  } catch {
    return false
  }
}

// Run --------------------------------------------------------------------------

const fmt = (n: number, digits = 1) =>
  Number.isFinite(n) ? n.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: 0 }) : "–"

const main = async () => {
  const adminUrl = values.database
  const database = `jules_bench_${process.pid}`
  const databaseUrl = Object.assign(new URL(adminUrl), { pathname: `/${database}` }).toString()
  await psql(adminUrl, `CREATE DATABASE ${database}`)
  const jules: Jules = { databaseUrl, carrierPort: await fakeCarrier(), modelPort: await fakeModel() }
  const results: Record<string, unknown> = {
    machine: {
      cpus: availableParallelism(),
      cpuModel: cpus()[0]?.model,
      memoryGiB: Math.round(totalmem() / 2 ** 30),
      node: process.version,
      postgres: (await psql(adminUrl, "SHOW server_version"))[0]?.[0]
    }
  }
  const table: Array<[string, string, string]> = []
  const save = () => {
    writeFileSync(values.out, JSON.stringify({ ...results, table }, null, 2) + "\n")
    console.log(`\nfigures written to ${values.out}`)
  }
  const row = (measure: string, jules: string, baseline: string) => {
    table.push([measure, jules, baseline])
    console.log(`${measure.padEnd(58)} ${jules.padEnd(34)} ${baseline}`)
  }
  try {
    console.log(`machine: ${JSON.stringify(results["machine"])}`)
    let person = 0
    if (measures("acks")) {
      const bare = await startBare()
      // `--single`: one process acks and runs the turns, as `pnpm start` does.
      const web = await startJules(jules, values.single ? "all" : "web")
      const worker = values.single ? undefined : await startJules(jules, "worker")
      const manyPeople = () => signed(++person % 20_000)

      // 1. Ack throughput with turns running.
      await closedLoop(bare.port, manyPeople, 2)
      const bareLoad = await closedLoop(bare.port, manyPeople, SECONDS)
      await closedLoop(web.port, manyPeople, 2)
      const pgBefore = await postgresBackends(adminUrl, database)
      const [webCpu0, pgCpu0] = [cpuNs(web.pid), cpuOf(pgBefore)]
      const julesLoad = await closedLoop(web.port, manyPeople, SECONDS)
      const [webCpu1, pgCpu1] = [cpuNs(web.pid), cpuOf(pgBefore)]
      const bareRps = bareLoad.requests / bareLoad.seconds
      const julesRps = (julesLoad.requests - julesLoad.errors) / julesLoad.seconds
      results["ackThroughput"] = {
        roles: values.single ? "all" : "web + worker",
        bare: { rps: bareRps, p50: percentile(bareLoad.latenciesMs, 0.5), p99: percentile(bareLoad.latenciesMs, 0.99) },
        jules: {
          rps: julesRps,
          errors: julesLoad.errors,
          p50: percentile(julesLoad.latenciesMs, 0.5),
          p99: percentile(julesLoad.latenciesMs, 0.99),
          ratio: julesRps / bareRps,
          webCpuMsPerAck: (webCpu1 - webCpu0) / 1e6 / julesLoad.requests,
          postgresCpuMsPerAck: (pgCpu1 - pgCpu0) / 1e6 / julesLoad.requests
        }
      }
      row(
        `1. ack throughput, ${CONNECTIONS} connections (turns running${values.single ? ", role all" : ""})`,
        `${fmt(julesRps, 0)} req/s (${fmt((julesRps / bareRps) * 100)} % of bare)`,
        `bare node:http ${fmt(bareRps, 0)} req/s`
      )
      row(
        "   ack latency p50 / p99",
        `${fmt(percentile(julesLoad.latenciesMs, 0.5), 2)} / ${fmt(percentile(julesLoad.latenciesMs, 0.99), 2)} ms`,
        `${fmt(percentile(bareLoad.latenciesMs, 0.5), 2)} / ${fmt(percentile(bareLoad.latenciesMs, 0.99), 2)} ms`
      )
      row(
        // Role `all` counts its turns too (on PostgreSQL they run in a thread of the same process).
        `4. CPU per ack under load: ${values.single ? "role all process (with its turns)" : "web process"} / PostgreSQL`,
        `${fmt((webCpu1 - webCpu0) / 1e6 / julesLoad.requests, 3)} / ${fmt((pgCpu1 - pgCpu0) / 1e6 / julesLoad.requests, 3)} ms`,
        ""
      )

      // 2. Fixed 500 req/s, open loop.
      await sleep(3000)
      const fixed = async (port: number) =>
        openLoop(port, Array.from({ length: 500 * SECONDS }, () => manyPeople()), 500)
      const bareFixed = await fixed(bare.port)
      const julesFixed = await fixed(web.port)
      results["ackAt500"] = {
        bare: { p50: percentile(bareFixed.latenciesMs, 0.5), p99: percentile(bareFixed.latenciesMs, 0.99) },
        jules: {
          p50: percentile(julesFixed.latenciesMs, 0.5),
          p99: percentile(julesFixed.latenciesMs, 0.99),
          errors: julesFixed.errors
        }
      }
      row(
        "2. ack latency at a fixed 500 req/s (open loop) p50 / p99",
        `${fmt(percentile(julesFixed.latenciesMs, 0.5), 2)} / ${fmt(percentile(julesFixed.latenciesMs, 0.99), 2)} ms`,
        `${fmt(percentile(bareFixed.latenciesMs, 0.5), 2)} / ${fmt(percentile(bareFixed.latenciesMs, 0.99), 2)} ms`
      )

      // Let the worker finish the backlog, then start afresh for the end-to-end runs.
      await stop(web)
      if (worker !== undefined) await stop(worker)
      await stop(bare)
    }

    if (measures("end-to-end")) {
      await psql(adminUrl, `DROP DATABASE ${database} WITH (FORCE)`)
      await psql(adminUrl, `CREATE DATABASE ${database}`)

      // 3. End to end, with one and with two workers (`--single`: one process of role `all`, `workers` 0).
      const endToEnd = async (workers: number) => {
        const started = [] as Array<Running>
        for (let i = 0; i < workers; i++) started.push(await startJules(jules, "worker", { BURST_WINDOW_MS: E2E_BURST_WINDOW }))
        const front = await startJules(jules, workers === 0 ? "all" : "web", { BURST_WINDOW_MS: E2E_BURST_WINDOW })
        /** The processes that run turns. */
        const runners = workers === 0 ? [front] : started
        deliveries.length = 0
        const sentAt = new Map<string, Array<number>>()
        const base = person
        const texts = Array.from({ length: E2E_RATE * E2E_SECONDS }, (_, i) => signed(base + 1 + (i % E2E_NUMBERS)))
        person += E2E_NUMBERS
        // Where the CPU goes while the texts arrive: each process, PostgreSQL's backends, and this process
        // (the load, the fake model and the fake carrier), per text sent during the load.
        // PostgreSQL's backends are read again at the end: the pools open connections during the load.
        const backendCpu0 = new Map((await postgresBackends(adminUrl, database)).map((pid) => [pid, cpuNs(pid)]))
        const postgresCpuSince = async () =>
          (await postgresBackends(adminUrl, database)).reduce(
            (sum, pid) => sum + (existsPid(pid) ? cpuNs(pid) - (backendCpu0.get(pid) ?? 0) : 0),
            0
          )
        const cpuAt = () => ({
          // Role `all`: its acks are counted with its turns, under "workers".
          web: workers === 0 ? 0 : cpuNs(front.pid),
          workers: runners.reduce((sum, w) => sum + cpuNs(w.pid), 0),
          postgres: 0,
          bench: cpuNs(process.pid)
        })
        // Texts answered (by a turn that recorded them), not texts sent: the AI notice to each new person is a send too.
        const answeredTexts = async () => {
          const [[count]] = await psql(databaseUrl, `SELECT count(*) FROM inbound_messages i
            WHERE EXISTS (SELECT 1 FROM turns t WHERE t.user_id = i.user_id AND i.id = ANY(t.inbound_ids))`) as [[string]]
          return Number(count)
        }
        const turnCount = async () => Number((await psql(databaseUrl, "SELECT count(*) FROM turns"))[0]![0])
        const answeredBefore = await answeredTexts()
        const turnsBefore = await turnCount()
        const cpuBefore = cpuAt()
        const load = await openLoop(front.port, texts, E2E_RATE, (request, due) => {
          const list = sentAt.get(request.from) ?? []
          list.push(due)
          sentAt.set(request.from, list)
        })
        const loadEnded = performance.now()
        const deliveredDuringLoad = deliveries.length
        const cpuAfter = { ...cpuAt(), postgres: await postgresCpuSince() }
        const answeredDuringLoad = (await answeredTexts()) - answeredBefore
        const turnsDuringLoad = (await turnCount()) - turnsBefore
        // Under load, unlike one at a time, a turn runs on a busy (warm) processor beside others.
        const workerCpuPerTurnMs = (cpuAfter.workers - cpuBefore.workers) / 1e6 / Math.max(1, turnsDuringLoad)
        const cpuPerTextSentMs = Object.fromEntries(
          (["web", "workers", "postgres", "bench"] as const).map((k) => [k, (cpuAfter[k] - cpuBefore[k]) / 1e6 / Math.max(1, deliveredDuringLoad)])
        ) as Record<"web" | "workers" | "postgres" | "bench", number>
        // Drain: every text answered and every reply sent, or at most DRAIN_LIMIT_MS more.
        const unanswered = async () => {
          const [[count]] = await psql(databaseUrl, `SELECT count(*) FROM inbound_messages i
            WHERE NOT EXISTS (SELECT 1 FROM turns t WHERE t.user_id = i.user_id AND i.id = ANY(t.inbound_ids))`) as [[string]]
          return Number(count)
        }
        const unsent = async () => {
          const [[count]] = await psql(databaseUrl, `SELECT count(*) FROM outbound_messages WHERE status IN ('pending', 'sending')`) as [[string]]
          return Number(count)
        }
        // Once a second: counting the unanswered texts reads them all (tens of milliseconds in
        // PostgreSQL each time), and the drain should not pay for being watched.
        const drained = await waitFor(
          "the backlog drained",
          async () => (await unsent()) === 0 && (await unanswered()) === 0,
          DRAIN_LIMIT_MS,
          DRAIN_POLL_MS
        )
          .then(() => true, () => false)
        const drainSeconds = (performance.now() - loadEnded) / 1000
        const answeredOverall = (await answeredTexts()) - answeredBefore
        // Reply latency: each delivery against the oldest of that person's texts still unanswered when it arrived.
        const latencies: Array<number> = []
        const queues = new Map([...sentAt].map(([from, dues]) => [from, [...dues]]))
        for (const delivery of [...deliveries].sort((a, b) => a.at - b.at)) {
          const queue = queues.get(delivery.to)
          if (queue === undefined || queue.length === 0) continue
          const oldest = queue[0]!
          // One reply answers every text of the person that had arrived.
          while (queue.length > 0 && queue[0]! <= delivery.at) queue.shift()
          latencies.push(delivery.at - oldest)
        }
        const [[twice]] = await psql(databaseUrl, `SELECT count(*) FROM (SELECT i.id FROM inbound_messages i
          JOIN turns t ON t.user_id = i.user_id AND i.id = ANY(t.inbound_ids) GROUP BY i.id HAVING count(*) > 1) x`) as [[string]]
        const [[outOfOrder]] = await psql(databaseUrl, `SELECT count(*) FROM (
          SELECT provider_message_id, lag(provider_message_id) OVER (PARTITION BY user_id ORDER BY created_at, seq) AS before
          FROM outbound_messages WHERE provider_message_id IS NOT NULL) x
          WHERE before IS NOT NULL AND provider_message_id < before`) as [[string]]
        const [[turns]] = await psql(databaseUrl, "SELECT count(*) FROM turns") as [[string]]
        const figures = {
          workers,
          offeredPerSecond: E2E_RATE,
          seconds: E2E_SECONDS,
          numbers: E2E_NUMBERS,
          burstWindowMs: Number(E2E_BURST_WINDOW),
          acked: load.requests - load.errors,
          ackErrors: load.errors,
          ackP50Ms: percentile(load.latenciesMs, 0.5),
          ackP99Ms: percentile(load.latenciesMs, 0.99),
          textsAnsweredPerSecondDuringLoad: answeredDuringLoad / load.seconds,
          textsAnsweredPerSecondOverall: answeredOverall / (load.seconds + drainSeconds),
          repliesPerSecondDuringLoad: deliveredDuringLoad / load.seconds,
          repliesPerSecondOverall: deliveries.length / (load.seconds + drainSeconds),
          replies: deliveries.length,
          turns: Number(turns),
          drainSeconds,
          drained,
          unansweredAfterDrain: drained ? 0 : await unanswered(),
          cpuPerTextSentMs,
          turnsDuringLoad,
          workerCpuPerTurnMs,
          replyLatencyP50Ms: percentile(latencies, 0.5),
          replyLatencyP99Ms: percentile(latencies, 0.99),
          textsAnsweredTwice: Number(twice),
          repliesOutOfOrder: Number(outOfOrder),
          workerRssMiB: runners.map((w) => rssBytes(w.pid) / 2 ** 20),
          webRssMiB: rssBytes(front.pid) / 2 ** 20
        }
        await stop(front)
        for (const w of started) await stop(w)
        return figures
      }
      const one = await endToEnd(values.single ? 0 : 1)
      const two = values.single ? undefined : await endToEnd(2)
      results["endToEnd"] = {
        one,
        two,
        // The same texts, all answered (or the drain limit reached): which finished them sooner.
        ratio: two === undefined ? undefined : two.textsAnsweredPerSecondOverall / one.textsAnsweredPerSecondOverall
      }
      for (const e of two === undefined ? [one] : [one, two]) {
        const who = e.workers === 0 ? "role all" : `${e.workers} worker${e.workers > 1 ? "s" : ""}`
        row(
          `3. end to end, ${who}, ${e.offeredPerSecond} texts/s offered for ${e.seconds} s`,
          `${fmt(e.textsAnsweredPerSecondDuringLoad, 0)} texts answered/s (${fmt(e.textsAnsweredPerSecondOverall, 0)} incl. drain of ${
            fmt(e.drainSeconds)
          } s${e.drained ? "" : `, ${e.unansweredAfterDrain} still unanswered`})`,
          `offered ${e.offeredPerSecond}/s`
        )
        row(
          "   acks during the load: p50 / p99 (from each one's due time); not 200",
          `${fmt(e.ackP50Ms, 2)} / ${fmt(e.ackP99Ms, 2)} ms; ${e.ackErrors}`,
          `${e.numbers} numbers, burst window ${e.burstWindowMs} ms`
        )
        row(
          "   texts sent/s (replies and AI notices), during the load / incl. drain",
          `${fmt(e.repliesPerSecondDuringLoad, 0)} / ${fmt(e.repliesPerSecondOverall, 0)}`,
          ""
        )
        row(
          "   reply latency p50 / p99; answered twice; out of order",
          `${fmt(e.replyLatencyP50Ms, 0)} / ${fmt(e.replyLatencyP99Ms, 0)} ms; ${e.textsAnsweredTwice}; ${e.repliesOutOfOrder}`,
          ""
        )
        const c = e.cpuPerTextSentMs
        row(
          "   CPU per text sent during the load: web / workers / PostgreSQL",
          `${fmt(c.web, 2)} / ${fmt(c.workers, 2)} / ${fmt(c.postgres, 2)} ms`,
          `load and fakes ${fmt(c.bench, 2)} ms`
        )
        row("   worker CPU per turn during the load", `${fmt(e.workerCpuPerTurnMs, 2)} ms (${e.turnsDuringLoad} turns)`, "")
      }
      if (two !== undefined) {
        row(
          "   two workers against one (texts answered/s incl. drain)",
          `${fmt(two.textsAnsweredPerSecondOverall / one.textsAnsweredPerSecondOverall, 2)}x`,
          `during the load ${fmt(two.textsAnsweredPerSecondDuringLoad / one.textsAnsweredPerSecondDuringLoad, 2)}x`
        )
      }
      const [[size]] = await psql(adminUrl, `SELECT pg_database_size('${database}')`) as [[string]]
      // One or two runs, each from its own numbers (fewer when fewer texts were offered than numbers).
      const perRun = Math.min(E2E_NUMBERS, E2E_RATE * E2E_SECONDS)
      const people = two === undefined ? perRun : 2 * perRun
      results["memory"] = {
        people,
        databaseMiBPer10k: Number(size) / 2 ** 20 / (people / 10_000),
        workerRssMiB: one.workerRssMiB[0],
        webRssMiB: one.webRssMiB
      }
      // Role `all` is one process: its RSS once.
      row(
        `4. memory for 10,000 people: database / ${two === undefined ? "role all RSS" : "worker RSS / web RSS"}`,
        `${fmt(Number(size) / 2 ** 20 / (people / 10_000), 0)} MiB / ${fmt(one.workerRssMiB[0]!, 0)} MiB${
          two === undefined ? "" : ` / ${fmt(one.webRssMiB, 0)} MiB`
        }`,
        ""
      )

    }
    if (!measures("turns")) return save()

    // 4 and 5. One at a time, on a fresh database: CPU per webhook and per turn, and the 2nd turn against the 200th.
    await psql(adminUrl, `DROP DATABASE ${database} WITH (FORCE)`)
    await psql(adminUrl, `CREATE DATABASE ${database}`)
    // One person texting 200 times in a few seconds: lift the per-minute and daily limits.
    const worker = await startJules(jules, "worker", {
      BURST_WINDOW_MS: "0",
      JULES_MAX_CONCURRENT_TURNS: "1",
      JULES_TURNS_PER_MINUTE: "100000",
      JULES_TIERS: JSON.stringify({ free: { dailyTurns: null, maxReplySegments: 3 } })
    })
    const web = await startJules(jules, "web", { BURST_WINDOW_MS: "0" })
    // Warm-up: a server that has run for a while has its code compiled; a fresh one
    // compiles it during its first few hundred texts (on V8's own threads, which
    // count in a process's CPU). Other people's texts, a few at a time, each
    // answered before the measures begin.
    if (WARMUP > 0) {
      const warmPeople = Array.from({ length: WARMUP }, () => ++person)
      const warmPhones = new Set(warmPeople.map(phoneOf))
      const answered = () => deliveries.filter((d) => warmPhones.has(d.to)).length
      for (let i = 0; i < warmPeople.length; i += 8) {
        await Promise.all(warmPeople.slice(i, i + 8).map((p) => post(web.port, signed(p))))
        // Each new person gets the AI notice and a reply.
        await waitFor("the warm-up answered", () => answered() >= 2 * Math.min(i + 8, warmPeople.length), 60_000)
      }
      await sleep(1000)
    }
    const ackCpu: Array<number> = []
    const turnCpu: Array<number> = []
    /**
     * One text from `who`, answered: the web's CPU for its webhook, the worker's for its turn,
     * and PostgreSQL's backends' for both (and whatever the processes' loops asked of it meanwhile).
     */
    let backends: ReadonlyArray<number> = []
    let posted = 0
    const oneTurn = async (who: number, label: string) => {
      const phone = phoneOf(who)
      const toThem = () => deliveries.filter((d) => d.to === phone).length
      // A person's first text gets the AI notice before its reply.
      const expected = toThem() + (toThem() === 0 ? 2 : 1)
      const delivered = new Promise<void>((resolve) => {
        const notify = () => {
          if (toThem() >= expected) {
            onDelivery.splice(onDelivery.indexOf(notify), 1)
            resolve()
          }
        }
        onDelivery.push(notify)
      })
      // Listed again every ten texts (a psql process and a scan of pg_stat_activity each time): the
      // pools have opened their connections during the warm-up.
      if (posted++ % 10 === 0) backends = await postgresBackends(adminUrl, database)
      const [web0, worker0, postgres0] = [cpuNs(web.pid), cpuNs(worker.pid), cpuOf(backends)]
      const status = await post(web.port, signed(who))
      if (status !== 200) throw new Error(`${label}: the webhook answered ${status}`)
      const web1 = cpuNs(web.pid)
      await Promise.race([
        delivered,
        sleep(60_000).then(() => Promise.reject(new Error(`${label}: no reply within 60 s`)))
      ])
      // The turn goes on after the send (remembering): wait until the worker is idle before the next text.
      await sleep(50)
      return {
        ack: (web1 - web0) / 1e6,
        turn: (cpuNs(worker.pid) - worker0) / 1e6,
        postgres: (cpuOf(backends) - postgres0) / 1e6
      }
    }
    // One person's conversation grows to TURNS turns. Its last forty are taken turn about with
    // the 2nd to 11th of four new people's, so both sides of measure 5 are read in the same
    // seconds: whatever else the machine is doing then weighs on both alike. (Ten of each, as
    // before, moved from -2 % to +38 % between runs of the same code: one turn's CPU time
    // swings by more than what is measured.)
    const lone = ++person
    const fresh = Array.from({ length: LATE_TURNS / 10 }, () => ++person)
    const early: Array<{ readonly turn: number; readonly postgres: number }> = []
    const late: Array<{ readonly turn: number; readonly postgres: number }> = []
    const mine = async (turn: number) => {
      const cost = await oneTurn(lone, `turn ${turn}`)
      ackCpu.push(cost.ack)
      turnCpu.push(cost.turn)
      return cost
    }
    for (let turn = 1; turn <= TURNS - LATE_TURNS; turn++) await mine(turn)
    for (const who of fresh) await oneTurn(who, "a new person's first turn")
    for (let i = 0; i < LATE_TURNS; i++) {
      late.push(await mine(TURNS - LATE_TURNS + 1 + i))
      const nth = 2 + Math.floor(i / fresh.length)
      early.push(await oneTurn(fresh[i % fresh.length]!, `a new person's turn ${nth}`))
    }
    const median = (xs: ReadonlyArray<number>) => percentile(xs, 0.5)
    const [lateTurn, earlyTurn] = [median(late.map((c) => c.turn)), median(early.map((c) => c.turn))]
    const [latePostgres, earlyPostgres] = [median(late.map((c) => c.postgres)), median(early.map((c) => c.postgres))]
    results["oneAtATime"] = {
      warmupTexts: WARMUP,
      ackCpuMs: { median: median(ackCpu), p99: percentile(ackCpu, 0.99) },
      turnCpuMs: { median: median(turnCpu), p99: percentile(turnCpu, 0.99) },
      turnCpuMs2ndTo11th: earlyTurn,
      turnCpuMsLast40: lateTurn,
      growth: lateTurn / earlyTurn,
      postgresCpuMs2ndTo11th: earlyPostgres,
      postgresCpuMsLast40: latePostgres,
      postgresGrowth: latePostgres / earlyPostgres
    }
    row(
      "4. CPU per webhook, one at a time: median / p99",
      `${fmt(median(ackCpu), 3)} / ${fmt(percentile(ackCpu, 0.99), 3)} ms`,
      ""
    )
    row(
      "4. CPU per turn (worker, model wait excluded): median / p99",
      `${fmt(median(turnCpu), 2)} / ${fmt(percentile(turnCpu, 0.99), 2)} ms`,
      ""
    )
    row(
      `5. turn CPU, turns ${TURNS - LATE_TURNS + 1}-${TURNS} against 4 new people's 2-11 (median)`,
      `${fmt(lateTurn, 2)} ms (${fmt((lateTurn / earlyTurn - 1) * 100)} %)`,
      `${fmt(earlyTurn, 2)} ms`
    )
    row(
      "5. PostgreSQL's CPU for the same texts (their acks and turns)",
      `${fmt(latePostgres, 2)} ms (${fmt((latePostgres / earlyPostgres - 1) * 100)} %)`,
      `${fmt(earlyPostgres, 2)} ms`
    )
    await stop(web)
    await stop(worker)
  } finally {
    for (const child of children) child.kill("SIGKILL")
    agent.destroy()
    await sleep(500)
    await psql(adminUrl, `DROP DATABASE IF EXISTS ${database} WITH (FORCE)`)
  }
  save()
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error)
    for (const child of children) child.kill("SIGKILL")
    process.exit(1)
  }
)
