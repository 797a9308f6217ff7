/**
 * Rules 3 and 4 of a turn: the age gate, then the quota and burst limit. Only
 * ordinary conversation passes through here - a crisis never does. In safety
 * mode (the hours after a crisis) the daily quota does not stop the person:
 * an upgrade offer is the wrong answer to someone who was just in crisis.
 *
 * The result is either a plan that ends the turn (verify first, blocked, over
 * quota) or leave to chat, in minor mode or not, with anything to send after
 * the reply (an optional verification link).
 */
import { Context, DateTime, Duration, Effect, Layer, Option } from "effect"
import type { CrisisAssessment } from "../domain/Crisis.ts"
import type { User } from "../domain/User.ts"
import { decideAgeGate } from "../policy/AgeGate.ts"
import { decideQuota, startOfDay } from "../policy/QuotaPolicy.ts"
import { AgeVerification } from "../ports/AgeVerification.ts"
import { Billing } from "../ports/Billing.ts"
import { MessageStore } from "../ports/MessageStore.ts"
import type { StorageError } from "../ports/StorageError.ts"
import { UserStore } from "../ports/UserStore.ts"
import { makeCopy } from "./Copy.ts"
import { CompanionSettings, tierLimits } from "./Settings.ts"
import { type Draft, plan, type TurnPlan } from "./TurnPlan.ts"

export type GateResult =
  | { readonly _tag: "Stop"; readonly plan: TurnPlan }
  | { readonly _tag: "Chat"; readonly minor: boolean; readonly after: ReadonlyArray<Draft> }

const stop = (p: TurnPlan): GateResult => ({ _tag: "Stop", plan: p })

export class Gates extends Context.Service<Gates, {
  /** In safety mode (the hours after a crisis) the daily quota is lifted. */
  readonly pass: (
    user: User,
    now: DateTime.Utc,
    assessment: CrisisAssessment,
    options?: { readonly safetyMode: boolean }
  ) => Effect.Effect<GateResult, StorageError>
}>()("@jules/core/Gates") {
  static readonly layer = Layer.effect(
    Gates,
    Effect.gen(function*() {
      const settings = yield* CompanionSettings
      const messages = yield* MessageStore
      const users = yield* UserStore
      const ageVerification = yield* AgeVerification
      const billing = yield* Billing
      const copy = makeCopy(settings)

      /** A verification link, or `undefined` when the provider is unreachable (the next text tries again). */
      const verificationLink = Effect.fnUntraced(function*(user: User) {
        const session = yield* ageVerification.startSession(user.id).pipe(
          Effect.tapError((e) =>
            Effect.logWarning("age verification unavailable").pipe(Effect.annotateLogs({ reason: e.reason._tag }))
          ),
          Effect.option
        )
        if (Option.isSome(session) && user.ageStatus === "unknown") yield* users.setAgeStatus(user.id, "pending")
        return Option.getOrUndefined(Option.map(session, (s) => s.url))
      })

      /** A checkout link for the upgrade nudge, or `undefined` when billing is down or not configured. */
      const checkoutLink = (user: User) =>
        billing.checkoutUrl(user.id, settings.upgradeTier).pipe(
          Effect.tapError((e) =>
            Effect.logWarning("checkout link unavailable").pipe(Effect.annotateLogs({ reason: e.reason._tag }))
          ),
          Effect.option,
          Effect.map(Option.getOrUndefined)
        )

      const pass = Effect.fnUntraced(function*(
        user: User,
        now: DateTime.Utc,
        assessment: CrisisAssessment,
        options: { readonly safetyMode: boolean } = { safetyMode: false }
      ) {
        const today = startOfDay(now, user.timeZone)

        // 3. Age gate
        const linksSent = yield* messages.countOutboundSince(
          user.id,
          "age_verification",
          settings.ageGate === "required" ? today : DateTime.makeUnsafe(0)
        )
        const gate = decideAgeGate({ mode: settings.ageGate, ageStatus: user.ageStatus, linksSent })
        if (gate._tag === "Blocked") return stop(plan("age_gate", [], assessment))
        if (gate._tag === "VerifyFirst") {
          const url = gate.sendLink ? yield* verificationLink(user) : undefined
          return stop(
            plan("age_gate", url === undefined ? [] : [{ kind: "age_verification", body: copy.verifyAgeRequired(url) }], assessment)
          )
        }
        const after: Array<Draft> = []
        if (gate.offerVerification) {
          const url = yield* verificationLink(user)
          if (url !== undefined) after.push({ kind: "age_verification", body: copy.verifyAgeOptional(url) })
        }

        // 4. Quota and burst limit
        const [turnsToday, nudgesToday, turnsLastMinute] = yield* Effect.all([
          messages.countRepliedTurnsSince(user.id, today),
          messages.countOutboundSince(user.id, "upgrade_nudge", today),
          messages.countTurnsSince(user.id, DateTime.subtractDuration(now, Duration.minutes(1)))
        ])
        const limits = tierLimits(settings, user.tier)
        const quota = decideQuota({
          limits: options.safetyMode ? { ...limits, dailyTurns: null } : limits,
          turnsToday,
          nudgesToday,
          turnsLastMinute,
          perMinuteLimit: settings.perMinuteLimit
        })
        if (quota._tag === "RateLimited") return stop(plan("rate_limited", [], assessment))
        if (quota._tag === "Exhausted") {
          if (!quota.nudge) return stop(plan("quota_exceeded", [], assessment))
          const url = yield* checkoutLink(user)
          return stop(
            plan("quota_exceeded", [{ kind: "upgrade_nudge", body: copy.upgradeNudge({ limit: quota.limit, url }) }], assessment)
          )
        }
        return { _tag: "Chat", minor: gate.minor, after } satisfies GateResult as GateResult
      })

      return Gates.of({ pass })
    })
  )
}
