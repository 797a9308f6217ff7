/**
 * Notices the law requires: that the person is texting an AI (NY GBL §1702,
 * CA SB 243 §22602(a)), and for known minors a reminder to take a break
 * (SB 243 §22602(c)). Every notice sent is recorded.
 */
import { Schema } from "effect"
import { MessageId, UserId } from "./Ids.ts"

export const DisclosureKind = Schema.Literals(["ai_notice", "break_reminder"])
export type DisclosureKind = typeof DisclosureKind.Type

export class DisclosureRecord extends Schema.Class<DisclosureRecord>("@jules/core/DisclosureRecord")({
  /** The outbound message that carried the notice. */
  id: MessageId,
  userId: UserId,
  kind: DisclosureKind,
  sentAt: Schema.DateTimeUtc
}) {}
