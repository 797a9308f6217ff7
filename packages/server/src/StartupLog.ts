/**
 * One line at startup saying what this server is made of: the SMS provider,
 * the language models (loudly when none is configured), the database
 * (embedded path or host, never credentials), where it listens, and whether
 * the dev simulator is on (with its URL when it is).
 */
import { Database } from "@jules/adapters-postgres"
import { Duration, Effect, Layer, Redacted } from "effect"
import { HttpServer } from "effect/http"
import type { Startup } from "./config/Preflight.ts"
import { baseUrl } from "./config/ServerConfig.ts"

/** `postgres://db.internal:5432/jules`, without user or password; or the embedded directory. */
export const describeDatabase = (options: Database.Options): string => {
  if (options._tag === "Embedded") return `embedded PGlite at ${Database.embeddedDirectory(options.dataDir)}`
  try {
    const url = new URL(Redacted.value(options.url))
    return `PostgreSQL at ${url.hostname}${url.port ? `:${url.port}` : ""}${url.pathname}`
  } catch {
    return "PostgreSQL (DATABASE_URL is not a URL)"
  }
}

/** `turnThread`: role `all` runs its turns in a thread of its own (`TurnThread`). */
export const layer = (startup: Startup, turnThread = false) => Layer.effectDiscard(Effect.gen(function*() {
  const { database, llm, server: config } = startup
  const server = yield* HttpServer.HttpServer
  const port = server.address._tag === "UnixPathAddress" ? config.port : server.address.port
  const url = baseUrl(config, port)
  const models = llm.providers.map((provider) => provider.kind)
  yield* Effect.logInfo("Jules is listening").pipe(
    Effect.annotateLogs({
      url,
      port,
      sms: config.smsProvider,
      llm: models.join(" -> "),
      database: describeDatabase(database),
      devSimulator: config.devSimulator ? "on" : "off",
      environment: config.production ? "production" : "development",
      role: config.role,
      cluster: config.role === "web"
        ? "client of the workers"
        : turnThread
        ? "turns in a thread of this process (its runner on 127.0.0.1)"
        : config.runnerAddress === undefined
        ? "single runner"
        : `socket runner ${config.runnerAddress.host}:${config.runnerAddress.port}`,
      burstWindowMs: Duration.toMillis(config.burstWindow),
      ageGate: startup.veriff === undefined
        ? startup.companion.ageGate
        : `${startup.companion.ageGate} (veriff)`,
      billing: startup.billing === undefined
        ? "off"
        : `stripe (${startup.billing.prices.map((price) => price.tier).join(", ")})`,
      tracing: config.otlpEndpoint === undefined ? "off" : "otlp"
    })
  )
  if (models[0] === "offline") {
    yield* Effect.logWarning("NO LANGUAGE MODEL: every text gets the offline placeholder (set ANTHROPIC_API_KEY or OPENAI_API_KEY)")
  }
  if (config.devSimulator) {
    yield* Effect.logInfo(`Text Jules from the dev simulator: ${url}/dev`).pipe(Effect.annotateLogs({ simulator: `${url}/dev` }))
  }
}))
