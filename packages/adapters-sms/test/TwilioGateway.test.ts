import { assert, describe, it } from "@effect/vitest"
import { type MessageId, type PhoneNumber, SmsError, SmsGateway } from "@jules/core"
import { Context, Effect, Layer, Redacted } from "effect"
import { TwilioGateway } from "../src/index.ts"
import { FakeTwilioServer, unusedPort } from "@jules/testkit"

const sms = {
  messageId: "msg-0001" as MessageId,
  to: "+14155552671" as PhoneNumber,
  body: "Hi! I'm Jules — an AI companion. Reply STOP to opt out."
}

const gatewayFor = (config: TwilioGateway.TwilioGatewayConfig) =>
  Effect.map(Layer.build(TwilioGateway.layer(config)), (context) => Context.get(context, SmsGateway))

const failureOf = <A>(effect: Effect.Effect<A, SmsError>) =>
  Effect.map(Effect.flip(effect), (error) => {
    assert.instanceOf(error, SmsError)
    return error
  })

describe("TwilioGateway against a fake Twilio", () => {
  it.effect("a send posts To, From, Body and StatusCallback with the account's Basic auth", () =>
    Effect.gen(function*() {
      const fake = yield* FakeTwilioServer.make()
      const gateway = yield* gatewayFor({
        accountSid: fake.accountSid,
        authToken: Redacted.make(fake.authToken),
        fromNumber: "+12028831111",
        apiBaseUrl: fake.baseURL,
        publicBaseUrl: "https://jules.example.com/"
      })
      assert.strictEqual(gateway.provider, "twilio")
      assert.strictEqual(gateway.maxBodyLength, 1600)
      assert.isTrue(gateway.repliesToOptOutKeywords, "Twilio answers STOP on long codes by default")

      const sent = yield* gateway.send(sms)

      const [request] = fake.requests
      assert.strictEqual(fake.requests.length, 1)
      assert.strictEqual(request!.method, "POST")
      assert.strictEqual(request!.path, `/2010-04-01/Accounts/${fake.accountSid}/Messages.json`)
      assert.deepStrictEqual(request!.basicAuth, { username: fake.accountSid, password: fake.authToken })
      assert.match(request!.headers["content-type"] ?? "", /application\/x-www-form-urlencoded/)
      assert.deepStrictEqual({ ...request!.body }, {
        To: "+14155552671",
        From: "+12028831111",
        Body: sms.body,
        StatusCallback: "https://jules.example.com/webhooks/twilio/status"
      })
      assert.strictEqual(sent.providerMessageId, fake.sent[0]!.sid)
    }))

  it.effect("with a Messaging Service, MessagingServiceSid replaces From; no public URL, no StatusCallback", () =>
    Effect.gen(function*() {
      const fake = yield* FakeTwilioServer.make()
      const gateway = yield* gatewayFor({
        accountSid: fake.accountSid,
        authToken: Redacted.make(fake.authToken),
        messagingServiceSid: "MG00000000000000000000000000000001",
        apiBaseUrl: `${fake.baseURL}/`,
        repliesToStop: false
      })
      assert.isFalse(gateway.repliesToOptOutKeywords)
      yield* gateway.send(sms)
      assert.deepStrictEqual({ ...fake.requests[0]!.body }, {
        To: "+14155552671",
        MessagingServiceSid: "MG00000000000000000000000000000001",
        Body: sms.body
      })
    }))

  it.effect("21610 (the person replied STOP) is RecipientOptedOut, not retryable", () =>
    Effect.gen(function*() {
      const fake = yield* FakeTwilioServer.make()
      fake.optOut(sms.to)
      const gateway = yield* gatewayFor({
        accountSid: fake.accountSid,
        authToken: Redacted.make(fake.authToken),
        fromNumber: "+12028831111",
        apiBaseUrl: fake.baseURL
      })
      const error = yield* failureOf(gateway.send(sms))
      assert.strictEqual(error.reason._tag, "RecipientOptedOut")
      assert.strictEqual(error.reason.code, "21610")
      assert.isFalse(error.isRetryable)
    }))

  it.effect("an invalid number is InvalidRecipient, and Twilio's message quoting the number is not kept", () =>
    Effect.gen(function*() {
      const fake = yield* FakeTwilioServer.make()
      fake.enqueue(FakeTwilioServer.error(400, 21211, {
        message: `The 'To' number ${sms.to} is not a valid phone number.`
      }))
      const gateway = yield* gatewayFor({
        accountSid: fake.accountSid,
        authToken: Redacted.make(fake.authToken),
        fromNumber: "+12028831111",
        apiBaseUrl: fake.baseURL
      })
      const error = yield* failureOf(gateway.send(sms))
      assert.strictEqual(error.reason._tag, "InvalidRecipient")
      assert.strictEqual(error.reason.code, "21211")
      assert.notInclude(error.message, "4155552671")
    }))

  it.effect("429 is SmsRateLimited with Retry-After, after exactly one request (no SDK retry)", () =>
    Effect.gen(function*() {
      const fake = yield* FakeTwilioServer.make()
      fake.enqueue(
        FakeTwilioServer.error(429, 20429, { message: "Too Many Requests", headers: { "Retry-After": "7" } })
      )
      const gateway = yield* gatewayFor({
        accountSid: fake.accountSid,
        authToken: Redacted.make(fake.authToken),
        fromNumber: "+12028831111",
        apiBaseUrl: fake.baseURL
      })
      const error = yield* failureOf(gateway.send(sms))
      assert.strictEqual(error.reason._tag, "SmsRateLimited")
      assert.strictEqual(error.reason.code, "20429")
      assert.strictEqual(error.reason._tag === "SmsRateLimited" ? error.reason.retryAfterMs : undefined, 7000)
      assert.isTrue(error.isRetryable)
      assert.strictEqual(fake.requests.length, 1)
    }))

  it.effect("a 5xx is SmsProviderUnavailable and retryable", () =>
    Effect.gen(function*() {
      const fake = yield* FakeTwilioServer.make()
      fake.enqueue({ status: 500, body: "<html>upstream error</html>" }, { status: 503 })
      const gateway = yield* gatewayFor({
        accountSid: fake.accountSid,
        authToken: Redacted.make(fake.authToken),
        fromNumber: "+12028831111",
        apiBaseUrl: fake.baseURL
      })
      for (let i = 0; i < 2; i++) {
        const error = yield* failureOf(gateway.send(sms))
        assert.strictEqual(error.reason._tag, "SmsProviderUnavailable")
        assert.isTrue(error.isRetryable)
      }
    }))

  it.effect("a wrong auth token is SmsNotAuthorized (20003), not retryable", () =>
    Effect.gen(function*() {
      const fake = yield* FakeTwilioServer.make()
      const gateway = yield* gatewayFor({
        accountSid: fake.accountSid,
        authToken: Redacted.make("not-the-token"),
        fromNumber: "+12028831111",
        apiBaseUrl: fake.baseURL
      })
      const error = yield* failureOf(gateway.send(sms))
      assert.strictEqual(error.reason._tag, "SmsNotAuthorized")
      assert.strictEqual(error.reason.code, "20003")
      assert.isFalse(error.isRetryable)
      assert.notInclude(error.message, "not-the-token")
    }))

  it.effect("an account-setup refusal (21408) is SmsRejected with its code", () =>
    Effect.gen(function*() {
      const fake = yield* FakeTwilioServer.make()
      fake.enqueue(FakeTwilioServer.error(400, 21408, {
        message: "Permission to send an SMS has not been enabled for the region"
      }))
      const gateway = yield* gatewayFor({
        accountSid: fake.accountSid,
        authToken: Redacted.make(fake.authToken),
        fromNumber: "+12028831111",
        apiBaseUrl: fake.baseURL
      })
      const error = yield* failureOf(gateway.send(sms))
      assert.strictEqual(error.reason._tag, "SmsRejected")
      assert.strictEqual(error.reason.code, "21408")
    }))

  it.effect("a refused connection is SmsProviderUnavailable", () =>
    Effect.gen(function*() {
      const port = yield* unusedPort
      const gateway = yield* gatewayFor({
        accountSid: "AC00000000000000000000000000000001",
        authToken: Redacted.make("token"),
        fromNumber: "+12028831111",
        apiBaseUrl: `http://127.0.0.1:${port}`
      })
      const error = yield* failureOf(gateway.send(sms))
      assert.strictEqual(error.reason._tag, "SmsProviderUnavailable")
      assert.include(error.message, "ECONNREFUSED")
      assert.isTrue(error.isRetryable)
    }))

  it.effect("a configuration Twilio's SDK would refuse fails at construction, naming the variable", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(gatewayFor({
        accountSid: "SK00000000000000000000000000000001",
        authToken: Redacted.make("secret-token-value"),
        apiBaseUrl: "ftp://example.com"
      }))
      assert.strictEqual(error._tag, "SmsConfigError")
      assert.include(error.message, "TWILIO_ACCOUNT_SID must start with AC")
      assert.include(error.message, "missing TWILIO_FROM_NUMBER (or TWILIO_MESSAGING_SERVICE_SID)")
      assert.include(error.message, "TWILIO_API_BASE_URL")
      assert.notInclude(error.message, "secret-token-value")
    }))
})
