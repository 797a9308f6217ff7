/**
 * A database dump after a conversation holds no phone number, no body, no
 * name and no memory in clear (DESIGN §4). Runs `pg_dump` against a real
 * PostgreSQL; skipped without `TEST_DATABASE_URL` or without `pg_dump`.
 *
 * `conversation` is the only part that knows how a conversation is recorded:
 * swap it for the real conversation turn and the dump check stays the same.
 */
import { assert, describe, layer } from "@effect/vitest"
import type { MessageId, PhoneNumber, TurnId } from "@jules/core"
import {
  AuditEntry,
  AuditLog,
  ConsentChange,
  ConversationSummary,
  ConversationTurn,
  CrisisEvent,
  CrisisEventLog,
  Crypto,
  DisclosureLog,
  DisclosureRecord,
  EventClaims,
  InboundMessage,
  MemoryFact,
  MemoryStore,
  MessageStore,
  OutboundMessage,
  Tier,
  UserStore
} from "@jules/core"
import { DateTime, Effect, Layer, Redacted } from "effect"
import { SecureRandom } from "effect/crypto"
import { execFile } from "node:child_process"
import { promisify } from "node:util"
import type { StoragePorts } from "../src/PostgresStorage.ts"
import * as Databases from "./support/Databases.ts"
import * as Storage from "./support/Storage.ts"

const run = promisify(execFile)

const pgDumpAvailable = await run("pg_dump", ["--version"]).then(() => true, () => false)

/** What must never appear in clear: the number in every common spelling, and the words said. */
export interface Secrets {
  readonly phoneFormats: ReadonlyArray<string>
  readonly texts: ReadonlyArray<string>
}

const phone = "+14155552671" as PhoneNumber

/**
 * A realistic first conversation recorded through the stores: a crisis
 * disclosure, a name, memory of it, and the rest of what a turn writes.
 */
export const conversation: Effect.Effect<Secrets, unknown, StoragePorts> = Effect.gen(function*() {
  const uuid = () => SecureRandom.uuidV4Unsafe()
  const at = yield* DateTime.now
  const inboundBody = "Hi, it's Marisol Quintero. My brother Teodoro hits me and I don't want to live anymore"
  const replyBody = "Marisol, I'm really glad you told me. You deserve to be safe."
  const resourcesBody = "You can call or text 988 any time. If Teodoro is hurting you now, call 911."
  const fact = "Their brother Teodoro is violent toward them."
  const summaryText = "Marisol Quintero disclosed abuse by her brother Teodoro and thoughts of suicide."

  const sid = `SM${uuid().replaceAll("-", "")}`
  yield* Effect.flatMap(EventClaims, (claims) => claims.claim("twilio:sms", sid))
  const users = yield* UserStore
  const user = yield* users.findOrCreate(phone, { tier: Tier.make("free"), timeZone: "America/Los_Angeles" })
  yield* users.setConsent(new ConsentChange({ userId: user.id, state: "opted_in", source: "keyword", at }))
  const turnId = uuid() as TurnId
  const messages = yield* MessageStore
  yield* messages.recordInbound(
    new InboundMessage({
      id: turnId as unknown as MessageId,
      userId: user.id,
      body: inboundBody,
      providerMessageId: sid,
      receivedAt: at
    })
  )
  const outbound = [replyBody, resourcesBody].map((body, sequence) =>
    new OutboundMessage({
      id: uuid() as MessageId,
      userId: user.id,
      turnId,
      sequence,
      kind: sequence === 0 ? "reply" : "crisis_resources",
      body,
      encoding: "GSM-7",
      segments: 1,
      status: "pending",
      createdAt: at,
      updatedAt: at
    })
  )
  yield* messages.recordOutbound(outbound)
  yield* messages.updateOutbound(outbound[0]!.id, { status: "sent", providerMessageId: `SM${uuid()}`, at })
  yield* messages.recordTurn(
    new ConversationTurn({
      id: turnId,
      userId: user.id,
      inboundIds: [turnId as unknown as MessageId],
      outcome: "replied",
      crisisCategory: "suicide",
      crisisSeverity: "concern",
      provider: "anthropic",
      at
    })
  )
  const memory = yield* MemoryStore
  yield* memory.addFacts([new MemoryFact({ userId: user.id, text: fact, at })])
  yield* memory.setSummary(new ConversationSummary({ userId: user.id, text: summaryText, coversUntil: at, at }))
  yield* Effect.flatMap(CrisisEventLog, (log) =>
    log.record(new CrisisEvent({ id: turnId, userId: user.id, category: "suicide", severity: "concern", referred: true, at })))
  yield* Effect.flatMap(DisclosureLog, (log) =>
    log.record(new DisclosureRecord({ id: outbound[0]!.id, userId: user.id, kind: "ai_notice", sentAt: at })))
  yield* Effect.flatMap(AuditLog, (log) =>
    log.append(
      new AuditEntry({ id: `crisis:${turnId}`, kind: "crisis_referral", userId: user.id, detail: { category: "suicide" }, at })
    ))
  return {
    phoneFormats: ["+14155552671", "14155552671", "4155552671", "(415) 555-2671", "415-555-2671", "415.555.2671"],
    texts: [inboundBody, replyBody, resourcesBody, fact, summaryText, "Marisol", "Quintero", "Teodoro", "want to live"]
  }
})

const dump = (url: Redacted.Redacted<string>) =>
  Effect.promise(() => run("pg_dump", ["--no-owner", Redacted.value(url)], { maxBuffer: 64 * 1024 * 1024 }))

const skip = Databases.postgresUrl === undefined || !pgDumpAvailable

describe.skipIf(skip)("Privacy at rest (PostgreSQL, pg_dump)", () => {
  const base = Databases.postgresUrl ?? ""
  // The scratch database's URL, known once the layer has made it.
  let url: Redacted.Redacted<string> | undefined
  const database: Databases.TestDatabase = Layer.unwrap(
    Effect.map(Databases.scratchDatabase(base), (name) => {
      url = Databases.urlOfDatabase(base, name)
      return Storage.databaseAt(url)
    })
  )

  layer(Storage.layer(database), { excludeTestServices: true })((it) => {
    it.effect("a pg_dump after a conversation holds no phone number, body, name or memory in clear", () =>
      Effect.gen(function*() {
        const secrets = yield* conversation
        const { stdout } = yield* dump(url!)
        const primary = (yield* Crypto).primaryKeyId
        // The conversation is in the dump, encrypted (the phone, bodies, memory, audit detail).
        assert.isAtLeast(stdout.split(`v1.${primary}.`).length - 1, 7)
        const lower = stdout.toLowerCase()
        for (const format of secrets.phoneFormats) assert.notInclude(stdout, format, `phone as ${format}`)
        for (const text of secrets.texts) assert.notInclude(lower, text.toLowerCase(), "text in clear")
      }))
  })
})
