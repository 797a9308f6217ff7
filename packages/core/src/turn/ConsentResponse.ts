/**
 * Rule 1 of a turn, acted on: STOP records the opt-out and confirms once;
 * START (or YES while opted out) re-subscribes. Where the provider already
 * answers these keywords itself (Twilio long codes), Jules records the change
 * but never confirms a second time.
 */
import { Context, DateTime, Effect, Layer } from "effect"
import { AuditEntry } from "../domain/Audit.ts"
import type { TurnId } from "../domain/Ids.ts"
import type { ConsentState, User } from "../domain/User.ts"
import { ConsentChange } from "../domain/User.ts"
import type { ConsentKeyword } from "../policy/ConsentKeywords.ts"
import { AuditLog } from "../ports/AuditLog.ts"
import { SmsGateway } from "../ports/SmsGateway.ts"
import type { StorageError } from "../ports/StorageError.ts"
import { UserStore } from "../ports/UserStore.ts"
import { makeCopy } from "./Copy.ts"
import { CompanionSettings } from "./Settings.ts"
import { plan, type TurnPlan } from "./TurnPlan.ts"

export class ConsentResponse extends Context.Service<ConsentResponse, {
  /** Records the change of consent (with its audit entry) and plans the confirmation. */
  readonly respond: (
    user: User,
    keyword: Exclude<ConsentKeyword, "help">,
    turnId: TurnId,
    now: DateTime.Utc
  ) => Effect.Effect<TurnPlan, StorageError>
}>()("@jules/core/ConsentResponse") {
  static readonly layer = Layer.effect(
    ConsentResponse,
    Effect.gen(function*() {
      const users = yield* UserStore
      const audit = yield* AuditLog
      const copy = makeCopy(yield* CompanionSettings)
      const gateway = yield* SmsGateway

      const changeConsent = Effect.fnUntraced(function*(user: User, state: ConsentState, turnId: TurnId, at: DateTime.Utc) {
        yield* users.setConsent(new ConsentChange({ userId: user.id, state, source: "keyword", at }))
        yield* audit.append(
          new AuditEntry({ id: `consent:${turnId}`, kind: "consent_changed", userId: user.id, detail: { state, source: "keyword" }, at })
        )
      })

      const respond = Effect.fnUntraced(function*(
        user: User,
        keyword: Exclude<ConsentKeyword, "help">,
        turnId: TurnId,
        now: DateTime.Utc
      ) {
        const confirm = !gateway.repliesToOptOutKeywords
        if (keyword === "opt_out") {
          if (user.consent === "opted_out") return plan("opted_out")
          yield* changeConsent(user, "opted_out", turnId, now)
          return plan("opted_out", confirm ? [{ kind: "opt_out_confirmation", body: copy.optOutConfirmation }] : [])
        }
        if (user.consent === "opted_out") yield* changeConsent(user, "opted_in", turnId, now)
        return plan("opted_in", confirm ? [{ kind: "opt_in_confirmation", body: copy.optInConfirmation }] : [])
      })

      return ConsentResponse.of({ respond })
    })
  )
}
