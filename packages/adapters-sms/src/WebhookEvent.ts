/**
 * What an SMS provider's webhook tells Jules, in one vocabulary for every
 * provider: a text arrived, or a text Jules sent changed delivery state.
 *
 * These values carry phone numbers and message bodies: never log them whole.
 */
import { DeliveryStatus, PhoneNumber } from "@jules/core"
import { Schema } from "effect"

/** A text a person sent to one of Jules's numbers. */
export const InboundSms = Schema.TaggedStruct("InboundSms", {
  provider: Schema.String,
  /** Twilio `MessageSid`, Bandwidth `message.id`: the key to claim the message once. */
  providerMessageId: Schema.String,
  from: PhoneNumber,
  /** The number that received it; may be a short code, so not necessarily E.164. */
  to: Schema.String,
  /** May be empty (a picture-only MMS, an empty text). */
  body: Schema.String,
  /** Media URLs, in the provider's order. */
  media: Schema.Array(Schema.String)
})
export type InboundSms = typeof InboundSms.Type

/** A delivery callback about a text Jules sent. */
export const DeliveryReport = Schema.TaggedStruct("DeliveryReport", {
  provider: Schema.String,
  providerMessageId: Schema.String,
  /** Callbacks arrive repeated and out of order: apply with `advanceDeliveryStatus`. */
  status: DeliveryStatus,
  /** The provider's error code on a failure, e.g. `"30007"`, `"4775"`. */
  errorCode: Schema.optional(Schema.String),
  /** The carrier refused the text because the person opted out (Twilio 21610, Bandwidth 4775). */
  recipientOptedOut: Schema.Boolean,
  /** Jules's own message id when the provider echoes it (Bandwidth's `tag`). */
  messageId: Schema.optional(Schema.String)
})
export type DeliveryReport = typeof DeliveryReport.Type

/** An event Jules reads and deliberately does nothing with (outbound echoes, unknown types). */
export const IgnoredEvent = Schema.TaggedStruct("Ignored", {
  reason: Schema.String
})
export type IgnoredEvent = typeof IgnoredEvent.Type

export const WebhookEvent = Schema.Union([InboundSms, DeliveryReport, IgnoredEvent])
export type WebhookEvent = typeof WebhookEvent.Type
