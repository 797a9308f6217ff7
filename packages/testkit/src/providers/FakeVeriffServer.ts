/**
 * A local stand-in for Veriff's API, speaking its wire format:
 * `POST /v1/sessions` with `X-AUTH-CLIENT` (the API key) and
 * `X-HMAC-SIGNATURE` (lowercase hex HMAC-SHA256 of the raw body under the
 * shared secret), answered `201 {"status":"success","verification":{id,url,
 * vendorData,host,status:"created",sessionToken}}`; errors as
 * `{"status":"fail","code":"1102","message":"…"}`.
 *
 * Unscripted, it checks a request as Veriff does and creates a session, or
 * refuses it (401 for a wrong key or signature, 400 for a body without
 * `verification`). Every request is recorded, so a test can assert on
 * exactly what left Jules (no phone number, no text). It also signs decision
 * webhooks the way Veriff does (`decisionWebhook`), for a test to post to
 * the server. Point the adapter at it with `VERIFF_API_BASE_URL = fake.baseURL`.
 */
import { createHmac } from "node:crypto"
import type { Scope } from "effect"
import { Effect } from "effect"
import * as FakeHttpServer from "./FakeHttpServer.ts"
import * as Journal from "./Journal.ts"

export interface CreatedSession {
  readonly id: string
  readonly url: string
  readonly vendorData: string | undefined
  readonly callback: string | undefined
}

export interface FakeVeriffServer extends FakeHttpServer.FakeHttpServer {
  readonly apiKey: string
  readonly sharedSecret: string
  /** Sessions created since the start or the last `reset`, in order (a live view). */
  readonly sessions: ReadonlyArray<CreatedSession>
  readonly awaitSessions: (count: number) => Effect.Effect<ReadonlyArray<CreatedSession>>
}

/** Veriff's HMAC: lowercase hex HMAC-SHA256 of `data` under `secret`. */
export const sign = (secret: string, data: string): string =>
  createHmac("sha256", secret).update(data, "utf8").digest("hex")

/** An error in Veriff's shape. */
export const error: FakeHttpServer.ErrorResponse<string> = (status, code, options = {}) => ({
  status,
  body: { status: "fail", code, message: options.message ?? code },
  ...(options.headers === undefined ? {} : { headers: options.headers })
})

export interface DecisionFields {
  readonly sessionId: string
  readonly vendorData: string | null
  readonly status: "approved" | "declined" | "resubmission_requested" | "expired" | "abandoned" | "review"
  readonly dateOfBirth?: string | null
  readonly yearOfBirth?: number | string | null
  readonly attemptId?: string
  readonly decisionTime?: string
}

const CODES: Readonly<Record<DecisionFields["status"], number>> = {
  approved: 9001,
  declined: 9102,
  resubmission_requested: 9103,
  expired: 9104,
  abandoned: 9104,
  review: 9121
}

/** A decision webhook body as Veriff sends it (the documented sample's shape). */
export const decisionBody = (fields: DecisionFields): string =>
  JSON.stringify({
    status: "success",
    verification: {
      id: fields.sessionId,
      attemptId: fields.attemptId ?? "00bca969-b53a-4fad-b065-572f3d9fbbd7",
      vendorData: fields.vendorData,
      endUserId: null,
      status: fields.status,
      code: CODES[fields.status],
      reason: fields.status === "declined" ? "Physical document not used" : null,
      reasonCode: fields.status === "declined" ? 102 : null,
      decisionTime: fields.decisionTime ?? new Date().toISOString(),
      acceptanceTime: new Date().toISOString(),
      person: {
        firstName: "SARAH",
        lastName: "MORGAN",
        dateOfBirth: fields.dateOfBirth === undefined ? null : fields.dateOfBirth,
        yearOfBirth: fields.yearOfBirth === undefined ? null : fields.yearOfBirth,
        gender: null,
        idNumber: null,
        nationality: null,
        placeOfBirth: null,
        pepSanctionMatch: null
      },
      document: { type: "DRIVERS_LICENSE", number: "MORG-123-456", country: "US", validFrom: null, validUntil: null },
      additionalVerifiedData: {},
      riskLabels: [],
      comments: []
    },
    technicalData: { ip: "186.153.67.122" }
  })

/** Headers Veriff sends with a webhook: its signature of exactly `body`. */
export const webhookHeaders = (body: string, apiKey: string, secret: string): Record<string, string> => ({
  "content-type": "application/json",
  "x-auth-client": apiKey,
  "x-hmac-signature": sign(secret, body)
})

export interface Options {
  readonly apiKey?: string
  readonly sharedSecret?: string
}

// Not reset with the rest, so session ids stay unique for the process's life.
let sessionCount = 0

export const make = ({
  apiKey = "fake-veriff-api-key",
  sharedSecret = "fake-veriff-shared-secret"
}: Options = {}): Effect.Effect<FakeVeriffServer, never, Scope.Scope> =>
  Effect.gen(function*() {
    const sessions = Journal.make<CreatedSession>()

    const answer = (request: FakeHttpServer.RecordedRequest): FakeHttpServer.ScriptedResponse => {
      if (request.headers["x-auth-client"] !== apiKey) {
        return error(401, "1801", {
          message: "Mandatory X-AUTH-CLIENT header containing the API key is missing from the request."
        })
      }
      const signature = request.headers["x-hmac-signature"]
      if (signature !== undefined && signature !== sign(sharedSecret, request.rawBody)) {
        return error(401, "1812", {
          message: "Signature \"x-hmac-signature\" does not match the HMAC-SHA256 of the payload and the shared secret."
        })
      }
      const body = request.body
      const verification = typeof body === "object" && body !== null
        ? (body as Record<string, unknown>)["verification"]
        : undefined
      if (typeof verification !== "object" || verification === null) {
        return error(400, "1102", { message: "Mandatory parameters are missing from the request." })
      }
      const fields = verification as Record<string, unknown>
      sessionCount += 1
      const id = `00000000-0000-4000-8000-${sessionCount.toString(16).padStart(12, "0")}`
      const url = `https://alchemy.veriff.com/v/fake-session-token-${sessionCount}`
      sessions.record({
        id,
        url,
        vendorData: typeof fields["vendorData"] === "string" ? fields["vendorData"] : undefined,
        callback: typeof fields["callback"] === "string" ? fields["callback"] : undefined
      })
      return {
        status: 201,
        body: {
          status: "success",
          verification: {
            id,
            url,
            vendorData: fields["vendorData"] ?? null,
            host: "https://alchemy.veriff.com",
            status: "created",
            sessionToken: `fake-session-token-${sessionCount}`
          }
        }
      }
    }

    const server = yield* FakeHttpServer.make({
      endpoint: (method, pathname) => method === "POST" && pathname === "/v1/sessions",
      notFound: error(404, "1404", { message: "Not found" }),
      parseBody: FakeHttpServer.parseJson,
      answer,
      onReset: () => sessions.clear()
    })
    return { ...server, apiKey, sharedSecret, sessions: sessions.entries, awaitSessions: sessions.awaitCount }
  })
