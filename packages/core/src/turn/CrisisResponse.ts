/**
 * Rule 2 of a turn, recorded: a crisis event per turn (never the words), the
 * referral in the audit trail and the yearly count, and for an imminent crisis
 * the operator's on-call notified - bounded, so the person's crisis text never
 * waits on a pager.
 */
import { Context, DateTime, Effect, Layer } from "effect"
import { AuditEntry } from "../domain/Audit.ts"
import type { CrisisAssessment } from "../domain/Crisis.ts"
import { CrisisEvent } from "../domain/Crisis.ts"
import type { TurnId } from "../domain/Ids.ts"
import type { User } from "../domain/User.ts"
import { AuditLog } from "../ports/AuditLog.ts"
import { CrisisEventLog } from "../ports/CrisisEventLog.ts"
import { EscalationNotifier } from "../ports/EscalationNotifier.ts"
import type { StorageError } from "../ports/StorageError.ts"

export class CrisisResponse extends Context.Service<CrisisResponse, {
  /**
   * Nothing when the assessment is no crisis or this turn's event is already
   * on record (a second run of the turn).
   */
  readonly record: (
    user: User,
    assessment: CrisisAssessment,
    turnId: TurnId,
    now: DateTime.Utc,
    /**
     * Whether crisis resources are planned. California's annual report counts
     * them once the carrier took the text (`Outbox`), not here.
     */
    referred: boolean
  ) => Effect.Effect<void, StorageError>
}>()("@jules/core/CrisisResponse") {
  static readonly layer = Layer.effect(
    CrisisResponse,
    Effect.gen(function*() {
      const events = yield* CrisisEventLog
      const audit = yield* AuditLog
      const escalation = yield* EscalationNotifier

      const record = Effect.fnUntraced(function*(
        user: User,
        assessment: CrisisAssessment,
        turnId: TurnId,
        now: DateTime.Utc,
        referred: boolean
      ) {
        if (assessment.category === null || assessment.severity === "none") return
        const event = new CrisisEvent({
          id: turnId,
          userId: user.id,
          category: assessment.category,
          severity: assessment.severity,
          referred,
          at: now
        })
        const recorded = yield* events.record(event)
        if (!recorded) return
        yield* Effect.logWarning("crisis detected").pipe(
          Effect.annotateLogs({ userId: user.id, turnId, category: event.category, severity: event.severity })
        )
        if (referred) {
          yield* audit.append(
            new AuditEntry({
              id: `crisis:${turnId}`,
              kind: "crisis_referral",
              userId: user.id,
              detail: { category: event.category, severity: event.severity },
              at: now
            })
          )
        }
        if (event.severity === "imminent") {
          yield* escalation.notify(event).pipe(
            Effect.retry({ times: 2, while: (e) => e.isRetryable }),
            Effect.timeoutOrElse({ duration: "5 seconds", orElse: () => Effect.logError("escalation timed out") }),
            Effect.catch((e) => Effect.logError("escalation failed").pipe(Effect.annotateLogs({ error: e.message })))
          )
        }
      })

      return CrisisResponse.of({ record })
    })
  )
}
