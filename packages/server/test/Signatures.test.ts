/**
 * Acceptance 2: a webhook that fails its provider's check is refused and
 * leaves nothing behind. Real HTTP, signatures made by the official Twilio
 * SDK helper, and the database itself inspected afterwards.
 */
import { assert, describe, layer } from "@effect/vitest"
import { FakeBandwidthServer, FakeTwilioServer } from "@jules/testkit"
import { Context, Effect, Layer, Schema } from "effect"
import { SqlClient } from "effect/sql/SqlClient"
import { databaseEnv } from "./support/Databases.ts"
import * as P from "./support/Providers.ts"
import type { TestServer } from "./support/TestServer.ts"
import { start } from "./support/TestServer.ts"

const Counts = Schema.Array(Schema.Struct({ users: Schema.Int, inbound: Schema.Int, queued: Schema.Int }))

/** Rows a webhook could have left: people, texts (the record that a turn is owed), and mailbox rows. */
const storedRows = Effect.gen(function*() {
  const sql = yield* SqlClient
  const rows = yield* sql`SELECT
    (SELECT count(*)::int FROM users) AS users,
    (SELECT count(*)::int FROM inbound_messages) AS inbound,
    (SELECT count(*)::int FROM cluster_messages) AS queued`
  return (yield* Schema.decodeUnknownEffect(Counts)(rows))[0]!
})

class Twilio extends Context.Service<Twilio, {
  readonly server: TestServer
  readonly fake: FakeTwilioServer.FakeTwilioServer
}>()("test/Signatures/Twilio") {}

const twilioSetup = Layer.effect(
  Twilio,
  Effect.gen(function*() {
    const fake = yield* FakeTwilioServer.make()
    const server = yield* start({ ...(yield* databaseEnv("pglite")), ...P.twilioEnv(fake), BURST_WINDOW_MS: "50" })
    return { server, fake }
  })
)

describe("Twilio webhook signatures", () => {
  layer(twilioSetup, { excludeTestServices: true, timeout: "60 seconds" })((it) => {
    const params = P.inboundParams({ from: "+15555550142", body: "is anyone there?" })

    it.effect("a wrong signature, a signature for another URL, or none at all: 403 and nothing stored", () =>
      Effect.gen(function*() {
        const { fake, server } = yield* Twilio
        const attempts = [
          { signature: P.twilioSignature("not-the-auth-token", P.PUBLIC_BASE_URL + "/webhooks/twilio/sms", params) },
          { signedUrl: "https://attacker.example/webhooks/twilio/sms" },
          { signedUrl: `${P.PUBLIC_BASE_URL}/webhooks/twilio/sms?extra=1` },
          { signedUrl: "http://jules.example.test/webhooks/twilio/sms" },
          { signature: null }
        ]
        for (const attempt of attempts) {
          for (const path of ["/webhooks/twilio/sms", "/webhooks/twilio/status"]) {
            const response = yield* P.postTwilio(server.url, path, params, { authToken: fake.authToken, ...attempt })
            assert.strictEqual(response.status, 403, `${path} ${JSON.stringify(attempt)}`)
          }
        }
        // A valid signature over other parameters than those sent is refused too.
        const tampered = yield* P.postTwilio(server.url, "/webhooks/twilio/sms", params, {
          authToken: fake.authToken,
          rawBody: P.formBody({ ...params, Body: "something else" })
        })
        assert.strictEqual(tampered.status, 403)
        assert.deepStrictEqual(yield* server.use(storedRows), { users: 0, inbound: 0, queued: 0 })
        assert.strictEqual(fake.requests.length, 0)
      }))

    it.effect("the query string is part of the signed URL, byte for byte", () =>
      Effect.gen(function*() {
        const { fake, server } = yield* Twilio
        const other = P.inboundParams({ from: "+15555550144", body: "query test" })
        const path = "/webhooks/twilio/sms?tenant=a%27b&x=1"
        const signature = P.twilioSignature(fake.authToken, P.PUBLIC_BASE_URL + path, other)
        const reordered = yield* P.postTwilio(server.url, "/webhooks/twilio/sms?x=1&tenant=a%27b", other, {
          authToken: fake.authToken,
          signature
        })
        assert.strictEqual(reordered.status, 403)
        const exact = yield* P.postTwilio(server.url, path, other, { authToken: fake.authToken, signature })
        assert.strictEqual(exact.status, 200)
      }))

    it.effect("the same request with Twilio's signature is accepted with empty TwiML, and stored", () =>
      Effect.gen(function*() {
        const { fake, server } = yield* Twilio
        const response = yield* P.postTwilio(server.url, "/webhooks/twilio/sms", params, { authToken: fake.authToken })
        assert.strictEqual(response.status, 200)
        assert.strictEqual(response.body, "<Response/>")
        assert.match(response.headers.get("content-type") ?? "", /^text\/xml/)
        assert.match(response.headers.get("x-request-id") ?? "", /^[0-9a-f-]{36}$/)
        const rows = yield* server.use(storedRows)
        assert.strictEqual(rows.users, 2)
        assert.strictEqual(rows.inbound, 2)
      }))
  })
})

class Bandwidth extends Context.Service<Bandwidth, { readonly server: TestServer }>()("test/Signatures/Bandwidth") {}

const bandwidthSetup = Layer.effect(
  Bandwidth,
  Effect.gen(function*() {
    const fake = yield* FakeBandwidthServer.make()
    return { server: yield* start({ ...(yield* databaseEnv("pglite")), ...P.bandwidthEnv(fake), BURST_WINDOW_MS: "50" }) }
  })
)

describe("Bandwidth webhook credentials", () => {
  layer(bandwidthSetup, { excludeTestServices: true, timeout: "60 seconds" })((it) => {
    const events = [P.bandwidthInbound({ from: "+15555550143", text: "hello there" })]

    it.effect("without credentials, or with wrong ones: 401 with the Basic challenge, and nothing stored", () =>
      Effect.gen(function*() {
        const { server } = yield* Bandwidth
        for (
          const authorization of [
            null,
            P.basicAuth(P.BANDWIDTH_CALLBACK.username, "wrong"),
            P.basicAuth("someone", P.BANDWIDTH_CALLBACK.password),
            "Bearer abc",
            "Basic !!!"
          ]
        ) {
          const response = yield* P.postBandwidth(server.url, events, { authorization })
          assert.strictEqual(response.status, 401, String(authorization))
          assert.strictEqual(response.headers.get("www-authenticate"), "Basic realm=\"\"")
        }
        assert.deepStrictEqual(yield* server.use(storedRows), { users: 0, inbound: 0, queued: 0 })
      }))

    it.effect("with the configured credentials the events are accepted and stored", () =>
      Effect.gen(function*() {
        const { server } = yield* Bandwidth
        const response = yield* P.postBandwidth(server.url, events)
        assert.strictEqual(response.status, 200)
        const rows = yield* server.use(storedRows)
        assert.strictEqual(rows.inbound, 1)
      }))
  })
})
