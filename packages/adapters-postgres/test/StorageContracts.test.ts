/**
 * core's storage contracts, the same suites the in-memory stores pass, against
 * embedded PGlite and a real PostgreSQL; and racing webhook deliveries.
 */
import { afterAll, assert, describe, layer } from "@effect/vitest"
import type { MessageId, UserId } from "@jules/core"
import { EventClaims, InboundMessage, MessageStore } from "@jules/core"
import { DateTime, Effect, Layer, Schema } from "effect"
import { SecureRandom } from "effect/crypto"
import { SqlClient } from "effect/sql/SqlClient"
import { storageContracts } from "@jules/testkit"
import * as PostgresStorage from "../src/PostgresStorage.ts"
import * as Databases from "./support/Databases.ts"
import * as Keys from "./support/Keys.ts"
import * as Storage from "./support/Storage.ts"

afterAll(Databases.closeEmbedded)

const decodeCount = Schema.decodeUnknownEffect(Schema.Array(Schema.Struct({ count: Schema.Int })))

for (const database of Databases.all) {
  storageContracts(
    database.name,
    PostgresStorage.layer.pipe(Layer.provide(Layer.merge(database.layer, Keys.cryptoLayer()))),
    { skip: database.skip }
  )

  describe.skipIf(database.skip)(`Racing webhook deliveries (${database.name})`, () => {
    layer(Storage.layer(database.layer), { excludeTestServices: true })((it) => {
      it.effect("of 20 fibers delivering one provider message id, exactly one claims it and records the text", () =>
        Effect.gen(function*() {
          const claims = yield* EventClaims
          const messages = yield* MessageStore
          const sql = yield* SqlClient
          const sid = `SM${SecureRandom.uuidV4Unsafe().replaceAll("-", "")}`
          const userId = SecureRandom.uuidV4Unsafe() as UserId
          const receivedAt = yield* DateTime.now
          const deliver = (attempt: number) =>
            Effect.gen(function*() {
              if (!(yield* claims.claim("twilio:sms", sid))) return false
              const id = `${sid}-${attempt}` as MessageId
              yield* messages.recordInbound(
                new InboundMessage({ id, userId, body: "are you there?", providerMessageId: sid, receivedAt })
              )
              return true
            })
          const won = yield* Effect.all(Array.from({ length: 20 }, (_, i) => deliver(i)), { concurrency: "unbounded" })
          assert.strictEqual(won.filter((w) => w).length, 1)
          const [claimed] = yield* decodeCount(
            yield* sql`SELECT count(*)::int AS count FROM event_claims WHERE source = 'twilio:sms' AND id = ${sid}`
          )
          assert.strictEqual(claimed?.count, 1)
          assert.strictEqual((yield* messages.exportUser(userId)).inbound.length, 1)
        }))
    })
  })
}
