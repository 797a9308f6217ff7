/**
 * The SDKs' `fetch` on its own: an abort (the SDK's timeout, or a turn
 * interrupted) ends the request on the wire, and answers keep their status,
 * headers and bytes.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import * as Http from "node:http"
import type { AddressInfo } from "node:net"
import * as Zlib from "node:zlib"
import { httpFetch } from "../src/HttpFetch.ts"

const serve = (handler: Http.RequestListener) =>
  Effect.acquireRelease(
    Effect.promise(() =>
      new Promise<{ origin: string; server: Http.Server }>((resolve) => {
        const server = Http.createServer(handler)
        server.listen(0, "127.0.0.1", () =>
          resolve({ origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server }))
      })
    ),
    ({ server }) => Effect.promise(() => new Promise((resolve) => {
      server.closeAllConnections()
      server.close(resolve)
    }))
  )

describe("HttpFetch", () => {
  it.effect("an answer keeps its status, headers and body; the request its method, headers and body", () =>
    Effect.gen(function*() {
      const { origin } = yield* serve((req, res) => {
        let body = ""
        req.on("data", (chunk) => (body += chunk))
        req.on("end", () => {
          res.writeHead(429, { "content-type": "application/json", "retry-after": "7" })
          res.end(JSON.stringify({ method: req.method, auth: req.headers.authorization, body }))
        })
      })
      const response = yield* Effect.promise(() =>
        httpFetch(`${origin}/v1/chat`, {
          method: "POST",
          headers: new Headers({ authorization: "Bearer k", "content-type": "application/json" }),
          body: "{\"é\":1}"
        })
      )
      assert.strictEqual(response.status, 429)
      assert.strictEqual(response.headers.get("retry-after"), "7")
      assert.deepStrictEqual(yield* Effect.promise(() => response.json()), {
        method: "POST",
        auth: "Bearer k",
        body: "{\"é\":1}"
      })
    }).pipe(Effect.scoped))

  it.effect("an abort rejects at once with an AbortError and closes the connection the server holds", () =>
    Effect.gen(function*() {
      let closed!: () => void
      const serverSawClose = new Promise<void>((resolve) => (closed = resolve))
      const { origin } = yield* serve((req) => {
        req.resume()
        req.socket.on("close", () => closed())
      })
      const controller = new AbortController()
      const pending = httpFetch(`${origin}/slow`, { method: "POST", body: "{}", signal: controller.signal })
      setTimeout(() => controller.abort(), 50)
      const error = yield* Effect.promise(() => pending.then(() => undefined, (e: unknown) => e))
      assert.strictEqual((error as Error).name, "AbortError")
      yield* Effect.promise(() => serverSawClose)
      // Already aborted: nothing is sent.
      const again = yield* Effect.promise(() =>
        httpFetch(`${origin}/slow`, { signal: controller.signal }).then(() => undefined, (e: unknown) => e)
      )
      assert.strictEqual((again as Error).name, "AbortError")
    }).pipe(Effect.scoped))

  it.effect("an answer compressed by the way (gzip, brotli) reads as the JSON it was", () =>
    Effect.gen(function*() {
      const json = JSON.stringify({ choices: [{ message: { content: "héllo" } }] })
      const { origin } = yield* serve((req, res) => {
        req.resume()
        const coding = req.url === "/gzip" ? "gzip" : "br"
        res.writeHead(200, { "content-type": "application/json", "content-encoding": coding })
        res.end(coding === "gzip" ? Zlib.gzipSync(json) : Zlib.brotliCompressSync(json))
      })
      for (const path of ["/gzip", "/br"]) {
        const response = yield* Effect.promise(() => httpFetch(`${origin}${path}`, { method: "POST", body: "{}" }))
        assert.deepStrictEqual(yield* Effect.promise(() => response.json()), JSON.parse(json))
      }
    }).pipe(Effect.scoped))

  it.effect("an answer cut off mid-body fails, it does not hang", () =>
    Effect.gen(function*() {
      const { origin } = yield* serve((req, res) => {
        req.resume()
        res.writeHead(200, { "content-type": "application/json", "content-length": "100" })
        res.write("{\"partial\":")
        setTimeout(() => res.socket?.destroy(), 20)
      })
      const outcome = yield* Effect.promise(() =>
        httpFetch(`${origin}/cut`, { method: "POST", body: "{}" }).then((r) => r.text()).then(() => "answered", () => "failed")
      )
      assert.strictEqual(outcome, "failed")
    }).pipe(Effect.scoped))
})
