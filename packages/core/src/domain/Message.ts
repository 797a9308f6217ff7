/**
 * Texts in and out. Bodies are what people confide: they are encrypted at rest
 * and never logged.
 */
import { Schema } from "effect"
import { MessageId, TurnId, UserId } from "./Ids.ts"

export class InboundMessage extends Schema.Class<InboundMessage>("@jules/core/InboundMessage")({
  id: MessageId,
  userId: UserId,
  body: Schema.String,
  /** The SMS provider's id (Twilio `MessageSid`, Bandwidth `message.id`), when known. */
  providerMessageId: Schema.optional(Schema.String),
  receivedAt: Schema.DateTimeUtc
}) {}

/** Why Jules sent a text. Replies, and some fixed texts once sent, are the conversation the model sees (`inHistory`). */
export const OutboundKind = Schema.Literals([
  "reply",
  "ai_notice",
  "break_reminder",
  "crisis_resources",
  "opt_out_confirmation",
  "opt_in_confirmation",
  "help",
  "upgrade_nudge",
  /** The answer to UPGRADE, PLAN or BILLING: a checkout or portal link, or how to reach the operator. */
  "billing_link",
  /** A subscription payment failed: one text per invoice, with the link to update the card. */
  "billing_notice",
  "age_verification",
  /** What a verification decided, or why it did not (declined, expired…). */
  "age_decision",
  "apology"
])
export type OutboundKind = typeof OutboundKind.Type

/**
 * Delivery states in the order they can be reached. Provider callbacks arrive
 * out of order and repeated; a state never moves back (see `advanceDeliveryStatus`).
 *
 * `pending` texts are in the outbox: sent as soon as the carrier takes them.
 * `failed` texts were refused for good; `expired` ones were still pending when
 * the outbox gave up on them (`OUTBOX_MAX_AGE`). Both are dead letters.
 * `skipped`: a notice not sent because the same notice had just gone out
 * (two turns planned it during an outage).
 */
export const DeliveryStatus = Schema.Literals([
  "pending",
  "sent",
  "delivered",
  "undelivered",
  "failed",
  "expired",
  "skipped"
])
export type DeliveryStatus = typeof DeliveryStatus.Type

const rank: Record<DeliveryStatus, number> = {
  pending: 0,
  sent: 1,
  delivered: 2,
  undelivered: 2,
  failed: 2,
  expired: 2,
  skipped: 2
}

/** The status after a callback reporting `next`: final states win, regressions are ignored. */
export const advanceDeliveryStatus = (current: DeliveryStatus, next: DeliveryStatus): DeliveryStatus =>
  rank[next] > rank[current] ? next : current

/**
 * Fixed texts the person read in answer to theirs: once sent they are part of
 * the conversation the model sees, as its own lines. Without them a turn the
 * model did not answer (a crisis referral, HELP) leaves the person's text
 * hanging, merged into the next one, and the model answers a crisis it never
 * saw answered. Left out: the AI notice and break reminder (boilerplate the
 * model would start imitating) and texts carrying links (upgrade, age check).
 */
export const SENT_TEXT_KINDS_IN_HISTORY: ReadonlyArray<OutboundKind> = [
  "crisis_resources",
  "help",
  "apology",
  "opt_out_confirmation",
  "opt_in_confirmation"
]

/** Statuses of a text the carrier took: only these fixed texts were really read. */
export const SENT_STATUSES: ReadonlyArray<DeliveryStatus> = ["sent", "delivered"]

/** Whether an outbound text is a line of the conversation the model sees. */
export const inHistory = (message: { readonly kind: OutboundKind; readonly status: DeliveryStatus }): boolean =>
  message.kind === "reply" || (SENT_TEXT_KINDS_IN_HISTORY.includes(message.kind) && SENT_STATUSES.includes(message.status))

export const SmsEncoding = Schema.Literals(["GSM-7", "UCS-2"])
export type SmsEncoding = typeof SmsEncoding.Type

export class OutboundMessage extends Schema.Class<OutboundMessage>("@jules/core/OutboundMessage")({
  id: MessageId,
  userId: UserId,
  turnId: TurnId,
  /** Position within the turn: texts of one turn go out in this order. */
  sequence: Schema.Int,
  kind: OutboundKind,
  body: Schema.String,
  encoding: SmsEncoding,
  segments: Schema.Int,
  status: DeliveryStatus,
  providerMessageId: Schema.optional(Schema.String),
  /** Provider error code of a failed send or delivery (e.g. `21610`, `4775`). */
  errorCode: Schema.optional(Schema.String),
  /** The text carries crisis resources: its send is a referral (counted for SB 243). */
  carriesReferral: Schema.optional(Schema.Boolean),
  /** Send attempts that failed so far (absent: none). */
  attempts: Schema.optional(Schema.Int),
  /**
   * While `pending`: when the outbox may try it (again). The turn that
   * recorded a text sends it at once; this is when the outbox takes over.
   */
  nextAttemptAt: Schema.optional(Schema.DateTimeUtc),
  createdAt: Schema.DateTimeUtc,
  updatedAt: Schema.DateTimeUtc
}) {}

/** One line of the conversation as the model sees it. */
export class ChatLine extends Schema.Class<ChatLine>("@jules/core/ChatLine")({
  /** The inbound or outbound message the line comes from. */
  messageId: MessageId,
  role: Schema.Literals(["user", "assistant"]),
  text: Schema.String,
  at: Schema.DateTimeUtc
}) {}
