/**
 * A local stand-in for the Bandwidth Messaging API v2, speaking its wire format:
 * `POST /api/v2/users/{accountId}/messages`, a JSON body, HTTP Basic
 * `username:password`, `202` with the `Message`, and errors as
 * `{ type, description, fieldErrors? }`.
 *
 * Unscripted, it checks a send as Bandwidth does and accepts it, or refuses it
 * with Bandwidth's error. Point the Bandwidth gateway at it with
 * `BANDWIDTH_API_BASE_URL = fake.baseURL`.
 */
import type { Scope } from "effect"
import { Effect } from "effect"
import * as FakeHttpServer from "./FakeHttpServer.ts"
import * as Journal from "./Journal.ts"

/** A message the fake accepted. */
export interface SentMessage {
  readonly id: string
  readonly applicationId: string
  readonly to: ReadonlyArray<string>
  readonly from: string
  readonly text: string
  readonly tag: string | undefined
}

export interface FieldError {
  readonly fieldName: string
  readonly description: string
}

export interface FakeBandwidthServer extends FakeHttpServer.FakeHttpServer {
  readonly accountId: string
  readonly username: string
  readonly password: string
  /** Every message accepted since the start or the last `reset`, in order (a live view). */
  readonly sent: ReadonlyArray<SentMessage>
  /** Succeeds once at least `count` messages have been accepted. */
  readonly awaitSent: (count: number) => Effect.Effect<ReadonlyArray<SentMessage>>
}

/** An error in Bandwidth's shape; `message` is its `description`. */
export const error: FakeHttpServer.ErrorResponse<
  string,
  FakeHttpServer.ErrorOptions & { readonly fieldErrors?: ReadonlyArray<FieldError> }
> = (status, type, options = {}) => ({
  status,
  body: {
    type,
    description: options.message ?? type,
    ...(options.fieldErrors === undefined ? {} : { fieldErrors: options.fieldErrors })
  },
  ...(options.headers === undefined ? {} : { headers: options.headers })
})

const MESSAGES = /^\/api\/v2\/users\/([^/?]+)\/messages(?:\?|$)/
const E164 = /^\+[1-9]\d{1,14}$/
const rejected = (fieldErrors?: ReadonlyArray<FieldError>) =>
  error(400, "request-validation", {
    message: "Your request could not be accepted.",
    ...(fieldErrors === undefined ? {} : { fieldErrors })
  })

const fieldErrorsOf = ({ applicationId, from, tag, text, to }: Record<string, unknown>): Array<FieldError> => {
  const errors: Array<FieldError> = []
  if (typeof applicationId !== "string" || applicationId.length === 0) {
    errors.push({ fieldName: "applicationId", description: "applicationId is required" })
  }
  if (!Array.isArray(to) || to.length === 0 || to.length > 10) {
    errors.push({ fieldName: "to", description: "to must list 1 to 10 numbers" })
  } else if (!to.every((n) => typeof n === "string" && E164.test(n))) {
    errors.push({ fieldName: "to", description: "must be replaced with a valid E164 formatted telephone number" })
  }
  if (typeof from !== "string" || !E164.test(from)) {
    errors.push({ fieldName: "from", description: "from must be a valid E164 formatted telephone number" })
  }
  if (typeof text !== "string" || text.length > 2048) {
    errors.push({ fieldName: "text", description: "text is required and at most 2048 characters" })
  }
  if (tag !== undefined && (typeof tag !== "string" || tag.length > 1024)) {
    errors.push({ fieldName: "tag", description: "tag is at most 1024 characters" })
  }
  return errors
}

/** The credentials the fake expects, and the account in its paths. */
export interface Options {
  readonly accountId?: string
  readonly username?: string
  readonly password?: string
}

export const make = ({
  accountId = "9900001",
  username = "fake-bandwidth-user",
  password = "fake-bandwidth-password"
}: Options = {}): Effect.Effect<FakeBandwidthServer, never, Scope.Scope> =>
  Effect.gen(function*() {
    const sent = Journal.make<SentMessage>()
    // Not reset with the rest, so ids stay unique for the server's life.
    let accepted = 0

    const answer = (request: FakeHttpServer.RecordedRequest): FakeHttpServer.ScriptedResponse => {
      if (!FakeHttpServer.hasBasicAuth(request, username, password)) {
        return error(401, "unauthorized", { message: "Authentication Failed" })
      }
      if (MESSAGES.exec(request.path)?.[1] !== encodeURIComponent(accountId)) {
        return error(403, "forbidden", { message: "Access Denied" })
      }
      if (!/^application\/json\b/i.test(request.headers["content-type"] ?? "")) {
        return error(415, "unsupported-content-type", { message: "Content-Type must be application/json" })
      }
      const body = request.body
      if (typeof body !== "object" || body === null || Array.isArray(body)) return rejected()
      const fields = body as Record<string, unknown>
      const fieldErrors = fieldErrorsOf(fields)
      if (fieldErrors.length > 0) return rejected(fieldErrors)
      accepted += 1
      const message: SentMessage = {
        id: `${1_700_000_000_000 + accepted}fake${accepted}`,
        applicationId: fields["applicationId"] as string,
        to: fields["to"] as Array<string>,
        from: fields["from"] as string,
        text: fields["text"] as string,
        tag: fields["tag"] as string | undefined
      }
      sent.record(message)
      const { tag, ...rest } = message
      return {
        status: 202,
        body: {
          ...rest,
          owner: message.from,
          time: new Date().toISOString(),
          segmentCount: 1,
          direction: "out",
          ...(tag === undefined ? {} : { tag })
        }
      }
    }

    const server = yield* FakeHttpServer.make({
      endpoint: (method, pathname) => method === "POST" && MESSAGES.test(pathname),
      notFound: error(404, "not-found", { message: "Not Found" }),
      parseBody: FakeHttpServer.parseJson,
      answer,
      onReset: sent.clear
    })
    return { ...server, accountId, username, password, sent: sent.entries, awaitSent: sent.awaitCount }
  })
