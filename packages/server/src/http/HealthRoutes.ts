/**
 * `GET /health/live`: the process answers. `GET /health/ready`: the database
 * answers a query within two seconds and the server is not shutting down.
 */
import { Effect } from "effect"
import { HttpRouter, HttpServerResponse } from "effect/http"
import { SqlClient } from "effect/sql/SqlClient"
import { Lifecycle } from "../Lifecycle.ts"

const status = (value: string, code: number) => HttpServerResponse.jsonUnsafe({ status: value }, { status: code })

export const layer = HttpRouter.use(Effect.fn(function*(router) {
  const sql = yield* SqlClient
  const lifecycle = yield* Lifecycle

  const databaseAnswers = sql`SELECT 1`.pipe(
    Effect.timeout("2 seconds"),
    Effect.as(true),
    Effect.catchCause(() => Effect.succeed(false))
  )

  yield* router.add("GET", "/health/live", Effect.succeed(status("ok", 200)))
  yield* router.add(
    "GET",
    "/health/ready",
    Effect.gen(function*() {
      if (yield* lifecycle.isDraining) return status("draining", 503)
      if (!(yield* databaseAnswers)) {
        yield* Effect.logWarning("readiness check: the database does not answer")
        return status("database unavailable", 503)
      }
      return status("ready", 200)
    })
  )
}))
