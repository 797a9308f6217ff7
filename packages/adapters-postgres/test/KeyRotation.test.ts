/**
 * Rotation: add key B in front of A, everything stays readable and findable;
 * `rotateAll` moves every stored value to B; then A can go.
 */
import { afterAll, assert, describe, layer } from "@effect/vitest"
import type { MessageId, PhoneNumber, TurnId, UserId } from "@jules/core"
import {
  AuditEntry,
  AuditLog,
  ConsentChange,
  ConversationSummary,
  InboundMessage,
  MemoryFact,
  MemoryStore,
  MessageStore,
  OutboundMessage,
  Tier,
  UserStore
} from "@jules/core"
import { DateTime, Effect, Layer, Option, Schema } from "effect"
import { SecureRandom } from "effect/crypto"
import { SqlClient } from "effect/sql/SqlClient"
import * as AesGcmCrypto from "../src/AesGcmCrypto.ts"
import * as KeyCheck from "../src/KeyCheck.ts"
import * as KeyRotation from "../src/KeyRotation.ts"
import * as PostgresStorage from "../src/PostgresStorage.ts"
import * as Databases from "./support/Databases.ts"
import * as Keys from "./support/Keys.ts"

afterAll(Databases.closeEmbedded)

const [keyA, keyB] = [Keys.keys("keyA")[0], Keys.keys("keyB")[0]]

/** The stores as a deployment configured with these keys (first encrypts) sees them. */
const withKeys = (...keys: [typeof keyA, ...Array<typeof keyA>]) =>
  Effect.provide(PostgresStorage.layer.pipe(Layer.provideMerge(AesGcmCrypto.layer(keys))))

const at = DateTime.makeUnsafe("2026-05-01T10:00:00.000Z")
const uuid = () => SecureRandom.uuidV4Unsafe()

/** Someone with something in every encrypted column. */
const writeEverything = (phone: PhoneNumber) =>
  Effect.gen(function*() {
    const user = yield* Effect.flatMap(UserStore, (s) => s.findOrCreate(phone, { tier: Tier.make("free"), timeZone: "UTC" }))
    const inbound = new InboundMessage({ id: uuid() as MessageId, userId: user.id, body: "my cat Miso is sick", receivedAt: at })
    const outbound = new OutboundMessage({
      id: uuid() as MessageId,
      userId: user.id,
      turnId: inbound.id as unknown as TurnId,
      sequence: 0,
      kind: "reply",
      body: "I'm sorry about Miso.",
      encoding: "GSM-7",
      segments: 1,
      status: "pending",
      createdAt: at,
      updatedAt: at
    })
    const messages = yield* MessageStore
    yield* messages.recordInbound(inbound)
    yield* messages.recordOutbound([outbound])
    const memory = yield* MemoryStore
    yield* memory.addFacts([new MemoryFact({ userId: user.id, text: "Their cat is called Miso.", at })])
    yield* memory.setSummary(new ConversationSummary({ userId: user.id, text: "Worried about Miso.", coversUntil: at, at }))
    const audit = new AuditEntry({ id: uuid(), kind: "consent_changed", userId: user.id, detail: { state: "opted_in" }, at })
    yield* Effect.flatMap(AuditLog, (log) => log.append(audit))
    return { user, inbound, outbound }
  })

/** Everything written for the user reads back the same. */
const readsBack = (written: Effect.Success<ReturnType<typeof writeEverything>>) =>
  Effect.gen(function*() {
    const { inbound, outbound, user } = written
    const found = Option.getOrThrow(yield* Effect.flatMap(UserStore, (s) => s.findByPhone(user.phone)))
    assert.strictEqual(found.id, user.id)
    const messages = yield* MessageStore
    assert.strictEqual(Option.getOrThrow(yield* messages.findInbound(inbound.id)).body, inbound.body)
    assert.strictEqual((yield* messages.outboundForTurn(outbound.turnId))[0]?.body, outbound.body)
    const memory = yield* MemoryStore
    assert.deepStrictEqual((yield* memory.facts(user.id)).map((f) => f.text), ["Their cat is called Miso."])
    assert.strictEqual(Option.getOrThrow(yield* memory.summary(user.id)).text, "Worried about Miso.")
    const [entry] = yield* Effect.flatMap(AuditLog, (log) => log.list({ userId: user.id, limit: 10 }))
    assert.deepStrictEqual(entry?.detail, { state: "opted_in" })
  })

const decodeCount = Schema.decodeUnknownEffect(Schema.Array(Schema.Struct({ count: Schema.Int })))

/** Raw rows anywhere still holding a ciphertext or blind index under `keyId`. */
const rowsUnder = (keyId: string) =>
  Effect.gen(function*() {
    const sql = yield* SqlClient
    const ciphertext = `v1.${keyId}.%`
    const index = `bi1.${keyId}.%`
    const [row] = yield* decodeCount(yield* sql`SELECT (
      (SELECT count(*) FROM users WHERE phone_ciphertext LIKE ${ciphertext} OR phone_index LIKE ${index}) +
      (SELECT count(*) FROM inbound_messages WHERE body_ciphertext LIKE ${ciphertext}) +
      (SELECT count(*) FROM outbound_messages WHERE body_ciphertext LIKE ${ciphertext}) +
      (SELECT count(*) FROM memory_facts WHERE text_ciphertext LIKE ${ciphertext}) +
      (SELECT count(*) FROM memory_summaries WHERE text_ciphertext LIKE ${ciphertext}) +
      (SELECT count(*) FROM audit_log WHERE detail_ciphertext LIKE ${ciphertext}) +
      (SELECT count(*) FROM jules_key_check WHERE check_ciphertext LIKE ${ciphertext})
    )::int AS count`)
    return row?.count ?? 0
  })

const phoneOf = () =>
  `+1555${Array.from(SecureRandom.randomBytesUnsafe(11), (byte) => byte % 10).join("")}` as PhoneNumber

for (const database of Databases.all) {
  describe.skipIf(database.skip)(`KeyRotation (${database.name})`, () => {
    layer(database.layer, { excludeTestServices: true })((it) => {
      it.effect("data under key A stays readable behind a new primary B, and rotateAll leaves nothing under A", () =>
        Effect.gen(function*() {
          const [first, second] = [phoneOf(), phoneOf()]
          // The database's key check is made under A, and moves with the data.
          yield* KeyCheck.verify.pipe(withKeys(keyA))
          const writtenA1 = yield* writeEverything(first).pipe(withKeys(keyA))
          const writtenA2 = yield* writeEverything(second).pipe(withKeys(keyA))
          assert.isAbove(yield* rowsUnder("keyA"), 0)

          // B added in front: everything reads; the number is found, not created again.
          yield* Effect.gen(function*() {
            yield* readsBack(writtenA1)
            yield* readsBack(writtenA2)
            const users = yield* UserStore
            const again = yield* users.findOrCreate(first, { tier: Tier.make("plus"), timeZone: "UTC" })
            assert.strictEqual(again.id, writtenA1.user.id)
            // A write re-encrypts and re-indexes the number under B.
            yield* users.setConsent(new ConsentChange({ userId: again.id, state: "opted_out", source: "keyword", at }))
            const sql = yield* SqlClient
            const [row] = yield* sql<{ readonly phone_ciphertext: string; readonly phone_index: string }>`
              SELECT phone_ciphertext, phone_index FROM users WHERE id = ${again.id}`
            assert.isTrue(row!.phone_ciphertext.startsWith("v1.keyB.") && row!.phone_index.startsWith("bi1.keyB."))
            const report = yield* KeyRotation.rotateAll
            assert.strictEqual(report.primaryKeyId, "keyB")
            assert.isAtLeast(report.columns.find((c) => c.table === "users")!.rewritten, 1)
          }).pipe(withKeys(keyB, keyA))
          assert.strictEqual(yield* rowsUnder("keyA"), 0)
          assert.isAbove(yield* rowsUnder("keyB"), 0)

          // A removed: everything still reads, and a second rotation has nothing to do.
          yield* Effect.gen(function*() {
            yield* readsBack(writtenA1)
            yield* readsBack(writtenA2)
            yield* KeyCheck.verify
            const report = yield* KeyRotation.rotateAll
            assert.deepStrictEqual(report.columns.map((c) => c.rewritten), report.columns.map(() => 0))
            assert.isTrue(report.columns.every((c) => c.scanned >= 1))
          }).pipe(withKeys(keyB))
        }))

      it.effect("without the old key a stored value is reported corrupted, not returned", () =>
        Effect.gen(function*() {
          const userId = uuid() as UserId
          yield* Effect.flatMap(MemoryStore, (m) => m.addFacts([new MemoryFact({ userId, text: "secret", at })])).pipe(
            withKeys(Keys.keys("lost")[0])
          )
          const error = yield* Effect.flip(Effect.flatMap(MemoryStore, (m) => m.facts(userId)).pipe(withKeys(keyB)))
          assert.strictEqual(error.reason._tag, "StoreCorrupted")
          assert.notInclude(error.message, "secret")
          yield* Effect.flatMap(MemoryStore, (m) => m.eraseUser(userId)).pipe(withKeys(keyB))
        }))
    })
  })
}
