/**
 * Export and erasure of one person's data (CCPA/GDPR): the export holds every
 * field of every store and survives a JSON round trip; erasure leaves no row
 * in any table that names the person, by id or by phone index.
 */
import { afterAll, assert, describe, layer } from "@effect/vitest"
import type { MessageId, PhoneNumber, TurnId } from "@jules/core"
import {
  AuditEntry,
  AuditLog,
  BillingAccount,
  BillingAccounts,
  LinkTokens,
  newToken,
  ConsentChange,
  ConversationSummary,
  ConversationTurn,
  Crypto,
  CrisisEvent,
  CrisisEventLog,
  DisclosureLog,
  DisclosureRecord,
  InboundMessage,
  MemoryFact,
  MemoryStore,
  MessageStore,
  OutboundMessage,
  TokenUsage,
  UsageLedger,
  UsageRecord,
  usageRecordId,
  User,
  UserData,
  UserExport,
  UserExportJson,
  UserStore,
  Tier
} from "@jules/core"
import { DateTime, Effect, Layer, Option, Schema } from "effect"
import { SecureRandom } from "effect/crypto"
import { SqlClient } from "effect/sql/SqlClient"
import * as Databases from "./support/Databases.ts"
import * as Storage from "./support/Storage.ts"

afterAll(Databases.closeEmbedded)

const uuid = () => SecureRandom.uuidV4Unsafe()
const minute = (n: number) => DateTime.makeUnsafe(Date.UTC(2026, 4, 1, 9, n))
const plain = <S extends Schema.ConstraintEncoder<unknown>>(schema: S, value: S["Type"]): unknown =>
  JSON.parse(JSON.stringify(Schema.encodeSync(schema)(value)))
const plainAll = <S extends Schema.ConstraintEncoder<unknown>>(schema: S, values: ReadonlyArray<S["Type"]>) =>
  values.map((value) => plain(schema, value))

const newPhone = () => `+1555${Array.from(SecureRandom.randomBytesUnsafe(11), (byte) => byte % 10).join("")}` as PhoneNumber

/** A person with a row in every store, every optional field set somewhere. */
const writeFullUser = Effect.gen(function*() {
  const users = yield* UserStore
  const created = yield* users.findOrCreate(newPhone(), { tier: Tier.make("free"), timeZone: "America/Denver" })
  const consent = [
    new ConsentChange({ userId: created.id, state: "opted_out", source: "keyword", at: minute(1) }),
    new ConsentChange({ userId: created.id, state: "opted_in", source: "admin", at: minute(2) })
  ]
  for (const change of consent) yield* users.setConsent(change)
  yield* users.setAgeStatus(created.id, "adult")
  const user = yield* users.setTier(created.id, Tier.make("pro"))

  const turnId = uuid() as TurnId
  const inbound = [
    new InboundMessage({
      id: turnId as unknown as MessageId,
      userId: user.id,
      body: "rough day, Jordan yelled at me again",
      providerMessageId: `SM${uuid()}`,
      receivedAt: minute(3)
    }),
    new InboundMessage({ id: uuid() as MessageId, userId: user.id, body: "are you real?", receivedAt: minute(4) })
  ]
  const outbound = [
    new OutboundMessage({
      id: uuid() as MessageId,
      userId: user.id,
      turnId,
      sequence: 0,
      kind: "reply",
      body: "That sounds hard. I'm an AI, and I'm here.",
      encoding: "GSM-7",
      segments: 1,
      status: "pending",
      createdAt: minute(5),
      updatedAt: minute(5)
    }),
    new OutboundMessage({
      id: uuid() as MessageId,
      userId: user.id,
      turnId,
      sequence: 1,
      kind: "crisis_resources",
      body: "If you're in danger, call 911. 📞",
      encoding: "UCS-2",
      segments: 1,
      status: "pending",
      createdAt: minute(5),
      updatedAt: minute(5)
    })
  ]
  const messages = yield* MessageStore
  for (const message of inbound) yield* messages.recordInbound(message)
  yield* messages.recordOutbound(outbound)
  yield* messages.updateOutbound(outbound[0]!.id, { status: "sent", providerMessageId: `SM${uuid()}`, at: minute(6) })
  yield* messages.updateOutbound(outbound[1]!.id, { status: "failed", errorCode: "30007", at: minute(6) })
  const turn = new ConversationTurn({
    id: turnId,
    userId: user.id,
    inboundIds: inbound.map((m) => m.id),
    outcome: "replied",
    crisisCategory: "abuse",
    crisisSeverity: "concern",
    provider: "anthropic",
    at: minute(5)
  })
  yield* messages.recordTurn(turn)

  const facts = [
    new MemoryFact({ userId: user.id, text: "Their partner is called Jordan.", at: minute(7) }),
    new MemoryFact({ userId: user.id, text: "They work at a bakery.", at: minute(8) })
  ]
  const summary = new ConversationSummary({
    userId: user.id,
    text: "A hard time at home.",
    coversUntil: minute(5),
    at: minute(9)
  })
  const memory = yield* MemoryStore
  yield* memory.addFacts(facts)
  yield* memory.setSummary(summary)

  const crisis = new CrisisEvent({
    id: turnId,
    userId: user.id,
    category: "abuse",
    severity: "concern",
    referred: true,
    at: minute(5)
  })
  yield* Effect.flatMap(CrisisEventLog, (log) => log.record(crisis))
  const disclosure = new DisclosureRecord({ id: outbound[0]!.id, userId: user.id, kind: "ai_notice", sentAt: minute(6) })
  yield* Effect.flatMap(DisclosureLog, (log) => log.record(disclosure))
  const usage = new UsageRecord({
    id: usageRecordId(turnId, "reply"),
    userId: user.id,
    purpose: "reply",
    provider: "anthropic",
    model: "claude-test",
    usage: new TokenUsage({ inputTokens: 812, outputTokens: 64, cacheReadTokens: 2048, cacheWriteTokens: 7 }),
    costMicros: 4321,
    at: minute(5)
  })
  yield* Effect.flatMap(UsageLedger, (ledger) => ledger.record(usage))
  const audit = [
    new AuditEntry({
      id: `consent:${uuid()}`,
      kind: "consent_changed",
      userId: user.id,
      detail: { state: "opted_out", source: "keyword" },
      at: minute(1)
    }),
    new AuditEntry({
      id: `crisis:${uuid()}`,
      kind: "crisis_referral",
      userId: user.id,
      detail: { category: "abuse" },
      at: minute(5)
    })
  ]
  for (const entry of audit) yield* Effect.flatMap(AuditLog, (log) => log.append(entry))
  // Billing: a link texted to them and their Stripe ids.
  yield* Effect.flatMap(LinkTokens, (links) =>
    links.save({ token: newToken(), purpose: "billing", userId: user.id, expiresAt: minute(60) }))
  yield* Effect.flatMap(BillingAccounts, (accounts) =>
    accounts.save(new BillingAccount({
      userId: user.id,
      customerId: `cus_${uuid()}`,
      subscriptionId: `sub_${uuid()}`,
      status: "active",
      cancelAtPeriodEnd: false,
      updatedAt: minute(6)
    })))

  const outboundNow = yield* messages.outboundForTurn(turnId)
  return { user, consent, inbound, outbound: outboundNow, turn, facts, summary, crisis, disclosure, usage, audit }
})

const decodeCount = Schema.decodeUnknownEffect(Schema.Array(Schema.Struct({ count: Schema.Int })))
const decodeColumns = Schema.decodeUnknownEffect(
  Schema.Array(Schema.Struct({ table_name: Schema.String, column_name: Schema.String }))
)

/** `table.column` pairs anywhere in the schema whose value mentions any needle. */
const rowsMentioning = (needles: ReadonlyArray<string>) =>
  Effect.gen(function*() {
    const sql = yield* SqlClient
    const columns = yield* decodeColumns(yield* sql`
      SELECT table_name, column_name FROM information_schema.columns
      WHERE table_schema = current_schema() AND table_name <> 'jules_migrations'`)
    assert.isAbove(columns.length, 40)
    const found: Array<string> = []
    for (const { column_name, table_name } of columns) {
      for (const needle of needles) {
        const [row] = yield* decodeCount(yield* sql`SELECT count(*)::int AS count FROM ${sql(table_name)}
          WHERE ${sql(column_name)}::text LIKE ${`%${needle}%`}`)
        if ((row?.count ?? 0) > 0) found.push(`${table_name}.${column_name}`)
      }
    }
    return found
  })

for (const database of Databases.all) {
  describe.skipIf(database.skip)(`UserData (${database.name})`, () => {
    layer(Layer.provideMerge(UserData.layer, Storage.layer(database.layer)), { excludeTestServices: true })((it) => {
      it.effect("the export holds every field written, and survives a JSON round trip", () =>
        Effect.gen(function*() {
          const w = yield* writeFullUser
          yield* writeFullUser // someone else, who must not appear
          const exported = Option.getOrThrow(yield* (yield* UserData).exportUser(w.user.id))
          assert.deepStrictEqual(plain(User, exported.user), plain(User, w.user))
          assert.deepStrictEqual(plainAll(ConsentChange, exported.consentHistory), plainAll(ConsentChange, w.consent))
          assert.deepStrictEqual(plainAll(InboundMessage, exported.inbound), plainAll(InboundMessage, w.inbound))
          assert.deepStrictEqual(plainAll(OutboundMessage, exported.outbound), plainAll(OutboundMessage, w.outbound))
          assert.strictEqual(exported.outbound[1]!.errorCode, "30007")
          assert.deepStrictEqual(plainAll(ConversationTurn, exported.turns), [plain(ConversationTurn, w.turn)])
          assert.deepStrictEqual(plainAll(MemoryFact, exported.memoryFacts), plainAll(MemoryFact, w.facts))
          assert.deepStrictEqual(plain(ConversationSummary, exported.summary!), plain(ConversationSummary, w.summary))
          assert.deepStrictEqual(plainAll(CrisisEvent, exported.crisisEvents), [plain(CrisisEvent, w.crisis)])
          assert.deepStrictEqual(plainAll(DisclosureRecord, exported.disclosures), [plain(DisclosureRecord, w.disclosure)])
          assert.deepStrictEqual(plainAll(UsageRecord, exported.usage), [plain(UsageRecord, w.usage)])
          assert.deepStrictEqual(plainAll(AuditEntry, exported.audit), plainAll(AuditEntry, w.audit))

          const json = JSON.stringify(yield* Schema.encodeEffect(UserExportJson)(exported))
          const back = yield* Schema.decodeUnknownEffect(UserExportJson)(JSON.parse(json))
          assert.deepStrictEqual(plain(UserExport, back), plain(UserExport, exported))
          assert.strictEqual(JSON.stringify(yield* Schema.encodeEffect(UserExportJson)(back)), json)
        }))

      it.effect("erasure leaves no row naming the person; counts and anonymous audit entries stay", () =>
        Effect.gen(function*() {
          const w = yield* writeFullUser
          const other = yield* writeFullUser
          const indexes = yield* Effect.flatMap(Crypto, (c) => c.blindIndexes(w.user.phone))
          const year = DateTime.getPartUtc(w.crisis.at, "year")
          const referrals = yield* Effect.flatMap(CrisisEventLog, (log) => log.referralCount(year))
          assert.isNotEmpty(yield* rowsMentioning([w.user.id, ...indexes]))

          yield* (yield* UserData).eraseUser(w.user.id)

          assert.deepStrictEqual(yield* rowsMentioning([w.user.id, ...indexes]), [])
          assert.isTrue(Option.isNone(yield* Effect.flatMap(UserStore, (s) => s.findByPhone(w.user.phone))))
          assert.isTrue(Option.isNone(yield* (yield* UserData).exportUser(w.user.id)))
          assert.strictEqual(yield* Effect.flatMap(CrisisEventLog, (log) => log.referralCount(year)), referrals)
          const kept = yield* Effect.flatMap(AuditLog, (log) => log.list({ kind: "crisis_referral", limit: 100_000 }))
          const anonymous = kept.find((e) => e.id === w.audit[1]!.id)
          assert.isDefined(anonymous)
          assert.isUndefined(anonymous!.userId)
          // The other person is untouched.
          const theirs = Option.getOrThrow(yield* (yield* UserData).exportUser(other.user.id))
          assert.strictEqual(theirs.inbound.length, 2)
          assert.strictEqual(theirs.audit.length, 2)
          assert.isNotNull(theirs.user)
        }))
    })
  })
}
