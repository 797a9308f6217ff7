/**
 * `AgeVerification` without a provider: sessions `session-1`, `session-2`, …
 * at `https://verify.test/<sessionId>`, recorded for the test to read through
 * `AgeVerificationSessions`. The decision is the test's to apply (as the
 * provider's webhook would), e.g. with `UserStore.setAgeStatus`.
 */
import type { UserId, VerificationSession } from "@jules/core"
import { AgeVerification, AgeVerificationError } from "@jules/core"
import { Context, Effect, Layer, Option, Ref } from "effect"
import * as FailureQueue from "../internal/FailureQueue.ts"

export type AgeVerificationErrorReason = AgeVerificationError["reason"]

export interface StartedSession extends VerificationSession {
  readonly userId: UserId
}

export class AgeVerificationSessions extends Context.Service<AgeVerificationSessions, {
  /** Sessions started, in order. */
  readonly sessions: Effect.Effect<ReadonlyArray<StartedSession>>
  /** The next `times` calls (default 1) fail with `reason`. */
  readonly failNext: (reason: AgeVerificationErrorReason, times?: number) => Effect.Effect<void>
}>()("@jules/testkit/AgeVerificationSessions") {}

export const sessionUrl = (sessionId: string): string => `https://verify.test/${encodeURIComponent(sessionId)}`

const make = Effect.gen(function*() {
  const sessions = yield* Ref.make<ReadonlyArray<StartedSession>>([])
  const failures = yield* FailureQueue.make<AgeVerificationErrorReason>()

  const startSession = Effect.fnUntraced(function*(userId: UserId) {
    const failure = yield* failures.take
    if (Option.isSome(failure)) return yield* new AgeVerificationError({ reason: failure.value })
    return yield* Ref.modify(sessions, (all): [VerificationSession, ReadonlyArray<StartedSession>] => {
      const sessionId = `session-${all.length + 1}`
      const session = { sessionId, url: sessionUrl(sessionId) }
      return [session, [...all, { ...session, userId }]]
    })
  })

  return Context.make(AgeVerification, AgeVerification.of({ startSession })).pipe(
    Context.add(
      AgeVerificationSessions,
      AgeVerificationSessions.of({
        sessions: Ref.get(sessions),
        failNext: (reason, times = 1) => failures.push(reason, times)
      })
    )
  )
})

export const layer: Layer.Layer<AgeVerification | AgeVerificationSessions> = Layer.effectContext(make)
