/**
 * A scriptable HTTP server on 127.0.0.1 for pointing vendor SDKs at: it records
 * every request (headers and parsed JSON body) and answers from a queue of
 * scripted responses, then with a default. The vendor-specific fakes build on it.
 */
import * as Http from "node:http"
import type { AddressInfo } from "node:net"
import type { Scope } from "effect"
import { Effect } from "effect"

export interface RecordedRequest {
  readonly method: string
  readonly path: string
  /** Lower-cased header names. */
  readonly headers: Readonly<Record<string, string>>
  /** The body parsed as JSON, or the raw text when it is not JSON. */
  readonly body: unknown
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
}

export interface FakeHttpServer {
  /** `http://127.0.0.1:<port>` */
  readonly origin: string
  /** Every request so far, in arrival order (a live view). */
  readonly requests: ReadonlyArray<RecordedRequest>
  /** Answer the next requests with these, in order; afterwards the default answers. */
  readonly enqueue: (...responses: ReadonlyArray<ScriptedResponse>) => void
  readonly setDefault: (response: ScriptedResponse) => void
  readonly reset: () => void
}

const flatHeaders = (headers: Http.IncomingHttpHeaders): Record<string, string> => {
  const out: Record<string, string> = {}
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) out[name] = Array.isArray(value) ? value.join(", ") : value
  }
  return out
}

const parseBody = (text: string): unknown => {
  try {
    return JSON.parse(text)
  } catch {
    return text
  }
}

interface Running {
  readonly fake: FakeHttpServer
  readonly close: () => Promise<void>
}

/** Starts the server for the scope; `acceptsPath` decides which paths it answers (others get 404). */
export const make = (options: {
  readonly acceptsPath: (method: string, path: string) => boolean
  readonly defaultResponse: ScriptedResponse
}): Effect.Effect<FakeHttpServer, never, Scope.Scope> =>
  Effect.acquireRelease(
    Effect.callback<Running>((resume) => {
      const requests: Array<RecordedRequest> = []
      const queue: Array<ScriptedResponse> = []
      let fallback = options.defaultResponse
      const timers = new Set<NodeJS.Timeout>()

      const server = Http.createServer((req, res) => {
        const chunks: Array<Buffer> = []
        req.on("data", (chunk: Buffer) => chunks.push(chunk))
        req.on("end", () => {
          const method = req.method ?? "GET"
          const path = req.url ?? "/"
          requests.push({
            method,
            path,
            headers: flatHeaders(req.headers),
            body: parseBody(Buffer.concat(chunks).toString("utf8"))
          })
          const scripted: ScriptedResponse = options.acceptsPath(method, path)
            ? (queue.shift() ?? fallback)
            : { status: 404, body: { error: { type: "not_found_error", message: `no route ${method} ${path}` } } }
          const send = () => {
            if (res.destroyed) return
            const headers: Record<string, string> = { "content-type": "application/json", ...scripted.headers }
            res.writeHead(scripted.status ?? 200, headers)
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
        const { port } = server.address() as AddressInfo
        const fake: FakeHttpServer = {
          origin: `http://127.0.0.1:${port}`,
          requests,
          enqueue: (...responses) => {
            queue.push(...responses)
          },
          setDefault: (response) => {
            fallback = response
          },
          reset: () => {
            requests.length = 0
            queue.length = 0
            fallback = options.defaultResponse
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
