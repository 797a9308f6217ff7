/**
 * Before the turn: a text arrives from a provider webhook. The person is found
 * (or created) by phone number and the text is stored - before the webhook is
 * acknowledged, so that a crash afterwards loses nothing. The turn itself runs
 * later, serialized per person (see `ConversationTurn`).
 */
import { Context, DateTime, Effect, Layer } from "effect"
import { uuidV4Unsafe } from "effect/crypto/SecureRandom"
import { MessageId } from "../domain/Ids.ts"
import { InboundMessage } from "../domain/Message.ts"
import type { PhoneNumber } from "../domain/PhoneNumber.ts"
import { areaCodeTimeZone } from "../policy/AreaCodes.ts"
import type { StorageError } from "../ports/StorageError.ts"
import { TextIntake } from "../ports/TextIntake.ts"
import type { NumberBlocked } from "../ports/UserStore.ts"
import { CompanionSettings } from "./Settings.ts"
import * as Spans from "../Spans.ts"

export interface IncomingText {
  readonly from: PhoneNumber
  readonly body: string
  readonly providerMessageId?: string | undefined
  /** Jules's id for the text; a fresh UUID when absent. */
  readonly messageId?: MessageId | undefined
}

export class ReceiveText extends Context.Service<ReceiveText, {
  /** `NumberBlocked`: a child's number verified under 13; nothing is stored and nothing answers. */
  readonly receive: (text: IncomingText) => Effect.Effect<InboundMessage, StorageError | NumberBlocked>
}>()("@jules/core/ReceiveText") {
  static readonly layer = Layer.effect(
    ReceiveText,
    Effect.gen(function*() {
      const intake = yield* TextIntake
      const settings = yield* CompanionSettings

      const receive = Spans.fn("ReceiveText.receive")(function*(text: IncomingText) {
        const id = text.messageId ?? MessageId.make(uuidV4Unsafe())
        const receivedAt = yield* DateTime.now
        const { userId } = yield* intake.receive({
          ...text,
          id,
          receivedAt,
          defaults: {
            tier: settings.defaultTier,
            // Until they say where they are: their area code's zone, when the whole area keeps one.
            timeZone: areaCodeTimeZone(text.from) ?? settings.defaultTimeZone
          }
        })
        yield* Effect.annotateCurrentSpan({ userId, messageId: id })
        return new InboundMessage({ id, userId, body: text.body, providerMessageId: text.providerMessageId, receivedAt })
      })

      return ReceiveText.of({ receive })
    })
  )
}
