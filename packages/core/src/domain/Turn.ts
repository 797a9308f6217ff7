/**
 * One conversation turn: the inbound text (or burst of texts) and what Jules did
 * about it. The outcome names which rule of the turn decided.
 */
import { Schema } from "effect"
import { CrisisCategory, CrisisSeverity } from "./Crisis.ts"
import { MessageId, TurnId, UserId } from "./Ids.ts"

export const TurnOutcome = Schema.Literals([
  /** STOP and friends: consent recorded, one confirmation. */
  "opted_out",
  /** START/UNSTOP (or YES while opted out). */
  "opted_in",
  "help",
  /** UPGRADE, PLAN or BILLING: the billing link (or how to reach the operator). */
  "billing",
  /** A memory command ("what do you remember about me?", FORGET, FORGET ALL), answered from the store. */
  "memory",
  /** The person opted out earlier: nothing is sent. */
  "ignored_opted_out",
  /** Fixed crisis text; the model was not called. */
  "crisis_referral",
  /** Age gate: verification link sent, or blocked (under 13). */
  "age_gate",
  /** Daily quota used up: an upgrade nudge (once a day) or nothing. */
  "quota_exceeded",
  "rate_limited",
  /** The model answered. */
  "replied",
  /** Every model failed: the fixed apology went out. */
  "apology"
])
export type TurnOutcome = typeof TurnOutcome.Type

export class ConversationTurn extends Schema.Class<ConversationTurn>("@jules/core/ConversationTurn")({
  id: TurnId,
  userId: UserId,
  inboundIds: Schema.Array(MessageId),
  outcome: TurnOutcome,
  crisisCategory: Schema.NullOr(CrisisCategory),
  crisisSeverity: CrisisSeverity,
  /** The model provider that answered, when one did. */
  provider: Schema.optional(Schema.String),
  at: Schema.DateTimeUtc
}) {}
