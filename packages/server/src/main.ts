/**
 * `pnpm start [web|worker|all]`: the Jules server, configured from the
 * environment (nothing is required: embedded database, console SMS, offline
 * responder). The argument is the process's role (`JULES_ROLE`, default
 * `all`: acks, serves and runs turns; see the README). On SIGTERM or
 * SIGINT it stops gracefully (see `Composition`) and exits 0; a failed start
 * exits 1 after logging one line saying what failed and how to fix it.
 */
import "./RegexpTierUp.ts"
import * as NodeRuntime from "@effect/platform-node/NodeRuntime"
import { Cause, Effect, Exit, Layer, Runtime } from "effect"
import * as Composition from "./Composition.ts"
import * as JsonLogger from "./logging/JsonLogger.ts"
import * as StartupFailure from "./StartupFailure.ts"

// `pnpm start web` is `JULES_ROLE=web pnpm start`: the configuration reads
// (and checks) the role with everything else.
const [role] = process.argv.slice(2)
if (role !== undefined) process.env["JULES_ROLE"] = role

// Role `all` on PostgreSQL runs its turns in a thread of its own (`TurnThread`).
const main = Layer.launch(Composition.layer({ turnThread: true })).pipe(
  // A failed start has logged its one line already (`StartupFailure`); anything else is logged here.
  Effect.tapCause((cause) =>
    Cause.hasInterruptsOnly(cause) || StartupFailure.wasReported(cause)
      ? Effect.void
      : Effect.logError("the server stopped", cause)
  ),
  Effect.provide(JsonLogger.layer({ minimumLevel: "Info" }))
)

/**
 * A stop asked for by a signal is a clean exit, unless the process stopped
 * itself because its turn thread ended (`TurnThread` sets exit code 1).
 */
const teardown: Runtime.Teardown = (exit, onExit) =>
  Exit.isFailure(exit) && Cause.hasInterruptsOnly(exit.cause)
    ? onExit(process.exitCode === 1 ? 1 : 0)
    : Runtime.defaultTeardown(exit, onExit)

NodeRuntime.runMain(main, { disableErrorReporting: true, teardown })
