/**
 * One cluster entity per person (entity id = user id): its handlers run one at
 * a time, so a person's turns are serialized across every server sharing the
 * database, and replies follow the order of their texts.
 *
 * Neither message is persisted: the stored text is the durable record that
 * it needs an answer (`TextIntake` stores it before the webhook is
 * acknowledged), and `Answer` only says "now". It comes from the `Inbox` of
 * a process that also runs turns (role `all`), or from `TextArrivals` in a
 * worker, which hears from the database of texts a `web` process stored. An
 * `Answer` lost with a process, or refused by a full mailbox, is made good by
 * the outbox loop, which finds texts no turn answered (at once after a start,
 * and after `STRANDED_AFTER` otherwise). So an acknowledgement costs one write, not
 * three, and a duplicate `Answer` finds its text answered and does nothing.
 * Payloads carry ids only, never a phone number or a body.
 */
import { MessageId, UserId } from "@jules/core"
import { Schema } from "effect"
import { ClusterSchema, Entity } from "effect/cluster"
import { Rpc } from "effect/rpc"

export const Answer = Rpc.make("Answer", {
  payload: {
    userId: UserId,
    /**
     * The inbound text that asks for an answer (`twilio:SM…`, `bandwidth:…`,
     * `console:…`), for the logs; absent when a worker heard of the person's
     * texts from the database's announcement (`TextArrivals`).
     */
    messageId: Schema.optional(MessageId)
  }
})
  // Who told the conversation waits for its answer only to know when to tell
  // the next person (`AnswerPacing`), and may stop waiting: the turn goes on.
  .annotate(ClusterSchema.Uninterruptible, "client")

/**
 * Catch up on a person's conversation: answer texts no turn answered, then
 * send what waits in their outbox. Sent by the outbox loop, which finds the
 * same work again after a restart.
 */
export const CatchUp = Rpc.make("CatchUp", {
  payload: {
    userId: UserId,
    /** Try the first pending text now, whatever its schedule (after a restart). */
    immediate: Schema.Boolean
  }
})
  // The outbox loop stops (shutdown, or it moves to another process) before the
  // turns it asked for: a turn under way finishes, as one asked for by `Answer` does.
  .annotate(ClusterSchema.Uninterruptible, "client")

export const Conversation = Entity.make("Conversation", [Answer, CatchUp])
