/**
 * Webhook ack latency and throughput of the Jules server, against a bare
 * `node:http` server answering the same requests in the same run (targets:
 * p99 < 20 ms at 500 req/s; ack throughput >= 25% of bare node:http). Prints
 * figures, asserts nothing.
 *
 *   pnpm exec node --conditions=@jules/source packages/server/scripts/bench-ack.ts \
 *     [--seconds 10] [--concurrency 32] [--rate 500,100] [--database postgres://…]
 *     [--burst-window-ms N] [--max-turns N]
 *
 * Both servers run as child processes; this process only sends requests. The
 * Jules server gets signed Twilio inbound webhooks (unique message ids, 2,000
 * senders), so each ack stores a text and queues a durable turn; the turns
 * then run in the background (offline responder, a local fake Twilio), as in
 * production. Without `--database` it uses embedded PGlite in memory.
 */
import { spawn } from "node:child_process"
import type { ChildProcess } from "node:child_process"
import * as Http from "node:http"
import type { AddressInfo } from "node:net"
import { createServer } from "node:net"
import { fileURLToPath } from "node:url"
import { parseArgs } from "node:util"
import { FakeTwilioServer } from "@jules/testkit"
import { Effect, Scope } from "effect"
import twilio from "twilio"

const { values } = parseArgs({
  options: {
    seconds: { type: "string", default: "10" },
    concurrency: { type: "string", default: "32" },
    rate: { type: "string", default: "500,100" },
    database: { type: "string" },
    "burst-window-ms": { type: "string" },
    "max-turns": { type: "string" }
  }
})
const SECONDS = Number(values.seconds)
const CONCURRENCY = Number(values.concurrency)
const RATES = values.rate.split(",").map(Number)
const PUBLIC_BASE_URL = "https://jules.bench.example"
const PATH = "/webhooks/twilio/sms"

const freePort = () =>
  new Promise<number>((resolve) => {
    const server = createServer()
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo
      server.close(() => resolve(port))
    })
  })

const waitForHttp = async (url: string, timeoutMs = 60_000) => {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    try {
      if ((await fetch(url)).status === 200) return
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  throw new Error(`${url} did not answer 200 within ${timeoutMs} ms`)
}

const children: Array<ChildProcess> = []
const spawnChild = (args: Array<string>, env: Record<string, string>) => {
  const child = spawn(process.execPath, args, {
    env: { PATH: process.env["PATH"] ?? "", HOME: process.env["HOME"] ?? "/tmp", ...env },
    stdio: ["ignore", "ignore", "inherit"]
  })
  children.push(child)
  return child
}

// Requests ------------------------------------------------------------------

interface Prepared {
  readonly body: string
  readonly signature: string
}

let sequence = 0
const prepare = (authToken: string, count: number): Array<Prepared> =>
  Array.from({ length: count }, () => {
    const n = ++sequence
    const sid = `SM${n.toString(16).padStart(32, "0")}`
    const params: Record<string, string> = {
      ToCountry: "US",
      SmsMessageSid: sid,
      NumMedia: "0",
      ToCity: "",
      SmsSid: sid,
      SmsStatus: "received",
      Body: `bench message ${n}`,
      To: "+12025550100",
      NumSegments: "1",
      MessageSid: sid,
      AccountSid: "AC00000000000000000000000000000001",
      From: `+1555${String(1_000_000 + (n % 2000)).slice(1).padStart(7, "0")}`,
      ApiVersion: "2010-04-01"
    }
    return {
      body: new URLSearchParams(params).toString(),
      signature: twilio.getExpectedTwilioSignature(authToken, PUBLIC_BASE_URL + PATH, params)
    }
  })

const agent = new Http.Agent({ keepAlive: true, maxSockets: 256 })

const post = (port: number, request: Prepared) =>
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

// Measurements --------------------------------------------------------------

interface Result {
  readonly requests: number
  readonly errors: number
  readonly seconds: number
  readonly latenciesMs: Array<number>
}

const percentile = (sorted: ReadonlyArray<number>, p: number) =>
  sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!

const summary = (result: Result) => {
  const sorted = [...result.latenciesMs].sort((a, b) => a - b)
  return {
    rps: result.requests / result.seconds,
    p50: percentile(sorted, 0.5),
    p99: percentile(sorted, 0.99),
    errors: result.errors
  }
}

/** As many requests as `CONCURRENCY` connections can push for `seconds`. */
const closedLoop = async (port: number, pool: Array<Prepared>, seconds: number): Promise<Result> => {
  const latenciesMs: Array<number> = []
  let errors = 0
  let next = 0
  const start = performance.now()
  const end = start + seconds * 1000
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
    while (performance.now() < end && next < pool.length) {
      const request = pool[next++]!
      const sent = performance.now()
      try {
        const status = await post(port, request)
        if (status !== 200) errors++
      } catch {
        errors++
      }
      latenciesMs.push(performance.now() - sent)
    }
  }))
  return { requests: latenciesMs.length, errors, seconds: (performance.now() - start) / 1000, latenciesMs }
}

/** `rate` requests a second on schedule; latency counts from when each was due. */
const openLoop = async (port: number, pool: Array<Prepared>, seconds: number, rate: number): Promise<Result> => {
  const latenciesMs: Array<number> = []
  let errors = 0
  const total = Math.min(pool.length, Math.round(rate * seconds))
  const start = performance.now()
  const inFlight: Array<Promise<void>> = []
  for (let i = 0; i < total; i++) {
    const due = start + (i * 1000) / rate
    const wait = due - performance.now()
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait))
    inFlight.push(post(port, pool[i]!).then(
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
  return { requests: total, errors, seconds: (performance.now() - start) / 1000, latenciesMs }
}

const format = (n: number, digits = 1) => n.toLocaleString("en-US", { maximumFractionDigits: digits })

// Run ----------------------------------------------------------------------

const main = async () => {
  const scope = await Effect.runPromise(Scope.make())
  const fake = await Effect.runPromise(Scope.provide(FakeTwilioServer.make(), scope))
  const [julesPort, barePort] = [await freePort(), await freePort()]

  spawnChild(["--conditions=@jules/source", fileURLToPath(new URL("../src/main.ts", import.meta.url))], {
    PORT: String(julesPort),
    HOST: "127.0.0.1",
    SMS_PROVIDER: "twilio",
    TWILIO_ACCOUNT_SID: fake.accountSid,
    TWILIO_AUTH_TOKEN: fake.authToken,
    TWILIO_FROM_NUMBER: "+12025550100",
    TWILIO_API_BASE_URL: fake.baseURL,
    PUBLIC_BASE_URL,
    ...(values["burst-window-ms"] === undefined ? {} : { BURST_WINDOW_MS: values["burst-window-ms"] }),
    ...(values["max-turns"] === undefined ? {} : { JULES_MAX_CONCURRENT_TURNS: values["max-turns"] }),
    JULES_ENCRYPTION_KEYS: `bench:${Buffer.alloc(32, 3).toString("base64")}`,
    ...(values.database === undefined ? { JULES_DATA_DIR: "memory://" } : { DATABASE_URL: values.database })
  })
  spawnChild(["-e", `
    require("node:http").createServer((req, res) => {
      const chunks = []
      req.on("data", (c) => chunks.push(c))
      req.on("end", () => { res.writeHead(200, { "content-type": "text/xml" }); res.end("<Response/>") })
    }).listen(${barePort}, "127.0.0.1")`], {})
  await waitForHttp(`http://127.0.0.1:${julesPort}/health/ready`)
  await waitForHttp(`http://127.0.0.1:${barePort}/`)

  console.log(`cpus: ${(await import("node:os")).availableParallelism()}, node ${process.version}, database: ${values.database === undefined ? "embedded PGlite (memory)" : "PostgreSQL"}`)
  console.log(`preparing signed requests…`)
  const pool = prepare(fake.authToken, 200_000)
  let used = 0
  const take = (n: number) => pool.slice(used, (used += n))

  const rows: Array<[string, ReturnType<typeof summary>]> = []
  const throughput: Record<string, number> = {}
  for (const [name, port] of [["node:http (bare)", barePort], ["jules", julesPort]] as const) {
    await closedLoop(port, take(500), 1) // warm-up
    // Lowest rate first: each phase leaves Jules a backlog of turns to work through.
    for (const rate of [...RATES].sort((a, b) => a - b)) {
      await new Promise((resolve) => setTimeout(resolve, 2_000))
      rows.push([`${name}, fixed ${rate} req/s`, summary(await openLoop(port, take(rate * SECONDS), SECONDS, rate))])
    }
    await new Promise((resolve) => setTimeout(resolve, 2_000))
    const closed = summary(await closedLoop(port, take(80_000), SECONDS))
    throughput[name] = closed.rps
    rows.push([`${name}, ${CONCURRENCY} connections, as fast as possible`, closed])
  }

  console.log("")
  for (const [name, s] of rows) {
    console.log(`${name.padEnd(52)} ${format(s.rps, 0).padStart(7)} req/s   p50 ${format(s.p50, 2).padStart(6)} ms   p99 ${format(s.p99, 2).padStart(7)} ms   errors ${s.errors}`)
  }
  const bare = throughput["node:http (bare)"]!
  const jules = throughput["jules"]!
  console.log(`\nack throughput: jules / bare node:http = ${format(jules / bare * 100, 1)}%`)
  console.log(`texts the fake Twilio received so far (background turns): ${fake.sent.length}`)
}

main().catch((error) => {
  console.error(error)
  process.exitCode = 1
}).finally(() => {
  for (const child of children) child.kill("SIGKILL")
  agent.destroy()
  setTimeout(() => process.exit(), 200).unref()
})
