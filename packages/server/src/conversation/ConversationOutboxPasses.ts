/**
 * Core's `OutboxPasses` for a server: the pass is a `CatchUp` of the person's
 * conversation entity, so it runs between the person's turns and never beside
 * the outbox loop's pass (both would send the same pending text).
 *
 * The caller (a Veriff or Stripe webhook) does not wait for the pass, only
 * for the message to be handed to the runner that holds the person, and for
 * that at most `HANDOVER_WITHIN`: with no runner up (a `web` process whose
 * workers are down) the cluster would keep trying. A request not handed over
 * is not lost: the texts are recorded, pending and due, and the outbox loop
 * sends them when a runner is up.
 */
import { causeTag, OutboxPasses } from "@jules/core"
import { Cause, Duration, Effect, Layer } from "effect"
import { Conversation } from "./ConversationEntity.ts"

export const HANDOVER_WITHIN = Duration.seconds(2)

export const layer = Layer.effect(
  OutboxPasses,
  Effect.gen(function*() {
    const conversation = yield* Conversation.client
    return OutboxPasses.of({
      request: (userId) =>
        conversation(userId).CatchUp({ userId, immediate: true }, { discard: true }).pipe(
          Effect.timeout(HANDOVER_WITHIN),
          Effect.catchCause((cause) =>
            Cause.hasInterruptsOnly(cause)
              ? Effect.interrupt
              : Effect.logWarning("an outbox pass could not be asked for; the outbox loop will send the texts").pipe(
                Effect.annotateLogs({ userId, error: causeTag(cause) })
              )
          )
        )
    })
  })
)
