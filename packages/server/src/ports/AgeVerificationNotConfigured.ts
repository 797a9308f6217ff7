/**
 * `AgeVerification` until a Veriff adapter exists: no session can start. The
 * age gate stays `off` (see `Composition`), so this is only reached if an
 * operator forces it on.
 */
import { AgeVerification, AgeVerificationError, VerificationRejected } from "@jules/core"
import { Effect, Layer } from "effect"

export const layer: Layer.Layer<AgeVerification> = Layer.succeed(
  AgeVerification,
  AgeVerification.of({
    startSession: () =>
      Effect.fail(
        new AgeVerificationError({
          reason: new VerificationRejected({ message: "age verification is not configured" })
        })
      )
  })
)
