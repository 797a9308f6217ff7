/**
 * One person's data across every store: export (CCPA/GDPR access) and erasure.
 * Written against the ports only, so it works on any storage adapter.
 *
 * Erasure removes every row about the person; what stays is what carries no
 * personal data: the yearly referral counts, and audit entries without the id.
 * The user row goes last, so an erasure cut short can simply be run again.
 */
import type { StorageError, UserId as UserIdType } from "@jules/core"
import {
  AuditEntry,
  AuditLog,
  ConsentChange,
  ConversationSummary,
  ConversationTurn,
  CrisisEvent,
  CrisisEventLog,
  DisclosureLog,
  DisclosureRecord,
  InboundMessage,
  MemoryFact,
  MemoryStore,
  MessageStore,
  OutboundMessage,
  UsageLedger,
  UsageRecord,
  User,
  UserId,
  UserStore
} from "@jules/core"
import { DateTime, Effect, Option, Schema } from "effect"
import type { StoragePorts } from "./PostgresStorage.ts"

/** Large enough for "all of one person's entries". */
const ALL = 2_147_483_647

export class UserExport extends Schema.Class<UserExport>("@jules/adapters-postgres/UserExport")({
  userId: UserId,
  exportedAt: Schema.DateTimeUtc,
  /** `null` when the user row is gone (already erased) but other stores still held rows. */
  user: Schema.NullOr(User),
  consentHistory: Schema.Array(ConsentChange),
  inbound: Schema.Array(InboundMessage),
  outbound: Schema.Array(OutboundMessage),
  turns: Schema.Array(ConversationTurn),
  memoryFacts: Schema.Array(MemoryFact),
  summary: Schema.NullOr(ConversationSummary),
  crisisEvents: Schema.Array(CrisisEvent),
  disclosures: Schema.Array(DisclosureRecord),
  usage: Schema.Array(UsageRecord),
  audit: Schema.Array(AuditEntry)
}) {}

/** The export as JSON values (instants as ISO strings), and back. */
export const UserExportJson = Schema.toCodecJson(UserExport)
export const toJson = Schema.encodeEffect(UserExportJson)
export const fromJson = Schema.decodeUnknownEffect(UserExportJson)

export const exportUser = Effect.fn("UserData.exportUser")(
  function*(userId: UserIdType): Effect.fn.Return<UserExport, StorageError, StoragePorts> {
    const users = yield* UserStore
    const messages = yield* MessageStore
    const memory = yield* MemoryStore
    const crisis = yield* CrisisEventLog
    const disclosures = yield* DisclosureLog
    const usage = yield* UsageLedger
    const audit = yield* AuditLog
    const conversation = yield* messages.exportUser(userId)
    return new UserExport({
      userId,
      exportedAt: yield* DateTime.now,
      user: Option.getOrNull(yield* users.findById(userId)),
      consentHistory: yield* users.consentHistory(userId),
      inbound: conversation.inbound,
      outbound: conversation.outbound,
      turns: conversation.turns,
      memoryFacts: yield* memory.facts(userId),
      summary: Option.getOrNull(yield* memory.summary(userId)),
      crisisEvents: yield* crisis.list({ userId, limit: ALL }),
      disclosures: yield* disclosures.list(userId),
      usage: yield* usage.list(userId),
      audit: yield* audit.list({ userId, limit: ALL })
    })
  }
)

export const eraseUser = Effect.fn("UserData.eraseUser")(
  function*(userId: UserIdType): Effect.fn.Return<void, StorageError, StoragePorts> {
    yield* Effect.flatMap(MessageStore, (store) => store.eraseUser(userId))
    yield* Effect.flatMap(MemoryStore, (store) => store.eraseUser(userId))
    yield* Effect.flatMap(CrisisEventLog, (store) => store.eraseUser(userId))
    yield* Effect.flatMap(DisclosureLog, (store) => store.eraseUser(userId))
    yield* Effect.flatMap(UsageLedger, (store) => store.eraseUser(userId))
    yield* Effect.flatMap(AuditLog, (store) => store.eraseUser(userId))
    yield* Effect.flatMap(UserStore, (store) => store.erase(userId))
  }
)
