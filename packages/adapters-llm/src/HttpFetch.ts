/**
 * The `fetch` the model SDKs are given (their `fetch` option): node's own
 * `http`/`https` with kept-alive connections, the answer read whole.
 *
 * Why: the SDKs default to the global `fetch` (undici), whose web streams
 * cost about twice the CPU of the same request through `node:http`
 * (measured on a chat completion against a local server: 640 µs against
 * 310 µs a call, the server included). A turn asks a model twice, so this
 * is a visible part of a turn's CPU. Everything else stays the SDK's: the
 * request it builds, its timeout (an abort signal, honoured here), how it
 * reads the answer and its errors.
 *
 * Jules asks for whole answers, never a stream; a body this cannot send as
 * it is (a stream, a form) goes through the global `fetch` instead. An answer
 * a proxy compressed is decoded, as the global `fetch` would.
 */
import * as Http from "node:http"
import * as Https from "node:https"
import * as Zlib from "node:zlib"

const agents = {
  "http:": new Http.Agent({ keepAlive: true }),
  "https:": new Https.Agent({ keepAlive: true })
}

const plainHeaders = (headers: RequestInit["headers"]): Record<string, string> => {
  if (headers === undefined) return {}
  if (headers instanceof Headers) {
    // `forEach` rather than `entries()`: no iterator and no pair per header, on every model call.
    const plain: Record<string, string> = {}
    headers.forEach((value, name) => {
      plain[name] = value
    })
    return plain
  }
  if (Array.isArray(headers)) return Object.fromEntries(headers)
  return headers as Record<string, string>
}

const responseHeaders = (headers: Http.IncomingHttpHeaders): Headers => {
  const out = new Headers()
  for (const [name, value] of Object.entries(headers)) {
    if (Array.isArray(value)) for (const item of value) out.append(name, item)
    else if (value !== undefined) out.set(name, value)
  }
  return out
}

/**
 * The body as sent before any content coding: the SDKs ask for none, but a
 * proxy may compress anyway, and the global `fetch` would have decoded it.
 */
const decoded = (body: Buffer, coding: string | undefined): Buffer => {
  switch (coding?.trim().toLowerCase()) {
    case undefined:
    case "":
    case "identity":
      return body
    case "gzip":
    case "x-gzip":
      return Zlib.gunzipSync(body)
    case "deflate":
      return Zlib.inflateSync(body)
    case "br":
      return Zlib.brotliDecompressSync(body)
    default:
      throw new Error(`an answer in an unknown content coding (${coding})`)
  }
}

const abortError = (signal: AbortSignal): unknown =>
  signal.reason instanceof Error ? signal.reason : new DOMException("This operation was aborted", "AbortError")

const urlOf = (input: string | URL | Request): URL =>
  new URL(typeof input === "string" ? input : input instanceof URL ? input.href : input.url)

const sendable = (body: RequestInit["body"]): body is string | Uint8Array | undefined | null =>
  body === undefined || body === null || typeof body === "string" || body instanceof Uint8Array

export const httpFetch = (input: string | URL | Request, init: RequestInit = {}): Promise<Response> => {
  if (input instanceof Request || !sendable(init.body)) return fetch(input, init)
  const url = urlOf(input)
  const protocol = url.protocol === "http:" ? "http:" : url.protocol === "https:" ? "https:" : undefined
  if (protocol === undefined) return fetch(input, init)
  const signal = init.signal ?? undefined
  return new Promise<Response>((resolve, reject) => {
    if (signal?.aborted) return reject(abortError(signal))
    const request = (protocol === "http:" ? Http : Https).request(url, {
      method: init.method ?? "GET",
      headers: plainHeaders(init.headers),
      agent: agents[protocol]
    }, (response) => {
      const chunks: Array<Buffer> = []
      response.on("data", (chunk: Buffer) => chunks.push(chunk))
      response.on("error", reject)
      // Cut off before its end (an abort, a dropped connection): no answer, never a hang.
      response.on("close", () => {
        if (!response.complete) reject(signal?.aborted ? abortError(signal) : new Error("the answer was cut off"))
      })
      response.on("end", () => {
        signal?.removeEventListener("abort", onAbort)
        const status = response.statusCode ?? 502
        try {
          // A Response may not carry a body with these statuses.
          const body = status === 204 || status === 205 || status === 304
            ? null
            : decoded(Buffer.concat(chunks), response.headers["content-encoding"])
          const headers = responseHeaders(response.headers)
          headers.delete("content-encoding")
          headers.delete("content-length")
          resolve(new Response(body, { status, statusText: response.statusMessage ?? "", headers }))
        } catch (error) {
          // A body that does not decode, or a status a Response cannot carry: a broken answer, as a network error.
          reject(error)
        }
      })
    })
    const onAbort = () => request.destroy(abortError(signal!) as Error)
    signal?.addEventListener("abort", onAbort, { once: true })
    request.on("error", (error) => {
      signal?.removeEventListener("abort", onAbort)
      reject(error)
    })
    request.end(init.body ?? undefined)
  })
}
