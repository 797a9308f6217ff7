/**
 * `pnpm start`: the Jules server, configured from the environment (nothing is
 * required: embedded database, console SMS, offline responder). Stops
 * gracefully on SIGTERM / SIGINT.
 */
import * as NodeRuntime from "@effect/platform-node/NodeRuntime"
import { Cause, Effect, Layer } from "effect"
import * as Composition from "./Composition.ts"
import * as JsonLogger from "./logging/JsonLogger.ts"

const main = Layer.launch(Composition.layer()).pipe(
  Effect.tapCause((cause) =>
    Cause.hasInterruptsOnly(cause) ? Effect.void : Effect.logError("the server stopped", cause)
  ),
  Effect.provide(JsonLogger.layer({ minimumLevel: "Info" }))
)

NodeRuntime.runMain(main, { disableErrorReporting: true })
