/**
 * Age verification (Veriff in production): a session where the person proves
 * their age, started when they open the link Jules texted them
 * (`identity/VerificationLinks.ts`). The provider learns Jules's id for the
 * person, nothing else. The decision arrives later by webhook and sets their
 * `AgeStatus` (`identity/AgeDecisions.ts`).
 */
import { Context, Effect, Layer, Schema } from "effect"
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
}>()("@jules/core/AgeVerification") {
  /**
   * No verification provider: no session can start (`VerificationRejected`,
   * not retryable). The server refuses to start with an age gate and no
   * provider, so this only answers a link opened while the gate is `off`.
   */
  static readonly layerNotConfigured: Layer.Layer<AgeVerification> = Layer.sync(AgeVerification, () =>
    AgeVerification.of({
      startSession: () =>
        Effect.fail(
          new AgeVerificationError({
            reason: new VerificationRejected({ message: "age verification is not configured" })
          })
        )
    }))
}
