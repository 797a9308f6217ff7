/**
 * Where every inbound text enters, whatever the provider: it is stored (the
 * person found or created by number, `ReceiveText`) before the webhook is
 * acknowledged, and whoever answers it learns of it.
 *
 * The inbound message id is derived from the provider's id (`twilio:SM…`), so
 * a duplicate delivery stores nothing new. Learning of the text is not part
 * of the acknowledgement: a webhook waits for one durable write and never for
 * a turn or a worker, and a text nobody learned of (no worker is up, a full
 * mailbox) is found and answered by the outbox loop instead.
 *
 * - `layer` (role `all`, the default): the person's conversation entity is
 *   told, beside the response, at a pace that keeps the acks on time, and at
 *   most `AnswerPacing.MAX_ANSWERING` at once (acks and turns share the
 *   process). Several such processes on one database tell each other's
 *   entities over the cluster; one that does not answer holds a place for at
 *   most `AnswerPacing.ANSWER_HELD_FOR`, and a text nobody could tell is
 *   found by the outbox loop (at once when a runner starts, otherwise after
 *   `OutboxLoop.STRANDED_AFTER`).
 * - `layerAnnounced` (role `web`): nothing is told; the statement that stores
 *   the text announces it to the workers (`TextArrivals`).
 *
 * A runner refuses a tell with `MailboxFull` when it holds as many people's
 * conversations as it may (the cluster's `maxResidentEntities`, 10,000 a
 * runner; an entity stays a minute after its last text), as when a broadcast
 * is answered by more people at once than that: those texts, too, are left to
 * the outbox loop, and the refusals are logged one line per thousand.
 */
import type { IncomingText, UserId } from "@jules/core"
import { causeTag, MessageId, ReceiveText, Spans } from "@jules/core"
import { Cause, Context, Effect, Layer, Option, Schema } from "effect"
import { everyThousandth } from "../logging/EveryThousandth.ts"
import * as AnswerPacing from "./AnswerPacing.ts"
import { Conversation } from "./ConversationEntity.ts"
import { LoopPressure } from "./LoopPressure.ts"

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

/** Stores a text, then lets whoever answers it know (`notify`). */
const make = (notify: (userId: UserId, messageId: MessageId) => Effect.Effect<void>) =>
  Effect.gen(function*() {
    const receiveText = yield* ReceiveText
    const accept = Spans.fn("Inbox.accept")(function*(text: InboundText) {
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
      yield* notify(stored.userId, messageId)
      return Option.some({ userId: stored.userId, messageId } satisfies AcceptedText)
    })
    // A text stored is told to its conversation even when the webhook's request is cut off.
    return Inbox.of({ accept: (text) => Effect.uninterruptible(accept(text)) })
  })

export class Inbox extends Context.Service<Inbox, {
  /** `None`: the number is blocked (a child verified under 13): nothing stored, nothing answered. */
  readonly accept: (text: InboundText) => Effect.Effect<Option.Option<AcceptedText>, InboxUnavailable>
}>()("@jules/server/Inbox") {
  /** Tells the person's conversation entity of each text (the process runs turns too: role `all`). */
  static readonly layer = Layer.effect(
    Inbox,
    Effect.gen(function*() {
      const conversation = yield* Conversation.client
      const notTold = "the conversation was not told of a text; the outbox loop will answer it"
      // A full runner refuses by the thousand (a broadcast): one line per thousand.
      const refused = everyThousandth(notTold)

      const answer = (userId: UserId, messageId: MessageId | undefined) =>
        conversation(userId).Answer(messageId === undefined ? { userId } : { userId, messageId }).pipe(
          Effect.catchCause((cause) => {
            if (Cause.hasInterruptsOnly(cause)) return Effect.interrupt
            const error = causeTag(cause)
            if (error === "MailboxFull") return refused({ error })
            return Effect.logWarning(notTold).pipe(Effect.annotateLogs({ userId, messageId, error }))
          })
        )

      // Acks and turns share this process's event loop: people are told at a pace that keeps the acks on time.
      const pressure = yield* LoopPressure
      const pacing = yield* AnswerPacing.make({ pressure, maxAnswering: AnswerPacing.MAX_ANSWERING, answer })
      return yield* make((userId, messageId) => Effect.andThen(pressure.arrived, pacing.stored(userId, messageId)))
    })
  )

  /**
   * Stores only (role `web`): the statement that stores the text announces
   * it (`PgTextIntake.AnnounceTexts`), and the workers listen
   * (`TextArrivals`), so an ack costs no message to a worker.
   */
  static readonly layerAnnounced = Layer.effect(Inbox, make(() => Effect.void))
}
