/**
 * `JULES_AGE_GATE` and Veriff checked together at startup: a gate that is on
 * without what it needs is refused, naming every problem with its fix, in
 * every environment (never quietly turned off); Veriff with the gate off runs.
 */
import { assert, describe, it } from "@effect/vitest"
import { ConfigProvider, Effect, Redacted } from "effect"
import * as Preflight from "../src/config/Preflight.ts"
import { ServerConfigError } from "../src/index.ts"

const veriff = { VERIFF_API_KEY: "veriff-key", VERIFF_SHARED_SECRET: "veriff-secret" }
const PUBLIC = { PUBLIC_BASE_URL: "https://sms.example.com" }

const run = (env: Record<string, string>) =>
  Preflight.run.pipe(Effect.provideService(ConfigProvider.ConfigProvider, ConfigProvider.fromEnv({ env })))

const refused = (env: Record<string, string>) =>
  Effect.gen(function*() {
    const error = yield* Effect.flip(run(env))
    assert.instanceOf(error, ServerConfigError)
    for (const secret of ["veriff-key", "veriff-secret"]) assert.notInclude(error.message, secret)
    return error.problems
  })

describe("age gate preflight", () => {
  it.effect("JULES_AGE_GATE=required without Veriff or PUBLIC_BASE_URL: both named, each with its fix", () =>
    Effect.gen(function*() {
      const problems = yield* refused({ JULES_AGE_GATE: "required" })
      assert.lengthOf(problems, 1)
      const [missing] = problems
      assert.include(missing, "VERIFF_API_KEY and VERIFF_SHARED_SECRET (JULES_AGE_GATE=required")
      assert.include(missing, "or set JULES_AGE_GATE=off")
      assert.include(missing, "PUBLIC_BASE_URL (JULES_AGE_GATE=required")
    }))

  it.effect("half a Veriff configuration is refused, with the other problems of the configuration", () =>
    Effect.gen(function*() {
      const problems = yield* refused({
        JULES_AGE_GATE: "optional",
        VERIFF_API_KEY: "veriff-key",
        VERIFF_API_BASE_URL: "stationapi.veriff.com",
        ...PUBLIC,
        PORT: "99999"
      })
      const all = problems.join("\n")
      assert.include(all, "VERIFF_SHARED_SECRET (Veriff Customer Portal")
      assert.include(all, "VERIFF_API_BASE_URL must be an absolute http(s) URL")
      assert.include(all, "PORT must be")
      assert.notInclude(all, "VERIFF_API_KEY and VERIFF_SHARED_SECRET", "the gate's problem is the missing secret, named once")
    }))

  it.effect("an unknown JULES_AGE_GATE is refused", () =>
    Effect.gen(function*() {
      const problems = yield* refused({ JULES_AGE_GATE: "sometimes" })
      assert.isTrue(problems.some((p) => p.includes("JULES_AGE_GATE")), problems.join("\n"))
    }))

  it.effect("required with Veriff and PUBLIC_BASE_URL starts with the gate on; secrets are a rotation list", () =>
    Effect.gen(function*() {
      const startup = yield* run({
        JULES_AGE_GATE: "required",
        ...veriff,
        VERIFF_SHARED_SECRET: "new-secret, old-secret",
        ...PUBLIC
      })
      assert.strictEqual(startup.companion.ageGate, "required")
      assert.deepStrictEqual(startup.veriff?.sharedSecrets.map(Redacted.value), ["new-secret", "old-secret"])
      assert.strictEqual(startup.veriff?.apiBaseUrl, "https://stationapi.veriff.com")
      assert.strictEqual(startup.veriff?.callbackUrl, "https://sms.example.com/v/done")
    }))

  it.effect("Veriff with the gate off runs (decisions still apply); no Veriff and no gate is the default", () =>
    Effect.gen(function*() {
      const withVeriff = yield* run({ ...veriff })
      assert.strictEqual(withVeriff.companion.ageGate, "off")
      assert.isDefined(withVeriff.veriff)
      const plain = yield* run({})
      assert.isUndefined(plain.veriff)
      assert.strictEqual(plain.companion.ageGate, "off")
    }))
})
