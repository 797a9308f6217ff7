import { assert, describe, it } from "@effect/vitest"
import { type MessageId, type PhoneNumber, SmsError, SmsGateway } from "@jules/core"
import { Context, Effect, Layer, Redacted } from "effect"
import { BandwidthGateway } from "../src/index.ts"
import { FakeBandwidthServer, unusedPort } from "@jules/testkit"

const sms = {
  messageId: "msg-0002" as MessageId,
  to: "+14155552671" as PhoneNumber,
  body: "Hi! I'm Jules — an AI companion. Reply STOP to opt out."
}

const configFor = (
  fake: FakeBandwidthServer.FakeBandwidthServer,
  overrides: Partial<BandwidthGateway.BandwidthGatewayConfig> = {}
) => ({
  accountId: fake.accountId,
  username: fake.username,
  password: Redacted.make(fake.password),
  applicationId: "93de2206-9669-4e07-948d-329f4b722ee2",
  fromNumber: "+12028831111",
  apiBaseUrl: fake.baseURL,
  ...overrides
})

const gatewayFor = (config: BandwidthGateway.BandwidthGatewayConfig) =>
  Effect.map(Layer.build(BandwidthGateway.layer(config)), (context) => Context.get(context, SmsGateway))

const failureOf = <A>(effect: Effect.Effect<A, SmsError>) =>
  Effect.map(Effect.flip(effect), (error) => {
    assert.instanceOf(error, SmsError)
    return error
  })

describe("BandwidthGateway against a fake Bandwidth", () => {
  it.effect("a send posts applicationId, to, from, text and tag as JSON with Basic auth", () =>
    Effect.gen(function*() {
      const fake = yield* FakeBandwidthServer.make()
      const gateway = yield* gatewayFor(configFor(fake))
      assert.strictEqual(gateway.provider, "bandwidth")
      assert.strictEqual(gateway.maxBodyLength, 2048)
      assert.isFalse(gateway.repliesToOptOutKeywords, "Bandwidth does not answer STOP on long codes")

      const sent = yield* gateway.send(sms)

      assert.strictEqual(fake.requests.length, 1)
      const request = fake.requests[0]!
      assert.strictEqual(request.method, "POST")
      assert.strictEqual(request.path, `/api/v2/users/${fake.accountId}/messages`)
      assert.deepStrictEqual(request.basicAuth, { username: fake.username, password: fake.password })
      assert.match(request.headers["content-type"] ?? "", /^application\/json/)
      assert.deepStrictEqual(request.body, {
        applicationId: "93de2206-9669-4e07-948d-329f4b722ee2",
        to: ["+14155552671"],
        from: "+12028831111",
        text: sms.body,
        tag: "msg-0002"
      })
      assert.strictEqual(sent.providerMessageId, fake.sent[0]!.id)
    }))

  it.effect("a base URL with a path is used as given (a proxy in front of /api/v2)", () =>
    Effect.gen(function*() {
      const fake = yield* FakeBandwidthServer.make()
      const gateway = yield* gatewayFor(configFor(fake, { apiBaseUrl: `${fake.baseURL}/api/v2/` }))
      yield* gateway.send(sms)
      assert.strictEqual(fake.requests[0]!.path, `/api/v2/users/${fake.accountId}/messages`)
    }))

  it.effect("429 (queue full) is SmsRateLimited with Retry-After, after one request", () =>
    Effect.gen(function*() {
      const fake = yield* FakeBandwidthServer.make()
      fake.enqueue(FakeBandwidthServer.error(429, "max-message-queue-size-exceeded", {
        message: "The SMS queue for your account is full",
        headers: { "Retry-After": "30" }
      }))
      const gateway = yield* gatewayFor(configFor(fake))
      const error = yield* failureOf(gateway.send(sms))
      assert.strictEqual(error.reason._tag, "SmsRateLimited")
      assert.strictEqual(error.reason.code, "max-message-queue-size-exceeded")
      assert.strictEqual(error.reason._tag === "SmsRateLimited" ? error.reason.retryAfterMs : undefined, 30_000)
      assert.isTrue(error.isRetryable)
      assert.strictEqual(fake.requests.length, 1)
    }))

  it.effect("a 5xx is SmsProviderUnavailable and retryable", () =>
    Effect.gen(function*() {
      const fake = yield* FakeBandwidthServer.make()
      fake.enqueue({ status: 500, body: { type: "internal-error", description: "oops" } })
      const gateway = yield* gatewayFor(configFor(fake))
      const error = yield* failureOf(gateway.send(sms))
      assert.strictEqual(error.reason._tag, "SmsProviderUnavailable")
      assert.isTrue(error.isRetryable)
    }))

  it.effect("a wrong password is SmsNotAuthorized, not retryable, and the password is not in the error", () =>
    Effect.gen(function*() {
      const fake = yield* FakeBandwidthServer.make()
      const gateway = yield* gatewayFor(configFor(fake, { password: Redacted.make("wrong-password-value") }))
      const error = yield* failureOf(gateway.send(sms))
      assert.strictEqual(error.reason._tag, "SmsNotAuthorized")
      assert.strictEqual(error.reason.code, "unauthorized")
      assert.isFalse(error.isRetryable)
      assert.notInclude(error.message, "wrong-password-value")
    }))

  it.effect("a 400 blaming the `to` field is InvalidRecipient; other 400s are SmsRejected", () =>
    Effect.gen(function*() {
      const fake = yield* FakeBandwidthServer.make()
      fake.enqueue(
        FakeBandwidthServer.error(400, "request-validation", {
          message: "Your request could not be accepted.",
          fieldErrors: [{ fieldName: "to", description: `'${sms.to}' must be a valid E164 telephone number` }]
        }),
        FakeBandwidthServer.error(400, "request-validation", {
          message: "Your request could not be accepted.",
          fieldErrors: [{ fieldName: "applicationId", description: "not a valid application" }]
        })
      )
      const gateway = yield* gatewayFor(configFor(fake))
      const recipient = yield* failureOf(gateway.send(sms))
      assert.strictEqual(recipient.reason._tag, "InvalidRecipient")
      assert.strictEqual(recipient.reason.code, "request-validation")
      assert.notInclude(recipient.message, "4155552671")
      const other = yield* failureOf(gateway.send(sms))
      assert.strictEqual(other.reason._tag, "SmsRejected")
      assert.isFalse(other.isRetryable)
    }))

  it.effect("a refused connection is SmsProviderUnavailable", () =>
    Effect.gen(function*() {
      const port = yield* unusedPort
      const fake = yield* FakeBandwidthServer.make()
      const gateway = yield* gatewayFor(configFor(fake, { apiBaseUrl: `http://127.0.0.1:${port}` }))
      const error = yield* failureOf(gateway.send(sms))
      assert.strictEqual(error.reason._tag, "SmsProviderUnavailable")
      assert.include(error.message, "ECONNREFUSED")
      assert.isTrue(error.isRetryable)
      assert.strictEqual(fake.requests.length, 0)
    }))
})
