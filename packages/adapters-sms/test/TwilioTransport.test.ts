/**
 * The transport under the Twilio SDK, on its own: what goes on the wire for
 * the SDK's request options, and how a silent or absent server fails.
 */
import { assert, describe, it } from "@effect/vitest"
import { MessageId, PhoneNumber, SmsGateway } from "@jules/core"
import { Context, Effect, Layer, Redacted } from "effect"
import * as Http from "node:http"
import type { AddressInfo } from "node:net"
import { TwilioGateway } from "../src/index.ts"
import * as TwilioTransport from "../src/twilio/TwilioTransport.ts"

interface Seen {
  readonly method: string
  readonly url: string
  readonly headers: Http.IncomingHttpHeaders
  readonly body: string
}

/** A server that records each request and answers with `answer`, or never answers when it is undefined. */
const serve = (answer?: { status: number; body: string; headers?: Record<string, string> }) =>
  Effect.acquireRelease(
    Effect.promise(() =>
      new Promise<{ port: number; seen: Array<Seen>; server: Http.Server }>((resolve) => {
        const seen: Array<Seen> = []
        const server = Http.createServer((req, res) => {
          let body = ""
          req.on("data", (chunk) => (body += chunk))
          req.on("end", () => {
            seen.push({ method: req.method!, url: req.url!, headers: req.headers, body })
            if (answer === undefined) return
            res.writeHead(answer.status, { "content-type": "application/json", ...answer.headers })
            res.end(answer.body)
          })
        })
        server.listen(0, "127.0.0.1", () => resolve({ port: (server.address() as AddressInfo).port, seen, server }))
      })
    ),
    ({ server }) => Effect.sync(() => server.closeAllConnections()).pipe(Effect.andThen(Effect.promise(() => new Promise((r) => server.close(r)))))
  )

describe("TwilioTransport", () => {
  it.effect("sends the SDK's form as the SDK's own client would: Basic auth, repeated keys, query, rewritten host", () =>
    Effect.gen(function*() {
      const { port, seen } = yield* serve({ status: 201, body: "{\"sid\":\"SM1\"}", headers: { "retry-after": "3" } })
      const transport = TwilioTransport.make({ timeoutMs: 5_000, apiBaseUrl: `http://127.0.0.1:${port}/` })
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
      const [request] = seen
      assert.strictEqual(request!.method, "POST")
      assert.strictEqual(request!.url, "/2010-04-01/Accounts/AC1/Messages.json?PageSize=5")
      assert.strictEqual(request!.headers.authorization, `Basic ${Buffer.from("AC1:token").toString("base64")}`)
      const form = new URLSearchParams(request!.body)
      assert.deepStrictEqual(form.getAll("MediaUrl"), ["https://a.example/1", "https://a.example/2"])
      assert.strictEqual(form.get("Body"), "hi & bye = 100%")
      assert.isFalse(form.has("Skipped"))
    }).pipe(Effect.scoped))

  it.effect("a server that never answers fails the send as retryable once the timeout passes", () =>
    Effect.gen(function*() {
      const { port } = yield* serve()
      const gateway = yield* Effect.map(
        Layer.build(TwilioGateway.layer({
          accountSid: "AC00000000000000000000000000000001",
          authToken: Redacted.make("token"),
          fromNumber: "+12028831111",
          apiBaseUrl: `http://127.0.0.1:${port}`,
          timeoutMs: 200
        })),
        (context) => Context.get(context, SmsGateway)
      )
      const started = Date.now()
      const error = yield* Effect.flip(gateway.send({ messageId: MessageId.make("m1"), to: PhoneNumber.make("+12025550123"), body: "hello" }))
      assert.isTrue(error.isRetryable)
      assert.strictEqual(error.reason._tag, "SmsProviderUnavailable")
      assert.isBelow(Date.now() - started, 5_000)
    }).pipe(Effect.scoped))
})
