/**
 * Traces and metrics leave the process (OTLP) with ids only: no phone number,
 * not even the one the dev simulator carries in its query string. The server
 * runs as a process, exporting to a local collector that keeps what it gets.
 */
import { assert, describe, it } from "@effect/vitest"
import { FakeHttpServer } from "@jules/testkit"
import { Effect } from "effect"
import { spawnServer } from "./support/ChildServer.ts"
import * as P from "./support/Providers.ts"

describe("telemetry", () => {
  it.live("exported spans carry no phone number, even from a query string", () =>
    Effect.gen(function*() {
      const collector = yield* FakeHttpServer.make({
        endpoint: (method) => method === "POST",
        notFound: { status: 404 },
        parseBody: (raw) => raw,
        answer: () => ({ status: 200, body: {} })
      })
      const server = yield* spawnServer({
        env: {
          PORT: "0",
          HOST: "127.0.0.1",
          JULES_DATA_DIR: "memory://",
          BURST_WINDOW_MS: "0",
          OTEL_EXPORTER_OTLP_ENDPOINT: collector.origin
        }
      })
      const phone = "+15555550142"
      const sent = yield* P.request(`${server.url}/dev/messages`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ from: phone, body: "hello from the simulator" })
      })
      assert.strictEqual(sent.status, 202)
      for (let i = 0; i < 50; i++) {
        const history = JSON.parse((yield* P.request(`${server.url}/dev/history?phone=${encodeURIComponent(phone)}`, {})).body)
        if (history.texts.length >= 3) break
        yield* Effect.sleep("100 millis")
      }
      // Spans of /dev/history and of the turn that answered reach the collector.
      const expected = ["/dev/history", "ConversationTurns.run", "ModelReply.reply"]
      let traces = ""
      for (let i = 0; i < 200 && !expected.every((name) => traces.includes(name)); i++) {
        yield* Effect.sleep("100 millis")
        traces = collector.requests.filter((r) => r.path === "/v1/traces").map((r) => r.rawBody).join("\n")
      }
      for (const name of expected) assert.include(traces, name)
      const everything = collector.requests.map((r) => r.rawBody).join("\n")
      for (const shape of ["5555550142", "%2B1555555", "hello from the simulator"]) assert.notInclude(everything, shape)
    }), { timeout: 60_000 })
})
