/** What a turn decided: its outcome and the texts it wants to send, before formatting. */
import { CrisisAssessment } from "../domain/Crisis.ts"
import type { OutboundKind } from "../domain/Message.ts"
import type { TurnOutcome } from "../domain/Turn.ts"

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
}

export const plan = (
  outcome: TurnOutcome,
  drafts: ReadonlyArray<Draft> = [],
  assessment: CrisisAssessment = CrisisAssessment.none,
  provider?: string
): TurnPlan => ({ outcome, drafts, assessment, provider })
