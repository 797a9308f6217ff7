/**
 * A person's right to see and to delete what Jules keeps about them (CCPA,
 * GDPR). Export gathers every store's rows; erase removes them everywhere.
 * Counts kept for regulators (referrals per year) and the audit trail stay,
 * without anything that points back to the person.
 */
import { Context, DateTime, Effect, Layer, Option, Schema } from "effect"
import { uuidV4Unsafe } from "effect/crypto/SecureRandom"
import { AuditEntry } from "../domain/Audit.ts"
import { CrisisEvent } from "../domain/Crisis.ts"
import { DeadLetter } from "../domain/DeadLetter.ts"
import { DisclosureRecord } from "../domain/Disclosure.ts"
import type { UserId } from "../domain/Ids.ts"
import { ConversationSummary, MemoryFact } from "../domain/Memory.ts"
import { InboundMessage, OutboundMessage } from "../domain/Message.ts"
import { ConversationTurn } from "../domain/Turn.ts"
import { UsageRecord } from "../domain/Usage.ts"
import { ConsentChange, User } from "../domain/User.ts"
import { AuditLog } from "../ports/AuditLog.ts"
import { BillingAccounts } from "../ports/BillingAccounts.ts"
import { LinkTokens } from "../ports/LinkTokens.ts"
import { CrisisEventLog } from "../ports/CrisisEventLog.ts"
import { DeadLetters } from "../ports/DeadLetters.ts"
import { DisclosureLog } from "../ports/DisclosureLog.ts"
import { MemoryStore } from "../ports/MemoryStore.ts"
import { MessageStore } from "../ports/MessageStore.ts"
import type { StorageError } from "../ports/StorageError.ts"
import { UsageLedger } from "../ports/UsageLedger.ts"
import { UserStore } from "../ports/UserStore.ts"
import * as Spans from "../Spans.ts"

export class UserExport extends Schema.Class<UserExport>("@jules/core/UserExport")({
  user: User,
  consentHistory: Schema.Array(ConsentChange),
  inbound: Schema.Array(InboundMessage),
  outbound: Schema.Array(OutboundMessage),
  turns: Schema.Array(ConversationTurn),
  memoryFacts: Schema.Array(MemoryFact),
  summary: Schema.NullOr(ConversationSummary),
  crisisEvents: Schema.Array(CrisisEvent),
  deadLetters: Schema.Array(DeadLetter),
  disclosures: Schema.Array(DisclosureRecord),
  usage: Schema.Array(UsageRecord),
  audit: Schema.Array(AuditEntry),
  exportedAt: Schema.DateTimeUtc
}) {}

/** The export as the JSON document a person receives. */
export const UserExportJson = Schema.toCodecJson(UserExport)

export class UserData extends Context.Service<UserData, {
  /** `None` when there is no such user. */
  readonly exportUser: (userId: UserId) => Effect.Effect<Option.Option<UserExport>, StorageError>
  readonly eraseUser: (userId: UserId) => Effect.Effect<void, StorageError>
}>()("@jules/core/UserData") {
  static readonly layer = Layer.effect(
    UserData,
    Effect.gen(function*() {
      const users = yield* UserStore
      const messages = yield* MessageStore
      const memory = yield* MemoryStore
      const crisis = yield* CrisisEventLog
      const disclosures = yield* DisclosureLog
      const deadLetters = yield* DeadLetters
      const usage = yield* UsageLedger
      const audit = yield* AuditLog
      const links = yield* LinkTokens
      const billingAccounts = yield* BillingAccounts

      const exportUser = Spans.fn("UserData.exportUser")(function*(userId: UserId) {
        const found = yield* users.findById(userId)
        if (Option.isNone(found)) return Option.none()
        const [
          consentHistory,
          conversation,
          memoryFacts,
          summary,
          crisisEvents,
          letters,
          disclosureRecords,
          usageRecords,
          auditEntries
        ] = yield* Effect.all([
            users.consentHistory(userId),
            messages.exportUser(userId),
            memory.facts(userId),
            memory.summary(userId),
            crisis.list({ userId, limit: 100_000 }),
            deadLetters.list({ userId, limit: 100_000 }),
            disclosures.list(userId),
            usage.list(userId),
            audit.list({ userId, limit: 100_000 })
          ])
        const exportedAt = yield* DateTime.now
        yield* audit.append(
          new AuditEntry({ id: `export:${uuidV4Unsafe()}`, kind: "user_exported", userId, detail: {}, at: exportedAt })
        )
        return Option.some(
          new UserExport({
            user: found.value,
            consentHistory,
            inbound: conversation.inbound,
            outbound: conversation.outbound,
            turns: conversation.turns,
            memoryFacts,
            summary: Option.getOrNull(summary),
            crisisEvents,
            deadLetters: letters,
            disclosures: disclosureRecords,
            usage: usageRecords,
            audit: auditEntries,
            exportedAt
          })
        )
      })

      const eraseUser = Spans.fn("UserData.eraseUser")(function*(userId: UserId) {
        yield* messages.eraseUser(userId)
        yield* memory.eraseUser(userId)
        yield* crisis.eraseUser(userId)
        yield* deadLetters.eraseUser(userId)
        yield* disclosures.eraseUser(userId)
        yield* usage.eraseUser(userId)
        yield* audit.eraseUser(userId)
        yield* links.eraseUser(userId)
        yield* billingAccounts.eraseUser(userId)
        yield* users.erase(userId)
        // The trail records that an erasure happened, not whose.
        yield* audit.append(
          new AuditEntry({ id: `erase:${uuidV4Unsafe()}`, kind: "user_erased", detail: {}, at: yield* DateTime.now })
        )
      })

      return UserData.of({ exportUser, eraseUser })
    })
  )
}
