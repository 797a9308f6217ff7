/**
 * Acceptance 5: 1,000 random, malformed or truncated webhook bodies, every one
 * carrying valid credentials (a correct Twilio signature over what is actually
 * sent, Bandwidth's Basic credentials), get no 5xx, and the server stays ready.
 */
import { assert, describe, layer } from "@effect/vitest"
import { parseFormBody } from "@jules/adapters-sms"
import { FakeBandwidthServer, FakeTwilioServer } from "@jules/testkit"
import { Context, Effect, Layer } from "effect"
import fc from "fast-check"
import twilio from "twilio"
import { databaseEnv } from "./support/Databases.ts"
import * as P from "./support/Providers.ts"
import type { TestServer } from "./support/TestServer.ts"
import { start } from "./support/TestServer.ts"

class Servers extends Context.Service<Servers, {
  readonly twilio: TestServer
  readonly bandwidth: TestServer
  readonly authToken: string
}>()("test/Fuzz/Servers") {}

const servers = Layer.effect(
  Servers,
  Effect.gen(function*() {
    const fakeTwilio = yield* FakeTwilioServer.make()
    const fakeBandwidth = yield* FakeBandwidthServer.make()
    const common = { BURST_WINDOW_MS: "50" }
    const [twilioServer, bandwidthServer] = yield* Effect.all([
      Effect.flatMap(databaseEnv("pglite"), (db) => start({ ...db, ...common, ...P.twilioEnv(fakeTwilio) })),
      Effect.flatMap(databaseEnv("pglite"), (db) => start({ ...db, ...common, ...P.bandwidthEnv(fakeBandwidth) }))
    ], { concurrency: 2 })
    return { twilio: twilioServer, bandwidth: bandwidthServer, authToken: fakeTwilio.authToken }
  })
)

const twilioNames = [
  "MessageSid", "SmsSid", "SmsMessageSid", "AccountSid", "From", "To", "Body", "NumMedia", "MediaUrl0",
  "MediaUrl1", "MediaContentType0", "MessageStatus", "ErrorCode", "SmsStatus", "NumSegments", "ApiVersion"
]
const twilioValue = fc.oneof(
  fc.string(),
  fc.string({ unit: "grapheme" }),
  fc.constantFrom("+14155552671", "+1555", "whatsapp:+14155552671", "SM0123456789abcdef0123456789abcdef",
    "delivered", "sent", "failed", "undelivered", "received", "21610", "3", "-1", "99999", "")
)
const twilioForm = fc.oneof(
  // Random parameters, Twilio's names and others, repeated or not.
  fc.array(fc.tuple(fc.oneof(fc.constantFrom(...twilioNames), fc.string()), twilioValue), { maxLength: 12 })
    .map((pairs) => new URLSearchParams(pairs).toString()),
  // Valid bodies cut anywhere.
  fc.tuple(fc.nat(400), fc.constantFrom("+14155552671", "+15555550199"), fc.string()).map(([cut, from, body]) =>
    P.formBody(P.inboundParams({ from, body })).slice(0, cut)
  ),
  // Not a form at all.
  fc.string({ unit: "binary", maxLength: 300 }),
  fc.jsonValue().map((value) => JSON.stringify(value))
)

const validBandwidth = (from: string, text: string) =>
  JSON.stringify([P.bandwidthInbound({ from, text }), P.bandwidthStatus({ type: "message-delivered", id: "x1", to: from })])
const bandwidthBody = fc.oneof(
  fc.jsonValue().map((value) => JSON.stringify(value)),
  fc.array(fc.dictionary(fc.constantFrom("type", "message", "to", "errorCode", "time"), fc.jsonValue()), {
    maxLength: 4
  }).map((events) => JSON.stringify(events)),
  fc.tuple(fc.nat(700), fc.string()).map(([cut, text]) => validBandwidth("+14155552671", text).slice(0, cut)),
  fc.string({ unit: "binary", maxLength: 300 })
)

const SEED = 20261122

describe("webhooks under fuzzing", () => {
  layer(servers, { excludeTestServices: true, timeout: "180 seconds" })((it) => {
    it.effect("1,000 random, malformed or truncated bodies with valid credentials: no 5xx, still ready", () =>
      Effect.gen(function*() {
        const { authToken, bandwidth, twilio: twilioServer } = yield* Servers
        const signedPost = (path: string, body: string) => {
          const url = P.PUBLIC_BASE_URL + path
          const signature = twilio.getExpectedTwilioSignature(authToken, url, parseFormBody(body) as Record<string, string>)
          return P.request(twilioServer.url + path, {
            method: "POST",
            headers: { "content-type": "application/x-www-form-urlencoded", "x-twilio-signature": signature },
            body
          })
        }
        const authorization = P.basicAuth(P.BANDWIDTH_CALLBACK.username, P.BANDWIDTH_CALLBACK.password)
        const requests = [
          ...fc.sample(twilioForm, { numRuns: 350, seed: SEED }).map((body) => signedPost("/webhooks/twilio/sms", body)),
          ...fc.sample(twilioForm, { numRuns: 250, seed: SEED + 1 }).map((body) => signedPost("/webhooks/twilio/status", body)),
          ...fc.sample(bandwidthBody, { numRuns: 395, seed: SEED + 2 }).map((body) =>
            P.postBandwidth(bandwidth.url, undefined, { rawBody: body, authorization })
          ),
          // Bigger than any webhook.
          signedPost("/webhooks/twilio/sms", `Body=${"x".repeat(70_000)}`),
          P.postBandwidth(bandwidth.url, undefined, { rawBody: `["${"x".repeat(70_000)}"]`, authorization }),
          // Not JSON's media type, nor a form's.
          P.request(bandwidth.url + "/webhooks/bandwidth/messages", {
            method: "POST",
            headers: { authorization, "content-type": "text/plain" },
            body: "hello"
          }),
          signedPost("/webhooks/twilio/sms", ""),
          P.postBandwidth(bandwidth.url, undefined, { rawBody: "", authorization })
        ]
        assert.strictEqual(requests.length, 1000)
        const statuses = yield* Effect.all(requests, { concurrency: 16 })
        const byStatus = new Map<number, number>()
        for (const { status } of statuses) byStatus.set(status, (byStatus.get(status) ?? 0) + 1)
        const serverErrors = statuses.filter((response) => response.status >= 500)
        assert.deepStrictEqual(serverErrors.map((r) => `${r.status} ${r.body}`), [], JSON.stringify([...byStatus]))
        // The fuzzing hit both sides: refusals and accepted bodies.
        assert.isAbove(byStatus.get(400) ?? 0, 100)
        assert.isAbove(byStatus.get(200) ?? 0, 10)
        assert.strictEqual(byStatus.get(413), 2)

        for (const server of [twilioServer, bandwidth]) {
          const ready = yield* P.request(`${server.url}/health/ready`, {})
          assert.strictEqual(ready.status, 200)
        }
      }))
  })
})
