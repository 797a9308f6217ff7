/**
 * Provider webhooks as the providers send them: Twilio's signed forms (signed
 * with the official SDK's own helper) and Bandwidth's JSON event arrays with
 * Basic credentials; plus the environment that points the server at the
 * testkit's fake Twilio and Bandwidth REST servers.
 */
import type { FakeBandwidthServer, FakeTwilioServer } from "@jules/testkit"
import { Effect } from "effect"
import twilio from "twilio"

/** The URL Twilio "calls" in tests; the server is reached on 127.0.0.1 as behind a proxy. */
export const PUBLIC_BASE_URL = "https://jules.example.test"
export const JULES_NUMBER = "+12025550100"

export interface Response {
  readonly status: number
  readonly headers: Headers
  readonly body: string
}

export const request = (url: string, init: RequestInit): Effect.Effect<Response> =>
  Effect.promise(async () => {
    const response = await fetch(url, init)
    return { status: response.status, headers: response.headers, body: await response.text() }
  })

// Twilio ---------------------------------------------------------------------

export const twilioEnv = (fake: FakeTwilioServer.FakeTwilioServer): Record<string, string> => ({
  SMS_PROVIDER: "twilio",
  TWILIO_ACCOUNT_SID: fake.accountSid,
  TWILIO_AUTH_TOKEN: fake.authToken,
  TWILIO_FROM_NUMBER: JULES_NUMBER,
  TWILIO_API_BASE_URL: fake.baseURL,
  PUBLIC_BASE_URL
})

let sids = 0
/** A fresh `SM…` id (34 characters, like Twilio's). */
export const messageSid = (): string =>
  `SM${(Date.now().toString(16) + (++sids).toString(16).padStart(8, "0") + process.pid.toString(16)).padStart(32, "0").slice(-32)}`

/** An inbound-text webhook's parameters, as Twilio sends them (empty ones included). */
export const inboundParams = (fields: { readonly sid?: string; readonly from: string; readonly body: string }) => {
  const sid = fields.sid ?? messageSid()
  return {
    ToCountry: "US",
    ToState: "DC",
    SmsMessageSid: sid,
    NumMedia: "0",
    ToCity: "",
    FromZip: "",
    SmsSid: sid,
    FromState: "",
    SmsStatus: "received",
    FromCity: "",
    Body: fields.body,
    FromCountry: "US",
    To: JULES_NUMBER,
    ToZip: "",
    NumSegments: "1",
    MessageSid: sid,
    AccountSid: "AC00000000000000000000000000000001",
    From: fields.from,
    ApiVersion: "2010-04-01"
  }
}

export const formBody = (params: Readonly<Record<string, string>>): string => new URLSearchParams(params).toString()

export const twilioSignature = (authToken: string, url: string, params: Readonly<Record<string, string>>): string =>
  twilio.getExpectedTwilioSignature(authToken, url, params)

/**
 * Posts a form to `path`, signed for `PUBLIC_BASE_URL + path` unless told
 * otherwise (`signature: null` sends no header).
 */
export const postTwilio = (
  serverUrl: string,
  path: string,
  params: Readonly<Record<string, string>>,
  options: {
    readonly authToken: string
    readonly signedUrl?: string
    readonly signature?: string | null
    readonly rawBody?: string
  }
): Effect.Effect<Response> => {
  const signature = options.signature === undefined
    ? twilioSignature(options.authToken, options.signedUrl ?? PUBLIC_BASE_URL + path, params)
    : options.signature
  return request(serverUrl + path, {
    method: "POST",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      ...(signature === null ? {} : { "x-twilio-signature": signature })
    },
    body: options.rawBody ?? formBody(params)
  })
}

// Bandwidth ------------------------------------------------------------------

export const BANDWIDTH_CALLBACK = { username: "bw-callback", password: "bw-callback-secret" }

export const bandwidthEnv = (fake: FakeBandwidthServer.FakeBandwidthServer): Record<string, string> => ({
  SMS_PROVIDER: "bandwidth",
  BANDWIDTH_ACCOUNT_ID: fake.accountId,
  BANDWIDTH_USERNAME: fake.username,
  BANDWIDTH_PASSWORD: fake.password,
  BANDWIDTH_APPLICATION_ID: "93de2206-9669-4e07-948d-329f4b722ee2",
  BANDWIDTH_FROM_NUMBER: JULES_NUMBER,
  BANDWIDTH_API_BASE_URL: fake.baseURL,
  BANDWIDTH_CALLBACK_USERNAME: BANDWIDTH_CALLBACK.username,
  BANDWIDTH_CALLBACK_PASSWORD: BANDWIDTH_CALLBACK.password
})

export const basicAuth = (username: string, password: string): string =>
  `Basic ${Buffer.from(`${username}:${password}`).toString("base64")}`

let bandwidthIds = 0
export const bandwidthMessageId = (): string => `${Date.now()}${process.pid}x${++bandwidthIds}`

export const bandwidthInbound = (fields: { readonly id?: string; readonly from: string; readonly text: string }) => ({
  type: "message-received",
  time: new Date().toISOString(),
  description: "Incoming message received",
  to: JULES_NUMBER,
  message: {
    id: fields.id ?? bandwidthMessageId(),
    owner: JULES_NUMBER,
    applicationId: "93de2206-9669-4e07-948d-329f4b722ee2",
    time: new Date().toISOString(),
    segmentCount: 1,
    direction: "in",
    to: [JULES_NUMBER],
    from: fields.from,
    text: fields.text
  }
})

export const bandwidthStatus = (fields: {
  readonly type: "message-delivered" | "message-failed" | "message-sent"
  readonly id: string
  readonly to: string
  readonly errorCode?: number
  readonly tag?: string
}) => ({
  type: fields.type,
  time: new Date().toISOString(),
  description: fields.type,
  to: fields.to,
  ...(fields.errorCode === undefined ? {} : { errorCode: fields.errorCode }),
  message: {
    id: fields.id,
    owner: JULES_NUMBER,
    applicationId: "93de2206-9669-4e07-948d-329f4b722ee2",
    time: new Date().toISOString(),
    segmentCount: 1,
    direction: "out",
    to: [fields.to],
    from: JULES_NUMBER,
    text: "",
    ...(fields.tag === undefined ? {} : { tag: fields.tag })
  }
})

export const postBandwidth = (
  serverUrl: string,
  body: unknown,
  options: { readonly authorization?: string | null; readonly rawBody?: string } = {}
): Effect.Effect<Response> => {
  const authorization = options.authorization === undefined
    ? basicAuth(BANDWIDTH_CALLBACK.username, BANDWIDTH_CALLBACK.password)
    : options.authorization
  return request(`${serverUrl}/webhooks/bandwidth/messages`, {
    method: "POST",
    headers: {
      "content-type": "application/json; charset=utf-8",
      "user-agent": "BandwidthAPI/v2",
      ...(authorization === null ? {} : { authorization })
    },
    body: options.rawBody ?? JSON.stringify(body)
  })
}
