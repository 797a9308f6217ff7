/**
 * Fault test 3: PostgreSQL killed and restarted under load, on a cluster of
 * the test's own (the shared server is untouched). While it is down webhooks
 * get 503, so the provider delivers them again later; every text that was
 * acknowledged is answered once after it comes back, without restarting Jules.
 */
import { assert, describe, it } from "@effect/vitest"
import { defaultSettings, makeCopy } from "@jules/core"
import { Effect, Schedule } from "effect"
import { spawnServer } from "./support/ChildServer.ts"
import * as OwnPostgres from "./support/OwnPostgres.ts"
import { explained, FAST_OUTBOX, twilioProcess } from "./support/ProcessSetup.ts"
import * as P from "./support/Providers.ts"

const copy = makeCopy(defaultSettings)
const title = OwnPostgres.unavailableBecause === undefined
  ? "PostgreSQL killed and restarted under load"
  : `PostgreSQL killed and restarted under load (skipped: ${OwnPostgres.unavailableBecause})`

describe.skipIf(OwnPostgres.unavailableBecause !== undefined)(title, () => {
  it.live("webhooks get 503 while it is down; every acknowledged text is answered once after it is back", () =>
    Effect.gen(function*() {
      const postgres = yield* OwnPostgres.make
      const { env, fakeTwilio, model, text: post } = yield* twilioProcess(
        { DATABASE_URL: postgres.url },
        { ...FAST_OUTBOX, BURST_WINDOW_MS: "0" }
      )
      const server = yield* spawnServer({ env })
      const text = (from: string, tag: string, sid = P.messageSid()) =>
        post(server, from, `hello ${tag}`, sid).pipe(Effect.map((response) => ({ status: response.status, sid, from, tag })))
      const phones = Array.from({ length: 30 }, (_, i) => `+1555557${String(i).padStart(4, "0")}`)

      // Load, with the model slow enough that turns are in flight when the database dies.
      model.setDelay(1_500)
      const before = yield* Effect.forEach(phones.slice(0, 10), (phone, i) => text(phone, `#a${i}`), {
        concurrency: "unbounded"
      })
      assert.isTrue(before.every((r) => r.status === 200))
      yield* explained(model.fake.awaitRequests(1), server, 90)
      yield* postgres.kill

      const during = yield* Effect.forEach(phones.slice(10, 20), (phone, i) => text(phone, `#b${i}`), {
        concurrency: "unbounded"
      })
      assert.deepStrictEqual(during.map((r) => r.status), during.map(() => 503))
      const ready = yield* P.request(`${server.url}/health/ready`, {})
      assert.strictEqual(ready.status, 503)

      yield* Effect.sleep("3 seconds")
      yield* postgres.start
      model.setDelay(0)
      // The provider delivers the refused webhooks again; new people text too.
      const redelivered = yield* Effect.forEach(during, (r) =>
        text(r.from, r.tag, r.sid).pipe(
          Effect.repeat({ until: (again) => again.status === 200, schedule: Schedule.spaced("500 millis"), times: 60 })
        ), { concurrency: "unbounded" })
      assert.isTrue(redelivered.every((r) => r.status === 200))
      const after = yield* Effect.forEach(phones.slice(20), (phone, i) => text(phone, `#c${i}`), {
        concurrency: "unbounded"
      })
      assert.isTrue(after.every((r) => r.status === 200))

      yield* explained(fakeTwilio.awaitSent(60), server, 90)
      yield* Effect.sleep("2 seconds") // anything sent twice would show by now
      assert.strictEqual(fakeTwilio.sent.length, 60)
      for (const r of [...before, ...redelivered, ...after]) {
        const bodies = fakeTwilio.sent.filter((m) => m.to === r.from).map((m) => m.body)
        assert.deepStrictEqual(bodies, [copy.aiNotice, `Got it (${r.tag}).`])
      }
      assert.isFalse(server.output.some((line) => phones.some((phone) => line.includes(phone))))
    }), { timeout: 240_000 })
})
