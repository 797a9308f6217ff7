/**
 * What a verification decided becomes the person's age status, and they are
 * told. The age is computed from the document's birth date on the day of the
 * decision in the operator's time zone (`policy/AgeFromBirth.ts`).
 *
 * - Adult or minor: the status is set (minors chat in minor mode from the
 *   next text), one text says so.
 * - Under 13 (COPPA): one text, then everything about the person is erased
 *   (`UserData.eraseUser`), their number kept from registering again by its
 *   blind index, and an audit entry that names no one.
 * - Declined, resubmission requested, expired, abandoned, or approved
 *   without a readable birth date: one clear text each, and the person stays
 *   unverified (`pending` goes back to `unknown`; a self-declared minor stays
 *   one). A later decision of one session never undoes a verified age.
 * - Review: nothing yet; the final decision follows.
 *
 * Each decision is handled once (claimed by its id, which the provider
 * repeats on every delivery); when handling fails the claim is released, so
 * the provider's retry is handled. The claim is kept as a keyed digest, not
 * the provider's id, so nothing in it leads back to the person.
 */
import { Context, DateTime, Effect, Layer, Option, Schedule } from "effect"
import type { AgeDecision } from "../domain/AgeDecision.ts"
import { AuditEntry } from "../domain/Audit.ts"
import { MessageId, TurnId } from "../domain/Ids.ts"
import type { AgeStatus, User } from "../domain/User.ts"
import { verifiedAge } from "../policy/AgeFromBirth.ts"
import { AuditLog } from "../ports/AuditLog.ts"
import { Crypto } from "../ports/Crypto.ts"
import { EventClaims } from "../ports/EventClaims.ts"
import { MessageStore } from "../ports/MessageStore.ts"
import { SmsGateway } from "../ports/SmsGateway.ts"
import type { StorageError } from "../ports/StorageError.ts"
import { UserStore } from "../ports/UserStore.ts"
import { makeCopy } from "../turn/Copy.ts"
import { toOutboundMessages } from "../turn/Formatting.ts"
import { OutboxPasses } from "../turn/OutboxPasses.ts"
import { CompanionSettings } from "../turn/Settings.ts"
import { UserData } from "../turn/UserData.ts"
import * as Spans from "../Spans.ts"

export const DECISION_CLAIM_SOURCE = "age-verification:decision"

export type DecisionHandled =
  /** The person's status after the decision (`under_13`: erased). */
  | { readonly _tag: "Applied"; readonly ageStatus: AgeStatus }
  | { readonly _tag: "Duplicate" }
  /** No such person: not one of ours, or already erased. */
  | { readonly _tag: "UnknownPerson" }

const VERIFIED: ReadonlyArray<AgeStatus> = ["adult", "minor", "under_13"]

export class AgeDecisions extends Context.Service<AgeDecisions, {
  readonly handle: (decision: AgeDecision) => Effect.Effect<DecisionHandled, StorageError>
}>()("@jules/core/AgeDecisions") {
  static readonly layer = Layer.effect(
    AgeDecisions,
    Effect.gen(function*() {
      const users = yield* UserStore
      const messages = yield* MessageStore
      const audit = yield* AuditLog
      const claims = yield* EventClaims
      const crypto = yield* Crypto
      const gateway = yield* SmsGateway
      const passes = yield* OutboxPasses
      const userData = yield* UserData
      const settings = yield* CompanionSettings
      const copy = makeCopy(settings)

      /** A digest of the decision id: the claim and the ids derived from it say nothing of the person. */
      const keyOf = (decision: AgeDecision) =>
        crypto.blindIndex(`${decision.provider}:${decision.decisionId}`).pipe(Effect.orDie)

      const tell = Effect.fnUntraced(function*(user: User, key: string, body: string, now: DateTime.Utc) {
        if (user.consent === "opted_out") return
        // Keyed by the decision: a redelivery records nothing new.
        yield* messages.recordOutbound(toOutboundMessages({
          user,
          turnId: TurnId.make(`age:${key}`),
          drafts: [{ kind: "age_decision", body }],
          maxBodyLength: gateway.maxBodyLength,
          now
        }))
        yield* passes.request(user.id)
      })

      const record = (user: User, key: string, status: AgeStatus, decision: AgeDecision, now: DateTime.Utc) =>
        audit.append(
          new AuditEntry({
            id: `age:${key}`,
            kind: "age_status_changed",
            userId: user.id,
            detail: { from: user.ageStatus, to: status, verification: decision.status, provider: decision.provider },
            at: now
          })
        )

      /**
       * The one text, sent now (the outbox is erased with everything else),
       * then the erasure. A text the carrier will not take is given up on:
       * keeping a child's number to retry it is what the law forbids.
       */
      const eraseChild = Effect.fnUntraced(function*(user: User, key: string, decision: AgeDecision, now: DateTime.Utc) {
        if (user.consent === "opted_in") {
          yield* gateway.send({ messageId: MessageId.make(`age:${key}.0`), to: user.phone, body: copy.under13 }).pipe(
            Effect.retry({ times: 2, schedule: Schedule.exponential("500 millis") }),
            Effect.catch((error) =>
              Effect.logWarning("the under-13 notice could not be sent").pipe(
                Effect.annotateLogs({ reason: error.reason._tag })
              )
            )
          )
        }
        yield* users.block(user.id)
        yield* userData.eraseUser(user.id)
        yield* audit.append(
          new AuditEntry({
            id: `age:${key}`,
            kind: "age_status_changed",
            detail: { to: "under_13", verification: decision.status, provider: decision.provider, action: "erased and blocked" },
            at: now
          })
        )
        yield* Effect.logInfo("under-13 verified: the person was erased and their number blocked")
      })

      /** Not verified this time: say why, and leave what was known before. */
      const unverified = Effect.fnUntraced(function*(
        user: User,
        key: string,
        decision: AgeDecision,
        body: string,
        now: DateTime.Utc
      ) {
        if (VERIFIED.includes(user.ageStatus)) return user.ageStatus
        const status: AgeStatus = user.ageStatus === "pending" ? "unknown" : user.ageStatus
        if (status !== user.ageStatus) yield* users.setAgeStatus(user.id, status)
        yield* record(user, key, status, decision, now)
        yield* tell(user, key, body, now)
        return status
      })

      const apply = Effect.fnUntraced(function*(user: User, key: string, decision: AgeDecision) {
        const now = yield* DateTime.now
        switch (decision.status) {
          case "review":
            return user.ageStatus
          case "declined":
            return yield* unverified(user, key, decision, copy.verificationDeclined, now)
          case "resubmission_requested":
            return yield* unverified(user, key, decision, copy.verificationResubmit, now)
          case "expired":
            return yield* unverified(user, key, decision, copy.verificationExpired, now)
          case "abandoned":
            return yield* unverified(user, key, decision, copy.verificationAbandoned, now)
          case "approved": {
            const age = verifiedAge(
              { date: decision.dateOfBirth, year: decision.yearOfBirth },
              decision.decidedAt,
              settings.defaultTimeZone
            )
            if (age === undefined) return yield* unverified(user, key, decision, copy.verificationUnreadable, now)
            if (age === "under_13") {
              yield* eraseChild(user, key, decision, now)
              return age
            }
            if (age !== user.ageStatus) yield* users.setAgeStatus(user.id, age)
            yield* record(user, key, age, decision, now)
            yield* tell(user, key, age === "adult" ? copy.verifiedAdult : copy.verifiedMinor, now)
            return age
          }
        }
      })

      const handle = Spans.fn("AgeDecisions.handle")(function*(decision: AgeDecision) {
        const key = yield* keyOf(decision)
        if (!(yield* claims.claim(DECISION_CLAIM_SOURCE, key))) return { _tag: "Duplicate" } as const
        const release = Effect.ignore(claims.release(DECISION_CLAIM_SOURCE, key))
        const found = decision.userId === undefined ? Option.none() : yield* users.findById(decision.userId).pipe(
          Effect.onError(() => release)
        )
        if (Option.isNone(found)) {
          yield* Effect.logWarning("age decision for no known person ignored").pipe(
            Effect.annotateLogs({ provider: decision.provider, status: decision.status })
          )
          return { _tag: "UnknownPerson" } as const
        }
        const user = found.value
        const ageStatus = yield* apply(user, key, decision).pipe(Effect.onError(() => release))
        // An erased child's id goes nowhere, not even into a log line or a span.
        const who = ageStatus === "under_13" ? {} : { userId: user.id }
        yield* Effect.annotateCurrentSpan(who)
        yield* Effect.logInfo("age decision applied").pipe(
          Effect.annotateLogs({ ...who, verification: decision.status, ageStatus })
        )
        return { _tag: "Applied", ageStatus } as const
      })

      return AgeDecisions.of({ handle: (decision) => Effect.map(handle(decision), (handled): DecisionHandled => handled) })
    })
  )
}
