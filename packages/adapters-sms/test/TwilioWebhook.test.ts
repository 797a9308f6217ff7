import { assert, describe, it } from "@effect/vitest"
import { Redacted, Result } from "effect"
import fc from "fast-check"
import twilio from "twilio"
import { joinPublicUrl, parseFormBody, TwilioWebhook } from "../src/index.ts"

const TOKEN = "12345"
const DOCS_URL = "https://mycompany.com/myapp.php?foo=1&bar=2"
const docsParams = (caller: string) => ({
  CallSid: "CA1234567890ABCDE",
  Caller: caller,
  Digits: "1234",
  From: caller,
  To: "+18005551212"
})

describe("Twilio signatures: published vectors", () => {
  it.each([
    ["+12349013030", "0/KCTR6DLpKmkAf8muzZqo1nDgQ="],
    ["+14158675310", "GvWf1cFY/Q7PnoempGyD5oXAezc="],
    ["+14158675309", "RSOYDt4T1cUTdK1PDd93/VVr8B8="]
  ])("form vector with caller %s", (caller, signature) => {
    assert.isTrue(
      TwilioWebhook.verifyFormSignature({ authToken: TOKEN, signature, url: DOCS_URL, params: docsParams(caller) })
    )
  })

  it("a vector's signature does not verify another vector's params", () => {
    assert.isFalse(TwilioWebhook.verifyFormSignature({
      authToken: TOKEN,
      signature: "0/KCTR6DLpKmkAf8muzZqo1nDgQ=",
      url: DOCS_URL,
      params: docsParams("+14158675310")
    }))
  })
})

describe("Twilio signatures: requests signed here", () => {
  const authToken = "s3cr3t-primary-token"
  const url = joinPublicUrl("https://jules.example.com/", `${TwilioWebhook.smsPath}?tenant=a`)
  // A captured-style inbound body: empty geo params must be signed and kept.
  const rawBody = "ToCountry=US&ToState=District+Of+Columbia&SmsMessageSid=SMe2870000000000000000000000000001" +
    "&NumMedia=0&ToCity=&FromZip=01022&SmsSid=SMe2870000000000000000000000000001&FromState=MA&SmsStatus=received" +
    "&FromCity=CHICOPEE&Body=Msg+with+%2B+and+%26++spaces+&FromCountry=US&To=%2B12028831111&ToZip=&NumSegments=1" +
    "&MessageSid=SMe2870000000000000000000000000001&AccountSid=AC00000000000000000000000000000001" +
    "&From=%2B14133881111&ApiVersion=2010-04-01"
  // The same parameters written out by hand, so the signature does not depend on our parser.
  const sentParams: Record<string, string> = {
    ToCountry: "US",
    ToState: "District Of Columbia",
    SmsMessageSid: "SMe2870000000000000000000000000001",
    NumMedia: "0",
    ToCity: "",
    FromZip: "01022",
    SmsSid: "SMe2870000000000000000000000000001",
    FromState: "MA",
    SmsStatus: "received",
    FromCity: "CHICOPEE",
    Body: "Msg with + and &  spaces ",
    FromCountry: "US",
    To: "+12028831111",
    ToZip: "",
    NumSegments: "1",
    MessageSid: "SMe2870000000000000000000000000001",
    AccountSid: "AC00000000000000000000000000000001",
    From: "+14133881111",
    ApiVersion: "2010-04-01"
  }
  const signature = twilio.getExpectedTwilioSignature(authToken, url, sentParams)
  const params = parseFormBody(rawBody)

  it("a captured-style body with empty params verifies after parsing", () => {
    assert.isTrue(TwilioWebhook.verifyFormSignature({ authToken, signature, url, params }))
    assert.isTrue(
      TwilioWebhook.verifyFormSignature({ authToken: Redacted.make(authToken), signature, url, params }),
      "a Redacted token works the same"
    )
  })

  it("dropping an empty param or trimming a value breaks the signature", () => {
    const { ToCity: _dropped, ...withoutEmpty } = params
    assert.isFalse(TwilioWebhook.verifyFormSignature({ authToken, signature, url, params: withoutEmpty }))
    const trimmed = { ...params, Body: "Msg with + and &  spaces" }
    assert.isFalse(TwilioWebhook.verifyFormSignature({ authToken, signature, url, params: trimmed }))
  })

  it("repeated keys are kept and verify", () => {
    const signed = { MessageSid: "MM1", Tag: ["b", "a"], Body: "" }
    const repeatedSignature = twilio.getExpectedTwilioSignature(authToken, url, signed)
    const parsed = parseFormBody("MessageSid=MM1&Tag=b&Body=&Tag=a")
    assert.deepStrictEqual(parsed["Tag"], ["b", "a"])
    assert.isTrue(TwilioWebhook.verifyFormSignature({ authToken, signature: repeatedSignature, url, params: parsed }))
    const collapsed = parseFormBody("MessageSid=MM1&Tag=a&Body=")
    assert.isFalse(TwilioWebhook.verifyFormSignature({ authToken, signature: repeatedSignature, url, params: collapsed }))
  })

  it.each([
    ["wrong signature", { signature: twilio.getExpectedTwilioSignature("another-token", url, sentParams) }],
    ["signature of another body", { params: { ...params, Body: "Msg" } }],
    ["tampered param", { params: { ...params, From: "+14133881112" } }],
    ["http instead of https", { url: url.replace("https://", "http://") }],
    ["another host", { url: url.replace("jules.example.com", "evil.example.com") }],
    ["missing query", { url: url.split("?")[0]! }],
    ["other path", { url: url.replace("/sms", "/status") }],
    ["missing header", { signature: undefined }],
    ["empty header", { signature: "" }],
    ["unparseable URL", { url: "not a url" }]
  ] as const)("rejects: %s", (_name, change) => {
    assert.isFalse(TwilioWebhook.verifyFormSignature({ authToken, signature, url, params, ...change }))
  })

  it("the default port is forgiven, as Twilio's own rules say", () => {
    const withPort = url.replace("jules.example.com", "jules.example.com:443")
    assert.isTrue(TwilioWebhook.verifyFormSignature({ authToken, signature, url: withPort, params }))
  })

  it("every request gets the SDK's own verdict, whichever form of the URL was signed", () => {
    const host = fc.constantFrom("jules.example.com", "127.0.0.1", "[::1]", "jules.example.com:443", "127.0.0.1:3000")
    const path = fc.constantFrom("/webhooks/twilio/sms", "/webhooks/twilio/sms?tenant=a", "/x?q=it's", "/a b")
    const formParams = fc.dictionary(
      fc.constantFrom("Body", "From", "To", "MessageSid", "NumMedia", "ToCity"),
      fc.oneof(fc.string(), fc.array(fc.string(), { minLength: 1, maxLength: 3 }))
    )
    fc.assert(
      fc.property(
        fc.constantFrom("https://", "http://"),
        host,
        path,
        formParams,
        fc.constantFrom(
          "as configured",
          "port added",
          "port removed",
          "another path",
          "no query",
          "no parameters",
          "another body",
          "another token"
        ),
        (scheme, host, path, sent, signedOver) => {
          const configured = `${scheme}${host}${path}`
          const bare = host.replace(/:\d+$/, "")
          const signedUrl = signedOver === "port added" && bare === host
            ? `${scheme}${host}:${scheme === "https://" ? 443 : 80}${path}`
            : signedOver === "port removed"
            ? `${scheme}${bare}${path}`
            : signedOver === "another path"
            ? `${scheme}${host}/webhooks/twilio/status`
            : signedOver === "no query"
            ? configured.split("?")[0]!
            : configured
          const signedParams = signedOver === "another body"
            ? { ...sent, Body: "something else" }
            : signedOver === "no parameters"
            ? {}
            : sent
          const token = signedOver === "another token" ? "another-token" : authToken
          const signature = twilio.getExpectedTwilioSignature(token, signedUrl, signedParams)
          const received = { authToken, signature, url: configured, params: sent }
          assert.strictEqual(
            TwilioWebhook.verifyFormSignature(received),
            twilio.validateRequest(authToken, signature, configured, sent)
          )
        }
      ),
      { numRuns: 300 }
    )
  })
})

describe("TwilioWebhook.decodeInbound", () => {
  const base = "MessageSid=SM00000000000000000000000000000001&From=%2B14155552671&To=%2B12028831111"

  it("reads sender, body and id straight into core's IncomingText", () => {
    const decoded = TwilioWebhook.decodeInbound(parseFormBody(`${base}&Body=Hi+there%21&NumMedia=0&ToCity=`))
    assert.deepStrictEqual(
      decoded,
      Result.succeed({
        providerMessageId: "SM00000000000000000000000000000001",
        from: "+14155552671" as never,
        body: "Hi there!"
      })
    )
  })

  it("an empty or absent Body is an empty text; well-formed media URLs are accepted", () => {
    const media = TwilioWebhook.decodeInbound(parseFormBody(
      `${base}&Body=&NumMedia=2&MediaUrl1=https%3A%2F%2Fm%2F1&MediaContentType0=image%2Fjpeg&MediaUrl0=https%3A%2F%2Fm%2F0`
    ))
    assert.isTrue(Result.isSuccess(media) && media.success.body === "")
    const noBody = TwilioWebhook.decodeInbound(parseFormBody(`${base}&MediaUrl0=https%3A%2F%2Fm%2F0`))
    assert.isTrue(Result.isSuccess(noBody) && noBody.success.body === "")
  })

  it.each([
    ["missing MessageSid", "From=%2B14155552671&To=%2B1202&Body=hi", "missing MessageSid"],
    ["missing From", "MessageSid=SM1&To=%2B1202&Body=hi", "missing From"],
    ["WhatsApp sender", "MessageSid=SM1&From=whatsapp%3A%2B14155552671&To=%2B1202", "From is not an E.164 phone number"],
    ["national number", "MessageSid=SM1&From=4155552671&To=%2B1202", "From is not an E.164 phone number"],
    ["repeated From", "MessageSid=SM1&From=%2B14155552671&From=%2B14155552672&To=%2B1202", "repeated From"],
    ["missing To", "MessageSid=SM1&From=%2B14155552671", "missing To"],
    ["media count without the URL", `MessageSid=SM1&From=%2B14155552671&To=%2B1202&NumMedia=1`, "missing MediaUrl0"]
  ])("rejects %s with a reason that quotes nothing", (_name, body, reason) => {
    const decoded = TwilioWebhook.decodeInbound(parseFormBody(body))
    assert.isTrue(Result.isFailure(decoded))
    if (Result.isFailure(decoded)) {
      assert.strictEqual(decoded.failure._tag, "WebhookDecodeError")
      assert.strictEqual(decoded.failure.reason, reason)
      assert.notInclude(decoded.failure.message, "4155552671")
    }
  })
})

describe("TwilioWebhook.decodeStatus", () => {
  const status = (messageStatus: string, extra = "") =>
    TwilioWebhook.decodeStatus(parseFormBody(
      `MessageSid=SM00000000000000000000000000000002&MessageStatus=${messageStatus}&SmsStatus=${messageStatus}` +
        `&To=%2B14155552671&From=%2B12028831111&ApiVersion=2010-04-01${extra}`
    ))

  it.each([
    ["queued", "pending"],
    ["accepted", "pending"],
    ["scheduled", "pending"],
    ["sending", "pending"],
    ["sent", "sent"],
    ["delivered", "delivered"],
    ["read", "delivered"],
    ["undelivered", "undelivered"],
    ["failed", "failed"],
    ["canceled", "failed"]
  ])("%s → %s", (messageStatus, expected) => {
    const decoded = status(messageStatus)
    assert.isTrue(Result.isSuccess(decoded))
    if (Result.isSuccess(decoded)) {
      assert.strictEqual(decoded.success.status, expected)
      assert.strictEqual(decoded.success.providerMessageId, "SM00000000000000000000000000000002")
      assert.isFalse(decoded.success.recipientOptedOut)
      assert.isUndefined(decoded.success.errorCode)
    }
  })

  it("ErrorCode 21610 means the person opted out; other codes are kept as they are", () => {
    const optedOut = status("failed", "&ErrorCode=21610")
    assert.isTrue(Result.isSuccess(optedOut) && optedOut.success.recipientOptedOut)
    assert.isTrue(Result.isSuccess(optedOut) && optedOut.success.errorCode === "21610")
    const landline = status("undelivered", "&ErrorCode=30006")
    assert.isTrue(Result.isSuccess(landline) && !landline.success.recipientOptedOut)
    assert.isTrue(Result.isSuccess(landline) && landline.success.errorCode === "30006")
  })

  it.each([
    ["an inbound status", status("received"), "MessageStatus is not an outbound status"],
    ["an unknown status", status("teleported"), "unknown MessageStatus"],
    ["no status", TwilioWebhook.decodeStatus(parseFormBody("MessageSid=SM1")), "missing MessageStatus"],
    ["no sid", TwilioWebhook.decodeStatus(parseFormBody("MessageStatus=sent")), "missing MessageSid"],
    ["a malformed ErrorCode", status("failed", "&ErrorCode=%2B14155552671"), "malformed ErrorCode"]
  ])("rejects %s", (_name, decoded, reason) => {
    assert.isTrue(Result.isFailure(decoded) && decoded.failure.reason === reason)
  })
})
