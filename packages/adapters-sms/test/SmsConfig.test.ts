import { assert, describe, it } from "@effect/vitest"
import { type MessageId, type PhoneNumber, SmsGateway } from "@jules/core"
import { ConfigProvider, Console, Effect, Layer } from "effect"
import { SmsConfig } from "../src/index.ts"
import { FakeTwilioServer } from "@jules/testkit"

const withEnv = (env: Record<string, string>) => Effect.provideService(ConfigProvider.ConfigProvider, ConfigProvider.fromUnknown(env))

const gatewayFrom = (env: Record<string, string>) =>
  Effect.gen(function*() {
    return yield* SmsGateway
  }).pipe(Effect.provide(SmsConfig.layerConfig), withEnv(env))

const startupError = (env: Record<string, string>) =>
  Layer.build(SmsConfig.layerConfig).pipe(Effect.flip, withEnv(env))

describe("SmsConfig.layerConfig", () => {
  it.effect("with no settings, development gets the console gateway", () =>
    Effect.gen(function*() {
      const gateway = yield* gatewayFrom({})
      assert.strictEqual(gateway.provider, "console")
      const sent = yield* gateway.send({ messageId: "m" as MessageId, to: "+14155552671" as PhoneNumber, body: "hi" }).pipe(
        Effect.provideService(Console.Console, Object.assign(Object.create(console), { log: () => {} }))
      )
      assert.strictEqual(sent.providerMessageId, "console-1")
    }))

  it.effect("twilio without its token stops startup naming every missing variable", () =>
    Effect.gen(function*() {
      const error = yield* startupError({ SMS_PROVIDER: "twilio", TWILIO_ACCOUNT_SID: "AC00000000000000000000000000000001" })
      assert.strictEqual(error._tag, "SmsConfigError")
      assert.include(error.message, "SMS_PROVIDER=twilio")
      assert.include(error.message, "TWILIO_AUTH_TOKEN")
      assert.include(error.message, "TWILIO_FROM_NUMBER (or TWILIO_MESSAGING_SERVICE_SID)")
      assert.notInclude(error.message, "TWILIO_ACCOUNT_SID", "a variable that is set is not reported missing")
    }))

  it.effect("missing and unusable variables are reported together", () =>
    Effect.gen(function*() {
      const error = yield* startupError({
        SMS_PROVIDER: "twilio",
        TWILIO_ACCOUNT_SID: "SK00000000000000000000000000000001",
        TWILIO_MESSAGING_SERVICE_SID: "MG00000000000000000000000000000001",
        TWILIO_API_BASE_URL: "not a url"
      })
      assert.include(error.message, "missing TWILIO_AUTH_TOKEN")
      assert.include(error.message, "TWILIO_ACCOUNT_SID must start with AC")
      assert.include(error.message, "TWILIO_API_BASE_URL is not a URL")
      assert.notInclude(error.message, "SK00000000000000000000000000000001")
    }))

  it.effect("bandwidth with nothing set names all seven required variables, callback credentials included", () =>
    Effect.gen(function*() {
      const error = yield* startupError({ SMS_PROVIDER: "bandwidth", BANDWIDTH_PASSWORD: "s3cret-value" })
      assert.strictEqual(error._tag, "SmsConfigError")
      if (error._tag === "SmsConfigError") {
        assert.deepStrictEqual(error.missing, [
          "BANDWIDTH_ACCOUNT_ID",
          "BANDWIDTH_USERNAME",
          "BANDWIDTH_APPLICATION_ID",
          "BANDWIDTH_FROM_NUMBER",
          "BANDWIDTH_CALLBACK_USERNAME",
          "BANDWIDTH_CALLBACK_PASSWORD"
        ])
      }
      assert.notInclude(error.message, "s3cret-value")
    }))

  it.effect("an unknown provider or an unusable public URL is a configuration error naming the providers", () =>
    Effect.gen(function*() {
      const error = yield* startupError({ SMS_PROVIDER: "carrier-pigeon", PUBLIC_BASE_URL: "jules.example.com" })
      assert.strictEqual(error._tag, "SmsConfigError")
      assert.include(error.message, "SMS_PROVIDER must be twilio, bandwidth or console")
      assert.include(error.message, "PUBLIC_BASE_URL must be an absolute http(s) URL")
    }))

  it.effect("SMS_PROVIDER and PUBLIC_BASE_URL are read once, for the server too: trimmed, blank is unset", () =>
    Effect.gen(function*() {
      const blank = yield* SmsConfig.readShared.pipe(withEnv({ SMS_PROVIDER: " ", PUBLIC_BASE_URL: "" }))
      assert.deepStrictEqual(blank, { shared: { provider: "console", publicBaseUrl: undefined }, invalid: [] })
      const set = yield* SmsConfig.readShared.pipe(
        withEnv({ SMS_PROVIDER: " twilio ", PUBLIC_BASE_URL: "https://jules.example.com/base/" })
      )
      assert.deepStrictEqual(set.shared, { provider: "twilio", publicBaseUrl: "https://jules.example.com/base" })
    }))

  it.effect("a complete twilio environment sends through TWILIO_API_BASE_URL with the status callback", () =>
    Effect.gen(function*() {
      const fake = yield* FakeTwilioServer.make()
      const env = {
        SMS_PROVIDER: "twilio",
        TWILIO_ACCOUNT_SID: fake.accountSid,
        TWILIO_AUTH_TOKEN: fake.authToken,
        TWILIO_FROM_NUMBER: "+12028831111",
        TWILIO_API_BASE_URL: fake.baseURL,
        PUBLIC_BASE_URL: "https://jules.example.com",
        TWILIO_REPLIES_TO_STOP: "false"
      }
      const gateway = yield* gatewayFrom(env)
      assert.strictEqual(gateway.provider, "twilio")
      assert.isFalse(gateway.repliesToOptOutKeywords)
      yield* gateway.send({ messageId: "m" as MessageId, to: "+14155552671" as PhoneNumber, body: "hi" })
      assert.strictEqual(fake.sent[0]?.statusCallback, "https://jules.example.com/webhooks/twilio/status")
      const defaulted = yield* gatewayFrom({ ...env, TWILIO_REPLIES_TO_STOP: "" })
      assert.isTrue(defaulted.repliesToOptOutKeywords, "TWILIO_REPLIES_TO_STOP defaults to true")
    }))

  it.effect("a complete bandwidth environment builds the Bandwidth gateway", () =>
    Effect.gen(function*() {
      const gateway = yield* gatewayFrom({
        SMS_PROVIDER: "bandwidth",
        BANDWIDTH_ACCOUNT_ID: "9900001",
        BANDWIDTH_USERNAME: "user",
        BANDWIDTH_PASSWORD: "password",
        BANDWIDTH_APPLICATION_ID: "app",
        BANDWIDTH_FROM_NUMBER: "+12028831111",
        BANDWIDTH_CALLBACK_USERNAME: "callbacks",
        BANDWIDTH_CALLBACK_PASSWORD: "callback-password"
      })
      assert.strictEqual(gateway.provider, "bandwidth")
      assert.strictEqual(gateway.maxBodyLength, 2048)
    }))
})
