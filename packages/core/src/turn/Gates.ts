/**
 * Rules 3 and 4 of a turn: the age gate, then the quota and burst limit. Only
 * ordinary conversation passes through here - a crisis never does. In safety
 * mode (the hours after a crisis) the daily quota does not stop the person:
 * an upgrade offer is the wrong answer to someone who was just in crisis.
 *
 * The result is either a plan that ends the turn (verify first, blocked, AGE
 * or VERIFY answered with a link, over quota) or leave to chat, in minor mode
 * or not, with anything to send after the reply (an optional verification
 * link). Verification links are Jules's own (`VerificationLinks`): issuing one
 * is a write, and the provider is asked only when the person opens it.
 */
import { Context, DateTime, Effect, Layer } from "effect"
import type { CrisisAssessment } from "../domain/Crisis.ts"
import type { User } from "../domain/User.ts"
import { VerificationLinks } from "../identity/VerificationLinks.ts"
import { decideAgeGate, isVerificationKeyword } from "../policy/AgeGate.ts"
import { declaredMinorAge } from "../policy/DeclaredAge.ts"
import { decideQuota, startOfDay } from "../policy/QuotaPolicy.ts"
import { BillingLinks } from "../billing/BillingLinks.ts"
import { MessageStore, type QuotaCounts } from "../ports/MessageStore.ts"
import type { StorageError } from "../ports/StorageError.ts"
import { UserStore } from "../ports/UserStore.ts"
import { makeCopy } from "./Copy.ts"
import { CompanionSettings, tierLimits } from "./Settings.ts"
import { type Draft, plan, type TurnPlan } from "./TurnPlan.ts"

export type GateResult =
  | { readonly _tag: "Stop"; readonly plan: TurnPlan }
  | { readonly _tag: "Chat"; readonly minor: boolean; readonly after: ReadonlyArray<Draft> }

const stop = (p: TurnPlan): GateResult => ({ _tag: "Stop", plan: p })

export interface GateOptions {
  /** In safety mode (the hours after a crisis) the daily quota is lifted. */
  readonly safetyMode: boolean
  /** The turn's last text (AGE and VERIFY ask for a link). */
  readonly text?: string | undefined
  /** The quota counts as the turn read them (`ConversationSnapshots`), over `quotaWindows`. */
  readonly quota: QuotaCounts
}

export class Gates extends Context.Service<Gates, {
  readonly pass: (
    user: User,
    now: DateTime.Utc,
    assessment: CrisisAssessment,
    options: GateOptions
  ) => Effect.Effect<GateResult, StorageError>
  /**
   * What the person says of their own age, heard on every text (crisis ones
   * too): "I'm 15" puts them in minor mode at once (`declared_minor`) unless a
   * verification already decided; a claim of adulthood changes nothing.
   */
  readonly hearAge: (user: User, text: string) => Effect.Effect<User, StorageError>
}>()("@jules/core/Gates") {
  static readonly layer = Layer.effect(
    Gates,
    Effect.gen(function*() {
      const settings = yield* CompanionSettings
      const messages = yield* MessageStore
      const users = yield* UserStore
      const verificationLinks = yield* VerificationLinks
      const billingLinks = yield* BillingLinks
      const copy = makeCopy(settings)

      /** A link of our own: the verification provider is only asked when it is opened. */
      const verificationLink = (user: User, now: DateTime.Utc) => verificationLinks.issue(user.id, now)

      const hearAge = Effect.fnUntraced(function*(user: User, text: string) {
        const age = declaredMinorAge(text)
        if (age === undefined || user.ageStatus !== "unknown" && user.ageStatus !== "pending") return user
        yield* Effect.logInfo("the person said they are under 18: minor mode").pipe(Effect.annotateLogs({ userId: user.id }))
        return yield* users.setAgeStatus(user.id, "declared_minor")
      })

      const pass = Effect.fnUntraced(function*(
        user: User,
        now: DateTime.Utc,
        assessment: CrisisAssessment,
        options: GateOptions
      ) {
        const today = startOfDay(now, user.timeZone)

        // 3. Age gate. AGE or VERIFY asks for a link whenever the gate is on.
        if (settings.ageGate !== "off" && options.text !== undefined && isVerificationKeyword(options.text)) {
          const verified = user.ageStatus === "adult" || user.ageStatus === "minor"
          const body = verified ? copy.alreadyVerified : copy.verifyAgeOnRequest(yield* verificationLink(user, now))
          return stop(plan("age_gate", [{ kind: verified ? "age_decision" : "age_verification", body }], assessment))
        }
        const linksSent = settings.ageGate === "off" ? 0 : yield* messages.countOutboundSince(
          user.id,
          "age_verification",
          settings.ageGate === "required" ? today : DateTime.makeUnsafe(0)
        )
        const gate = decideAgeGate({ mode: settings.ageGate, ageStatus: user.ageStatus, linksSent })
        if (gate._tag === "Blocked") return stop(plan("age_gate", [], assessment))
        if (gate._tag === "VerifyFirst") {
          const url = gate.sendLink ? yield* verificationLink(user, now) : undefined
          return stop(
            plan("age_gate", url === undefined ? [] : [{ kind: "age_verification", body: copy.verifyAgeRequired(url) }], assessment)
          )
        }
        const after: Array<Draft> = []
        if (gate.offerVerification) {
          after.push({ kind: "age_verification", body: copy.verifyAgeOptional(yield* verificationLink(user, now)) })
        }

        // 4. Quota and burst limit
        const counts = options.quota
        const limits = tierLimits(settings, user.tier)
        const quota = decideQuota({
          limits: options.safetyMode ? { ...limits, dailyTurns: null } : limits,
          turnsToday: counts.repliedTurns,
          nudgesToday: counts.upgradeNudges,
          turnsLastMinute: counts.recentTurns,
          perMinuteLimit: settings.perMinuteLimit
        })
        if (quota._tag === "RateLimited") return stop(plan("rate_limited", [], assessment))
        if (quota._tag === "Exhausted") {
          if (!quota.nudge) return stop(plan("quota_exceeded", [], assessment))
          // A link of our own: the payment provider is only asked when it is opened.
          const url = yield* billingLinks.issue(user.id, now)
          return stop(
            plan("quota_exceeded", [{ kind: "upgrade_nudge", body: copy.upgradeNudge({ limit: quota.limit, url }) }], assessment)
          )
        }
        return { _tag: "Chat", minor: gate.minor, after } satisfies GateResult as GateResult
      })

      return Gates.of({ pass, hearAge })
    })
  )
}
