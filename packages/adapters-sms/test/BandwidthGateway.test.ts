import { assert, describe, it } from "@effect/vitest"
import { FakeBandwidthServer } from "@jules/testkit"
import { Effect, Redacted } from "effect"
import { BandwidthGateway } from "../src/index.ts"
import { assertPosted, failureOf, failuresOf, gatewayOf, reasonOf, smsWithId } from "./gateways.ts"

const sms = smsWithId("msg-0002")

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

const gatewayFor = (config: BandwidthGateway.BandwidthGatewayConfig) => gatewayOf(BandwidthGateway.layer(config))

describe("BandwidthGateway against a fake Bandwidth", () => {
  it.effect("a send posts applicationId, to, from, text and tag as JSON with Basic auth", () =>
    Effect.gen(function*() {
      const fake = yield* FakeBandwidthServer.make()
      const gateway = yield* gatewayFor(configFor(fake))
      assert.strictEqual(gateway.provider, "bandwidth")
      assert.strictEqual(gateway.maxBodyLength, 2048)
      assert.isFalse(gateway.repliesToOptOutKeywords, "Bandwidth does not answer STOP on long codes")

      const sent = yield* gateway.send(sms)

      assertPosted(fake.requests, {
        path: `/api/v2/users/${fake.accountId}/messages`,
        basicAuth: { username: fake.username, password: fake.password },
        contentType: /^application\/json/,
        body: { applicationId: "93de2206-9669-4e07-948d-329f4b722ee2", to: ["+14155552671"], from: "+12028831111", text: sms.body, tag: "msg-0002" }
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

  // Retryable or not, Retry-After, one attempt per send: the SmsGateway contract (SmsGatewayContract.test.ts).
  it.effect("Bandwidth's error types are kept on the reason, and the real password never shows", () =>
    Effect.gen(function*() {
      const fake = yield* FakeBandwidthServer.make()
      fake.enqueue(
        FakeBandwidthServer.error(429, "max-message-queue-size-exceeded"),
        FakeBandwidthServer.error(400, "request-validation", {
          fieldErrors: [{ fieldName: "to[0]", description: "not a valid E164 telephone number" }]
        })
      )
      const gateway = yield* gatewayFor(configFor(fake))
      assert.deepStrictEqual(yield* failuresOf(gateway.send(sms), 2), [
        ["SmsRateLimited", "max-message-queue-size-exceeded"],
        ["InvalidRecipient", "request-validation"]
      ])
      const wrong = yield* gatewayFor(configFor(fake, { password: Redacted.make("wrong-password-value") }))
      const refused = yield* failureOf(wrong.send(sms))
      assert.deepStrictEqual(reasonOf(refused), ["SmsNotAuthorized", "unauthorized"])
      assert.notInclude(refused.message, "wrong-password-value")
    }))
})
