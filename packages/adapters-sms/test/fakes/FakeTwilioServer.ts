/**
 * A local stand-in for Twilio's Messages API, speaking its wire format:
 * `POST /2010-04-01/Accounts/{AccountSid}/Messages.json`, a form body, HTTP Basic
 * `AccountSid:AuthToken`, `201` with the message resource, and errors as
 * `{ code, message, more_info, status }`.
 *
 * It records every request and lets a test script the next responses, or mark
 * numbers as opted out (sends to them fail with 21610, as at Twilio). Point the
 * Twilio gateway at it with `TWILIO_API_BASE_URL = fake.url`.
 */
import { Effect } from "effect"
import type { Scope } from "effect"
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from "node:http"
import type { AddressInfo } from "node:net"

export interface RecordedRequest {
  readonly method: string
  /** Path and query as received. */
  readonly path: string
  readonly headers: IncomingHttpHeaders
  readonly rawBody: string
  /** The form body: a key seen once maps to a string, a repeated key to its values. */
  readonly body: Readonly<Record<string, string | ReadonlyArray<string>>>
  readonly basicAuth: { readonly username: string; readonly password: string } | undefined
}

export interface ScriptedResponse {
  readonly status: number
  readonly body?: unknown
  readonly headers?: Readonly<Record<string, string>>
}

/** A message the fake accepted. */
export interface TwilioSentMessage {
  readonly sid: string
  readonly to: string
  readonly from: string | undefined
  readonly messagingServiceSid: string | undefined
  readonly body: string
  readonly statusCallback: string | undefined
}

export interface FakeTwilioServer {
  /** `http://127.0.0.1:<port>`: the value for `TWILIO_API_BASE_URL`. */
  readonly url: string
  readonly accountSid: string
  readonly authToken: string
  /** Every request received, in order. */
  readonly requests: () => ReadonlyArray<RecordedRequest>
  /** Every message accepted, in order. */
  readonly sent: () => ReadonlyArray<TwilioSentMessage>
  /** The next requests get these responses, one each, whatever they carry. */
  readonly respondNext: (...responses: ReadonlyArray<ScriptedResponse>) => void
  /** From now on, sends to `phone` fail with 21610 like at Twilio. */
  readonly optOut: (phone: string) => void
}

/** A Twilio error response, in Twilio's shape. */
export const twilioError = (
  status: number,
  code: number,
  message: string,
  headers?: Readonly<Record<string, string>>
): ScriptedResponse => ({
  status,
  body: { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status },
  ...(headers === undefined ? {} : { headers })
})

const E164 = /^\+[1-9]\d{1,14}$/

const readBody = (request: IncomingMessage): Promise<string> =>
  new Promise((resolve, reject) => {
    const chunks: Array<Buffer> = []
    request.on("data", (chunk: Buffer) => chunks.push(chunk))
    request.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")))
    request.on("error", reject)
  })

const parseBasicAuth = (header: string | undefined): RecordedRequest["basicAuth"] => {
  const match = /^Basic\s+(\S+)$/i.exec(header ?? "")
  if (match === null) return undefined
  const decoded = Buffer.from(match[1]!, "base64").toString("utf8")
  const colon = decoded.indexOf(":")
  return colon < 0 ? undefined : { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) }
}

const parseForm = (raw: string): Record<string, string | Array<string>> => {
  const params: Record<string, string | Array<string>> = Object.create(null)
  for (const [name, value] of new URLSearchParams(raw)) {
    const seen = params[name]
    params[name] = seen === undefined ? value : typeof seen === "string" ? [seen, value] : [...seen, value]
  }
  return params
}

const send = (response: ServerResponse, scripted: ScriptedResponse): void => {
  const body = scripted.body === undefined ? "" : JSON.stringify(scripted.body)
  response.writeHead(scripted.status, { "content-type": "application/json", ...scripted.headers })
  response.end(body)
}

export const makeFakeTwilioServer = (options: {
  readonly accountSid?: string
  readonly authToken?: string
} = {}): Effect.Effect<FakeTwilioServer, never, Scope.Scope> =>
  Effect.gen(function*() {
    const accountSid = options.accountSid ?? "AC00000000000000000000000000000001"
    const authToken = options.authToken ?? "fake-twilio-auth-token"
    const requests: Array<RecordedRequest> = []
    const sent: Array<TwilioSentMessage> = []
    const scripted: Array<ScriptedResponse> = []
    const optedOut = new Set<string>()

    const answer = (request: RecordedRequest): ScriptedResponse => {
      const next = scripted.shift()
      if (next !== undefined) return next
      const route = /^\/2010-04-01\/Accounts\/([^/]+)\/Messages\.json$/.exec(request.path)
      if (request.method !== "POST" || route === null) {
        return twilioError(404, 20404, "The requested resource was not found")
      }
      const auth = request.basicAuth
      if (auth === undefined || auth.username !== accountSid || auth.password !== authToken) {
        return twilioError(401, 20003, "Authenticate")
      }
      if (route[1] !== accountSid) return twilioError(403, 20003, "Account SID does not match the credentials")
      const field = (name: string): string | undefined => {
        const value = request.body[name]
        return typeof value === "string" ? value : undefined
      }
      const to = field("To")
      const from = field("From")
      const messagingServiceSid = field("MessagingServiceSid")
      const body = field("Body")
      if (to === undefined) return twilioError(400, 21604, "A 'To' phone number is required.")
      if (from === undefined && messagingServiceSid === undefined) {
        return twilioError(400, 21603, "A 'From' phone number is required.")
      }
      if (body === undefined || body.length === 0) return twilioError(400, 21602, "Message body is required.")
      if (!E164.test(to)) return twilioError(400, 21211, `The 'To' number ${to} is not a valid phone number.`)
      if (body.length > 1600) {
        return twilioError(400, 21617, "The concatenated message body exceeds the 1600 character limit.")
      }
      if (optedOut.has(to)) return twilioError(400, 21610, "Attempt to send to unsubscribed recipient")
      const sid = `SM${(sent.length + 1).toString(16).padStart(32, "0")}`
      sent.push({ sid, to, from, messagingServiceSid, body, statusCallback: field("StatusCallback") })
      return {
        status: 201,
        body: {
          account_sid: accountSid,
          api_version: "2010-04-01",
          body,
          date_created: new Date().toUTCString(),
          date_sent: null,
          date_updated: new Date().toUTCString(),
          direction: "outbound-api",
          error_code: null,
          error_message: null,
          from: from ?? null,
          messaging_service_sid: messagingServiceSid ?? null,
          num_media: "0",
          num_segments: "1",
          price: null,
          price_unit: "USD",
          sid,
          status: messagingServiceSid === undefined ? "queued" : "accepted",
          subresource_uris: { media: `/2010-04-01/Accounts/${accountSid}/Messages/${sid}/Media.json` },
          to,
          uri: `/2010-04-01/Accounts/${accountSid}/Messages/${sid}.json`
        }
      }
    }

    const server = createServer((request, response) => {
      readBody(request).then((rawBody) => {
        const recorded: RecordedRequest = {
          method: request.method ?? "",
          path: request.url ?? "",
          headers: request.headers,
          rawBody,
          body: parseForm(rawBody),
          basicAuth: parseBasicAuth(request.headers.authorization)
        }
        requests.push(recorded)
        send(response, answer(recorded))
      }, () => response.destroy())
    })

    const port = yield* Effect.acquireRelease(
      Effect.callback<number>((resume) => {
        server.listen(0, "127.0.0.1", () => resume(Effect.succeed((server.address() as AddressInfo).port)))
      }),
      () =>
        Effect.callback<void>((resume) => {
          server.closeAllConnections()
          server.close(() => resume(Effect.void))
        })
    )

    return {
      url: `http://127.0.0.1:${port}`,
      accountSid,
      authToken,
      requests: () => [...requests],
      sent: () => [...sent],
      respondNext: (...responses) => {
        scripted.push(...responses)
      },
      optOut: (phone) => {
        optedOut.add(phone)
      }
    }
  })
