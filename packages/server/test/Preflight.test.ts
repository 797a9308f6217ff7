/**
 * The configuration read and checked as a whole before the server opens
 * anything: one refusal per unsafe production setting, each with its fix,
 * all of them at once; development keeps its defaults.
 */
import { assert, describe, it } from "@effect/vitest"
import { ConfigProvider, Effect } from "effect"
import * as Preflight from "../src/config/Preflight.ts"
import { ServerConfigError } from "../src/index.ts"

const KEYS = `k1:${Buffer.alloc(32, 9).toString("base64")}`

const twilio: Record<string, string> = {
  SMS_PROVIDER: "twilio",
  TWILIO_ACCOUNT_SID: "AC00000000000000000000000000000001",
  TWILIO_AUTH_TOKEN: "twilio-token",
  TWILIO_FROM_NUMBER: "+12025550100",
  PUBLIC_BASE_URL: "https://sms.example.com"
}

/** Production with every part configured safely. */
const safe: Record<string, string> = {
  NODE_ENV: "production",
  ...twilio,
  ANTHROPIC_API_KEY: "anthropic-key",
  JULES_SUPPORT_CONTACT: "help@jules.example",
  DATABASE_URL: "postgres://jules:secret@db.internal:5432/jules",
  JULES_ENCRYPTION_KEYS: KEYS
}

const run = (env: Record<string, string>) =>
  Preflight.run.pipe(Effect.provideService(ConfigProvider.ConfigProvider, ConfigProvider.fromEnv({ env })))

const without = (...names: ReadonlyArray<string>) =>
  Object.fromEntries(Object.entries(safe).filter(([name]) => !names.includes(name)))

/** The refusal of `env`: exactly one problem, which mentions each of `parts`. */
const refusedFor = (env: Record<string, string>, ...parts: ReadonlyArray<string>) =>
  Effect.gen(function*() {
    const error = yield* Effect.flip(run(env))
    assert.instanceOf(error, ServerConfigError)
    assert.strictEqual(error.problems.length, 1, error.message)
    for (const part of parts) assert.include(error.problems[0], part)
    for (const secret of ["twilio-token", "anthropic-key", "secret", KEYS]) assert.notInclude(error.message, secret)
    return error
  })

describe("Preflight", () => {
  it.effect("nothing set: development, console SMS, the offline model, the embedded database, the simulator on", () =>
    Effect.gen(function*() {
      const startup = yield* run({})
      assert.isFalse(startup.server.production)
      assert.isTrue(startup.server.devSimulator)
      assert.strictEqual(startup.server.smsProvider, "console")
      assert.strictEqual(startup.llm.providers[0].kind, "offline")
      assert.strictEqual(startup.database._tag, "Embedded")
      assert.strictEqual(startup.companion.supportContact, "support@example.com")
    }))

  it.effect("a safe production configuration starts, with the simulator off", () =>
    Effect.gen(function*() {
      const startup = yield* run(safe)
      assert.isTrue(startup.server.production)
      assert.isFalse(startup.server.devSimulator)
      assert.strictEqual(startup.companion.supportContact, "help@jules.example")
    }))

  it.effect("production refuses the console SMS gateway, set or by default", () =>
    Effect.gen(function*() {
      const fix = "set SMS_PROVIDER=twilio or bandwidth with its credentials"
      yield* refusedFor(without("SMS_PROVIDER"), "console SMS gateway", fix)
      yield* refusedFor({ ...safe, SMS_PROVIDER: "console" }, "console SMS gateway", fix)
    }))

  it.effect("production refuses the offline model: no key, or LLM_PROVIDERS=offline", () =>
    Effect.gen(function*() {
      const fix = "set ANTHROPIC_API_KEY or OPENAI_API_KEY, or LLM_PROVIDERS=openai with OPENAI_BASE_URL"
      yield* refusedFor(without("ANTHROPIC_API_KEY"), "offline model", fix)
      yield* refusedFor({ ...safe, LLM_PROVIDERS: "offline" }, "offline model", fix)
      // A local OpenAI-compatible server is a model.
      yield* run({
        ...without("ANTHROPIC_API_KEY"),
        LLM_PROVIDERS: "openai",
        OPENAI_BASE_URL: "http://localhost:11434/v1",
        OPENAI_MODEL: "llama3.1"
      })
    }))

  it.effect("production refuses the example support contact", () =>
    refusedFor(without("JULES_SUPPORT_CONTACT"), "support@example.com", "set JULES_SUPPORT_CONTACT"))

  it.effect("production refuses JULES_DEV_SIMULATOR=on", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(run({ ...safe, SMS_PROVIDER: "console", JULES_DEV_SIMULATOR: "on" }))
      assert.isTrue(error.problems.some((problem) => problem.includes("JULES_DEV_SIMULATOR=on (anyone could text")))
      assert.isTrue(error.problems.some((problem) => problem.includes("console SMS gateway")))
    }))

  it.effect("production refuses the embedded database unless JULES_EMBEDDED_DATABASE=on", () =>
    Effect.gen(function*() {
      yield* refusedFor(without("DATABASE_URL"), "embedded database", "set DATABASE_URL", "JULES_EMBEDDED_DATABASE=on")
      const startup = yield* run({ ...without("DATABASE_URL"), JULES_EMBEDDED_DATABASE: "on" })
      assert.strictEqual(startup.database._tag, "Embedded")
      yield* refusedFor({ ...safe, JULES_EMBEDDED_DATABASE: "on" }, "JULES_EMBEDDED_DATABASE=on but DATABASE_URL is set")
    }))

  it.effect("production refuses a missing JULES_ENCRYPTION_KEYS, saying how to make one", () =>
    refusedFor(without("JULES_ENCRYPTION_KEYS"), "JULES_ENCRYPTION_KEYS", "randomBytes(32)", "keep it safe"))

  it.effect("an unknown JULES_TIME_ZONE is refused in every environment, naming an example", () =>
    Effect.gen(function*() {
      for (const env of [{}, safe]) {
        const error = yield* refusedFor({ ...env, JULES_TIME_ZONE: "Mars/Olympus_Mons" }, "JULES_TIME_ZONE", "America/New_York")
        assert.notInclude(error.message, "Olympus")
      }
      const startup = yield* run({ JULES_TIME_ZONE: "Europe/Paris" })
      assert.strictEqual(startup.companion.defaultTimeZone, "Europe/Paris")
    }))

  it.effect("every missing variable of the server and of the SMS gateway, named once", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(run({ SMS_PROVIDER: "twilio" }))
      assert.strictEqual(error.missing.filter((name) => name === "TWILIO_AUTH_TOKEN").length, 1)
      for (const name of ["TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN", "TWILIO_FROM_NUMBER", "PUBLIC_BASE_URL"]) {
        assert.include(error.message, name)
      }
      const bandwidth = yield* Effect.flip(run({ SMS_PROVIDER: "bandwidth" }))
      for (const name of ["BANDWIDTH_ACCOUNT_ID", "BANDWIDTH_PASSWORD", "BANDWIDTH_CALLBACK_PASSWORD"]) {
        assert.include(bandwidth.message, name)
      }
    }))

  it.effect("everything at once: one error lists every problem of every part", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(run({
        NODE_ENV: "production",
        JULES_DEV_SIMULATOR: "on",
        JULES_TIME_ZONE: "Nowhere/Special",
        JULES_ENCRYPTION_KEYS: "k1:tooshort",
        PORT: "eighty"
      }))
      const expected = [
        "PORT must be a whole number",
        "JULES_TIME_ZONE is not a time zone",
        "JULES_ENCRYPTION_KEYS: entry 1",
        "console SMS gateway",
        "JULES_DEV_SIMULATOR=on",
        "offline model",
        "support@example.com",
        "embedded database"
      ]
      for (const part of expected) assert.include(error.message, part)
      assert.strictEqual(error.problems.length, expected.length, error.problems.join("\n"))
    }))

  it.effect("development allows what production refuses; JULES_DEV_SIMULATOR and JULES_EMBEDDED_DATABASE still apply", () =>
    Effect.gen(function*() {
      const startup = yield* run({ JULES_DEV_SIMULATOR: "off" })
      assert.isFalse(startup.server.devSimulator)
      yield* refusedFor({ JULES_EMBEDDED_DATABASE: "off" }, "DATABASE_URL")
      yield* refusedFor({ ...twilio, JULES_DEV_SIMULATOR: "on" }, "JULES_DEV_SIMULATOR=on needs SMS_PROVIDER=console")
      yield* refusedFor({ JULES_DEV_SIMULATOR: "maybe" }, "JULES_DEV_SIMULATOR must be on or off")
      // With a provider other than the console, the simulator is off by default.
      assert.isFalse((yield* run(twilio)).server.devSimulator)
    }))

  it.effect("crisis second opinions: off by default; CRISIS_MODERATION=openai needs an OpenAI key, in production too", () =>
    Effect.gen(function*() {
      assert.deepStrictEqual((yield* run(safe)).llm.crisisReview, { moderation: undefined, secondOpinion: undefined })
      const on = yield* run({
        ...safe,
        LLM_PROVIDERS: "anthropic",
        OPENAI_API_KEY: "openai-key",
        CRISIS_MODERATION: "openai",
        CRISIS_SECOND_OPINION: "model"
      })
      assert.strictEqual(on.llm.crisisReview.moderation?.keyless, false)
      assert.isDefined(on.llm.crisisReview.secondOpinion)
      const fix = "set OPENAI_API_KEY, or unset CRISIS_MODERATION"
      yield* refusedFor({ ...safe, CRISIS_MODERATION: "openai" }, "CRISIS_MODERATION=openai needs OPENAI_API_KEY", fix)
      // A keyless OpenAI-compatible server is fine on a laptop, not with real people.
      const keyless = { CRISIS_MODERATION: "openai", OPENAI_BASE_URL: "http://127.0.0.1:11434/v1" }
      assert.isTrue((yield* run(keyless)).llm.crisisReview.moderation?.keyless)
      yield* refusedFor({ ...safe, ...keyless }, "CRISIS_MODERATION=openai without OPENAI_API_KEY", fix)
      yield* refusedFor({ ...without("ANTHROPIC_API_KEY"), LLM_PROVIDERS: "offline", CRISIS_SECOND_OPINION: "model" }, "needs a language model")
    }))

  it.effect("the web and worker roles: each refusal names its fix, in every environment", () =>
    Effect.gen(function*() {
      const web = yield* run({ ...safe, JULES_ROLE: "web" })
      assert.deepStrictEqual([web.server.role, web.server.servesWebhooks, web.server.runsTurns], ["web", true, false])
      const worker = yield* run({ ...safe, JULES_ROLE: "Worker", JULES_RUNNER_ADDRESS: "10.0.0.8:34431" })
      assert.deepStrictEqual([worker.server.role, worker.server.servesWebhooks, worker.server.runsTurns], ["worker", false, true])
      yield* refusedFor({ ...safe, JULES_ROLE: "worker" }, "JULES_ROLE=worker needs JULES_RUNNER_ADDRESS=host:port")
      yield* refusedFor({ ...safe, JULES_ROLE: "web", JULES_RUNNER_ADDRESS: "10.0.0.8:34431" }, "unset it for JULES_ROLE=web")
      yield* refusedFor({ ...safe, JULES_ROLE: "front" }, "JULES_ROLE must be one of all, web, worker")
      // The embedded database belongs to one process, in development too.
      yield* refusedFor({ JULES_ROLE: "web" }, "DATABASE_URL (JULES_ROLE=web")
      yield* refusedFor({ JULES_ROLE: "web", JULES_DEV_SIMULATOR: "on", DATABASE_URL: "postgres://db/j" }, "JULES_DEV_SIMULATOR=on needs JULES_ROLE=all")
    }))
})
