/**
 * The server's own settings, read once at startup with `Config` (the adapters
 * read theirs: storage, SMS gateway, language models, companion settings).
 *
 * Empty variables count as unset, and every problem is reported at once.
 * `SMS_PROVIDER` and `PUBLIC_BASE_URL` are the SMS adapter's to read (it
 * validates them against its providers); the server takes what it read.
 */
import { SmsConfig } from "@jules/adapters-sms"
import { Config, Context, Duration, Effect, Layer, LogLevel, Option } from "effect"
import { ServerConfigError } from "./ServerConfigError.ts"

/** A provider name from `@jules/adapters-sms` (`twilio`, `bandwidth`, `console`…). */
export type SmsProvider = string

export interface RunnerAddress {
  readonly host: string
  readonly port: number
}

/**
 * What this process does. `all` acks webhooks, serves and runs turns; `web`
 * acks and serves, and leaves turns to the `worker` processes sharing its
 * database, which serve only health checks.
 */
export type Role = "all" | "web" | "worker"
export const roles: ReadonlyArray<Role> = ["all", "web", "worker"]

export interface ServerSettings {
  /** `JULES_ROLE` (or `pnpm start web|worker`), default `all`. */
  readonly role: Role
  /** Runs conversation turns and the outbox: `all` and `worker`. */
  readonly runsTurns: boolean
  /** Acknowledges webhooks and serves the HTTP routes beyond health checks: `all` and `web`. */
  readonly servesWebhooks: boolean
  /** `NODE_ENV=production`: unsafe settings are refused (see `Preflight`). */
  readonly production: boolean
  /**
   * `JULES_DEV_SIMULATOR` (`on`/`off`): serve `/dev`. Default: on in development
   * with the console provider, else off. It needs the console provider.
   */
  readonly devSimulator: boolean
  /** `PORT`, default 3000 (`0` picks a free port). */
  readonly port: number
  /** `HOST`, default `0.0.0.0`. */
  readonly host: string
  /** `PUBLIC_BASE_URL`, without a trailing slash, as `SmsConfig` read it. */
  readonly publicBaseUrl: string | undefined
  /** `SMS_PROVIDER`, default `console`, as `SmsConfig` read it. */
  readonly smsProvider: SmsProvider
  /** `BURST_WINDOW_MS`, default 2500: texts of one person this close together make one turn. */
  readonly burstWindow: Duration.Duration
  /**
   * `JULES_MAX_CONCURRENT_TURNS`, default `DEFAULT_MAX_CONCURRENT_TURNS`:
   * turns in flight at once in this process, and so the most calls it has open
   * to the model at once. Turns beyond it wait (durably). In role `all` with
   * its turns on the main thread (no `TurnThread`), at most
   * `TurnSlots.WORKING_AT_ONCE` of them use the process itself at a time: a
   * turn waiting on the model or the carrier lends its place.
   */
  readonly maxConcurrentTurns: number
  /** `ESCALATION_WEBHOOK_URL`: where imminent-crisis alerts are posted (ids only); unset → a log warning. */
  readonly escalationWebhookUrl: string | undefined
  /**
   * `JULES_RUNNER_ADDRESS` (`host:port`): this instance's address for the other
   * instances sharing the database. Unset → a single runner (one instance).
   */
  readonly runnerAddress: RunnerAddress | undefined
  /** `JULES_SHUTDOWN_TIMEOUT_MS`, default 15000: how long shutdown waits for turns in flight. */
  readonly shutdownTimeout: Duration.Duration
  /** `JULES_KEEP_ALIVE_TIMEOUT_MS`, default 65000: how long an idle HTTP connection stays open (`KeepAliveServer` says why). */
  readonly keepAliveTimeout: Duration.Duration
  /**
   * `JULES_TURN_THREAD` (`on`/`off`, default on): role `all` runs its turns in
   * a thread of its own where it can (`TurnThread`: on PostgreSQL, without
   * `JULES_RUNNER_ADDRESS` and the dev simulator).
   */
  readonly turnThread: boolean
  /** `LOG_LEVEL`, default `Info`. */
  readonly logLevel: LogLevel.LogLevel
  /** `OTEL_EXPORTER_OTLP_ENDPOINT`: traces and metrics go there over OTLP/HTTP when set. */
  readonly otlpEndpoint: string | undefined
  /** `OTEL_SERVICE_NAME`, default `jules`. */
  readonly serviceName: string
}

export const DEFAULT_PORT = 3000
export const DEFAULT_BURST_WINDOW_MS = 2500
export const DEFAULT_SHUTDOWN_TIMEOUT_MS = 15_000
export const DEFAULT_KEEP_ALIVE_TIMEOUT_MS = 65_000
/**
 * A turn spends most of its time waiting on the model (a hosted one takes a
 * second or more, twice a turn), so a process answers about half this many
 * texts a second with such a model. In role `all` the acks' share of the CPU
 * stays bounded whatever it is: the turns run in a thread of their own at a
 * lower priority (`TurnThread`), or at most `TurnSlots.WORKING_AT_ONCE` of
 * them work at once on the main thread.
 */
export const DEFAULT_MAX_CONCURRENT_TURNS = 64

/** A variable as a trimmed string; empty counts as unset. */
export const optionalVar = (name: string): Config.Config<string | undefined> =>
  Config.option(Config.String(name)).pipe(
    Config.map(Option.map((value) => value.trim())),
    Config.map(Option.filter((value) => value.length > 0)),
    Config.map(Option.getOrUndefined)
  )

/** `NODE_ENV`: `production` or anything else (development). */
export const production: Config.Config<boolean> = optionalVar("NODE_ENV").pipe(
  Config.map((env) => env === "production")
)

const logLevels: ReadonlyArray<LogLevel.LogLevel> = ["All", "Fatal", "Error", "Warn", "Info", "Debug", "Trace", "None"]

const httpUrl = (value: string): boolean => {
  try {
    const url = new URL(value)
    return url.protocol === "http:" || url.protocol === "https:"
  } catch {
    return false
  }
}

/**
 * Reads and checks every server variable: the settings (with defaults in place
 * of unusable values) and every problem found, so that `Preflight` can go on
 * checking the rest. `settings` fails on any problem.
 */
export const read: Effect.Effect<
  { readonly settings: ServerSettings; readonly missing: ReadonlyArray<string>; readonly invalid: ReadonlyArray<string> },
  Config.ConfigError
> = Effect.gen(
  function*() {
    const missing: Array<string> = []
    const invalid: Array<string> = []
    const integer = (name: string, raw: string | undefined, fallback: number, min: number, max: number) => {
      if (raw === undefined) return fallback
      const value = Number(raw)
      if (!/^\d+$/.test(raw) || value < min || value > max) {
        invalid.push(`${name} must be a whole number from ${min} to ${max}`)
        return fallback
      }
      return value
    }

    const rawRole = (yield* optionalVar("JULES_ROLE"))?.toLowerCase()
    const role = roles.find((known) => known === (rawRole ?? "all"))
    if (role === undefined) invalid.push(`JULES_ROLE must be one of ${roles.join(", ")}`)

    const port = integer("PORT", yield* optionalVar("PORT"), DEFAULT_PORT, 0, 65535)
    const host = (yield* optionalVar("HOST")) ?? "0.0.0.0"

    // The provider's own variables (webhook secrets included) are checked by
    // `SmsConfig.settingsFor` in `Preflight`, once the provider is known.
    const sms = yield* SmsConfig.readShared
    invalid.push(...sms.invalid)
    const { provider: smsProvider, publicBaseUrl } = sms.shared

    const isProduction = yield* production
    const rawSimulator = (yield* optionalVar("JULES_DEV_SIMULATOR"))?.toLowerCase()
    if (rawSimulator !== undefined && rawSimulator !== "on" && rawSimulator !== "off") {
      invalid.push("JULES_DEV_SIMULATOR must be on or off")
    }
    const devSimulator = rawSimulator === undefined
      ? !isProduction && smsProvider === "console" && (role ?? "all") === "all"
      : rawSimulator === "on"
    if (devSimulator && smsProvider !== "console") {
      invalid.push("JULES_DEV_SIMULATOR=on needs SMS_PROVIDER=console (the simulator answers through the console gateway)")
    }

    const burstWindowMs = integer(
      "BURST_WINDOW_MS",
      yield* optionalVar("BURST_WINDOW_MS"),
      DEFAULT_BURST_WINDOW_MS,
      0,
      60_000
    )
    const maxConcurrentTurns = integer(
      "JULES_MAX_CONCURRENT_TURNS",
      yield* optionalVar("JULES_MAX_CONCURRENT_TURNS"),
      DEFAULT_MAX_CONCURRENT_TURNS,
      1,
      10_000
    )
    const escalationWebhookUrl = yield* optionalVar("ESCALATION_WEBHOOK_URL")
    if (escalationWebhookUrl !== undefined && !httpUrl(escalationWebhookUrl)) {
      invalid.push("ESCALATION_WEBHOOK_URL must be an absolute http(s) URL")
    }

    const rawRunner = yield* optionalVar("JULES_RUNNER_ADDRESS")
    let runnerAddress: RunnerAddress | undefined
    if (rawRunner !== undefined) {
      const match = /^(.+):(\d{1,5})$/.exec(rawRunner)
      const runnerPort = match === null ? NaN : Number(match[2])
      if (match === null || runnerPort < 1 || runnerPort > 65535) {
        invalid.push("JULES_RUNNER_ADDRESS must be host:port")
      } else {
        runnerAddress = { host: match[1]!, port: runnerPort }
      }
    }
    if (role === "worker" && rawRunner === undefined) {
      invalid.push("JULES_ROLE=worker needs JULES_RUNNER_ADDRESS=host:port, the address web processes reach it at")
    }
    if (role === "web" && rawRunner !== undefined) {
      invalid.push("JULES_RUNNER_ADDRESS is for processes that run turns: unset it for JULES_ROLE=web")
    }
    if (devSimulator && role !== undefined && role !== "all") {
      invalid.push("JULES_DEV_SIMULATOR=on needs JULES_ROLE=all (the simulator reads the console gateway of its own process)")
    }

    const shutdownTimeoutMs = integer(
      "JULES_SHUTDOWN_TIMEOUT_MS",
      yield* optionalVar("JULES_SHUTDOWN_TIMEOUT_MS"),
      DEFAULT_SHUTDOWN_TIMEOUT_MS,
      0,
      600_000
    )

    const keepAliveTimeoutMs = integer(
      "JULES_KEEP_ALIVE_TIMEOUT_MS",
      yield* optionalVar("JULES_KEEP_ALIVE_TIMEOUT_MS"),
      DEFAULT_KEEP_ALIVE_TIMEOUT_MS,
      1_000,
      // Two hours: above any load balancer's idle timeout (AWS's ALB allows up to 4,000 s).
      7_200_000
    )

    const rawTurnThread = (yield* optionalVar("JULES_TURN_THREAD"))?.toLowerCase()
    if (rawTurnThread !== undefined && rawTurnThread !== "on" && rawTurnThread !== "off") {
      invalid.push("JULES_TURN_THREAD must be on or off")
    }

    const rawLogLevel = yield* optionalVar("LOG_LEVEL")
    const logLevel = rawLogLevel === undefined
      ? "Info"
      : logLevels.find((level) => level.toLowerCase() === rawLogLevel.toLowerCase())
    if (logLevel === undefined) invalid.push(`LOG_LEVEL must be one of ${logLevels.join(", ")}`)

    const otlpEndpoint = (yield* optionalVar("OTEL_EXPORTER_OTLP_ENDPOINT"))?.replace(/\/+$/, "")
    if (otlpEndpoint !== undefined && !httpUrl(otlpEndpoint)) {
      invalid.push("OTEL_EXPORTER_OTLP_ENDPOINT must be an absolute http(s) URL")
    }
    const serviceName = (yield* optionalVar("OTEL_SERVICE_NAME")) ?? "jules"

    const settings: ServerSettings = {
      role: role ?? "all",
      runsTurns: role !== "web",
      servesWebhooks: role !== "worker",
      production: isProduction,
      devSimulator,
      port,
      host,
      publicBaseUrl,
      smsProvider,
      burstWindow: Duration.millis(burstWindowMs),
      maxConcurrentTurns,
      escalationWebhookUrl,
      runnerAddress,
      shutdownTimeout: Duration.millis(shutdownTimeoutMs),
      keepAliveTimeout: Duration.millis(keepAliveTimeoutMs),
      turnThread: rawTurnThread !== "off",
      logLevel: logLevel ?? "Info",
      otlpEndpoint,
      serviceName
    }
    return { settings, missing, invalid }
  }
)

/** Reads and checks every server variable; fails naming each problem. */
export const settings: Effect.Effect<ServerSettings, Config.ConfigError | ServerConfigError> = Effect.flatMap(
  read,
  ({ invalid, missing, settings }) =>
    missing.length > 0 || invalid.length > 0
      ? Effect.fail(new ServerConfigError({ missing, invalid, unsafe: [] }))
      : Effect.succeed(settings)
)

export class ServerConfig extends Context.Service<ServerConfig, ServerSettings>()("@jules/server/ServerConfig") {
  static readonly layer = (value: ServerSettings): Layer.Layer<ServerConfig> => Layer.succeed(ServerConfig, value)

  static readonly layerConfig: Layer.Layer<ServerConfig, Config.ConfigError | ServerConfigError> = Layer.effect(
    ServerConfig,
    settings
  )
}

/** Where people reach this server: `PUBLIC_BASE_URL`, else the local address. */
export const baseUrl = (settings: ServerSettings, boundPort: number): string =>
  settings.publicBaseUrl ??
    `http://${settings.host === "0.0.0.0" || settings.host === "::" ? "localhost" : settings.host}:${boundPort}`
