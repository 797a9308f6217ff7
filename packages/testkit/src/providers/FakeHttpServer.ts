/**
 * A scriptable HTTP server on 127.0.0.1 to point vendor SDKs and gateways at.
 * It records every request and answers the provider's endpoint, in order of
 * precedence, from a queue of scripted responses, then from a default a test
 * set, then with the provider's own answer. The provider fakes build on it.
 */
import * as Http from "node:http"
import type { AddressInfo } from "node:net"
import type { Scope } from "effect"
import { Effect } from "effect"
import * as Journal from "./Journal.ts"

export interface BasicAuth {
  readonly username: string
  readonly password: string
}

export interface RecordedRequest<Body = unknown> {
  readonly method: string
  /** Path and query as received. */
  readonly path: string
  /** Lower-cased header names. */
  readonly headers: Readonly<Record<string, string>>
  readonly rawBody: string
  /** The body as the provider reads it (`parseJson` or `parseForm`). */
  readonly body: Body
  /** The credentials of an `Authorization: Basic …` header. */
  readonly basicAuth: BasicAuth | undefined
}

export interface ScriptedResponse {
  readonly status?: number
  readonly headers?: Readonly<Record<string, string>>
  /** Sent as JSON. */
  readonly body?: unknown
  /** Sent verbatim instead of `body`, with `content-type: application/json` unless headers say otherwise. */
  readonly rawBody?: string
  /** Wait this long before answering (to provoke client timeouts). */
  readonly delayMs?: number
  /** Give the provider's own answer (after `delayMs`), as if nothing were scripted: "this one works". */
  readonly asProvider?: true
}

export interface ErrorOptions {
  /** Defaults to the code. */
  readonly message?: string
  readonly headers?: Readonly<Record<string, string>>
}

/** Every provider's `error`: a response in its error shape, `code` being its error code or type. */
export type ErrorResponse<Code, Options extends ErrorOptions = ErrorOptions> = (
  status: number,
  code: Code,
  options?: Options
) => ScriptedResponse

export interface FakeHttpServer<Body = unknown> {
  /** `http://127.0.0.1:<port>` */
  readonly origin: string
  /** What to configure the client with as its base URL. */
  readonly baseURL: string
  /** Every request since the start or the last `reset`, in arrival order (a live view). */
  readonly requests: ReadonlyArray<RecordedRequest<Body>>
  /** Succeeds once at least `count` requests have arrived. */
  readonly awaitRequests: (count: number) => Effect.Effect<ReadonlyArray<RecordedRequest<Body>>>
  /** Answer the next requests to the endpoint with these, in order. */
  readonly enqueue: (...responses: ReadonlyArray<ScriptedResponse>) => void
  /**
   * Answer requests to the endpoint with this (once the queue is empty) instead
   * of the provider's answer; `undefined` gives the provider's answer back (an
   * outage ends).
   */
  readonly setDefault: (response: ScriptedResponse | undefined) => void
  /** The most requests this server held open at once (answered or not yet): how hard a client pushed. */
  readonly peakInFlight: () => number
  /** Forget requests, queue, default and any state the provider keeps. */
  readonly reset: () => void
}

export interface Options<Body> {
  /** Whether a request is for the provider's endpoint; others get `notFound` and leave the queue alone. */
  readonly endpoint: (method: string, pathname: string) => boolean
  readonly notFound: ScriptedResponse
  /** How the provider reads request bodies. */
  readonly parseBody: (rawBody: string) => Body
  /** The provider's own answer: may depend on the request and keep state. */
  readonly answer: (request: RecordedRequest<Body>) => ScriptedResponse
  /** Clears the state `answer` keeps, on `reset`. */
  readonly onReset?: () => void
  /** From the origin, what clients take as base URL (default: the origin). */
  readonly baseURL?: (origin: string) => string
}

/** A JSON body, or the raw text when it is not JSON. */
export const parseJson = (rawBody: string): unknown => {
  try {
    return JSON.parse(rawBody)
  } catch {
    return rawBody
  }
}

/** A form body: a key seen once maps to a string, a repeated key to its values. */
export type FormBody = Readonly<Record<string, string | ReadonlyArray<string>>>

export const parseForm = (rawBody: string): FormBody => {
  const params: Record<string, string | Array<string>> = Object.create(null)
  for (const [name, value] of new URLSearchParams(rawBody)) {
    const seen = params[name]
    params[name] = seen === undefined ? value : typeof seen === "string" ? [seen, value] : [...seen, value]
  }
  return params
}

export const hasBasicAuth = (request: RecordedRequest<unknown>, username: string, password: string): boolean =>
  request.basicAuth?.username === username && request.basicAuth.password === password

const parseBasicAuth = (header: string | undefined): BasicAuth | undefined => {
  const match = /^Basic\s+(\S+)$/i.exec(header ?? "")
  if (match === null) return undefined
  const decoded = Buffer.from(match[1]!, "base64").toString("utf8")
  const colon = decoded.indexOf(":")
  return colon < 0 ? undefined : { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) }
}

const flatHeaders = (headers: Http.IncomingHttpHeaders): Record<string, string> => {
  const out: Record<string, string> = {}
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) out[name] = Array.isArray(value) ? value.join(", ") : value
  }
  return out
}

interface Running<Body> {
  readonly fake: FakeHttpServer<Body>
  readonly close: () => Promise<void>
}

/** Starts the server for the scope. */
export const make = <Body>(options: Options<Body>): Effect.Effect<FakeHttpServer<Body>, never, Scope.Scope> =>
  Effect.acquireRelease(
    Effect.callback<Running<Body>>((resume) => {
      const requests = Journal.make<RecordedRequest<Body>>()
      const queue: Array<ScriptedResponse> = []
      let fallback: ScriptedResponse | undefined
      const timers = new Set<NodeJS.Timeout>()

      const respond = (request: RecordedRequest<Body>): ScriptedResponse => {
        if (!options.endpoint(request.method, request.path.split("?")[0]!)) return options.notFound
        const scripted = queue.shift() ?? fallback
        if (scripted === undefined) return options.answer(request)
        return scripted.asProvider === true ? { ...options.answer(request), ...scripted } : scripted
      }

      let inFlight = 0
      let peakInFlight = 0
      const server = Http.createServer((req, res) => {
        inFlight += 1
        peakInFlight = Math.max(peakInFlight, inFlight)
        res.on("close", () => {
          inFlight -= 1
        })
        const chunks: Array<Buffer> = []
        req.on("data", (chunk: Buffer) => chunks.push(chunk))
        req.on("end", () => {
          const rawBody = Buffer.concat(chunks).toString("utf8")
          const request: RecordedRequest<Body> = {
            method: req.method ?? "GET",
            path: req.url ?? "/",
            headers: flatHeaders(req.headers),
            rawBody,
            body: options.parseBody(rawBody),
            basicAuth: parseBasicAuth(req.headers.authorization)
          }
          requests.record(request)
          const scripted = respond(request)
          const send = () => {
            if (res.destroyed) return
            res.writeHead(scripted.status ?? 200, { "content-type": "application/json", ...scripted.headers })
            res.end(scripted.rawBody ?? JSON.stringify(scripted.body ?? {}))
          }
          if (scripted.delayMs !== undefined && scripted.delayMs > 0) {
            const timer = setTimeout(() => {
              timers.delete(timer)
              send()
            }, scripted.delayMs)
            timers.add(timer)
          } else {
            send()
          }
        })
      })

      server.listen(0, "127.0.0.1", () => {
        const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
        const fake: FakeHttpServer<Body> = {
          origin,
          baseURL: options.baseURL?.(origin) ?? origin,
          requests: requests.entries,
          awaitRequests: requests.awaitCount,
          enqueue: (...responses) => {
            queue.push(...responses)
          },
          peakInFlight: () => peakInFlight,
          setDefault: (response) => {
            fallback = response
          },
          reset: () => {
            requests.clear()
            queue.length = 0
            fallback = undefined
            peakInFlight = inFlight
            options.onReset?.()
          }
        }
        const close = () =>
          new Promise<void>((done) => {
            for (const timer of timers) clearTimeout(timer)
            server.closeAllConnections()
            server.close(() => done())
          })
        resume(Effect.succeed({ fake, close }))
      })
    }),
    (running) => Effect.promise(running.close)
  ).pipe(Effect.map((running) => running.fake))
