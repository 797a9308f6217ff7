/**
 * The whole server, composed from configuration (see README for every
 * variable). Built bottom-up, torn down top-down:
 *
 *   ServerConfig, Lifecycle
 *   → storage (PostgreSQL or embedded PGlite), SMS gateway, language models,
 *     companion settings, not-yet-configured ports → core's use cases
 *   → cluster runtime (SQL mailbox) → conversation entities, Inbox
 *   → HTTP server and routes → startup log, shutdown signal
 *
 * So on shutdown the drain signal fires first (readiness 503, event streams
 * end), the HTTP server stops accepting and finishes its requests, then the
 * cluster lets the turns in flight finish (`JULES_SHUTDOWN_TIMEOUT_MS`) before
 * the database closes. A turn cut short is run again at the next start.
 */
import * as NodeHttpServer from "@effect/platform-node/NodeHttpServer"
import { StripeBilling } from "@jules/adapters-billing"
import type { StripeSettings } from "@jules/adapters-billing"
import { EscalationWebhook } from "@jules/adapters-escalation"
import { VeriffAgeVerification } from "@jules/adapters-identity"
import type { VeriffSettings } from "@jules/adapters-identity"
import { LlmLayer } from "@jules/adapters-llm"
import type { CrisisReviewSettings } from "@jules/adapters-llm"
import { ClusterSql, PgTextIntake } from "@jules/adapters-postgres"
import type { PostgresStorage } from "@jules/adapters-postgres"
import type { ConsoleOutbox, SmsConfigError } from "@jules/adapters-sms"
import { SmsConfig } from "@jules/adapters-sms"
import type { StoragePorts } from "@jules/core"
import type { CompanionSettingsShape } from "@jules/core"
import {
  AgeDecisions,
  AgeVerification,
  Billing,
  BillingLinks,
  CompanionSettings,
  ConversationTurns,
  CrisisSecondOpinion,
  DeliveryReceipts,
  Outbox,
  ReceiveText,
  Subscriptions,
  UserData,
  VerificationLinks
} from "@jules/core"
import type { Config } from "effect"
import { Duration, Effect, Layer } from "effect"
import type { HttpServer, HttpServerError } from "effect/http"
import { HttpRouter, UrlParams } from "effect/http"
import { SqlClient } from "effect/sql/SqlClient"
import { readdirSync } from "node:fs"
import { getPriority, setPriority } from "node:os"
import { isMainThread } from "node:worker_threads"
import * as AdminRoutes from "./admin/AdminRoutes.ts"
import { MailboxErasure } from "./admin/MailboxErasure.ts"
import type { AdminSettings } from "./admin/AdminConfig.ts"
import * as ClusterLayer from "./cluster/ClusterLayer.ts"
import * as Preflight from "./config/Preflight.ts"
import type { Startup } from "./config/Preflight.ts"
import { ServerConfig } from "./config/ServerConfig.ts"
import type { ServerSettings } from "./config/ServerConfig.ts"
import type { ServerConfigError } from "./config/ServerConfigError.ts"
import * as ConversationOutboxPasses from "./conversation/ConversationOutboxPasses.ts"
import * as ConversationWorker from "./conversation/ConversationWorker.ts"
import { Inbox } from "./conversation/Inbox.ts"
import { LoopPressure } from "./conversation/LoopPressure.ts"
import * as OutsideWaits from "./conversation/OutsideWaits.ts"
import * as OutboxLoop from "./conversation/OutboxLoop.ts"
import * as TextArrivals from "./conversation/TextArrivals.ts"
import * as StorageLayer from "./database/StorageLayer.ts"
import * as DevSimulatorRoutes from "./dev/DevSimulatorRoutes.ts"
import * as BillingRoutes from "./http/BillingRoutes.ts"
import * as HealthRoutes from "./http/HealthRoutes.ts"
import * as KeepAliveServer from "./http/KeepAliveServer.ts"
import * as LinkPaths from "./http/LinkPaths.ts"
import * as RequestLog from "./http/RequestLog.ts"
import * as WebhookRoutes from "./http/WebhookRoutes.ts"
import * as VeriffRoutes from "./identity/VeriffRoutes.ts"
import { Lifecycle } from "./Lifecycle.ts"
import * as JsonLogger from "./logging/JsonLogger.ts"
import * as Telemetry from "./observability/Telemetry.ts"
import * as StartupFailure from "./StartupFailure.ts"
import * as StartupLog from "./StartupLog.ts"
import * as TurnThread from "./TurnThread.ts"

export interface ServerOptions {
  /** Where log lines go; stdout by default. */
  readonly logSink?: JsonLogger.LogSink | undefined
  /**
   * Role `all` runs its turns in a thread of its own where it can
   * (`TurnThread`): `pnpm start` does; a server built inside a test does not.
   */
  readonly turnThread?: boolean | undefined
}

/** How long the HTTP server waits for requests in flight when it stops. */
const HTTP_SHUTDOWN_TIMEOUT = Duration.seconds(10)

/** As read: `Preflight` refuses an age gate without Veriff, so no setting is quietly dropped here. */
const companionSettings = (settings: CompanionSettingsShape) => Layer.succeed(CompanionSettings, settings)

/** Second opinions on the crisis screen, as configured (`CRISIS_MODERATION`, `CRISIS_SECOND_OPINION`); none by default. */
const crisisSecondOpinion = (settings: CrisisReviewSettings) => {
  const { moderation, secondOpinion } = settings
  if (moderation === undefined && secondOpinion === undefined) return CrisisSecondOpinion.layerNoDeps
  return CrisisSecondOpinion.layer({
    moderationTimeout: moderation === undefined ? undefined : Duration.millis(moderation.timeoutMs),
    model: secondOpinion === undefined ? undefined : { timeout: Duration.millis(secondOpinion.timeoutMs) }
  }).pipe(
    Layer.provide(moderation === undefined ? Layer.empty : OutsideWaits.moderation(LlmLayer.moderationLayer(moderation)))
  )
}

const services = (startup: Startup, config: ServerSettings) =>
  Layer.mergeAll(
    ConversationTurns.layer,
    ReceiveText.layer,
    DeliveryReceipts.layer
  ).pipe(
    Layer.provideMerge(Outbox.layer),
    // Links texted to people point at the public URL (the local one in development without it).
    Layer.provideMerge(BillingLinks.layer({
      baseUrl: startup.server.publicBaseUrl ?? `http://localhost:${startup.server.port}`
    })),
    Layer.provideMerge(VerificationLinks.layer({
      baseUrl: startup.server.publicBaseUrl ?? `http://localhost:${startup.server.port}`
    })),
    Layer.provideMerge(crisisSecondOpinion(startup.llm.crisisReview)),
    Layer.provideMerge(Layer.mergeAll(
      StorageLayer.layer(startup.database, startup.keys).pipe(
        // The web process announces stored texts to the workers (`TextArrivals`) instead of telling them.
        Layer.provide(
          config.role === "web" ? Layer.succeed(PgTextIntake.AnnounceTexts, TextArrivals.CHANNEL) : Layer.empty
        )
      ),
      // A turn waiting on the carrier or the model lends its working place (`TurnSlots`).
      OutsideWaits.smsGateway(SmsConfig.layer(startup.sms)),
      OutsideWaits.languageModel(LlmLayer.layer(startup.llm)),
      companionSettings(startup.companion),
      startup.billing === undefined ? Billing.layerNotConfigured : StripeBilling.layer(startup.billing),
      startup.veriff === undefined ? AgeVerification.layerNotConfigured : VeriffAgeVerification.layer(startup.veriff),
      EscalationWebhook.layer(startup.server.escalationWebhookUrl)
    ))
  )

/** A worker serves health checks only; the other roles serve everything. */
const routes = (
  config: ServerSettings,
  sms: SmsConfig.Settings,
  admin: AdminSettings,
  billing: StripeSettings | undefined,
  veriff: VeriffSettings | undefined
) =>
  Layer.mergeAll(
    RequestLog.layer,
    HealthRoutes.layer,
    config.servesWebhooks
      ? Layer.mergeAll(
        // The configured provider's webhook routes, whichever provider it is.
        WebhookRoutes.layer(sms.webhook === undefined ? [] : [sms.webhook]),
        // `/b/<token>` links; `POST /webhooks/stripe` only with Stripe configured.
        BillingRoutes.layer(billing),
        // `/v/<token>` links; `POST /webhooks/veriff` only with Veriff configured.
        VeriffRoutes.layer(veriff).pipe(Layer.provide(MailboxErasure.layer)),
        // `/admin/*` only with ADMIN_API_TOKEN; else nothing is mounted (404).
        AdminRoutes.layer(admin)
      )
      : Layer.empty,
    config.devSimulator ? DevSimulatorRoutes.layer : Layer.empty
  )

/**
 * What Stripe's and Veriff's webhooks decide: the texts they record go out
 * through the person's conversation (`ConversationOutboxPasses`), so these are
 * built above the cluster.
 */
const providerDecisions = Layer.mergeAll(
  Subscriptions.layer,
  AgeDecisions.layer.pipe(Layer.provide(UserData.layer))
).pipe(Layer.provide(ConversationOutboxPasses.layer))

/**
 * A worker gives way to the processes that answer webhooks: on a host it
 * shares with web processes and the database, the kernel runs an ack before a
 * turn (niceness +10); on a host of its own this changes nothing.
 *
 * On Linux a niceness belongs to a thread, not a process: every thread is
 * lowered, V8's own (garbage collection, compilation) among them, which run
 * from before this starts. Threads started later inherit the main thread's.
 */
const WORKER_NICENESS = 10

const lower = (id: number) => {
  try {
    setPriority(id, Math.min(19, getPriority(id) + WORKER_NICENESS))
  } catch {
    // Not permitted here (a locked-down container), or the thread ended: it runs at normal priority.
  }
}

const yieldToAcks = Layer.effectDiscard(Effect.sync(() => {
  // The turn thread of a role `all` process (`TurnThread`) lowers itself only: the acks run on the main thread.
  if (!isMainThread) return lower(0)
  let threads: Array<number> = []
  try {
    threads = readdirSync("/proc/self/task").map(Number).filter((id) => id !== process.pid)
  } catch {
    // Not Linux: the process's priority is the main thread's.
  }
  lower(0)
  for (const id of threads) lower(id)
}))

/** Texts come in where webhooks are served; turns and the outbox run where the role says. */
const conversations = (config: ServerSettings) =>
  Layer.mergeAll(
    config.role === "all" ? Inbox.layer : config.role === "web" ? Inbox.layerAnnounced : Layer.empty,
    config.runsTurns ? Layer.merge(ConversationWorker.layer, OutboxLoop.layer) : Layer.empty,
    config.role === "worker" ? Layer.merge(yieldToAcks, TextArrivals.layer) : Layer.empty
  ).pipe(
    // Only in role `all` do acks and turns share an event loop.
    Layer.provide(config.role === "all" ? LoopPressure.layer : LoopPressure.layerNever)
  )

/**
 * Query parameters that spans record as `<redacted>`: the dev simulator names
 * a phone number in its query (`/dev/history?phone=…`), and no span may carry one.
 */
const redactedQueryNames = Layer.effect(
  UrlParams.CurrentRedactedNames,
  Effect.map(Effect.service(UrlParams.CurrentRedactedNames), (names) => [...names, "phone"])
)

const http = (
  config: ServerSettings,
  sms: SmsConfig.Settings,
  admin: AdminSettings,
  billing: StripeSettings | undefined,
  veriff: VeriffSettings | undefined
) =>
  HttpRouter.serve(routes(config, sms, admin, billing, veriff), { disableLogger: true, disableListenLog: true }).pipe(
    Layer.provideMerge(NodeHttpServer.layer(KeepAliveServer.make(Duration.toMillis(config.keepAliveTimeout)), {
      port: config.port,
      host: config.host,
      gracefulShutdownTimeout: HTTP_SHUTDOWN_TIMEOUT
    })),
    Layer.provide(providerDecisions),
    Layer.provide(redactedQueryNames),
    Layer.provide(LinkPaths.tracerDisabledForLinks)
  )

/** What a running server offers its host (tests reach the stores and the database through it). */
export type ServerServices =
  | HttpServer.HttpServer
  | SqlClient
  | StoragePorts
  | ConsoleOutbox
  | ServerConfig

export type StartupError =
  | Config.ConfigError
  | ServerConfigError
  | PostgresStorage.StartupError
  | SmsConfigError
  | HttpServerError.ServeError
  | TurnThread.TurnThreadError

/** Storage, providers, core's use cases and the cluster runtime, for settings already read. */
const foundation = (startup: Startup, config: ServerSettings) =>
  ClusterLayer.layer({
    role: config.role,
    runnerAddress: config.runnerAddress,
    shutdownTimeout: config.shutdownTimeout
  }).pipe(
    Layer.provide(Layer.effect(SqlClient, Effect.service(ClusterSql.ClusterSql))),
    Layer.provideMerge(services(startup, config)),
    Layer.provideMerge(Layer.merge(ServerConfig.layer(config), Lifecycle.layer))
  )

/** Traces and metrics of everything built with it (OTLP, when configured). */
const telemetry = (config: ServerSettings) => Telemetry.layer({ endpoint: config.otlpEndpoint, serviceName: config.serviceName })

/** The server for settings already read (see `Preflight`). */
export const app = (startup: Startup, options: Pick<ServerOptions, "turnThread"> = {}): Layer.Layer<ServerServices, StartupError> => {
  // With its turns in a thread, role `all` is a `web` process here and a `worker` there.
  const threaded = options.turnThread === true && TurnThread.applies(startup)
  const config: ServerSettings = threaded ? { ...startup.server, role: "web", runsTurns: false } : startup.server
  return Layer.mergeAll(StartupLog.layer(startup, threaded), Lifecycle.layerSignal).pipe(
    Layer.provideMerge(http(config, startup.sms, startup.admin, startup.billing, startup.veriff)),
    Layer.provideMerge(conversations(config)),
    Layer.provideMerge(foundation(startup, config)),
    // Started first and stopped last: once no webhook comes in, the thread finishes its turns.
    Layer.provideMerge(threaded ? TurnThread.layer(startup) : Layer.empty),
    Layer.provide(telemetry(config))
  )
}

/** The turn thread's server (`TurnThreadMain`): a `worker` without an HTTP server. */
const turnThreadApp = (startup: Startup) =>
  conversations(startup.server).pipe(
    Layer.provideMerge(foundation(startup, startup.server)),
    Layer.provide(telemetry(startup.server))
  )

/** Settings read and checked, then `make`, logging JSON from the first line on (a failed start logs one line). */
const fromEnvironment = <A, E, R>(
  options: ServerOptions,
  make: (startup: Startup) => Layer.Layer<A, E, R>
): Layer.Layer<A, E | Config.ConfigError | ServerConfigError, R> =>
  Layer.unwrap(
    Effect.map(Preflight.run.pipe(Effect.tapCause(StartupFailure.log)), (startup) =>
      make(startup).pipe(
        Layer.tapCause(StartupFailure.log),
        Layer.provide(JsonLogger.layer({ minimumLevel: startup.server.logLevel, sink: options.logSink }))
      ))
  ).pipe(Layer.provide(JsonLogger.layer({ minimumLevel: "Info", sink: options.logSink })))

/** The turn thread of a role `all` process, from the environment the main thread gave it (`TurnThread`). */
export const turnThreadLayer = (options: Pick<ServerOptions, "logSink"> = {}) => fromEnvironment(options, turnThreadApp)

/**
 * The server from the environment, logging JSON from the first line on. The
 * whole configuration is read and checked (`Preflight`) before anything opens
 * or listens; a failed start logs one line saying why (`StartupFailure`).
 */
export const layer = (options: ServerOptions = {}): Layer.Layer<ServerServices, StartupError> =>
  fromEnvironment(options, (startup) => app(startup, options))
