/**
 * The audit trail an operator shows a regulator: disclosures, crisis referrals,
 * consent and billing changes. Entries name what happened, never what was said.
 */
import { Schema } from "effect"
import { UserId } from "./Ids.ts"

export const AuditKind = Schema.Literals([
  "consent_changed",
  "disclosure_sent",
  "crisis_referral",
  "age_status_changed",
  "tier_changed",
  "user_erased",
  "user_exported",
  /** The person's FORGET ALL: their facts and summary cleared; no content recorded. */
  "memory_cleared",
  /** An operator's call to the admin API or CLI: who (a token id), the action, the targets; never a body. */
  "admin_call"
])
export type AuditKind = typeof AuditKind.Type

export class AuditEntry extends Schema.Class<AuditEntry>("@jules/core/AuditEntry")({
  /** Deterministic where the event can be replayed, so appending twice is a no-op. */
  id: Schema.String,
  kind: AuditKind,
  /** Absent once the user is erased. */
  userId: Schema.optional(UserId),
  /** Small, non-identifying facts: `{ "state": "opted_out", "source": "keyword" }`. */
  detail: Schema.Record(Schema.String, Schema.String),
  at: Schema.DateTimeUtc
}) {}
