/**
 * The transport under the Twilio SDK, on its own: what goes on the wire for
 * the SDK's request options, and how a silent server fails a send.
 */
import { assert, describe, it } from "@effect/vitest"
import { MessageId, PhoneNumber, SmsGateway } from "@jules/core"
import { FakeHttpServer } from "@jules/testkit"
import { Context, Effect, Layer, Redacted } from "effect"
import type * as Http from "node:http"
import { TwilioGateway } from "../src/index.ts"
import * as TwilioTransport from "../src/twilio/TwilioTransport.ts"

const server = FakeHttpServer.make({
  endpoint: () => true,
  notFound: { status: 404 },
  parseBody: FakeHttpServer.parseForm,
  answer: () => ({ status: 201, body: { sid: "SM1" }, headers: { "retry-after": "3" } })
})

describe("TwilioTransport", () => {
  it.effect("sends the SDK's form as the SDK's own client would: Basic auth, repeated keys, query, rewritten host", () =>
    Effect.gen(function*() {
      const fake = yield* server
      const transport = TwilioTransport.make({ timeoutMs: 5_000, apiBaseUrl: `${fake.origin}/` })
      yield* Effect.addFinalizer(() => Effect.sync(transport.close))
      let headersSeen: Http.IncomingHttpHeaders | undefined
      const response = yield* Effect.promise(() =>
        transport.request({
          method: "post",
          uri: "https://api.twilio.com/2010-04-01/Accounts/AC1/Messages.json",
          username: "AC1",
          password: "token",
          headers: { "Content-Type": "application/x-www-form-urlencoded" },
          params: { PageSize: 5 },
          data: { To: "+12025550123", Body: "hi & bye = 100%", MediaUrl: ["https://a.example/1", "https://a.example/2"], Skipped: undefined }
        }, (headers) => (headersSeen = headers))
      )
      assert.strictEqual(response.statusCode, 201)
      assert.strictEqual(JSON.parse(response.body).sid, "SM1")
      assert.strictEqual(headersSeen?.["retry-after"], "3")
      const [request] = fake.requests
      assert.strictEqual(request!.method, "POST")
      assert.strictEqual(request!.path, "/2010-04-01/Accounts/AC1/Messages.json?PageSize=5")
      assert.deepStrictEqual(request!.basicAuth, { username: "AC1", password: "token" })
      assert.deepStrictEqual(request!.body["MediaUrl"], ["https://a.example/1", "https://a.example/2"])
      assert.strictEqual(request!.body["Body"], "hi & bye = 100%")
      assert.notProperty(request!.body, "Skipped")
    }).pipe(Effect.scoped))

  it.effect("a server that does not answer in time fails the send as retryable", () =>
    Effect.gen(function*() {
      const fake = yield* server
      fake.setDefault({ status: 201, body: { sid: "SM-late" }, delayMs: 3_000 })
      const gateway = yield* Effect.map(
        Layer.build(TwilioGateway.layer({
          accountSid: "AC00000000000000000000000000000001",
          authToken: Redacted.make("token"),
          fromNumber: "+12028831111",
          apiBaseUrl: fake.origin,
          timeoutMs: 200
        })),
        (context) => Context.get(context, SmsGateway)
      )
      const error = yield* Effect.flip(
        gateway.send({ messageId: MessageId.make("m1"), to: PhoneNumber.make("+12025550123"), body: "hello" })
      )
      assert.isTrue(error.isRetryable)
      assert.strictEqual(error.reason._tag, "SmsProviderUnavailable")
    }).pipe(Effect.scoped))
})
