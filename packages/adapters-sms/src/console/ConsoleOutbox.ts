/**
 * Texts the console gateway "sent", for the development simulator page: a live
 * feed plus the most recent ones. In memory, development only: entries hold the
 * full number and body, which is why they are never logged.
 */
import type { MessageId, PhoneNumber } from "@jules/core"
import { Spans } from "@jules/core"
import { Context, Effect, Layer, PubSub, Ref, Stream } from "effect"
import type { DateTime, Scope } from "effect"

export interface ConsoleSms {
  /** `console-<n>`. */
  readonly providerMessageId: string
  readonly messageId: MessageId
  readonly to: PhoneNumber
  readonly body: string
  readonly sentAt: DateTime.Utc
}

/** How many recent texts `recent` keeps. */
export const RECENT_LIMIT = 200

export class ConsoleOutbox extends Context.Service<ConsoleOutbox, {
  readonly publish: (sms: ConsoleSms) => Effect.Effect<void>
  /**
   * Texts published from now on. The subscription exists once this effect has
   * run (so nothing published after it is missed) and ends with the scope.
   */
  readonly subscribe: Effect.Effect<Stream.Stream<ConsoleSms>, never, Scope.Scope>
  /** The last `RECENT_LIMIT` texts, oldest first. */
  readonly recent: Effect.Effect<ReadonlyArray<ConsoleSms>>
}>()("@jules/adapters-sms/ConsoleOutbox") {
  static readonly layer: Layer.Layer<ConsoleOutbox> = Layer.effect(
    ConsoleOutbox,
    Effect.gen(function*() {
      // Sliding: a slow simulator page loses old texts rather than slowing sends.
      const pubsub = yield* PubSub.sliding<ConsoleSms>(256)
      yield* Effect.addFinalizer(() => PubSub.shutdown(pubsub))
      const recent = yield* Ref.make<ReadonlyArray<ConsoleSms>>([])

      const publish = Spans.fn("ConsoleOutbox.publish")(function*(sms: ConsoleSms) {
        yield* Ref.update(recent, (texts) => [...texts.slice(-(RECENT_LIMIT - 1)), sms])
        yield* PubSub.publish(pubsub, sms)
      })

      return ConsoleOutbox.of({
        publish,
        subscribe: Effect.map(PubSub.subscribe(pubsub), Stream.fromSubscription),
        recent: Ref.get(recent)
      })
    })
  )
}

