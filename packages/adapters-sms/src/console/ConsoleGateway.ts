/**
 * The development `SmsGateway`: nothing leaves the machine. Each text is printed
 * to stdout with the number masked (`+1••••••2671`) and published to the
 * `ConsoleOutbox`, where the dev simulator page reads it.
 */
import { maskPhoneNumber, SmsGateway, Spans } from "@jules/core"
import type { OutboundSms, SentSms } from "@jules/core"
import { Console, DateTime, Effect, Layer } from "effect"
import { ConsoleOutbox } from "./ConsoleOutbox.ts"

export const provider = "console"
/** Same limit as Twilio, so development shows the splitting production does. */
export const MAX_BODY_LENGTH = 1600

export const layer: Layer.Layer<SmsGateway, never, ConsoleOutbox> = Layer.effect(
  SmsGateway,
  Effect.gen(function*() {
    const outbox = yield* ConsoleOutbox
    let sent = 0

    const send = Spans.fn("ConsoleGateway.send")(function*(sms: OutboundSms) {
      const providerMessageId = `console-${++sent}`
      // The console gateway's whole purpose is showing the developer the text.
      yield* Console.log(`[sms ${providerMessageId} → ${maskPhoneNumber(sms.to)}] ${sms.body}`)
      const sentAt = yield* DateTime.now
      yield* outbox.publish({ providerMessageId, messageId: sms.messageId, to: sms.to, body: sms.body, sentAt })
      return { providerMessageId } satisfies SentSms
    })

    return SmsGateway.of({ provider, repliesToOptOutKeywords: false, maxBodyLength: MAX_BODY_LENGTH, send })
  })
)

/** The gateway with its own outbox, for when nothing else reads the outbox. */
export const layerWithOutbox: Layer.Layer<SmsGateway | ConsoleOutbox> = layer.pipe(
  Layer.provideMerge(ConsoleOutbox.layer)
)
