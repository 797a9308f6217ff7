/**
 * Where an arriving text is made durable: the person is found by number (or
 * created) and the text stored, as one step. It is the whole of the work a
 * webhook waits for, so implementations make it cheap: the PostgreSQL one
 * does it in one statement and commits the texts of concurrent webhooks
 * together.
 *
 * `layerFromStores` does the same with `UserStore` and `MessageStore`, for
 * storage that has no faster way.
 */
import type { DateTime } from "effect"
import { Context, Effect, Layer } from "effect"
import type { MessageId, UserId } from "../domain/Ids.ts"
import { InboundMessage } from "../domain/Message.ts"
import type { PhoneNumber } from "../domain/PhoneNumber.ts"
import type { StorageError } from "./StorageError.ts"
import { MessageStore } from "./MessageStore.ts"
import type { NewUserDefaults, NumberBlocked } from "./UserStore.ts"
import { UserStore } from "./UserStore.ts"

export interface ArrivingText {
  readonly id: MessageId
  readonly from: PhoneNumber
  readonly body: string
  readonly providerMessageId?: string | undefined
  readonly receivedAt: DateTime.Utc
  /** Applied when the number is new. */
  readonly defaults: NewUserDefaults
}

export interface IntakeReceipt {
  readonly userId: UserId
  /** False when a text with this id was already stored (a provider's retry): nothing changed. */
  readonly stored: boolean
}

export class TextIntake extends Context.Service<TextIntake, {
  /** `NumberBlocked`: a new number that may not register (see `UserStore.block`); nothing is stored. */
  readonly receive: (text: ArrivingText) => Effect.Effect<IntakeReceipt, StorageError | NumberBlocked>
}>()("@jules/core/TextIntake") {
  static readonly layerFromStores: Layer.Layer<TextIntake, never, UserStore | MessageStore> = Layer.effect(
    TextIntake,
    Effect.gen(function*() {
      const users = yield* UserStore
      const messages = yield* MessageStore
      return TextIntake.of({
        receive: Effect.fnUntraced(function*(text) {
          const user = yield* users.findOrCreate(text.from, text.defaults)
          const stored = yield* messages.recordInbound(
            new InboundMessage({
              id: text.id,
              userId: user.id,
              body: text.body,
              providerMessageId: text.providerMessageId,
              receivedAt: text.receivedAt
            })
          )
          return { userId: user.id, stored }
        })
      })
    })
  )
}
