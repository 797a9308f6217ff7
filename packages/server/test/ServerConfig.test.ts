import { assert, describe, it } from "@effect/vitest"
import { ConfigProvider, Duration, Effect } from "effect"
import { Preflight, ServerConfigError, settings } from "../src/index.ts"

const read = (env: Record<string, string>) =>
  settings.pipe(Effect.provideService(ConfigProvider.ConfigProvider, ConfigProvider.fromEnv({ env })))

describe("ServerConfig", () => {
  it.effect("nothing set: port 3000 on every interface, console SMS, a single runner, 2.5 s bursts", () =>
    Effect.gen(function*() {
      const config = yield* read({})
      assert.strictEqual(config.port, 3000)
      assert.strictEqual(config.host, "0.0.0.0")
      assert.strictEqual(config.smsProvider, "console")
      assert.strictEqual(config.publicBaseUrl, undefined)
      assert.strictEqual(config.runnerAddress, undefined)
      assert.strictEqual(Duration.toMillis(config.burstWindow), 2500)
      assert.strictEqual(Duration.toMillis(config.shutdownTimeout), 15_000)
      // Longer than a load balancer's idle timeout (60 s at AWS's ALB and nginx).
      assert.strictEqual(Duration.toMillis(config.keepAliveTimeout), 65_000)
      assert.strictEqual(config.logLevel, "Info")
      assert.strictEqual(config.otlpEndpoint, undefined)
    }))

  it.effect("turns in flight: 64 in every role (they mostly wait on the model); a setting wins", () =>
    Effect.gen(function*() {
      const worker = { JULES_ROLE: "worker", JULES_RUNNER_ADDRESS: "127.0.0.1:34431" }
      assert.strictEqual((yield* read({})).maxConcurrentTurns, 64)
      assert.strictEqual((yield* read(worker)).maxConcurrentTurns, 64)
      assert.strictEqual((yield* read({ ...worker, JULES_MAX_CONCURRENT_TURNS: "8" })).maxConcurrentTurns, 8)
      assert.strictEqual((yield* read({ JULES_MAX_CONCURRENT_TURNS: "100" })).maxConcurrentTurns, 100)
    }))

  it.effect("empty variables count as unset", () =>
    Effect.gen(function*() {
      const config = yield* read({ PORT: "", SMS_PROVIDER: " ", BURST_WINDOW_MS: "", PUBLIC_BASE_URL: "" })
      assert.strictEqual(config.port, 3000)
      assert.strictEqual(config.smsProvider, "console")
    }))

  it.effect("Twilio needs its auth token and the public URL; every missing variable is named, no value is", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(read({ SMS_PROVIDER: "twilio", PORT: "70000", BURST_WINDOW_MS: "soon" }))
      assert.instanceOf(error, ServerConfigError)
      assert.include(error.message, "PORT must be a whole number")
      assert.include(error.message, "BURST_WINDOW_MS must be a whole number")
      assert.notInclude(error.message, "70000")
      assert.notInclude(error.message, "soon")
      // The provider's own variables are the SMS adapter's: Preflight asks it once the provider is known.
      const whole = yield* Effect.flip(
        Preflight.run.pipe(
          Effect.provideService(ConfigProvider.ConfigProvider, ConfigProvider.fromEnv({ env: { SMS_PROVIDER: "twilio" } }))
        )
      )
      assert.include(whole.message, "TWILIO_AUTH_TOKEN")
      assert.include(whole.message, "PUBLIC_BASE_URL")
    }))

  it.effect("the provider and public URL are the SMS adapter's reading; the public URL loses its trailing slash", () =>
    Effect.gen(function*() {
      const twilio = yield* read({ SMS_PROVIDER: "twilio", PUBLIC_BASE_URL: "https://jules.example.com/base/" })
      assert.strictEqual(twilio.smsProvider, "twilio")
      assert.strictEqual(twilio.publicBaseUrl, "https://jules.example.com/base")

      const env = { SMS_PROVIDER: "bandwidth" }
      const missing = yield* Effect.flip(
        Preflight.run.pipe(Effect.provideService(ConfigProvider.ConfigProvider, ConfigProvider.fromEnv({ env })))
      )
      assert.include(missing.message, "BANDWIDTH_CALLBACK_USERNAME")
      assert.include(missing.message, "BANDWIDTH_CALLBACK_PASSWORD")
      assert.strictEqual((yield* read(env)).smsProvider, "bandwidth")
    }))

  it.effect("the other settings: runner address, log level, OTLP, escalation webhook, turn thread", () =>
    Effect.gen(function*() {
      const config = yield* read({
        JULES_RUNNER_ADDRESS: "10.0.0.7:34431",
        LOG_LEVEL: "debug",
        OTEL_EXPORTER_OTLP_ENDPOINT: "http://collector:4318/",
        OTEL_SERVICE_NAME: "jules-eu",
        ESCALATION_WEBHOOK_URL: "https://pager.example.com/hook",
        BURST_WINDOW_MS: "4000",
        JULES_SHUTDOWN_TIMEOUT_MS: "30000",
        JULES_KEEP_ALIVE_TIMEOUT_MS: "620000",
        JULES_TURN_THREAD: "OFF"
      })
      assert.deepStrictEqual(config.runnerAddress, { host: "10.0.0.7", port: 34431 })
      assert.strictEqual(config.logLevel, "Debug")
      assert.strictEqual(config.otlpEndpoint, "http://collector:4318")
      assert.strictEqual(config.serviceName, "jules-eu")
      assert.strictEqual(config.escalationWebhookUrl, "https://pager.example.com/hook")
      assert.strictEqual(Duration.toMillis(config.burstWindow), 4000)
      assert.strictEqual(Duration.toMillis(config.shutdownTimeout), 30_000)
      assert.strictEqual(Duration.toMillis(config.keepAliveTimeout), 620_000)
      assert.isFalse(config.turnThread)
      assert.isTrue((yield* read({})).turnThread)

      const bad = yield* Effect.flip(read({
        JULES_RUNNER_ADDRESS: "nowhere",
        LOG_LEVEL: "loud",
        OTEL_EXPORTER_OTLP_ENDPOINT: "collector",
        SMS_PROVIDER: "carrier-pigeon",
        JULES_TURN_THREAD: "sometimes",
        JULES_KEEP_ALIVE_TIMEOUT_MS: "0"
      }))
      assert.include(bad.message, "JULES_RUNNER_ADDRESS must be host:port")
      assert.include(bad.message, "LOG_LEVEL must be one of")
      assert.include(bad.message, "OTEL_EXPORTER_OTLP_ENDPOINT must be an absolute http(s) URL")
      assert.include(bad.message, "SMS_PROVIDER must be twilio, bandwidth or console")
      assert.include(bad.message, "JULES_TURN_THREAD must be on or off")
      assert.include(bad.message, "JULES_KEEP_ALIVE_TIMEOUT_MS must be a whole number from 1000 to 7200000")
    }))
})
