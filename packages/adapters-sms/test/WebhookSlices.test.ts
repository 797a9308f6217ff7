/**
 * The webhook slices without a server: the order of checks each provider
 * needs, and events in core's vocabulary. (The HTTP side, status codes and
 * storage, is the server's `Signatures`, `Fuzz` and `EndToEnd` tests.)
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Redacted } from "effect"
import twilio from "twilio"
import type { WebhookRefused, WebhookRequest } from "../src/index.ts"
import { BandwidthWebhook, joinPublicUrl, TwilioWebhook } from "../src/index.ts"

const requestOf = (options: Partial<Omit<WebhookRequest, "body">> & { readonly body?: string }) => {
  let reads = 0
  const request: WebhookRequest = {
    headers: options.headers ?? {},
    pathAndQuery: options.pathAndQuery ?? "/",
    mediaType: options.mediaType ?? "application/json",
    body: Effect.sync(() => {
      reads += 1
      return options.body ?? ""
    })
  }
  return { request, reads: () => reads }
}

const refusalOf = (effect: Effect.Effect<unknown, WebhookRefused>) =>
  Effect.map(Effect.flip(effect), (error) => error.reason)

describe("Bandwidth slice", () => {
  const slice = BandwidthWebhook.webhook({ username: "bw", password: Redacted.make("pw") })
  const route = slice.routes[0]!

  it.effect("challenges on the headers alone, without reading the body", () =>
    Effect.gen(function*() {
      const { reads, request } = requestOf({ body: "[]" })
      assert.deepStrictEqual(yield* refusalOf(route.receive(request)), { _tag: "Challenge", challenge: "Basic realm=\"\"" })
      assert.strictEqual(reads(), 0)
    }))

  it.effect("with credentials, decodes into core's IncomingText and DeliveryReceipt; garbage is Malformed", () =>
    Effect.gen(function*() {
      const authorization = `Basic ${Buffer.from("bw:pw").toString("base64")}`
      const body = JSON.stringify([
        { type: "message-received", to: "+12025550100", message: { id: "m1", direction: "in", from: "+14155552671", text: "hi" } },
        { type: "message-delivered", message: { id: "m2", direction: "out", tag: "jules-1" } }
      ])
      const events = yield* route.receive(requestOf({ headers: { authorization }, body }).request)
      assert.deepStrictEqual(events, [
        { _tag: "InboundText", text: { providerMessageId: "m1", from: "+14155552671" as never, body: "hi" } },
        {
          _tag: "DeliveryReceipt",
          receipt: { providerMessageId: "m2", status: "delivered", recipientOptedOut: false, messageId: "jules-1" }
        }
      ])
      const garbage = yield* refusalOf(route.receive(requestOf({ headers: { authorization }, body: "{" }).request))
      assert.strictEqual(garbage._tag, "Malformed")
    }))
})

describe("Twilio slice", () => {
  const authToken = "slice-token"
  const slice = TwilioWebhook.webhook({ authToken: Redacted.make(authToken), publicBaseUrl: "https://jules.example.com" })
  const [sms, status] = slice.routes
  const params = { MessageSid: "SM1", From: "+14155552671", To: "+12025550100", Body: "hi" }
  const body = new URLSearchParams(params).toString()
  const signed = (path: string, mediaType = "application/x-www-form-urlencoded") =>
    requestOf({
      pathAndQuery: path,
      mediaType,
      body,
      headers: {
        "x-twilio-signature": twilio.getExpectedTwilioSignature(authToken, joinPublicUrl("https://jules.example.com", path), params)
      }
    }).request

  it.effect("checks the signature before the media type, and answers texts with empty TwiML", () =>
    Effect.gen(function*() {
      assert.deepStrictEqual(sms!.acknowledgement, { contentType: "text/xml", body: "<Response/>" })
      assert.isUndefined(status!.acknowledgement)
      const unsigned = requestOf({ pathAndQuery: "/webhooks/twilio/sms", mediaType: "text/plain", body }).request
      assert.strictEqual((yield* refusalOf(sms!.receive(unsigned)))._tag, "BadSignature")
      const plain = signed("/webhooks/twilio/sms", "text/plain")
      assert.deepStrictEqual(yield* refusalOf(sms!.receive(plain)), {
        _tag: "UnsupportedMediaType",
        expected: "application/x-www-form-urlencoded"
      })
      const events = yield* sms!.receive(signed("/webhooks/twilio/sms?tenant=a"))
      assert.deepStrictEqual(events, [
        { _tag: "InboundText", text: { providerMessageId: "SM1", from: "+14155552671" as never, body: "hi" } }
      ])
      // Signed, but not a status callback.
      assert.strictEqual((yield* refusalOf(status!.receive(signed("/webhooks/twilio/status"))))._tag, "Malformed")
    }))
})
