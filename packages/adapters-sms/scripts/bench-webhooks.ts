/**
 * Prints how many webhook requests per second one core can verify and decode
 * (the work done before the server acknowledges a callback), each next to a
 * baseline measured in the same run: the bare parse (URLSearchParams,
 * JSON.parse) with no verification or validation. Figures only, no
 * assertions: run with `pnpm bench:webhooks`.
 */
import twilio from "twilio"
import { BandwidthWebhook, joinPublicUrl, parseFormBody, TwilioWebhook } from "../src/index.ts"

/** Runs per second of `run`, printed. */
const measure = (name: string, iterations: number, run: () => unknown): number => {
  for (let i = 0; i < Math.min(1000, iterations); i++) run()
  const start = process.hrtime.bigint()
  for (let i = 0; i < iterations; i++) run()
  const seconds = Number(process.hrtime.bigint() - start) / 1e9
  const rate = iterations / seconds
  console.log(`${name}: ${Math.round(rate).toLocaleString("en-US")}/s (${(seconds * 1e6 / iterations).toFixed(1)} µs each)`)
  return rate
}

const compare = (rate: number, baseline: number) =>
  console.log(`  = ${(rate / baseline).toFixed(3)}x the baseline's throughput\n`)

const authToken = "bench-auth-token"
const url = joinPublicUrl("https://jules.example.com", TwilioWebhook.smsPath)
const rawForm = "ToCountry=US&ToState=District+Of+Columbia&SmsMessageSid=SM00000000000000000000000000000001" +
  "&NumMedia=0&ToCity=&FromZip=01022&SmsSid=SM00000000000000000000000000000001&FromState=MA&SmsStatus=received" +
  "&FromCity=CHICOPEE&Body=Hey+Jules%2C+are+you+there%3F&FromCountry=US&To=%2B12028831111&ToZip=&NumSegments=1" +
  "&MessageSid=SM00000000000000000000000000000001&AccountSid=AC00000000000000000000000000000001" +
  "&From=%2B14133881111&ApiVersion=2010-04-01"
const signature = twilio.getExpectedTwilioSignature(authToken, url, parseFormBody(rawForm))

const twilioBaseline = measure("baseline: URLSearchParams parse only", 50_000, () => Object.fromEntries(new URLSearchParams(rawForm)))
compare(
  measure("twilio inbound: parse + verify + decode", 50_000, () => {
    const params = parseFormBody(rawForm)
    if (!TwilioWebhook.verifyFormSignature({ authToken, signature, url, params })) throw new Error("bad signature")
    return TwilioWebhook.decodeInbound(params)
  }),
  twilioBaseline
)

const credentials = { username: "bw", password: "bench-password" }
const authorization = `Basic ${Buffer.from("bw:bench-password").toString("base64")}`
const rawJson = JSON.stringify([{
  type: "message-received",
  time: "2026-11-22T03:00:00Z",
  description: "Incoming message received",
  to: "+12028831111",
  message: {
    id: "14762070468292kw2fuqty55yp2b2",
    direction: "in",
    from: "+14133881111",
    to: ["+12028831111"],
    owner: "+12028831111",
    text: "Hey Jules, are you there?",
    media: [],
    applicationId: "93de2206-9669-4e07-948d-329f4b722ee2",
    segmentCount: 1
  }
}])

const bandwidthBaseline = measure("baseline: JSON.parse only", 50_000, () => JSON.parse(rawJson))
compare(
  measure("bandwidth inbound: basic auth + parse + decode", 50_000, () => {
    if (BandwidthWebhook.checkBasicAuth(authorization, credentials) !== "authorized") throw new Error("bad auth")
    return BandwidthWebhook.decodeBody(rawJson)
  }),
  bandwidthBaseline
)
