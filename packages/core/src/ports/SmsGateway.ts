/**
 * Sending a text through a carrier-facing provider (Twilio, Bandwidth, or the
 * console in development). Inbound webhooks are the server's concern; this port
 * is only the way out.
 */
import type { Effect } from "effect"
import { Context, Schema } from "effect"
import type { MessageId } from "../domain/Ids.ts"
import type { PhoneNumber } from "../domain/PhoneNumber.ts"

const ReasonFields = {
  message: Schema.String,
  /** The provider's error code, e.g. Twilio `21610`, Bandwidth `4775`. */
  code: Schema.optional(Schema.String)
}

/** The recipient opted out at the carrier (Twilio 21610, Bandwidth 4775): record an opt-out, never retry. */
export class RecipientOptedOut extends Schema.TaggedError<RecipientOptedOut>()("RecipientOptedOut", ReasonFields) {
  get isRetryable(): boolean {
    return false
  }
}

/** Not a number that can receive this text (landline, invalid, unroutable). */
export class InvalidRecipient extends Schema.TaggedError<InvalidRecipient>()("InvalidRecipient", ReasonFields) {
  get isRetryable(): boolean {
    return false
  }
}

/** Too many requests or a full queue (HTTP 429). */
export class SmsRateLimited extends Schema.TaggedError<SmsRateLimited>()("SmsRateLimited", {
  ...ReasonFields,
  retryAfterMs: Schema.optional(Schema.Number)
}) {
  get isRetryable(): boolean {
    return true
  }
}

/** 5xx, timeouts, connection failures. */
export class SmsProviderUnavailable
  extends Schema.TaggedError<SmsProviderUnavailable>()("SmsProviderUnavailable", ReasonFields)
{
  get isRetryable(): boolean {
    return true
  }
}

/** Credentials refused: an operator must fix the configuration. */
export class SmsNotAuthorized extends Schema.TaggedError<SmsNotAuthorized>()("SmsNotAuthorized", ReasonFields) {
  get isRetryable(): boolean {
    return false
  }
}

/** Any other refusal of this message. */
export class SmsRejected extends Schema.TaggedError<SmsRejected>()("SmsRejected", ReasonFields) {
  get isRetryable(): boolean {
    return false
  }
}

export const SmsErrorReason = Schema.Union([
  RecipientOptedOut,
  InvalidRecipient,
  SmsRateLimited,
  SmsProviderUnavailable,
  SmsNotAuthorized,
  SmsRejected
])
export type SmsErrorReason = typeof SmsErrorReason.Type

export class SmsError extends Schema.TaggedError<SmsError>()("SmsError", {
  provider: Schema.String,
  reason: SmsErrorReason
}) {
  override get message(): string {
    return `${this.provider}: ${this.reason._tag}${this.reason.code ? ` (${this.reason.code})` : ""}: ${this.reason.message}`
  }

  get isRetryable(): boolean {
    return this.reason.isRetryable
  }
}

export interface OutboundSms {
  /** Jules's id for the text; providers echo it back in delivery callbacks where they can. */
  readonly messageId: MessageId
  readonly to: PhoneNumber
  readonly body: string
}

export interface SentSms {
  readonly providerMessageId: string
}

export class SmsGateway extends Context.Service<SmsGateway, {
  /** `"twilio"`, `"bandwidth"`, `"console"`… */
  readonly provider: string
  /**
   * The provider already answers STOP itself (Twilio's default on long codes):
   * Jules records the opt-out but does not send a second confirmation.
   */
  readonly repliesToOptOutKeywords: boolean
  /** Longest body the provider accepts in one request (Twilio 1,600, Bandwidth 2,048). */
  readonly maxBodyLength: number
  /** One attempt. Retrying is the caller's decision, guided by `SmsError.isRetryable`. */
  readonly send: (sms: OutboundSms) => Effect.Effect<SentSms, SmsError>
}>()("@jules/core/SmsGateway") {}
