/** What a turn decided: its outcome and the texts it wants to send, before formatting. */
import { CrisisAssessment } from "../domain/Crisis.ts"
import type { OutboundKind } from "../domain/Message.ts"
import type { TurnOutcome } from "../domain/Turn.ts"
import type { UsageRecord } from "../domain/Usage.ts"
import type { LastDisclosures } from "../ports/DisclosureLog.ts"
import type { Recalled } from "./ConversationMemory.ts"

export interface Draft {
  readonly kind: OutboundKind
  readonly body: string
  /** Carries crisis resources (always so for `crisis_resources`). */
  readonly referral?: boolean | undefined
}

export interface TurnPlan {
  readonly outcome: TurnOutcome
  readonly drafts: ReadonlyArray<Draft>
  readonly assessment: CrisisAssessment
  /** The model provider that answered, when one did. */
  readonly provider?: string | undefined
  /** What the model's reply was written with, for remembering after the send. */
  readonly recalled?: Recalled | undefined
  /** The disclosure log as the notices were decided on, for the outbox pass that sends them. */
  readonly lastDisclosures?: LastDisclosures | undefined
  /** The model's usage for the reply, recorded with the turn (`TurnRecords`). */
  readonly usage?: UsageRecord | undefined
}

export const plan = (
  outcome: TurnOutcome,
  drafts: ReadonlyArray<Draft> = [],
  assessment: CrisisAssessment = CrisisAssessment.none,
  provider?: string,
  recalled?: Recalled
): TurnPlan => ({ outcome, drafts, assessment, provider, recalled })
