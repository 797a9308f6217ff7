/**
 * What every `SmsGateway` must do, whatever carrier is behind it: send one
 * text per call, whole (the carrier joins the segments), and turn each way a
 * send can fail into core's `SmsError` reasons, retryable or permanent, in
 * one attempt (retrying is the outbox's decision, guided by Retry-After).
 *
 * An implementation runs the suite through an `SmsGatewayHarness`, which puts
 * its carrier (a local fake server speaking the wire format, or the in-memory
 * fake) in each situation; `SmsGatewayHarnesses.ts` has one per carrier fake.
 */
import { assert } from "@effect/vitest"
import type { PhoneNumber, SmsError, SmsGateway } from "@jules/core"
import { MessageId, SmsSegments } from "@jules/core"
import type { Layer } from "effect"
import { Context, Effect } from "effect"
import type { ContractOptions, ContractTests } from "./Suite.ts"
import { registerContract } from "./Suite.ts"

/** A situation a harness puts the carrier in: a failure is for the next send only. */
export type SmsScenario =
  /** The carrier takes the text (and, unless told otherwise, every later one). */
  | { readonly _tag: "Accept" }
  /** HTTP 429; `Retry-After: <seconds>` when given. */
  | { readonly _tag: "RateLimited"; readonly retryAfterSeconds: number | undefined }
  /** HTTP 5xx. */
  | { readonly _tag: "Unavailable" }
  /** Nothing listens where the gateway connects. */
  | { readonly _tag: "Unreachable" }
  /** The credentials are refused. */
  | { readonly _tag: "NotAuthorized" }
  /** The number cannot get texts; the carrier's own message quotes it. */
  | { readonly _tag: "InvalidRecipient"; readonly to: PhoneNumber }
  /** Any other refusal of the account's making (Twilio 21408, a Bandwidth field error). */
  | { readonly _tag: "Rejected" }
  /** `to` replied STOP at the carrier. */
  | { readonly _tag: "OptedOut"; readonly to: PhoneNumber }

export interface AcceptedText {
  readonly to: string
  readonly body: string
}

type Gateway = SmsGateway["Service"]

export class SmsGatewayHarness extends Context.Service<SmsGatewayHarness, {
  /**
   * Whether the carrier refuses a text to an opted-out number when it is sent
   * (Twilio 21610). Bandwidth takes it and reports 4775 in a delivery
   * callback, which its webhook decoder covers.
   */
  readonly refusesOptedOutAtSend: boolean
  /**
   * Puts the carrier in `scenario`, forgetting earlier requests, and returns
   * the gateway to send with (one pointed where nothing listens for `Unreachable`).
   */
  readonly arrange: (scenario: SmsScenario) => Effect.Effect<Gateway>
  /** Requests the carrier received since the last `arrange`. */
  readonly attempts: Effect.Effect<number>
  /** Texts the carrier took since the last `arrange`, as it received them. */
  readonly accepted: Effect.Effect<ReadonlyArray<AcceptedText>>
}>()("@jules/testkit/SmsGatewayHarness") {}

const alex = "+14155552671" as PhoneNumber
const sam = "+447700900123" as PhoneNumber
let sequence = 0
const sms = (to: PhoneNumber, body: string) => ({ messageId: MessageId.make(`contract-${++sequence}`), to, body })

/** The failure of `send`, which must be one attempt. */
const failure = (gateway: Gateway, to: PhoneNumber = alex) =>
  Effect.gen(function*() {
    const harness = yield* SmsGatewayHarness
    const error: SmsError = yield* Effect.flip(gateway.send(sms(to, "Hi, it's Jules.")))
    assert.strictEqual(error._tag, "SmsError")
    assert.strictEqual(error.provider, gateway.provider)
    assert.isAtMost(yield* harness.attempts, 1, "one send is one request: no retry inside the gateway")
    assert.deepStrictEqual(yield* harness.accepted, [])
    assert.notInclude(error.message.replace(/\D/g, ""), to.slice(1), "carriers quote the number; errors must not")
    return error
  })

export const smsGatewayTests: ContractTests<SmsGatewayHarness> = (it) => {
  it.effect("sends one text per call, whole, and names each with the carrier's id", () =>
    Effect.gen(function*() {
      const harness = yield* SmsGatewayHarness
      const gateway = yield* harness.arrange({ _tag: "Accept" })
      assert.isAbove(gateway.provider.length, 0)
      // Five UCS-2 segments: the carrier joins them, so the gateway must not split.
      const long = "Ça va? Je pense à toi 🙂 ".repeat(14)
      assert.isAbove(SmsSegments.measure(long).segments, 1)
      const first = yield* gateway.send(sms(alex, long))
      const second = yield* gateway.send(sms(sam, "Second text, plain GSM-7 {with} [brackets] ~ €"))
      assert.isAbove(first.providerMessageId.length, 0)
      assert.notStrictEqual(first.providerMessageId, second.providerMessageId)
      assert.deepStrictEqual(yield* harness.accepted, [
        { to: alex, body: long },
        { to: sam, body: "Second text, plain GSM-7 {with} [brackets] ~ €" }
      ])
    }))

  it.effect("takes a body of exactly maxBodyLength; one character more is refused for good, and nothing goes out", () =>
    Effect.gen(function*() {
      const harness = yield* SmsGatewayHarness
      const gateway = yield* harness.arrange({ _tag: "Accept" })
      assert.isAtLeast(gateway.maxBodyLength, 160, "at least one whole segment")
      yield* gateway.send(sms(alex, "x".repeat(gateway.maxBodyLength)))
      assert.strictEqual((yield* harness.accepted)[0]?.body.length, gateway.maxBodyLength)

      yield* harness.arrange({ _tag: "Accept" })
      const refused = yield* Effect.flip(gateway.send(sms(alex, "x".repeat(gateway.maxBodyLength + 1))))
      assert.isFalse(refused.isRetryable)
      assert.isAtMost(yield* harness.attempts, 1)
      assert.deepStrictEqual(yield* harness.accepted, [])
    }))

  it.effect("a rate limit is retryable and carries Retry-After in milliseconds", () =>
    Effect.gen(function*() {
      const harness = yield* SmsGatewayHarness
      const told = yield* failure(yield* harness.arrange({ _tag: "RateLimited", retryAfterSeconds: 7 }))
      assert.strictEqual(told.reason._tag, "SmsRateLimited")
      assert.isTrue(told.isRetryable)
      assert.strictEqual(told.reason._tag === "SmsRateLimited" ? told.reason.retryAfterMs : -1, 7000)
      const untold = yield* failure(yield* harness.arrange({ _tag: "RateLimited", retryAfterSeconds: undefined }))
      assert.strictEqual(untold.reason._tag, "SmsRateLimited")
      assert.isUndefined(untold.reason._tag === "SmsRateLimited" ? untold.reason.retryAfterMs : -1)
    }))

  it.effect("a carrier that is down or out of reach is retryable", () =>
    Effect.gen(function*() {
      const harness = yield* SmsGatewayHarness
      for (const scenario of [{ _tag: "Unavailable" }, { _tag: "Unreachable" }] as const) {
        const error = yield* failure(yield* harness.arrange(scenario))
        assert.strictEqual(error.reason._tag, "SmsProviderUnavailable", scenario._tag)
        assert.isTrue(error.isRetryable)
      }
    }))

  it.effect("refused credentials, an invalid number and other refusals are permanent", () =>
    Effect.gen(function*() {
      const harness = yield* SmsGatewayHarness
      const cases = [
        [{ _tag: "NotAuthorized" }, "SmsNotAuthorized"],
        [{ _tag: "InvalidRecipient", to: alex }, "InvalidRecipient"],
        [{ _tag: "Rejected" }, "SmsRejected"]
      ] as const
      for (const [scenario, expected] of cases) {
        const error = yield* failure(yield* harness.arrange(scenario))
        assert.strictEqual(error.reason._tag, expected, scenario._tag)
        assert.isFalse(error.isRetryable, scenario._tag)
      }
    }))

  it.effect("an opted-out recipient is RecipientOptedOut, permanent, where the carrier refuses at send time", () =>
    Effect.gen(function*() {
      const harness = yield* SmsGatewayHarness
      const gateway = yield* harness.arrange({ _tag: "OptedOut", to: alex })
      if (harness.refusesOptedOutAtSend) {
        const error = yield* failure(gateway)
        assert.strictEqual(error.reason._tag, "RecipientOptedOut")
        assert.isFalse(error.isRetryable)
      } else {
        yield* gateway.send(sms(alex, "taken; the opt-out arrives as a delivery receipt"))
      }
      // Someone else still gets texts.
      yield* gateway.send(sms(sam, "still here"))
      assert.deepInclude(yield* harness.accepted, { to: sam, body: "still here" })
    }))

  it.effect("a failure is one send's: the next one goes out", () =>
    Effect.gen(function*() {
      const harness = yield* SmsGatewayHarness
      const gateway = yield* harness.arrange({ _tag: "Unavailable" })
      yield* Effect.flip(gateway.send(sms(alex, "lost")))
      yield* gateway.send(sms(alex, "found"))
      assert.deepStrictEqual(yield* harness.accepted, [{ to: alex, body: "found" }])
    }))
}

export const smsGatewayContract = (
  name: string,
  harness: Layer.Layer<SmsGatewayHarness, unknown>,
  options?: ContractOptions
): void => registerContract(`SmsGateway contract (${name})`, harness, options, smsGatewayTests)
