/**
 * After the turn: the provider reports what became of a text Jules sent
 * (Twilio status callbacks, Bandwidth `message-delivered` / `message-failed`).
 *
 * Reports arrive late, repeated and out of order, so the status only moves
 * forward (`MessageStore.updateDelivery`). A report that the carrier refused
 * the text because the person opted out (Twilio 21610, Bandwidth 4775) records
 * the opt-out, once, as `Delivery` does for a refusal at send time.
 */
import { Context, DateTime, Effect, Layer, Option } from "effect"
import { AuditEntry } from "../domain/Audit.ts"
import { MessageId } from "../domain/Ids.ts"
import type { DeliveryStatus, OutboundMessage } from "../domain/Message.ts"
import { ConsentChange } from "../domain/User.ts"
import { AuditLog } from "../ports/AuditLog.ts"
import { MessageStore } from "../ports/MessageStore.ts"
import type { StorageError } from "../ports/StorageError.ts"
import { UserStore } from "../ports/UserStore.ts"
import * as Spans from "../Spans.ts"

export interface DeliveryReceipt {
  /** The provider's id for the text, as returned when it was sent. */
  readonly providerMessageId: string
  readonly status: DeliveryStatus
  /** The provider's error code on a failure, e.g. `"30007"`, `"4775"`. */
  readonly errorCode?: string | undefined
  /** The carrier refused the text because the person opted out. */
  readonly recipientOptedOut: boolean
  /**
   * Jules's own id for the text, when the provider echoes it (Bandwidth's
   * `tag`): it finds the text even when the report overtakes the record of the
   * send.
   */
  readonly messageId?: string | undefined
}

export class DeliveryReceipts extends Context.Service<DeliveryReceipts, {
  /** The text as recorded after the report; `None` when Jules does not know it. */
  readonly record: (receipt: DeliveryReceipt) => Effect.Effect<Option.Option<OutboundMessage>, StorageError>
}>()("@jules/core/DeliveryReceipts") {
  static readonly layer = Layer.effect(
    DeliveryReceipts,
    Effect.gen(function*() {
      const messages = yield* MessageStore
      const users = yield* UserStore
      const audit = yield* AuditLog

      const recordOptOut = Effect.fnUntraced(function*(message: OutboundMessage, at: DateTime.Utc) {
        const user = yield* users.findById(message.userId)
        if (Option.isNone(user) || user.value.consent === "opted_out") return
        yield* users.setConsent(new ConsentChange({ userId: message.userId, state: "opted_out", source: "carrier", at }))
        yield* audit.append(
          new AuditEntry({
            // Keyed by the refused text, so a repeated report appends nothing.
            id: `consent:${message.userId}:carrier:${message.id}`,
            kind: "consent_changed",
            userId: message.userId,
            detail: { state: "opted_out", source: "carrier" },
            at
          })
        )
        yield* Effect.logInfo("carrier reported an opt-out").pipe(
          Effect.annotateLogs({ userId: message.userId, messageId: message.id })
        )
      })

      const record = Spans.fn("DeliveryReceipts.record")(function*(receipt: DeliveryReceipt) {
        const at = yield* DateTime.now
        const update = { status: receipt.status, errorCode: receipt.errorCode, at }
        let found = yield* messages.updateDelivery(receipt.providerMessageId, update)
        if (Option.isNone(found) && receipt.messageId !== undefined) {
          // The report overtook the record of the send: attach the provider id first.
          yield* messages.updateOutbound(MessageId.make(receipt.messageId), {
            ...update,
            providerMessageId: receipt.providerMessageId
          })
          found = yield* messages.updateDelivery(receipt.providerMessageId, update)
        }
        if (Option.isNone(found)) {
          yield* Effect.logDebug("delivery report for an unknown text").pipe(
            Effect.annotateLogs({ status: receipt.status })
          )
          return found
        }
        yield* Effect.annotateCurrentSpan({ messageId: found.value.id, userId: found.value.userId })
        if (receipt.recipientOptedOut) yield* recordOptOut(found.value, at)
        return found
      })

      return DeliveryReceipts.of({ record })
    })
  )
}
