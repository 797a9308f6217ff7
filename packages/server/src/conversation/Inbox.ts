/**
 * Where every inbound text enters, whatever the provider: it is stored (the
 * person found or created by number) and the person's conversation entity is
 * sent a durable `Answer`, both before the webhook is acknowledged.
 *
 * The inbound message id is derived from the provider's id (`twilio:SM…`), so
 * a duplicate delivery stores nothing new (`ReceiveText` is idempotent on the
 * id) and its `Answer` collapses into the first one (the cluster's message
 * table is keyed by the same id). There is no separate claim that a crash
 * could separate from the enqueue: both steps are idempotent and run without
 * interruption, so a retried webhook always completes what a failed one began.
 */
import type { IncomingText, UserId } from "@jules/core"
import { MessageId, ReceiveText } from "@jules/core"
import { Context, Effect, Layer, Option, Schema } from "effect"
import { Conversation } from "./ConversationEntity.ts"

/** Core's `IncomingText` as a provider delivered it: its id is known, and whose id it is. */
export interface InboundText extends IncomingText {
  /** `"twilio"`, `"bandwidth"`, `"console"`. */
  readonly provider: string
  readonly providerMessageId: string
}

export interface AcceptedText {
  readonly userId: UserId
  readonly messageId: MessageId
}

/** The text could not be stored or queued; the provider should deliver it again (503). */
export class InboxUnavailable extends Schema.TaggedError<InboxUnavailable>()("InboxUnavailable", {
  message: Schema.String
}) {}

/** Jules's id for a provider's text: the same delivery always gets the same id. */
export const inboundMessageId = (provider: string, providerMessageId: string): MessageId =>
  MessageId.make(`${provider}:${providerMessageId}`)

export class Inbox extends Context.Service<Inbox, {
  /** `None`: the number is blocked (a child verified under 13): nothing stored, nothing answered. */
  readonly accept: (text: InboundText) => Effect.Effect<Option.Option<AcceptedText>, InboxUnavailable>
}>()("@jules/server/Inbox") {
  static readonly layer = Layer.effect(
    Inbox,
    Effect.gen(function*() {
      const receiveText = yield* ReceiveText
      const conversation = yield* Conversation.client

      const accept = Effect.fn("Inbox.accept")(function*(text: InboundText) {
        const { provider, ...incoming } = text
        const messageId = inboundMessageId(provider, text.providerMessageId)
        const received = yield* receiveText.receive({ ...incoming, messageId }).pipe(
          Effect.map(Option.some),
          Effect.catchTag("NumberBlocked", () => Effect.succeedNone),
          Effect.mapError((error) => new InboxUnavailable({ message: `storing the text failed: ${error.reason._tag}` }))
        )
        if (Option.isNone(received)) return Option.none()
        const stored = received.value
        yield* Effect.annotateCurrentSpan({ userId: stored.userId, messageId })
        yield* conversation(stored.userId).Answer({ userId: stored.userId, messageId }, { discard: true }).pipe(
          Effect.catchTags({
            // Both mean the request is already durable: it will be answered.
            AlreadyProcessingMessage: () => Effect.void,
            MailboxFull: () => Effect.logWarning("conversation mailbox full; the text waits in storage")
          }),
          Effect.mapError((error) => new InboxUnavailable({ message: `queueing the turn failed: ${error._tag}` }))
        )
        return Option.some({ userId: stored.userId, messageId } satisfies AcceptedText)
      }, Effect.uninterruptible)

      return Inbox.of({ accept })
    })
  )
}
