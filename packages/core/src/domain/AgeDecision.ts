/**
 * What an age verification provider decided about one attempt, as Jules
 * reads it: whose it is, how it ended, and the birth facts on the document.
 * Nothing else from the provider's decision (names, document numbers, the
 * photo) is kept or even decoded.
 */
import type { DateTime } from "effect"
import { Schema } from "effect"
import type { UserId } from "./Ids.ts"

/**
 * How a verification ended. `review`: a person at the provider looks at it;
 * the final decision follows.
 */
export const VerificationStatus = Schema.Literals([
  "approved",
  "declined",
  "resubmission_requested",
  "expired",
  "abandoned",
  "review"
])
export type VerificationStatus = typeof VerificationStatus.Type

export interface AgeDecision {
  /** The provider, e.g. `veriff`. */
  readonly provider: string
  /**
   * The same decision delivered again has the same id (the provider's
   * verification id, status and attempt), so it is applied once.
   */
  readonly decisionId: string
  /** Whose verification it is: the id Jules gave the provider, unless it was not one of ours. */
  readonly userId: UserId | undefined
  readonly status: VerificationStatus
  /** `YYYY-MM-DD` from the document; may be missing even when approved. */
  readonly dateOfBirth: string | undefined
  readonly yearOfBirth: number | undefined
  /** When the provider decided (the day the age is computed on); the receipt time when not given. */
  readonly decidedAt: DateTime.Utc
}
