/**
 * One cluster entity per person (entity id = user id): its handlers run one at
 * a time, so a person's turns are serialized across every server sharing the
 * database, and replies follow the order of their texts.
 *
 * `Answer` is persisted in the cluster's SQL message table before the webhook
 * is acknowledged, keyed by the inbound message id, so a provider's duplicate
 * deliveries collapse into one message and a crash after the ack still gets
 * the text answered after restart. The table is not encrypted: payloads carry
 * ids only, never a phone number or a body.
 */
import { MessageId, UserId } from "@jules/core"
import { Schema } from "effect"
import { ClusterSchema, Entity } from "effect/cluster"
import { Rpc } from "effect/rpc"

export const Answer = Rpc.make("Answer", {
  payload: {
    userId: UserId,
    /** The inbound text that asks for an answer (`twilio:SM…`, `bandwidth:…`, `console:…`). */
    messageId: MessageId
  },
  primaryKey: (payload) => payload.messageId
}).annotate(ClusterSchema.Persisted, true)

/**
 * Catch up on a person's conversation: answer texts no turn answered, then
 * send what waits in their outbox. Sent by the outbox loop; not persisted,
 * since the loop finds the same work again after a restart.
 */
export const CatchUp = Rpc.make("CatchUp", {
  payload: {
    userId: UserId,
    /** Try the first pending text now, whatever its schedule (after a restart). */
    immediate: Schema.Boolean
  }
})

export const Conversation = Entity.make("Conversation", [Answer, CatchUp])
