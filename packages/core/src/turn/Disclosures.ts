/**
 * Rule 8 of a turn, acted on: the notices due now, and the record of every
 * notice once it went out - whichever run of the turn sent it, on its own or
 * at the head of a late reply (`Outbox`).
 */
import { Context, DateTime, Effect, Layer } from "effect"
import { AuditEntry } from "../domain/Audit.ts"
import { DisclosureRecord } from "../domain/Disclosure.ts"
import type { DisclosureKind } from "../domain/Disclosure.ts"
import type { MessageId, UserId } from "../domain/Ids.ts"
import type { User } from "../domain/User.ts"
import { disclosuresDue } from "../policy/DisclosurePolicy.ts"
import { AuditLog } from "../ports/AuditLog.ts"
import { DisclosureLog, type LastDisclosures } from "../ports/DisclosureLog.ts"
import type { StorageError } from "../ports/StorageError.ts"
import { makeCopy } from "./Copy.ts"
import { CompanionSettings } from "./Settings.ts"
import type { Draft } from "./TurnPlan.ts"

/** A notice the carrier took: `id` names it in the disclosure log and the audit trail. */
export interface NoticeSent {
  readonly id: MessageId
  readonly userId: UserId
  readonly kind: DisclosureKind
  readonly at: DateTime.Utc
}

/** The notices to send with a turn's reply, and the reading of the log they were decided on. */
export interface DueNotices {
  readonly drafts: ReadonlyArray<Draft>
  /** Handed to the outbox pass that sends them (`DeliverOptions.lastDisclosures`). */
  readonly read: LastDisclosures
}

export class Disclosures extends Context.Service<Disclosures, {
  /**
   * The notices to send with this turn's reply; `minor` as the age gate found
   * the person, `last` as the turn read the log (`ConversationSnapshots`).
   */
  readonly due: (user: User, now: DateTime.Utc, minor: boolean, last: LastDisclosures) => DueNotices
  readonly recordSent: (notice: NoticeSent) => Effect.Effect<void, StorageError>
}>()("@jules/core/Disclosures") {
  static readonly layer = Layer.effect(
    Disclosures,
    Effect.gen(function*() {
      const settings = yield* CompanionSettings
      const disclosures = yield* DisclosureLog
      const audit = yield* AuditLog
      const copy = makeCopy(settings)

      const due = (user: User, now: DateTime.Utc, minor: boolean, last: LastDisclosures): DueNotices => {
        const drafts = disclosuresDue({
          now,
          ageStatus: minor ? "minor" : user.ageStatus,
          lastAiNotice: last.ai_notice,
          lastBreakReminder: last.break_reminder,
          interval: settings.disclosureInterval
        }).map((kind): Draft => ({ kind, body: kind === "ai_notice" ? copy.aiNotice : copy.breakReminder }))
        return { drafts, read: last }
      }

      const recordSent = Effect.fnUntraced(function*(notice: NoticeSent) {
        yield* disclosures.record(
          new DisclosureRecord({ id: notice.id, userId: notice.userId, kind: notice.kind, sentAt: notice.at })
        )
        yield* audit.append(
          new AuditEntry({
            id: `disclosure:${notice.id}`,
            kind: "disclosure_sent",
            userId: notice.userId,
            detail: { kind: notice.kind },
            at: notice.at
          })
        )
      })

      return Disclosures.of({ due, recordSent })
    })
  )
}
