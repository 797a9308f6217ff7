/**
 * A text Jules meant to send and never will: refused for good by the carrier,
 * or still undeliverable when the outbox gave up on it. The operator sees them
 * (ids, kind, reason, attempts; never a body) and may send one again.
 */
import { Schema } from "effect"
import { MessageId, TurnId, UserId } from "./Ids.ts"
import { OutboundKind } from "./Message.ts"

export const DeadLetterReason = Schema.Literals([
  /** Still pending after `OUTBOX_MAX_AGE` of retries. */
  "expired",
  /** Landline, invalid or unroutable number. */
  "invalid_recipient",
  /** The carrier says the person opted out (Twilio 21610, Bandwidth 4775); the opt-out is recorded. */
  "opted_out",
  /** The provider refused the credentials: an operator must fix the configuration. */
  "not_authorized",
  /** Any other permanent refusal (body too long, content refused...). */
  "rejected"
])
export type DeadLetterReason = typeof DeadLetterReason.Type

export class DeadLetter extends Schema.Class<DeadLetter>("@jules/core/DeadLetter")({
  /** The outbound text's id. */
  id: MessageId,
  userId: UserId,
  turnId: TurnId,
  kind: OutboundKind,
  reason: DeadLetterReason,
  /** The provider's error code, when it gave one. */
  errorCode: Schema.optional(Schema.String),
  /** Send attempts made. */
  attempts: Schema.Int,
  /** When the text was recorded for sending. */
  createdAt: Schema.DateTimeUtc,
  /** When the outbox gave up on it. */
  deadAt: Schema.DateTimeUtc
}) {}
