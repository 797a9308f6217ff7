/**
 * Role `all` on PostgreSQL runs its turns in a thread of its own.
 *
 * A turn costs the CPU of ten or twenty acks, and on one event loop an ack
 * waits for whatever turn is running (`LoopPressure` only paces them). So
 * `pnpm start` with `DATABASE_URL` is a `web` and a `worker` in one process:
 * the main thread acks and serves and announces the texts it stores
 * (`TextArrivals`), and a worker thread (`TurnThreadMain`) runs the turns and
 * the outbox as the cluster's runner, at a lower CPU priority, listening on
 * 127.0.0.1 for the main thread's few cluster messages (an erasure, an age
 * decision). The acks never wait behind a turn's JavaScript, and the two
 * share the machine's cores.
 *
 * The embedded database (PGlite) runs on the main thread and takes one
 * connection, so role `all` on PGlite keeps its turns on the main thread,
 * paced. So does an `all` process with `JULES_RUNNER_ADDRESS` (one of several
 * instances), and `JULES_TURN_THREAD=off`.
 *
 * The thread reads the same environment; it is told to be a `worker` at a
 * runner address on 127.0.0.1. A thread that cannot start fails the start
 * (it has logged why); one that stops later stops the process, with exit
 * code 1, so that it is restarted: a process that acks but never answers
 * would look healthy and leave every text to the next start.
 */
import { Cause, Data, Deferred, Duration, Effect, Layer, Redacted } from "effect"
import type { AddressInfo } from "node:net"
import { createServer } from "node:net"
import { Worker } from "node:worker_threads"
import type { Startup } from "./config/Preflight.ts"
import type { RunnerAddress } from "./config/ServerConfig.ts"
import * as StartupFailure from "./StartupFailure.ts"

export class TurnThreadError extends Data.TaggedError("TurnThreadError")<{
  readonly message: string
  readonly cause?: unknown
}> {}

/** Whether role `all` runs its turns in a thread, as configured: on PostgreSQL, one instance, no dev simulator. */
export const applies = (startup: Startup): boolean =>
  startup.server.role === "all" &&
  startup.server.turnThread &&
  startup.database._tag === "Url" &&
  startup.server.runnerAddress === undefined &&
  // The simulator reads the texts the console gateway of its own thread sent.
  !startup.server.devSimulator

/** What the thread tells the main thread. */
export type FromThread = { readonly _tag: "Ready" } | { readonly _tag: "Failed" }
/** What the main thread tells the thread. */
export type ToThread = { readonly _tag: "Stop" }

/** Whether `port` on 127.0.0.1 can be listened on now. */
const canListen = (port: number) =>
  Effect.callback<number | undefined>((resume) => {
    const server = createServer()
    server.once("error", () => resume(Effect.succeed(undefined)))
    server.listen(port, "127.0.0.1", () => {
      const { port: bound } = server.address() as AddressInfo
      server.close(() => resume(Effect.succeed(bound)))
    })
  })

/** Ports below the kernel's ephemeral range (32768 and up), where a runner port is chosen. */
const FIRST_PORT = 21_000
const PORTS = 8_000

/**
 * The thread's runner port: the same one for a database at every start, so
 * that a process restarted after a crash takes over its own runner entry at
 * once (another address would leave its old entry standing for a while, and
 * the shards assigned to it unowned); a free one if that one is taken.
 */
export const runnerPort = (database: string): Effect.Effect<number, TurnThreadError> =>
  Effect.gen(function*() {
    let hash = 0x811c9dc5
    for (let i = 0; i < database.length; i++) hash = Math.imul(hash ^ database.charCodeAt(i), 0x01000193) >>> 0
    const port = (yield* canListen(FIRST_PORT + (hash % PORTS))) ?? (yield* canListen(0))
    if (port === undefined) return yield* new TurnThreadError({ message: "no free port on 127.0.0.1 for the turn thread's runner" })
    return port
  })

/** The database's address without credentials: the key of the runner port. */
const databaseKey = (url: Redacted.Redacted<string>): string => {
  try {
    const { hostname, pathname, port } = new URL(Redacted.value(url))
    return `${hostname}:${port}${pathname}`
  } catch {
    return "postgres"
  }
}

/** The thread's entry, beside this file: `.ts` when run from source, `.js` when built (a build entry of its own). */
const entry = new URL(`./TurnThreadMain${import.meta.url.endsWith(".ts") ? ".ts" : ".js"}`, import.meta.url)

/**
 * Starts the thread and waits until it runs turns; stops it (its turns in
 * flight finish) when the scope closes.
 */
export const layer = (startup: Startup): Layer.Layer<never, TurnThreadError> =>
  Layer.effectDiscard(Effect.gen(function*() {
    // `applies` said the database is a PostgreSQL URL.
    const port = yield* runnerPort(startup.database._tag === "Url" ? databaseKey(startup.database.url) : "postgres")
    const address: RunnerAddress = { host: "127.0.0.1", port }
    const context = yield* Effect.context<never>()
    const ready = yield* Deferred.make<void, TurnThreadError>()
    const exited = yield* Deferred.make<number>()
    let stopping = false

    const worker = yield* Effect.acquireRelease(
      Effect.sync(() =>
        new Worker(entry, {
          env: { ...process.env, JULES_ROLE: "worker", JULES_RUNNER_ADDRESS: `${address.host}:${address.port}` }
        })
      ),
      (worker) =>
        Effect.gen(function*() {
          stopping = true
          worker.postMessage({ _tag: "Stop" } satisfies ToThread)
          // The thread's own shutdown waits for its turns (`shutdownTimeout`); a little more, then it is ended.
          const done = yield* Deferred.await(exited).pipe(
            Effect.timeoutOption(Duration.sum(startup.server.shutdownTimeout, Duration.seconds(5)))
          )
          if (done._tag === "None") yield* Effect.promise(() => worker.terminate())
        })
    )

    worker.on("message", (message: FromThread) => {
      if (message._tag === "Ready") Deferred.doneUnsafe(ready, Effect.void)
      else {
        // The thread has logged the one line that says why (`StartupFailure`), as the process would have.
        const error = new TurnThreadError({ message: "the turn thread could not start" })
        StartupFailure.markReported(error)
        Deferred.doneUnsafe(ready, Effect.fail(error))
      }
    })
    worker.on("error", (cause) => {
      Deferred.doneUnsafe(ready, Effect.fail(new TurnThreadError({ message: "the turn thread failed", cause })))
      Effect.runForkWith(context)(Effect.logError("the turn thread failed", Cause.die(cause)))
    })
    worker.on("exit", (code) => {
      Deferred.doneUnsafe(exited, Effect.succeed(code))
      Deferred.doneUnsafe(ready, Effect.fail(new TurnThreadError({ message: `the turn thread exited (code ${code})` })))
      if (stopping) return
      // Acking without answering would look healthy: the process stops, to be restarted.
      Effect.runForkWith(context)(
        Effect.logError("the turn thread stopped; Jules stops so that it is restarted").pipe(
          Effect.annotateLogs({ code })
        )
      )
      process.exitCode = 1
      process.kill(process.pid, "SIGTERM")
    })

    yield* Deferred.await(ready)
    yield* Effect.logInfo("turns run in a thread of this process").pipe(
      Effect.annotateLogs({ runner: `${address.host}:${address.port}` })
    )
  }))
