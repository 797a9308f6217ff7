/**
 * Rule 1 of a turn, acted on: STOP records the opt-out and confirms once;
 * START (or YES while opted out) re-subscribes. Where the provider already
 * answers these keywords itself (Twilio long codes), Jules records the change
 * but never confirms a second time.
 */
import { DateTime, Effect } from "effect"
import { AuditEntry } from "../domain/Audit.ts"
import type { TurnId } from "../domain/Ids.ts"
import type { ConsentState, User } from "../domain/User.ts"
import { ConsentChange } from "../domain/User.ts"
import type { ConsentKeyword } from "../policy/ConsentKeywords.ts"
import { AuditLog } from "../ports/AuditLog.ts"
import { SmsGateway } from "../ports/SmsGateway.ts"
import { UserStore } from "../ports/UserStore.ts"
import { makeCopy } from "./Copy.ts"
import { CompanionSettings } from "./Settings.ts"
import { plan } from "./TurnPlan.ts"

const changeConsent = Effect.fnUntraced(function*(user: User, state: ConsentState, turnId: TurnId, at: DateTime.Utc) {
  yield* (yield* UserStore).setConsent(new ConsentChange({ userId: user.id, state, source: "keyword", at }))
  yield* (yield* AuditLog).append(
    new AuditEntry({ id: `consent:${turnId}`, kind: "consent_changed", userId: user.id, detail: { state, source: "keyword" }, at })
  )
})

export const respondToConsentKeyword = Effect.fnUntraced(function*(
  user: User,
  keyword: Exclude<ConsentKeyword, "help">,
  turnId: TurnId,
  now: DateTime.Utc
) {
  const copy = makeCopy(yield* CompanionSettings)
  const confirm = !(yield* SmsGateway).repliesToOptOutKeywords
  if (keyword === "opt_out") {
    if (user.consent === "opted_out") return plan("opted_out")
    yield* changeConsent(user, "opted_out", turnId, now)
    return plan("opted_out", confirm ? [{ kind: "opt_out_confirmation", body: copy.optOutConfirmation }] : [])
  }
  if (user.consent === "opted_out") yield* changeConsent(user, "opted_in", turnId, now)
  return plan("opted_in", confirm ? [{ kind: "opt_in_confirmation", body: copy.optInConfirmation }] : [])
})
