/**
 * The turn thread of a role `all` process on PostgreSQL (`TurnThread`): a
 * `worker` read from the same environment, without an HTTP server. It tells
 * the main thread when it runs turns (or that it could not start: it has
 * logged why), and stops, finishing its turns in flight, when told to.
 */
import "./RegexpTierUp.ts"
import { Cause, Effect, Exit, Layer } from "effect"
import { parentPort } from "node:worker_threads"
import * as Composition from "./Composition.ts"
import * as JsonLogger from "./logging/JsonLogger.ts"
import * as StartupFailure from "./StartupFailure.ts"
import type { FromThread, ToThread } from "./TurnThread.ts"

const port = parentPort
if (port === null) throw new Error("TurnThreadMain runs as a worker thread of a role all process (see TurnThread)")
const tell = (message: FromThread) => port.postMessage(message)

/**
 * The main thread has said at start what the settings make of the providers
 * and keys; the thread reading them again says it again. Until it runs, only
 * its errors (a failed start) are logged.
 */
let running = false
const logSink: JsonLogger.LogSink = (line) => {
  if (running || line.includes(`"level":"ERROR"`)) JsonLogger.stdoutSink(line)
}

const fiber = Effect.runFork(
  Effect.scoped(Effect.gen(function*() {
    yield* Layer.build(Composition.turnThreadLayer({ logSink }))
    running = true
    tell({ _tag: "Ready" })
    return yield* Effect.never
  })).pipe(
    Effect.tapCause((cause) =>
      Cause.hasInterruptsOnly(cause) || StartupFailure.wasReported(cause)
        ? Effect.void
        : Effect.logError("the turn thread stopped", cause)
    ),
    Effect.provide(JsonLogger.layer({ minimumLevel: "Info", sink: logSink }))
  )
)

port.on("message", (message: ToThread) => {
  if (message._tag === "Stop") fiber.interruptUnsafe()
})

// The thread ends once its server has closed everything: its last log lines still reach stdout.
fiber.addObserver((exit) => {
  const stopped = Exit.isSuccess(exit) || Cause.hasInterruptsOnly(exit.cause)
  if (!stopped) {
    tell({ _tag: "Failed" })
    process.exitCode = 1
  }
  port.close()
})
