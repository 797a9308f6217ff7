/**
 * Age verification (Veriff in production). The decision arrives later by
 * webhook and sets the user's `AgeStatus`.
 */
import type { Effect } from "effect"
import { Context, Schema } from "effect"
import type { UserId } from "../domain/Ids.ts"

const ReasonFields = { message: Schema.String }

export class VerificationUnavailable
  extends Schema.TaggedError<VerificationUnavailable>()("VerificationUnavailable", ReasonFields)
{
  get isRetryable(): boolean {
    return true
  }
}

export class VerificationRejected
  extends Schema.TaggedError<VerificationRejected>()("VerificationRejected", ReasonFields)
{
  get isRetryable(): boolean {
    return false
  }
}

export class AgeVerificationError extends Schema.TaggedError<AgeVerificationError>()("AgeVerificationError", {
  reason: Schema.Union([VerificationUnavailable, VerificationRejected])
}) {
  override get message(): string {
    return `${this.reason._tag}: ${this.reason.message}`
  }

  get isRetryable(): boolean {
    return this.reason.isRetryable
  }
}

export interface VerificationSession {
  readonly sessionId: string
  /** Where the person verifies, sent to them by SMS. */
  readonly url: string
}

export class AgeVerification extends Context.Service<AgeVerification, {
  readonly startSession: (userId: UserId) => Effect.Effect<VerificationSession, AgeVerificationError>
}>()("@jules/core/AgeVerification") {}
