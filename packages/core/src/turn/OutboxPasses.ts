/**
 * How texts recorded outside a turn (the answer to an age decision, a billing
 * notice) ask to be sent now.
 *
 * Two passes over one person's outbox must never run side by side: each
 * would read the same pending text and both would send it. A turn's own pass
 * runs in the person's conversation, as do the outbox loop's; so the server
 * asks that conversation for the pass (`@jules/server`'s
 * `ConversationOutboxPasses`), between the person's turns, and does not wait
 * for it. A request that goes astray costs a second at most: the texts are
 * recorded pending and due, and the outbox loop finds them.
 */
import { Context, Effect, Layer } from "effect"
import type { UserId } from "../domain/Ids.ts"
import { Outbox } from "./Outbox.ts"

export class OutboxPasses extends Context.Service<OutboxPasses, {
  /** Ask for a pass over the person's pending texts, first one tried now. Never fails. */
  readonly request: (userId: UserId) => Effect.Effect<void>
}>()("@jules/core/OutboxPasses") {
  /**
   * The pass runs here and now, in the caller's fiber: for a world where
   * nothing else runs passes (the scenarios, a script), never beside a
   * server's outbox loop.
   */
  static readonly layerInline = Layer.effect(
    OutboxPasses,
    Effect.gen(function*() {
      const outbox = yield* Outbox
      return OutboxPasses.of({
        request: (userId) =>
          outbox.deliver(userId, { immediate: true }).pipe(
            Effect.catch((error) =>
              Effect.logWarning("an outbox pass failed; its texts stay pending").pipe(
                Effect.annotateLogs({ userId, reason: error.reason._tag })
              )
            )
          )
      })
    })
  )
}
