/**
 * An `SmsGateway` that sends nothing: it keeps what it was asked to send in an
 * outbox the test reads through `SmsOutbox`, and fails on demand.
 *
 * Like real providers it refuses an empty body (`SmsRejected`, code `21602`) and
 * a body longer than `maxBodyLength` (`SmsRejected`, code `21617`), so a turn
 * that forgets to split long replies fails here as it would in production.
 * Provider message ids are `fake-1`, `fake-2`, … in order of successful sends.
 */
import type { MessageId, OutboundSms, PhoneNumber, SmsErrorReason } from "@jules/core"
import { SmsError, SmsGateway, SmsRejected } from "@jules/core"
import { Context, Effect, Layer, Option, Ref } from "effect"
import * as FailureQueue from "../internal/FailureQueue.ts"

export const provider = "fake"

export interface SentSmsRecord {
  readonly messageId: MessageId
  readonly to: PhoneNumber
  readonly body: string
  readonly providerMessageId: string
}

export interface FailedSmsRecord {
  readonly messageId: MessageId
  readonly to: PhoneNumber
  readonly body: string
  readonly reason: SmsErrorReason
}

/** What the fake gateway sent, and the failures a test wants from it. */
export class SmsOutbox extends Context.Service<SmsOutbox, {
  /** Texts sent successfully, in order. */
  readonly sent: Effect.Effect<ReadonlyArray<SentSmsRecord>>
  /** Sends that failed (queued failures and refused bodies), in order. */
  readonly failed: Effect.Effect<ReadonlyArray<FailedSmsRecord>>
  /** The next `times` sends (default 1) fail with `reason`. */
  readonly failNext: (reason: SmsErrorReason, times?: number) => Effect.Effect<void>
  /** Forgets sent and failed texts and queued failures; provider ids keep counting. */
  readonly clear: Effect.Effect<void>
}>()("@jules/testkit/SmsOutbox") {}

export interface SmsGatewayFakeOptions {
  /** Default false: Jules sends its own opt-out confirmation, as with Bandwidth. */
  readonly repliesToOptOutKeywords?: boolean
  /** Default 1600, Twilio's limit. */
  readonly maxBodyLength?: number
}

const refusal = (sms: OutboundSms, maxBodyLength: number): Option.Option<SmsErrorReason> => {
  if (sms.body.length === 0) return Option.some(new SmsRejected({ message: "message body is empty", code: "21602" }))
  if (sms.body.length > maxBodyLength) {
    return Option.some(
      new SmsRejected({ message: `body of ${sms.body.length} characters exceeds ${maxBodyLength}`, code: "21617" })
    )
  }
  return Option.none()
}

const make = (options: SmsGatewayFakeOptions) =>
  Effect.gen(function*() {
    const maxBodyLength = options.maxBodyLength ?? 1600
    const sent = yield* Ref.make<ReadonlyArray<SentSmsRecord>>([])
    const failed = yield* Ref.make<ReadonlyArray<FailedSmsRecord>>([])
    const counter = yield* Ref.make(0)
    const failures = yield* FailureQueue.make<SmsErrorReason>()

    const send = Effect.fnUntraced(function*(sms: OutboundSms) {
      const queued = yield* failures.take
      const reason = Option.orElse(queued, () => refusal(sms, maxBodyLength))
      if (Option.isSome(reason)) {
        yield* Ref.update(failed, (all) => [...all, { messageId: sms.messageId, to: sms.to, body: sms.body, reason: reason.value }])
        return yield* new SmsError({ provider, reason: reason.value })
      }
      const providerMessageId = `fake-${yield* Ref.updateAndGet(counter, (n) => n + 1)}`
      yield* Ref.update(sent, (all) => [...all, { messageId: sms.messageId, to: sms.to, body: sms.body, providerMessageId }])
      return { providerMessageId }
    })

    const gateway = SmsGateway.of({
      provider,
      repliesToOptOutKeywords: options.repliesToOptOutKeywords ?? false,
      maxBodyLength,
      send
    })
    const outbox = SmsOutbox.of({
      sent: Ref.get(sent),
      failed: Ref.get(failed),
      failNext: (reason, times = 1) => failures.push(reason, times),
      clear: Effect.all([Ref.set(sent, []), Ref.set(failed, []), failures.clear], { discard: true })
    })
    return Context.make(SmsGateway, gateway).pipe(Context.add(SmsOutbox, outbox))
  })

/** `SmsGateway` and its `SmsOutbox`, sharing one outbox per build. */
export const layer = (options: SmsGatewayFakeOptions = {}): Layer.Layer<SmsGateway | SmsOutbox> =>
  Layer.effectContext(make(options))
