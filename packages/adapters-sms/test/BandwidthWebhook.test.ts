import { assert, describe, it } from "@effect/vitest"
import { Redacted, Result } from "effect"
import { BandwidthWebhook } from "../src/index.ts"

const basic = (userAndPassword: string) => `Basic ${Buffer.from(userAndPassword, "utf8").toString("base64")}`

describe("BandwidthWebhook.checkBasicAuth", () => {
  const credentials = { username: "bw-callbacks", password: Redacted.make("pa:ss wörd") }

  it("the challenge header is exactly what makes Bandwidth resend with credentials", () => {
    assert.strictEqual(BandwidthWebhook.BASIC_AUTH_CHALLENGE, "Basic realm=\"\"")
  })

  it("accepts the configured credentials (password may hold colons and non-ASCII)", () => {
    assert.strictEqual(BandwidthWebhook.checkBasicAuth(basic("bw-callbacks:pa:ss wörd"), credentials), "authorized")
    assert.strictEqual(
      BandwidthWebhook.checkBasicAuth(basic("bw-callbacks:pa:ss wörd").replace("Basic", "basic"), credentials),
      "authorized"
    )
    assert.strictEqual(
      BandwidthWebhook.checkBasicAuth(basic("u:p"), { username: "u", password: "p" }),
      "authorized",
      "a plain-string password works too"
    )
  })

  it.each([
    ["no header (Bandwidth's first attempt)", undefined],
    ["empty header", ""],
    ["wrong password", basic("bw-callbacks:pa:ss word")],
    ["wrong user", basic("bw-callback:pa:ss wörd")],
    ["password prefix only", basic("bw-callbacks:pa")],
    ["no colon", basic("bw-callbacks")],
    ["another scheme", `Bearer ${Buffer.from("bw-callbacks:pa:ss wörd").toString("base64")}`],
    ["not base64", "Basic !!!"],
    ["empty credentials", basic(":")]
  ])("challenges: %s", (_name, header) => {
    assert.strictEqual(BandwidthWebhook.checkBasicAuth(header, credentials), "challenge")
  })
})

const inbound = {
  type: "message-received",
  time: "2016-09-14T18:20:16Z",
  description: "Incoming message received",
  to: "+12345678902",
  message: {
    id: "14762070468292kw2fuqty55yp2b2",
    time: "2016-09-14T18:20:16Z",
    to: ["+12345678902"],
    from: "+12345678901",
    text: "Hey, check this out!",
    applicationId: "93de2206-9669-4e07-948d-329f4b722ee2",
    media: ["https://messaging.bandwidth.com/api/v2/users/9900001/media/14762070468292kw2fuqty55yp2b2/0/bw.png"],
    owner: "+12345678902",
    direction: "in",
    segmentCount: 1
  }
}

const status = (type: string, extra: Record<string, unknown> = {}) => ({
  type,
  time: "2016-09-14T18:20:16Z",
  description: "status",
  to: "+12345678901",
  message: {
    id: "1589228074636lm4k2je7j7jklbn2",
    owner: "+12345678902",
    applicationId: "93de2206-9669-4e07-948d-329f4b722ee2",
    time: "2016-09-14T18:20:16Z",
    segmentCount: 1,
    direction: "out",
    to: ["+12345678901"],
    from: "+12345678902",
    text: "",
    tag: "msg-0001"
  },
  ...extra
})

const decodeOk = (body: unknown) => {
  const decoded = BandwidthWebhook.decodeEvents(body)
  if (Result.isFailure(decoded)) throw new Error(`expected success, got ${decoded.failure.reason}`)
  return decoded.success
}

describe("BandwidthWebhook.decodeEvents", () => {
  it("reads the documented inbound example", () => {
    assert.deepStrictEqual(decodeOk([inbound]), [{
      _tag: "InboundText",
      text: {
        providerMessageId: "14762070468292kw2fuqty55yp2b2",
        from: "+12345678901" as never,
        body: "Hey, check this out!"
      }
    }])
  })

  it("ignores outbound echoes so Jules never answers itself", () => {
    const echo = { ...inbound, message: { ...inbound.message, direction: "out", text: "" } }
    assert.deepStrictEqual(decodeOk([echo]), [{ _tag: "Ignored", reason: "outbound echo" }])
  })

  it.each([
    ["message-sending", "sent"],
    ["message-sent", "sent"],
    ["message-delivered", "delivered"],
    ["message-read", "delivered"]
  ])("%s → %s, with Jules's id from the tag", (type, expected) => {
    assert.deepStrictEqual(decodeOk([status(type)]), [{
      _tag: "DeliveryReceipt",
      receipt: {
        providerMessageId: "1589228074636lm4k2je7j7jklbn2",
        status: expected as never,
        recipientOptedOut: false,
        messageId: "msg-0001"
      }
    }])
  })

  it("message-failed keeps the error code; 4775 is an opt-out, 4482 (blocklist) is not", () => {
    const [optOut, blocked, country] = decodeOk([
      status("message-failed", { errorCode: 4775 }),
      status("message-failed", { errorCode: 4482 }),
      status("message-failed", { errorCode: "4432" })
    ]).map((event) => event._tag === "DeliveryReceipt" ? event.receipt : undefined)
    assert.deepInclude(optOut, { status: "failed", errorCode: "4775", recipientOptedOut: true })
    assert.deepInclude(blocked, { status: "failed", errorCode: "4482", recipientOptedOut: false })
    assert.deepInclude(country, { status: "failed", errorCode: "4432", recipientOptedOut: false })
  })

  it("keeps the order of a mixed batch and ignores types it does not handle", () => {
    const events = decodeOk([
      status("message-delivered"),
      { type: "message-something-new", message: {} },
      inbound,
      { ...inbound, type: "suggestion-response" }
    ])
    assert.deepStrictEqual(events.map((event) => event._tag), ["DeliveryReceipt", "Ignored", "InboundText", "Ignored"])
    assert.deepStrictEqual(decodeOk([]), [])
  })

  it.each([
    ["an object instead of an array", inbound, "body is not a JSON array"],
    ["a non-object event", [inbound, 42], "event 1 is not an object"],
    ["an event without type", [{ message: inbound.message }], "event 0: missing type"],
    ["an event without message", [{ type: "message-delivered" }], "event 0: missing message"],
    ["a status without id", [{ ...status("message-sent"), message: { direction: "out" } }], "event 0: missing message.id"],
    [
      "a sender that is not E.164",
      [{ ...inbound, message: { ...inbound.message, from: "12345678901" } }],
      "event 0: message.from is not an E.164 phone number"
    ],
    [
      "a non-string text",
      [{ ...inbound, message: { ...inbound.message, text: { a: 1 } } }],
      "event 0: message.text is not a string"
    ],
    ["a malformed errorCode", [status("message-failed", { errorCode: "+12345678901" })], "event 0: malformed errorCode"]
  ])("rejects %s with a reason that quotes nothing", (_name, body, reason) => {
    const decoded = BandwidthWebhook.decodeEvents(body)
    assert.isTrue(Result.isFailure(decoded))
    if (Result.isFailure(decoded)) {
      assert.strictEqual(decoded.failure.reason, reason)
      assert.notInclude(decoded.failure.message, "2345678901")
    }
  })

  it("decodeBody turns invalid JSON into a decode error", () => {
    const decoded = BandwidthWebhook.decodeBody("[{\"type\":")
    assert.isTrue(Result.isFailure(decoded) && decoded.failure.reason === "body is not JSON")
    assert.strictEqual(decodeOk(JSON.parse(JSON.stringify([inbound]))).length, 1)
  })
})
