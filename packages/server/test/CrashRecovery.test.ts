/**
 * Acceptance 4 (and graceful shutdown): the server runs as a child process.
 *
 * - Killed (SIGKILL) after acknowledging a text and while the model is still
 *   thinking, then restarted on the same database: the reply goes out exactly
 *   once, counted at the fake Twilio.
 * - Stopped (SIGTERM) while a turn is in flight: it finishes the turn, sends
 *   the reply, then exits cleanly.
 *
 * On embedded PGlite (a data directory of its own), and on PostgreSQL when
 * `TEST_DATABASE_URL` is set.
 */
import { assert, describe, it } from "@effect/vitest"
import { defaultSettings, makeCopy } from "@jules/core"
import { Effect } from "effect"
import { spawnServer } from "./support/ChildServer.ts"
import type { DatabaseKind } from "./support/Databases.ts"
import { databases, durableDatabase, explained, twilioProcess } from "./support/ProcessSetup.ts"
import * as P from "./support/Providers.ts"

const copy = makeCopy(defaultSettings)

const setup = (kind: DatabaseKind) =>
  Effect.flatMap(durableDatabase(kind), (database) => twilioProcess(database, { BURST_WINDOW_MS: "100" }))

for (const { kind, name, skip } of databases) {
  describe.skipIf(skip)(`a server process on ${name}`, () => {
    it.live("killed after the ack, before the model answers: after a restart the reply goes out exactly once", () =>
      Effect.gen(function*() {
        const { env, fakeTwilio, model, text } = yield* setup(kind)
        const phone = "+15555550177"
        const sid = P.messageSid()
        model.setDelay(120_000)

        const first = yield* spawnServer({ env })
        const ack = yield* text(first, phone, "are you awake? #crash", sid)
        assert.strictEqual(ack.status, 200)
        // The turn is in flight: the model has the request and is taking its time.
        yield* explained(model.fake.awaitRequests(1), first)
        first.kill("SIGKILL")
        assert.strictEqual((yield* first.exited).signal, "SIGKILL")
        assert.strictEqual(fakeTwilio.sent.length, 0)

        model.setDelay(0)
        const second = yield* spawnServer({ env })
        const sent = yield* explained(fakeTwilio.awaitSent(2), second)
        assert.deepStrictEqual(sent.map((m) => [m.to, m.body]), [[phone, copy.aiNotice], [phone, "Got it (#crash)."]])

        // Twilio retries the webhook it saw time out: still one reply.
        assert.strictEqual((yield* text(second, phone, "are you awake? #crash", sid)).status, 200)
        second.kill("SIGTERM")
        assert.strictEqual((yield* second.exited).code, 0)
        assert.strictEqual(fakeTwilio.sent.length, 2)

        for (const line of [...first.output, ...second.output]) {
          assert.notInclude(line, phone)
          assert.notInclude(line, "are you awake")
        }
      }), { timeout: 180_000 })

    it.live("stopped (SIGTERM) during a turn: the turn finishes and the reply goes out before it exits", () =>
      Effect.gen(function*() {
        const { env, fakeTwilio, model, text } = yield* setup(kind)
        const phone = "+15555550178"
        model.setDelay(2_000)
        const server = yield* spawnServer({ env })
        assert.strictEqual((yield* text(server, phone, "one more thing #drain")).status, 200)
        yield* explained(model.fake.awaitRequests(1), server)
        server.kill("SIGTERM")
        const exit = yield* server.exited
        assert.strictEqual(exit.code, 0)
        assert.deepStrictEqual(fakeTwilio.sent.map((m) => m.body), [copy.aiNotice, "Got it (#drain)."])
        assert.isTrue(server.output.some((line) => line.includes("shutting down")))
      }), { timeout: 120_000 })
  })
}
