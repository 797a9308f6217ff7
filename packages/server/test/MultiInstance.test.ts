/**
 * Several servers on one PostgreSQL (`JULES_RUNNER_ADDRESS`): each person's
 * texts may reach any instance, yet every text is answered once, in order,
 * because the person's conversation entity lives on one runner at a time.
 * Needs `TEST_DATABASE_URL` (skipped otherwise).
 */
import { assert, describe, it } from "@effect/vitest"
import { unusedPort } from "@jules/testkit"
import { Effect } from "effect"
import { spawnServer } from "./support/ChildServer.ts"
import { postgresUrl } from "./support/Databases.ts"
import * as EchoModel from "./support/EchoModel.ts"
import { durableDatabase, twilioProcess } from "./support/ProcessSetup.ts"

describe.skipIf(postgresUrl === undefined)("two server instances sharing PostgreSQL", () => {
  it.live("texts of one person sent to both instances are answered once each, in order", () =>
    Effect.gen(function*() {
      const { env, fakeTwilio, text } = yield* twilioProcess(yield* durableDatabase("postgres"), { BURST_WINDOW_MS: "100" })
      const instances = [
        yield* spawnServer({ env: { ...env, JULES_RUNNER_ADDRESS: `127.0.0.1:${yield* unusedPort}` } }),
        yield* spawnServer({ env: { ...env, JULES_RUNNER_ADDRESS: `127.0.0.1:${yield* unusedPort}` } })
      ]
      const people = Array.from({ length: 8 }, (_, i) => `+1555555${String(3000 + i)}`)
      // Each person's three texts alternate between the instances.
      yield* Effect.forEach(people, (phone, person) =>
        Effect.forEach([0, 1, 2], (nth) =>
          Effect.gen(function*() {
            if (nth > 0) yield* Effect.sleep("400 millis")
            const server = instances[(person + nth) % 2]!
            const response = yield* text(server, phone, `hello #p${person}t${nth}`)
            assert.strictEqual(response.status, 200)
          })), { concurrency: "unbounded" })

      // Every person's last text answered.
      yield* Effect.gen(function*() {
        while (
          !people.every((phone, person) =>
            fakeTwilio.sent.some((m) => m.to === phone && m.body.includes(`#p${person}t2`))
          )
        ) yield* Effect.sleep("100 millis")
      }).pipe(Effect.timeout("90 seconds"))
      yield* Effect.sleep("1 second")

      for (const [person, phone] of people.entries()) {
        const replies = fakeTwilio.sent.filter((m) => m.to === phone).slice(1).map((m) => EchoModel.replyTag(m.body))
        const order = replies.map((tag) => Number(/t(\d)$/.exec(tag ?? "")?.[1]))
        assert.deepStrictEqual(order, [...new Set(order)].sort(), `person ${person}: ${replies.join(" ")}`)
        assert.strictEqual(order.at(-1), 2)
      }
      // Exactly one notice and three-or-fewer replies per person: nothing answered twice.
      assert.isAtMost(fakeTwilio.sent.length, people.length * 4)
    }), { timeout: 180_000 })
})
