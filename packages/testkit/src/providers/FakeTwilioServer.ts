/**
 * A local stand-in for Twilio's Messages API, speaking its wire format:
 * `POST /2010-04-01/Accounts/{AccountSid}/Messages.json`, a form body, HTTP Basic
 * `AccountSid:AuthToken`, `201` with the message resource, and errors as
 * `{ code, message, more_info, status }`.
 *
 * Unscripted, it checks a send as Twilio does and accepts it, or refuses it with
 * Twilio's code; numbers marked with `optOut` get 21610, as after a STOP. Point
 * the Twilio gateway at it with `TWILIO_API_BASE_URL = fake.baseURL`.
 */
import type { Scope } from "effect"
import { Effect } from "effect"
import * as FakeHttpServer from "./FakeHttpServer.ts"
import * as Journal from "./Journal.ts"

/** A message the fake accepted. */
export interface SentMessage {
  readonly sid: string
  readonly to: string
  readonly from: string | undefined
  readonly messagingServiceSid: string | undefined
  readonly body: string
  readonly statusCallback: string | undefined
}

export interface FakeTwilioServer extends FakeHttpServer.FakeHttpServer<FakeHttpServer.FormBody> {
  readonly accountSid: string
  readonly authToken: string
  /** Every message accepted since the start or the last `reset`, in order (a live view). */
  readonly sent: ReadonlyArray<SentMessage>
  /** Succeeds once at least `count` messages have been accepted. */
  readonly awaitSent: (count: number) => Effect.Effect<ReadonlyArray<SentMessage>>
  /** From now on (until `reset`), sends to `phone` fail with 21610. */
  readonly optOut: (phone: string) => void
}

/** An error in Twilio's shape. */
export const error: FakeHttpServer.ErrorResponse<number> = (status, code, options = {}) => ({
  status,
  body: {
    code,
    message: options.message ?? String(code),
    more_info: `https://www.twilio.com/docs/errors/${code}`,
    status
  },
  ...(options.headers === undefined ? {} : { headers: options.headers })
})

const MESSAGES = /^\/2010-04-01\/Accounts\/([^/?]+)\/Messages\.json(?:\?|$)/
const E164 = /^\+[1-9]\d{1,14}$/

/** The credentials the fake expects, and the account in its paths. */
export interface Options {
  readonly accountSid?: string
  readonly authToken?: string
}

export const make = ({
  accountSid = "AC00000000000000000000000000000001",
  authToken = "fake-twilio-auth-token"
}: Options = {}): Effect.Effect<FakeTwilioServer, never, Scope.Scope> =>
  Effect.gen(function*() {
    const sent = Journal.make<SentMessage>()
    const optedOut = new Set<string>()
    // Not reset with the rest, so sids stay unique for the server's life.
    let accepted = 0

    const answer = (
      request: FakeHttpServer.RecordedRequest<FakeHttpServer.FormBody>
    ): FakeHttpServer.ScriptedResponse => {
      if (!FakeHttpServer.hasBasicAuth(request, accountSid, authToken)) {
        return error(401, 20003, { message: "Authenticate" })
      }
      if (MESSAGES.exec(request.path)?.[1] !== accountSid) {
        return error(403, 20003, { message: "Account SID does not match the credentials" })
      }
      const field = (name: string): string | undefined => {
        const value = request.body[name]
        return typeof value === "string" ? value : undefined
      }
      const to = field("To")
      const from = field("From")
      const messagingServiceSid = field("MessagingServiceSid")
      const body = field("Body")
      if (to === undefined) return error(400, 21604, { message: "A 'To' phone number is required." })
      if (from === undefined && messagingServiceSid === undefined) {
        return error(400, 21603, { message: "A 'From' phone number is required." })
      }
      if (body === undefined || body.length === 0) return error(400, 21602, { message: "Message body is required." })
      if (!E164.test(to)) return error(400, 21211, { message: `The 'To' number ${to} is not a valid phone number.` })
      if (body.length > 1600) {
        return error(400, 21617, { message: "The concatenated message body exceeds the 1600 character limit." })
      }
      if (optedOut.has(to)) return error(400, 21610, { message: "Attempt to send to unsubscribed recipient" })
      accepted += 1
      const sid = `SM${accepted.toString(16).padStart(32, "0")}`
      sent.record({ sid, to, from, messagingServiceSid, body, statusCallback: field("StatusCallback") })
      const now = new Date().toUTCString()
      return {
        status: 201,
        body: {
          account_sid: accountSid,
          api_version: "2010-04-01",
          body,
          date_created: now,
          date_sent: null,
          date_updated: now,
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

    const server = yield* FakeHttpServer.make({
      endpoint: (method, pathname) => method === "POST" && MESSAGES.test(pathname),
      notFound: error(404, 20404, { message: "The requested resource was not found" }),
      parseBody: FakeHttpServer.parseForm,
      answer,
      onReset: () => {
        sent.clear()
        optedOut.clear()
      }
    })
    return {
      ...server,
      accountSid,
      authToken,
      sent: sent.entries,
      awaitSent: sent.awaitCount,
      optOut: (phone) => {
        optedOut.add(phone)
      }
    }
  })
