/**
 * Group commit under a burst: two intakes on one database (two web processes)
 * take 1,200 texts from 300 numbers at once, each text delivered twice, and
 * every number still makes one person and every text one row. And an intake
 * asked to announce stored texts (a `web` process) names their people on a
 * channel, and nothing else.
 */
import { afterAll, assert, describe, layer } from "@effect/vitest"
import type { ArrivingText, PhoneNumber } from "@jules/core"
import { MessageId, TextIntake, Tier, UserStore } from "@jules/core"
import { PgClient } from "@effect/sql-pg"
import type { Duration } from "effect"
import { Context, DateTime, Effect, Layer, Option, Queue, Schema } from "effect"
import { SecureRandom } from "effect/crypto"
import { SqlClient } from "effect/sql/SqlClient"
import * as PgTextIntake from "../src/PgTextIntake.ts"
import * as Databases from "./support/Databases.ts"
import * as Keys from "./support/Keys.ts"
import * as Storage from "./support/Storage.ts"

afterAll(Databases.closeEmbedded)

/** A second intake on the same database and keys, as another process would have. */
class OtherIntake extends Context.Service<OtherIntake, TextIntake["Service"]>()("test/OtherIntake") {}

const Counts = Schema.Array(Schema.Struct({ people: Schema.Int, texts: Schema.Int }))

const numbers = (count: number): ReadonlyArray<PhoneNumber> =>
  Array.from(
    { length: count },
    () => `+1555${Array.from(SecureRandom.randomBytesUnsafe(7), (b) => b % 10).join("")}` as PhoneNumber
  )

for (const database of Databases.all) {
  describe.skipIf(database.skip)(`PgTextIntake under a burst (${database.name})`, () => {
    const crypto = Keys.cryptoLayer()
    const storage = Storage.layer(database.layer, crypto)
    const other = Layer.effect(OtherIntake, PgTextIntake.make).pipe(Layer.provide(storage))
    layer(Layer.merge(storage, other), { excludeTestServices: true, timeout: "120 seconds" })((it) => {
      it.effect("1,200 texts from 300 numbers, each twice through two intakes: 300 people, 1,200 texts", () =>
        Effect.gen(function*() {
          const intakes = [yield* TextIntake, yield* OtherIntake]
          const phones = numbers(300)
          const now = DateTime.toEpochMillis(yield* DateTime.now)
          // Whole seconds beside milliseconds: every kind of instant shares one batch.
          const receivedAt = (p: number) => DateTime.makeUnsafe(p % 2 === 0 ? now : Math.floor(now / 1000) * 1000)
          const texts = phones.flatMap((from, p) =>
            Array.from({ length: 4 }, (_, i): ArrivingText => ({
              id: MessageId.make(`burst:${p}:${i}:${SecureRandom.uuidV4Unsafe()}`),
              from,
              ...(p % 3 === 0 ? {} : { providerMessageId: `SM${p}x${i}` }),
              body: `text ${i} from number ${p}`,
              receivedAt: receivedAt(p),
              defaults: { tier: Tier.make("free"), timeZone: "America/New_York" }
            }))
          )
          const receipts = yield* Effect.forEach(
            texts.flatMap((text, t) => [[text, intakes[t % 2]!], [text, intakes[(t + 1) % 2]!]] as const),
            ([text, intake]) => intake.receive(text),
            { concurrency: "unbounded" }
          )
          assert.strictEqual(receipts.filter((receipt) => receipt.stored).length, texts.length)
          const users = yield* UserStore
          const people = new Set<string>()
          for (const [p, phone] of phones.entries()) {
            const person = Option.getOrThrow(yield* users.findByPhone(phone)).id
            people.add(person)
            for (let i = 0; i < 4; i++) {
              const t = p * 4 + i
              assert.strictEqual(receipts[2 * t]!.userId, person)
              assert.strictEqual(receipts[2 * t + 1]!.userId, person)
            }
          }
          assert.strictEqual(people.size, phones.length)
          const sql = yield* SqlClient
          const [counts] = yield* Schema.decodeUnknownEffect(Counts)(yield* sql`SELECT
            (SELECT count(DISTINCT user_id)::int FROM inbound_messages WHERE id LIKE 'burst:%') AS people,
            (SELECT count(*)::int FROM inbound_messages WHERE id LIKE 'burst:%') AS texts`)
          assert.deepStrictEqual(counts, { people: 300, texts: 1200 })
        }))
    })
  })
}

const CHANNEL = "jules_test_texts_stored"

/** Notifications on `CHANNEL` until `until` holds of the user ids heard, or `within` passes. */
const hear = (
  notifications: Queue.Dequeue<{ readonly payload: string }, unknown>,
  until: (heard: ReadonlyArray<string>) => boolean,
  within: Duration.Input
) =>
  Effect.gen(function*() {
    const heard: Array<string> = []
    const payloads: Array<string> = []
    yield* Effect.gen(function*() {
      while (!until(heard)) {
        const { payload } = yield* Queue.take(notifications)
        payloads.push(payload)
        heard.push(...payload.split(","))
      }
    }).pipe(Effect.timeoutOption(within))
    return { heard, payloads }
  })

const text = (from: PhoneNumber, body: string, id = SecureRandom.uuidV4Unsafe()): ArrivingText => ({
  id: MessageId.make(`announce:${id}`),
  from,
  body,
  receivedAt: DateTime.makeUnsafe(Date.now()),
  defaults: { tier: Tier.make("free"), timeZone: "America/New_York" }
})

// PostgreSQL only: announcing is for a `web` process and its workers, which share a PostgreSQL
// server; the embedded database belongs to one process and does not deliver notifications.
for (const database of Databases.all.filter((d) => d.name === "PostgreSQL")) {
  describe.skipIf(database.skip)(`PgTextIntake announcing stored texts (${database.name})`, () => {
    const storage = Storage.layer(database.layer, Keys.cryptoLayer())
    const announcing = Layer.effect(OtherIntake, PgTextIntake.make).pipe(
      Layer.provide(storage),
      Layer.provide(Layer.succeed(PgTextIntake.AnnounceTexts, CHANNEL))
    )
    layer(Layer.merge(storage, announcing), { excludeTestServices: true, timeout: "60 seconds" })((it) => {
      it.effect("the people whose texts were stored are announced, with no number or text", () =>
        Effect.scoped(Effect.gen(function*() {
          const notifications = yield* (yield* PgClient.PgClient).listen(CHANNEL)
          const intake = yield* OtherIntake
          const phones = numbers(3)
          const texts = [
            text(phones[0]!, "first from zero"),
            text(phones[0]!, "second from zero"),
            text(phones[1]!, "one from one"),
            text(phones[2]!, "one from two")
          ]
          const receipts = yield* Effect.forEach(texts, (t) => intake.receive(t), { concurrency: "unbounded" })
          const people = new Set(receipts.map((r) => r.userId))
          const { heard, payloads } = yield* hear(notifications, (ids) => [...people].every((p) => ids.includes(p)), "10 seconds")
          assert.deepStrictEqual(new Set(heard), people)
          for (const payload of payloads) {
            for (const secret of [...phones, ...texts.map((t) => t.body)]) assert.notInclude(payload, secret)
          }

          // A provider's retry stores nothing new and announces nothing.
          const again = yield* intake.receive(texts[2]!)
          assert.isFalse(again.stored)
          const quiet = yield* hear(notifications, (ids) => ids.length > 0, "500 millis")
          assert.deepStrictEqual(quiet.heard, [])
        })))

      it.effect("an intake not asked to announce announces nothing", () =>
        Effect.scoped(Effect.gen(function*() {
          const notifications = yield* (yield* PgClient.PgClient).listen(CHANNEL)
          const stored = yield* (yield* TextIntake).receive(text(numbers(1)[0]!, "not announced"))
          assert.isTrue(stored.stored)
          const quiet = yield* hear(notifications, (ids) => ids.length > 0, "500 millis")
          assert.deepStrictEqual(quiet.heard, [])
        })))
    })
  })
}
