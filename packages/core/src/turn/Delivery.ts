/**
 * The last rule of a turn: texts are recorded before they are sent, and sent in
 * order. A turn runs at least once, so what was sent is never sent again: only
 * texts still `pending` go out.
 *
 * - A transient carrier failure is retried with backoff; if it persists the
 *   turn fails and runs again later, resuming with what is still pending.
 * - A carrier opt-out (Twilio 21610, Bandwidth 4775) records the opt-out and
 *   stops the turn's remaining texts.
 * - Any other refusal marks the text failed; the next texts are still tried.
 */
import { Context, DateTime, Effect, Layer, Schedule } from "effect"
import { AuditEntry } from "../domain/Audit.ts"
import type { OutboundMessage } from "../domain/Message.ts"
import type { User } from "../domain/User.ts"
import { ConsentChange } from "../domain/User.ts"
import { AuditLog } from "../ports/AuditLog.ts"
import { MessageStore } from "../ports/MessageStore.ts"
import type { SmsError } from "../ports/SmsGateway.ts"
import { SmsGateway } from "../ports/SmsGateway.ts"
import type { StorageError } from "../ports/StorageError.ts"
import { UserStore } from "../ports/UserStore.ts"
import { CompanionSettings } from "./Settings.ts"

export interface DeliveryResult {
  readonly sent: ReadonlyArray<OutboundMessage>
  /** The carrier said the person opted out; nothing more was sent. */
  readonly recipientOptedOut: boolean
}

export class Delivery extends Context.Service<Delivery, {
  /** Sends the `pending` texts among `messages`, in sequence order. */
  readonly deliver: (
    user: User,
    messages: ReadonlyArray<OutboundMessage>
  ) => Effect.Effect<DeliveryResult, StorageError | SmsError>
}>()("@jules/core/Delivery") {
  static readonly layer = Layer.effect(
    Delivery,
    Effect.gen(function*() {
      const gateway = yield* SmsGateway
      const messages = yield* MessageStore
      const users = yield* UserStore
      const audit = yield* AuditLog
      const settings = yield* CompanionSettings

      const retryTransient = {
        schedule: Schedule.exponential(settings.sendBackoff),
        times: Math.max(0, settings.sendAttempts - 1),
        while: (error: SmsError) => error.isRetryable
      }

      const recordCarrierOptOut = Effect.fnUntraced(function*(user: User, at: DateTime.Utc) {
        if (user.consent === "opted_out") return
        yield* users.setConsent(new ConsentChange({ userId: user.id, state: "opted_out", source: "carrier", at }))
        yield* audit.append(
          new AuditEntry({
            id: `consent:${user.id}:carrier:${DateTime.toEpochMillis(at)}`,
            kind: "consent_changed",
            userId: user.id,
            detail: { state: "opted_out", source: "carrier" },
            at
          })
        )
      })

      const deliver = Effect.fn("Delivery.deliver")(function*(user: User, planned: ReadonlyArray<OutboundMessage>) {
        const sent: Array<OutboundMessage> = []
        const pending = planned.filter((m) => m.status === "pending").toSorted((a, b) => a.sequence - b.sequence)
        for (const message of pending) {
          const outcome = yield* gateway.send({ messageId: message.id, to: user.phone, body: message.body }).pipe(
            Effect.retry(retryTransient),
            Effect.result
          )
          const at = yield* DateTime.now
          if (outcome._tag === "Success") {
            const { providerMessageId } = outcome.success
            yield* messages.updateOutbound(message.id, { status: "sent", providerMessageId, at })
            sent.push(message)
            continue
          }
          const error = outcome.failure
          yield* Effect.logWarning("sms send failed").pipe(
            Effect.annotateLogs({ messageId: message.id, provider: error.provider, reason: error.reason._tag, code: error.reason.code })
          )
          // Still transient after every attempt: leave it pending and let the turn run again.
          if (error.isRetryable) return yield* Effect.fail(error)
          yield* messages.updateOutbound(message.id, { status: "failed", errorCode: error.reason.code, at })
          if (error.reason._tag === "RecipientOptedOut") {
            yield* recordCarrierOptOut(user, at)
            return { sent, recipientOptedOut: true }
          }
        }
        return { sent, recipientOptedOut: false }
      })

      return Delivery.of({ deliver })
    })
  )
}
