import { assert, describe, it } from "@effect/vitest"
import { FakeTwilioServer } from "@jules/testkit"
import { Effect, Redacted } from "effect"
import { TwilioGateway } from "../src/index.ts"
import { assertPosted, failureOf, failuresOf, gatewayOf, reasonOf, smsWithId } from "./gateways.ts"

const sms = smsWithId("msg-0001")

/** The fake's account; each test says how it sends. */
const account = (fake: FakeTwilioServer.FakeTwilioServer) => ({
  accountSid: fake.accountSid,
  authToken: Redacted.make(fake.authToken),
  apiBaseUrl: fake.baseURL
})

const gatewayFor = (config: TwilioGateway.TwilioGatewayConfig) => gatewayOf(TwilioGateway.layer(config))

describe("TwilioGateway against a fake Twilio", () => {
  it.effect("a send posts To, From, Body and StatusCallback with the account's Basic auth", () =>
    Effect.gen(function*() {
      const fake = yield* FakeTwilioServer.make()
      const gateway = yield* gatewayFor({
        ...account(fake),
        fromNumber: "+12028831111",
        publicBaseUrl: "https://jules.example.com/"
      })
      assert.strictEqual(gateway.provider, "twilio")
      assert.strictEqual(gateway.maxBodyLength, 1600)
      assert.isTrue(gateway.repliesToOptOutKeywords, "Twilio answers STOP on long codes by default")

      const sent = yield* gateway.send(sms)

      assertPosted(fake.requests, {
        path: `/2010-04-01/Accounts/${fake.accountSid}/Messages.json`,
        basicAuth: { username: fake.accountSid, password: fake.authToken },
        contentType: /application\/x-www-form-urlencoded/,
        body: { To: "+14155552671", From: "+12028831111", Body: sms.body, StatusCallback: "https://jules.example.com/webhooks/twilio/status" }
      })
      assert.strictEqual(sent.providerMessageId, fake.sent[0]!.sid)
    }))

  it.effect("with a Messaging Service, MessagingServiceSid replaces From; no public URL, no StatusCallback", () =>
    Effect.gen(function*() {
      const fake = yield* FakeTwilioServer.make()
      const gateway = yield* gatewayFor({
        ...account(fake),
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

  // Retryable or not, Retry-After, one attempt per send: the SmsGateway contract (SmsGatewayContract.test.ts).
  it.effect("Twilio's error codes are kept on the reason, and the real token never shows", () =>
    Effect.gen(function*() {
      const fake = yield* FakeTwilioServer.make()
      fake.optOut(sms.to)
      const config = { ...account(fake), fromNumber: "+12028831111" }
      const gateway = yield* gatewayFor(config)
      const optedOut = yield* failureOf(gateway.send(sms))
      assert.deepStrictEqual(reasonOf(optedOut), ["RecipientOptedOut", "21610"])
      fake.reset()
      fake.enqueue(
        FakeTwilioServer.error(400, 21211),
        FakeTwilioServer.error(429, 20429),
        FakeTwilioServer.error(400, 21611),
        FakeTwilioServer.error(400, 21408)
      )
      assert.deepStrictEqual(yield* failuresOf(gateway.send(sms), 4), [
        ["InvalidRecipient", "21211"],
        ["SmsRateLimited", "20429"],
        ["SmsRateLimited", "21611"],
        ["SmsRejected", "21408"]
      ])
      const wrong = yield* gatewayFor({ ...config, authToken: Redacted.make("not-the-token") })
      const refused = yield* failureOf(wrong.send(sms))
      assert.deepStrictEqual(reasonOf(refused), ["SmsNotAuthorized", "20003"])
      assert.notInclude(refused.message, "not-the-token")
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
