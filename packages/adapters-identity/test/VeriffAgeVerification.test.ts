/**
 * The Veriff adapter against the testkit's Veriff fake over real HTTP: it
 * passes the `AgeVerification` contract, sends Veriff exactly what the
 * protocol needs (the API key, the body's HMAC, the person's id as
 * `vendorData`, the way back) and nothing that identifies the person, and
 * maps Veriff's refusals and outages to typed, correctly retryable errors.
 */
import { assert, describe, it, layer } from "@effect/vitest"
import { VeriffAgeVerification, VeriffSignature } from "@jules/adapters-identity"
import type { VeriffSettings } from "@jules/adapters-identity"
import type { UserId } from "@jules/core"
import { AgeVerification } from "@jules/core"
import { ageVerificationContract, FakeHttpServer, FakeVeriffServer, unusedPort } from "@jules/testkit"
import { Context, Effect, Layer, Redacted } from "effect"

const settingsFor = (fake: FakeVeriffServer.FakeVeriffServer, secrets = [fake.sharedSecret]): VeriffSettings => ({
  apiKey: Redacted.make(fake.apiKey),
  sharedSecrets: secrets.map((s) => Redacted.make(s)),
  apiBaseUrl: fake.baseURL,
  callbackUrl: "https://jules.example.test/v/done"
})

ageVerificationContract(
  "Veriff adapter against the Veriff fake",
  Layer.unwrap(Effect.map(FakeVeriffServer.make(), (fake) => VeriffAgeVerification.layer(settingsFor(fake))))
)

class Fake extends Context.Service<Fake, FakeVeriffServer.FakeVeriffServer>()("test/FakeVeriff") {}

const world = Layer.effect(Fake, FakeVeriffServer.make())

const startWith = (settings: VeriffSettings, userId: UserId) =>
  Effect.result(Effect.gen(function*() {
    return yield* (yield* AgeVerification).startSession(userId)
  })).pipe(Effect.provide(VeriffAgeVerification.layer(settings)))

const ALEX = "6f1c1c1e-2a7e-4d52-9d6b-0c1f3b6a9e21" as UserId

layer(world, { excludeTestServices: true })("Veriff sessions", (it) => {
  it.effect("a session carries the person's id and the way back, signed; no phone number, name or text", () =>
    Effect.gen(function*() {
      const fake = yield* Fake
      fake.reset()
      const result = yield* startWith(settingsFor(fake), ALEX)
      assert.strictEqual(result._tag, "Success")
      const [request] = fake.requests
      assert.strictEqual(request!.method, "POST")
      assert.strictEqual(request!.path, "/v1/sessions")
      assert.strictEqual(request!.headers["x-auth-client"], fake.apiKey)
      assert.strictEqual(request!.headers["content-type"], "application/json")
      assert.strictEqual(request!.headers["x-hmac-signature"], VeriffSignature.sign(fake.sharedSecret, request!.rawBody))
      assert.deepStrictEqual(request!.body, {
        verification: { callback: "https://jules.example.test/v/done", vendorData: ALEX }
      })
      assert.deepStrictEqual(fake.sessions.map((s) => s.vendorData), [ALEX])
      if (result._tag === "Success") {
        assert.strictEqual(result.success.sessionId, fake.sessions[0]!.id)
        assert.strictEqual(result.success.url, fake.sessions[0]!.url)
      }
    }))

  it.effect("while rotating, the first secret signs", () =>
    Effect.gen(function*() {
      const fake = yield* Fake
      fake.reset()
      const result = yield* startWith(settingsFor(fake, [fake.sharedSecret, "the-old-secret"]), ALEX)
      assert.strictEqual(result._tag, "Success")
      const wrong = yield* startWith(settingsFor(fake, ["the-old-secret", fake.sharedSecret]), ALEX)
      assert.strictEqual(wrong._tag === "Failure" && wrong.failure.reason._tag, "VerificationRejected")
    }))

  it.effect("a wrong key or a refused body is rejected (not retryable); 429, 5xx and garbage are unavailable (retryable)", () =>
    Effect.gen(function*() {
      const fake = yield* Fake
      fake.reset()
      const wrongKey = yield* startWith({ ...settingsFor(fake), apiKey: Redacted.make("nope") }, ALEX)
      assert.strictEqual(wrongKey._tag === "Failure" && wrongKey.failure.reason._tag, "VerificationRejected")
      assert.isFalse(wrongKey._tag === "Failure" && wrongKey.failure.isRetryable)

      const cases: ReadonlyArray<readonly [FakeHttpServer.ScriptedResponse, string, boolean]> = [
        [FakeVeriffServer.error(400, "1102"), "VerificationRejected", false],
        [FakeVeriffServer.error(429, "1004"), "VerificationUnavailable", true],
        [FakeVeriffServer.error(503, "1500"), "VerificationUnavailable", true],
        [{ status: 201, rawBody: "<html>maintenance</html>" }, "VerificationUnavailable", true],
        [{ status: 201, body: { status: "success", verification: { id: "x" } } }, "VerificationUnavailable", true]
      ]
      for (const [response, reason, retryable] of cases) {
        fake.enqueue(response)
        const result = yield* startWith(settingsFor(fake), ALEX)
        assert.strictEqual(result._tag === "Failure" ? result.failure.reason._tag : "no failure", reason, JSON.stringify(response))
        assert.strictEqual(result._tag === "Failure" && result.failure.isRetryable, retryable)
      }
    }))

  it.effect("Veriff unreachable: unavailable, retryable", () =>
    Effect.gen(function*() {
      const fake = yield* Fake
      const port = yield* unusedPort
      const result = yield* startWith({ ...settingsFor(fake), apiBaseUrl: `http://127.0.0.1:${port}` }, ALEX)
      assert.strictEqual(result._tag === "Failure" && result.failure.reason._tag, "VerificationUnavailable")
    }))
})

describe("sessionBody", () => {
  it("is the person's id and the callback, nothing else", () => {
    assert.strictEqual(
      VeriffAgeVerification.sessionBody(ALEX, undefined),
      `{"verification":{"vendorData":"${ALEX}"}}`
    )
  })
})
