/**
 * Rule 8 of a turn, acted on: the notices due now, and the record of every
 * notice once it went out - whichever run of the turn sent it.
 */
import { DateTime, Effect } from "effect"
import { AuditEntry } from "../domain/Audit.ts"
import { DisclosureRecord } from "../domain/Disclosure.ts"
import type { OutboundMessage } from "../domain/Message.ts"
import type { User } from "../domain/User.ts"
import { disclosuresDue } from "../policy/DisclosurePolicy.ts"
import { AuditLog } from "../ports/AuditLog.ts"
import { DisclosureLog } from "../ports/DisclosureLog.ts"
import { makeCopy } from "./Copy.ts"
import { CompanionSettings } from "./Settings.ts"
import type { Draft } from "./TurnPlan.ts"

export const noticesDue = Effect.fnUntraced(function*(user: User, now: DateTime.Utc, minor: boolean) {
  const settings = yield* CompanionSettings
  const disclosures = yield* DisclosureLog
  const copy = makeCopy(settings)
  const [lastAiNotice, lastBreakReminder] = yield* Effect.all([
    disclosures.lastSent(user.id, "ai_notice"),
    disclosures.lastSent(user.id, "break_reminder")
  ])
  return disclosuresDue({
    now,
    ageStatus: minor ? "minor" : user.ageStatus,
    lastAiNotice,
    lastBreakReminder,
    interval: settings.disclosureInterval
  }).map((kind): Draft => ({ kind, body: kind === "ai_notice" ? copy.aiNotice : copy.breakReminder }))
})

export const recordNoticesSent = Effect.fnUntraced(function*(messages: ReadonlyArray<OutboundMessage>) {
  const disclosures = yield* DisclosureLog
  const audit = yield* AuditLog
  for (const message of messages) {
    if (message.kind !== "ai_notice" && message.kind !== "break_reminder") continue
    if (message.status !== "sent" && message.status !== "delivered") continue
    yield* disclosures.record(
      new DisclosureRecord({ id: message.id, userId: message.userId, kind: message.kind, sentAt: message.updatedAt })
    )
    yield* audit.append(
      new AuditEntry({
        id: `disclosure:${message.id}`,
        kind: "disclosure_sent",
        userId: message.userId,
        detail: { kind: message.kind },
        at: message.updatedAt
      })
    )
  }
})
