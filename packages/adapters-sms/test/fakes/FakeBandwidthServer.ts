/**
 * A local stand-in for the Bandwidth Messaging API v2, speaking its wire format:
 * `POST /api/v2/users/{accountId}/messages`, a JSON body, HTTP Basic
 * `username:password`, `202` with the `Message`, and errors as
 * `{ type, description, fieldErrors? }`.
 *
 * It records every request and lets a test script the next responses. Point the
 * Bandwidth gateway at it with `BANDWIDTH_API_BASE_URL = fake.url`.
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
  /** The parsed JSON body; `undefined` when it was not JSON. */
  readonly body: unknown
  readonly basicAuth: { readonly username: string; readonly password: string } | undefined
}

export interface ScriptedResponse {
  readonly status: number
  readonly body?: unknown
  readonly headers?: Readonly<Record<string, string>>
}

/** A message the fake accepted. */
export interface BandwidthSentMessage {
  readonly id: string
  readonly applicationId: string
  readonly to: ReadonlyArray<string>
  readonly from: string
  readonly text: string
  readonly tag: string | undefined
}

export interface FakeBandwidthServer {
  /** `http://127.0.0.1:<port>`: the value for `BANDWIDTH_API_BASE_URL`. */
  readonly url: string
  readonly accountId: string
  readonly username: string
  readonly password: string
  /** Every request received, in order. */
  readonly requests: () => ReadonlyArray<RecordedRequest>
  /** Every message accepted, in order. */
  readonly sent: () => ReadonlyArray<BandwidthSentMessage>
  /** The next requests get these responses, one each, whatever they carry. */
  readonly respondNext: (...responses: ReadonlyArray<ScriptedResponse>) => void
}

/** A Bandwidth error response, in Bandwidth's shape. */
export const bandwidthError = (
  status: number,
  type: string,
  description: string,
  extra: {
    readonly fieldErrors?: ReadonlyArray<{ readonly fieldName: string; readonly description: string }>
    readonly headers?: Readonly<Record<string, string>>
  } = {}
): ScriptedResponse => ({
  status,
  body: { type, description, ...(extra.fieldErrors === undefined ? {} : { fieldErrors: extra.fieldErrors }) },
  ...(extra.headers === undefined ? {} : { headers: extra.headers })
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

const parseJson = (raw: string): unknown => {
  try {
    return JSON.parse(raw)
  } catch {
    return undefined
  }
}

const send = (response: ServerResponse, scripted: ScriptedResponse): void => {
  const body = scripted.body === undefined ? "" : JSON.stringify(scripted.body)
  response.writeHead(scripted.status, { "content-type": "application/json; charset=utf-8", ...scripted.headers })
  response.end(body)
}

export const makeFakeBandwidthServer = (options: {
  readonly accountId?: string
  readonly username?: string
  readonly password?: string
} = {}): Effect.Effect<FakeBandwidthServer, never, Scope.Scope> =>
  Effect.gen(function*() {
    const accountId = options.accountId ?? "9900001"
    const username = options.username ?? "fake-bandwidth-user"
    const password = options.password ?? "fake-bandwidth-password"
    const requests: Array<RecordedRequest> = []
    const sent: Array<BandwidthSentMessage> = []
    const scripted: Array<ScriptedResponse> = []

    const answer = (request: RecordedRequest): ScriptedResponse => {
      const next = scripted.shift()
      if (next !== undefined) return next
      const route = /^\/api\/v2\/users\/([^/]+)\/messages$/.exec(request.path)
      if (request.method !== "POST" || route === null) return bandwidthError(404, "not-found", "Not Found")
      const auth = request.basicAuth
      if (auth === undefined || auth.username !== username || auth.password !== password) {
        return bandwidthError(401, "unauthorized", "Authentication Failed")
      }
      if (route[1] !== encodeURIComponent(accountId)) return bandwidthError(403, "forbidden", "Access Denied")
      if (!/^application\/json\b/i.test(request.headers["content-type"] ?? "")) {
        return bandwidthError(415, "unsupported-content-type", "Content-Type must be application/json")
      }
      const body = request.body
      if (typeof body !== "object" || body === null || Array.isArray(body)) {
        return bandwidthError(400, "request-validation", "Your request could not be accepted.")
      }
      const { applicationId, from, tag, text, to } = body as Record<string, unknown>
      const fieldErrors: Array<{ fieldName: string; description: string }> = []
      if (typeof applicationId !== "string" || applicationId.length === 0) {
        fieldErrors.push({ fieldName: "applicationId", description: "applicationId is required" })
      }
      if (!Array.isArray(to) || to.length === 0 || to.length > 10) {
        fieldErrors.push({ fieldName: "to", description: "to must list 1 to 10 numbers" })
      } else if (!to.every((n) => typeof n === "string" && E164.test(n))) {
        fieldErrors.push({ fieldName: "to", description: "must be replaced with a valid E164 formatted telephone number" })
      }
      if (typeof from !== "string" || !E164.test(from)) {
        fieldErrors.push({ fieldName: "from", description: "from must be a valid E164 formatted telephone number" })
      }
      if (typeof text !== "string" || text.length > 2048) {
        fieldErrors.push({ fieldName: "text", description: "text is required and at most 2048 characters" })
      }
      if (tag !== undefined && (typeof tag !== "string" || tag.length > 1024)) {
        fieldErrors.push({ fieldName: "tag", description: "tag is at most 1024 characters" })
      }
      if (fieldErrors.length > 0) {
        return bandwidthError(400, "request-validation", "Your request could not be accepted.", { fieldErrors })
      }
      const message: BandwidthSentMessage = {
        id: `${1_700_000_000_000 + sent.length}fake${sent.length + 1}`,
        applicationId: applicationId as string,
        to: to as Array<string>,
        from: from as string,
        text: text as string,
        tag: tag as string | undefined
      }
      sent.push(message)
      return {
        status: 202,
        body: {
          id: message.id,
          owner: message.from,
          applicationId: message.applicationId,
          time: new Date().toISOString(),
          segmentCount: 1,
          direction: "out",
          to: message.to,
          from: message.from,
          text: message.text,
          ...(message.tag === undefined ? {} : { tag: message.tag })
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
          body: parseJson(rawBody),
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
      accountId,
      username,
      password,
      requests: () => [...requests],
      sent: () => [...sent],
      respondNext: (...responses) => {
        scripted.push(...responses)
      }
    }
  })
