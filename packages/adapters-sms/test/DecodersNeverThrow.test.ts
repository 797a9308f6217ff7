/**
 * Webhook bodies come from the internet: whatever arrives, the parsers and
 * decoders answer with a value or a `WebhookDecodeError` (a 400), never a throw
 * (a 500), and the error's reason never quotes what was sent.
 */
import { assert, describe, it } from "@effect/vitest"
import { Result } from "effect"
import fc from "fast-check"
import { BandwidthWebhook, type FormParams, parseFormBody, TwilioWebhook, WebhookDecodeError } from "../src/index.ts"

const RUNS = { numRuns: 500 }

/** A value or a decode error whose reason quotes nothing of the input (values carry the marker `§`). */
const isValueOrCleanError = (result: Result.Result<unknown, unknown>): boolean =>
  Result.isSuccess(result) ||
  (result.failure instanceof WebhookDecodeError && result.failure.reason.length > 0 &&
    !result.failure.reason.includes("§"))

const anyString = fc.oneof(
  fc.string(),
  fc.string({ unit: "binary" }),
  fc.string({ unit: fc.constantFrom("%", "=", "&", "+", "2", "B", "E", "0", "F", "a", "é", "\uD800") })
)

const twilioKeys = fc.constantFrom(
  "MessageSid", "From", "To", "Body", "NumMedia", "MediaUrl0", "MediaUrl1", "MediaUrl2",
  "MessageStatus", "ErrorCode", "SmsStatus", "ToCity", "__proto__", "constructor"
)
const markedValue = fc.oneof(
  fc.string().map((s) => `§${s}`),
  fc.constantFrom("§+14155552671", "§", "§0", "§delivered"),
  fc.constantFrom("+14155552671", "SM00000000000000000000000000000001", "2", "0", "delivered", "failed", "21610", "")
)
const twilioParams: fc.Arbitrary<FormParams> = fc.dictionary(
  fc.oneof(twilioKeys, fc.string()),
  fc.oneof(markedValue, fc.array(markedValue, { minLength: 2, maxLength: 3 }))
)

const capturedBody = "ToCountry=US&ToState=District+Of+Columbia&SmsMessageSid=SMe2870000000000000000000000000001" +
  "&NumMedia=1&MediaUrl0=https%3A%2F%2Fapi.twilio.com%2Fm%2F0&ToCity=&FromZip=01022&SmsStatus=received" +
  "&Body=Msg&To=%2B12028831111&MessageSid=SMe2870000000000000000000000000001&From=%2B14133881111" +
  "&MessageStatus=delivered&ErrorCode=30007"

describe("form parsing and Twilio decoders", () => {
  it("parseFormBody returns strings or lists of strings for any input", () => {
    fc.assert(
      fc.property(anyString, (raw) => {
        const params = parseFormBody(raw)
        return Object.values(params).every((value) =>
          typeof value === "string" || (Array.isArray(value) && value.every((v) => typeof v === "string"))
        )
      }),
      RUNS
    )
  })

  it("decodeInbound and decodeStatus never throw on arbitrary bodies", () => {
    fc.assert(
      fc.property(anyString, (raw) => {
        const params = parseFormBody(raw)
        return isValueOrCleanError(TwilioWebhook.decodeInbound(params)) &&
          isValueOrCleanError(TwilioWebhook.decodeStatus(params))
      }),
      RUNS
    )
  })

  it("decodeInbound and decodeStatus never throw on arbitrary parameter sets, and never quote them", () => {
    fc.assert(
      fc.property(twilioParams, (params) =>
        isValueOrCleanError(TwilioWebhook.decodeInbound(params)) &&
        isValueOrCleanError(TwilioWebhook.decodeStatus(params))),
      RUNS
    )
  })

  it("truncated captured bodies decode or fail cleanly", () => {
    fc.assert(
      fc.property(fc.nat(capturedBody.length), (cut) => {
        const params = parseFormBody(capturedBody.slice(0, cut))
        return isValueOrCleanError(TwilioWebhook.decodeInbound(params)) &&
          isValueOrCleanError(TwilioWebhook.decodeStatus(params))
      }),
      { numRuns: capturedBody.length + 1 }
    )
    // The whole body does decode, so the property above covers both outcomes.
    assert.isTrue(Result.isSuccess(TwilioWebhook.decodeInbound(parseFormBody(capturedBody))))
    assert.isTrue(Result.isSuccess(TwilioWebhook.decodeStatus(parseFormBody(capturedBody))))
  })

  it("signature checks answer false, never throw, for garbage", () => {
    fc.assert(
      fc.property(anyString, fc.option(anyString, { nil: undefined }), anyString, (url, signature, raw) =>
        !TwilioWebhook.verifyFormSignature({ authToken: "token", signature, url, params: parseFormBody(raw) })),
      RUNS
    )
  })
})

const eventish = fc.record({
  type: fc.oneof(
    fc.constantFrom(
      "message-received", "message-sending", "message-sent", "message-delivered", "message-read",
      "message-failed", "suggestion-response"
    ),
    fc.jsonValue()
  ),
  to: fc.oneof(fc.constantFrom("+12345678902"), fc.jsonValue()),
  errorCode: fc.oneof(fc.constantFrom(4775, "4482", 4.5, -1), fc.jsonValue()),
  message: fc.oneof(
    fc.record({
      id: fc.oneof(fc.constantFrom("14762070468292kw2fuqty55yp2b2"), fc.jsonValue()),
      direction: fc.oneof(fc.constantFrom("in", "out"), fc.jsonValue()),
      from: fc.oneof(fc.constantFrom("+12345678901", "§+1"), fc.jsonValue()),
      to: fc.oneof(fc.constantFrom(["+12345678902"]), fc.jsonValue()),
      owner: fc.jsonValue(),
      text: fc.oneof(fc.string().map((s) => `§${s}`), fc.jsonValue()),
      media: fc.oneof(fc.constantFrom(["https://m/0"]), fc.jsonValue()),
      tag: fc.jsonValue()
    }, { requiredKeys: [] }),
    fc.jsonValue()
  )
}, { requiredKeys: [] })

describe("Bandwidth decoders", () => {
  it("decodeEvents never throws on arbitrary JSON values", () => {
    fc.assert(fc.property(fc.jsonValue(), (body) => isValueOrCleanError(BandwidthWebhook.decodeEvents(body))), RUNS)
  })

  it("decodeEvents never throws on event-shaped garbage, and never quotes it", () => {
    fc.assert(
      fc.property(fc.array(eventish, { maxLength: 4 }), (body) =>
        isValueOrCleanError(BandwidthWebhook.decodeEvents(body))),
      RUNS
    )
  })

  it("decodeEvents never throws on arbitrary JavaScript values", () => {
    fc.assert(fc.property(fc.anything(), (body) => isValueOrCleanError(BandwidthWebhook.decodeEvents(body))), RUNS)
  })

  it("decodeBody never throws on arbitrary or truncated text", () => {
    const valid = JSON.stringify([{
      type: "message-received",
      to: "+12345678902",
      message: { id: "1476", direction: "in", from: "+12345678901", text: "hi", media: [] }
    }])
    assert.isTrue(Result.isSuccess(BandwidthWebhook.decodeBody(valid)))
    fc.assert(
      fc.property(fc.oneof(anyString, fc.nat(valid.length).map((cut) => valid.slice(0, cut))), (raw) =>
        isValueOrCleanError(BandwidthWebhook.decodeBody(raw))),
      RUNS
    )
  })
})
