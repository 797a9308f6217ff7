/**
 * One conversation turn: the rules, in the order they apply.
 *
 *  1. Consent. STOP and its synonyms opt out (one confirmation, then silence);
 *     START re-subscribes; an opted-out person gets nothing.
 *  2. Crisis screen, on every text. Imminent: the fixed crisis text, no model.
 *     Concern: the model answers in safety mode and resources are appended.
 *     Neither age gate nor quota ever blocks a crisis reply.
 *  3. Age gate (when configured): verify first, minors get minor mode,
 *     under-13s are blocked.
 *  4. Quota and burst limit: over quota, one upgrade nudge a day.
 *  5-7. The model's reply (memory and recent turns within a token budget, the
 *     fallback chain, the output check) - or the fixed apology when every
 *     model failed.
 *  8. Disclosure: the AI notice when none was sent in the last three hours;
 *     known minors also get the break reminder.
 *  9. Formatting to SMS segments, recording, then sending (`Delivery`).
 * 10. After a reply went out: facts and the rolling summary
 *     (`ConversationMemory`, best effort).
 *
 * A turn runs at least once (it is durable). Everything it writes is keyed by
 * the turn, and once its texts are recorded a second run only sends what is
 * still pending.
 */
import { Context, DateTime, Duration, Effect, Layer, Option } from "effect"
import { AuditEntry } from "../domain/Audit.ts"
import { CrisisAssessment, CrisisEvent } from "../domain/Crisis.ts"
import { DisclosureRecord } from "../domain/Disclosure.ts"
import type { MessageId, TurnId, UserId } from "../domain/Ids.ts"
import type { InboundMessage, OutboundKind } from "../domain/Message.ts"
import { OutboundMessage } from "../domain/Message.ts"
import { ConversationTurn, type TurnOutcome } from "../domain/Turn.ts"
import type { User } from "../domain/User.ts"
import { ConsentChange } from "../domain/User.ts"
import { UsageRecord, usageRecordId } from "../domain/Usage.ts"
import { decideAgeGate } from "../policy/AgeGate.ts"
import { consentKeyword, type ConsentKeyword } from "../policy/ConsentKeywords.ts"
import { screenCrisis } from "../policy/CrisisScreen.ts"
import { disclosuresDue } from "../policy/DisclosurePolicy.ts"
import { decideQuota, startOfDay } from "../policy/QuotaPolicy.ts"
import * as SmsSegments from "../policy/SmsSegments.ts"
import { AgeVerification } from "../ports/AgeVerification.ts"
import { AuditLog } from "../ports/AuditLog.ts"
import { Billing } from "../ports/Billing.ts"
import { CrisisEventLog } from "../ports/CrisisEventLog.ts"
import { DisclosureLog } from "../ports/DisclosureLog.ts"
import { EscalationNotifier } from "../ports/EscalationNotifier.ts"
import { MessageStore } from "../ports/MessageStore.ts"
import type { SmsError } from "../ports/SmsGateway.ts"
import { SmsGateway } from "../ports/SmsGateway.ts"
import type { StorageError } from "../ports/StorageError.ts"
import { UsageLedger } from "../ports/UsageLedger.ts"
import { UserStore } from "../ports/UserStore.ts"
import { ConversationMemory } from "./ConversationMemory.ts"
import { makeCopy } from "./Copy.ts"
import { Delivery } from "./Delivery.ts"
import { ModelReply } from "./ModelReply.ts"
import { CompanionSettings, tierLimits } from "./Settings.ts"

export interface TurnRequest {
  readonly userId: UserId
  /** The texts this turn answers, oldest first: one, or a burst. The first names the turn. */
  readonly messageIds: readonly [MessageId, ...Array<MessageId>]
}

export interface TurnResult {
  readonly turn: ConversationTurn
  /** Texts sent by this run (a resumed run sends only what an earlier run left pending). */
  readonly sent: ReadonlyArray<OutboundMessage>
}

/** A text the turn wants to send, before formatting. */
interface Draft {
  readonly kind: OutboundKind
  readonly body: string
}

interface Plan {
  readonly outcome: TurnOutcome
  readonly drafts: ReadonlyArray<Draft>
  readonly assessment: CrisisAssessment
  readonly provider?: string | undefined
}

export class ConversationTurns extends Context.Service<ConversationTurns, {
  /** `None` when the person or every text of the turn was erased before it ran. */
  readonly run: (request: TurnRequest) => Effect.Effect<Option.Option<TurnResult>, StorageError | SmsError>
}>()("@jules/core/ConversationTurns") {
  static readonly layerNoDeps = Layer.effect(
    ConversationTurns,
    Effect.gen(function*() {
      const settings = yield* CompanionSettings
      const users = yield* UserStore
      const messages = yield* MessageStore
      const crisisLog = yield* CrisisEventLog
      const disclosures = yield* DisclosureLog
      const audit = yield* AuditLog
      const usage = yield* UsageLedger
      const gateway = yield* SmsGateway
      const billing = yield* Billing
      const ageVerification = yield* AgeVerification
      const escalation = yield* EscalationNotifier
      const modelReply = yield* ModelReply
      const delivery = yield* Delivery
      const memory = yield* ConversationMemory
      const copy = makeCopy(settings)

      const plan = (
        outcome: TurnOutcome,
        drafts: ReadonlyArray<Draft> = [],
        assessment: CrisisAssessment = CrisisAssessment.none,
        provider?: string
      ): Plan => ({ outcome, drafts, assessment, provider })

      // Rule 1 ---------------------------------------------------------------

      const changeConsent = Effect.fnUntraced(function*(user: User, state: User["consent"], turnId: TurnId, at: DateTime.Utc) {
        yield* users.setConsent(new ConsentChange({ userId: user.id, state, source: "keyword", at }))
        yield* audit.append(
          new AuditEntry({
            id: `consent:${turnId}`,
            kind: "consent_changed",
            userId: user.id,
            detail: { state, source: "keyword" },
            at
          })
        )
      })

      const applyConsentKeyword = Effect.fnUntraced(function*(
        user: User,
        keyword: Exclude<ConsentKeyword, "help">,
        turnId: TurnId,
        now: DateTime.Utc
      ) {
        // The provider may answer STOP/START itself (Twilio long codes); never confirm twice.
        const confirm = !gateway.repliesToOptOutKeywords
        if (keyword === "opt_out") {
          if (user.consent === "opted_out") return plan("opted_out")
          yield* changeConsent(user, "opted_out", turnId, now)
          return plan("opted_out", confirm ? [{ kind: "opt_out_confirmation", body: copy.optOutConfirmation }] : [])
        }
        if (user.consent === "opted_out") yield* changeConsent(user, "opted_in", turnId, now)
        return plan("opted_in", confirm ? [{ kind: "opt_in_confirmation", body: copy.optInConfirmation }] : [])
      })

      // Rule 2 ---------------------------------------------------------------

      const recordCrisis = Effect.fnUntraced(function*(
        user: User,
        assessment: CrisisAssessment,
        turnId: TurnId,
        now: DateTime.Utc,
        referred: boolean
      ) {
        if (assessment.category === null || assessment.severity === "none") return
        const event = new CrisisEvent({
          id: turnId,
          userId: user.id,
          category: assessment.category,
          severity: assessment.severity,
          referred,
          at: now
        })
        const recorded = yield* crisisLog.record(event)
        if (!recorded) return
        yield* Effect.logWarning("crisis detected").pipe(
          Effect.annotateLogs({ userId: user.id, turnId, category: event.category, severity: event.severity })
        )
        if (referred) {
          yield* audit.append(
            new AuditEntry({
              id: `crisis:${turnId}`,
              kind: "crisis_referral",
              userId: user.id,
              detail: { category: event.category, severity: event.severity },
              at: now
            })
          )
        }
        if (event.severity === "imminent") {
          // Best effort and bounded: the person's crisis text must not wait on a pager.
          yield* escalation.notify(event).pipe(
            Effect.retry({ times: 2, while: (e) => e.isRetryable }),
            Effect.timeoutOrElse({ duration: "5 seconds", orElse: () => Effect.logError("escalation timed out") }),
            Effect.catch((e) => Effect.logError("escalation failed").pipe(Effect.annotateLogs({ error: e.message })))
          )
        }
      })

      // Rule 3 ---------------------------------------------------------------

      /** A verification link, or `undefined` when the provider is unreachable. */
      const verificationLink = Effect.fnUntraced(function*(user: User) {
        const session = yield* ageVerification.startSession(user.id).pipe(
          Effect.tapError((e) => Effect.logWarning("age verification unavailable").pipe(Effect.annotateLogs({ reason: e.reason._tag }))),
          Effect.option
        )
        if (Option.isSome(session) && user.ageStatus === "unknown") yield* users.setAgeStatus(user.id, "pending")
        return Option.getOrUndefined(Option.map(session, (s) => s.url))
      })

      // Rule 8 ---------------------------------------------------------------

      const noticesDue = Effect.fnUntraced(function*(user: User, now: DateTime.Utc, minor: boolean) {
        const [lastAiNotice, lastBreakReminder] = yield* Effect.all([
          disclosures.lastSent(user.id, "ai_notice"),
          disclosures.lastSent(user.id, "break_reminder")
        ])
        return disclosuresDue({
          now,
          ageStatus: minor ? "minor" : user.ageStatus,
          lastAiNotice,
          lastBreakReminder,
          interval: settings.disclosureInterval
        }).map((kind): Draft => ({ kind, body: kind === "ai_notice" ? copy.aiNotice : copy.breakReminder }))
      })

      /** Notices are recorded once they went out, whichever run sent them. */
      const recordNotices = Effect.fnUntraced(function*(sent: ReadonlyArray<OutboundMessage>) {
        for (const message of sent) {
          if (message.kind !== "ai_notice" && message.kind !== "break_reminder") continue
          yield* disclosures.record(
            new DisclosureRecord({ id: message.id, userId: message.userId, kind: message.kind, sentAt: message.updatedAt })
          )
          yield* audit.append(
            new AuditEntry({
              id: `disclosure:${message.id}`,
              kind: "disclosure_sent",
              userId: message.userId,
              detail: { kind: message.kind },
              at: message.updatedAt
            })
          )
        }
      })

      // The rules ------------------------------------------------------------

      const decide = Effect.fnUntraced(function*(
        user: User,
        inbound: ReadonlyArray<InboundMessage>,
        turnId: TurnId,
        now: DateTime.Utc
      ) {
        const text = inbound.map((m) => m.body).join("\n")
        const keywords = inbound.map((m) => consentKeyword(m.body, user.consent)).filter((k) => k !== undefined)
        const keyword = keywords.at(-1)

        // 1. Consent
        if (keyword === "opt_out" || keyword === "opt_in") return yield* applyConsentKeyword(user, keyword, turnId, now)
        const assessment = screenCrisis(text)
        if (user.consent === "opted_out") {
          // Silence, but the crisis is still on record for the operator.
          yield* recordCrisis(user, assessment, turnId, now, false)
          return plan("ignored_opted_out", [], assessment)
        }

        // 2. Crisis
        const category = assessment.category ?? "suicide"
        if (assessment.severity === "imminent") {
          yield* recordCrisis(user, assessment, turnId, now, true)
          const notices = yield* noticesDue(user, now, user.ageStatus === "minor")
          return plan("crisis_referral", [{ kind: "crisis_resources", body: copy.crisisMessage(category) }, ...notices], assessment)
        }
        const concern = assessment.severity === "concern"
        const help: Array<Draft> = keyword === "help" ? [{ kind: "help", body: copy.help }] : []
        if (help.length > 0 && !concern) return plan("help", help, assessment)

        let minor = user.ageStatus === "minor"
        const after: Array<Draft> = [...help]
        if (concern) {
          yield* recordCrisis(user, assessment, turnId, now, true)
        } else {
          // 3. Age gate
          const today = startOfDay(now, user.timeZone)
          const linksSent = yield* messages.countOutboundSince(
            user.id,
            "age_verification",
            settings.ageGate === "required" ? today : DateTime.makeUnsafe(0)
          )
          const gate = decideAgeGate({ mode: settings.ageGate, ageStatus: user.ageStatus, linksSent })
          if (gate._tag === "Blocked") return plan("age_gate", [], assessment)
          if (gate._tag === "VerifyFirst") {
            const url = gate.sendLink ? yield* verificationLink(user) : undefined
            return plan(
              "age_gate",
              url === undefined ? [] : [{ kind: "age_verification", body: copy.verifyAgeRequired(url) }],
              assessment
            )
          }
          minor = gate.minor
          if (gate.offerVerification) {
            const url = yield* verificationLink(user)
            if (url !== undefined) after.push({ kind: "age_verification", body: copy.verifyAgeOptional(url) })
          }

          // 4. Quota
          const [turnsToday, nudgesToday, turnsLastMinute] = yield* Effect.all([
            messages.countRepliedTurnsSince(user.id, today),
            messages.countOutboundSince(user.id, "upgrade_nudge", today),
            messages.countTurnsSince(user.id, DateTime.subtractDuration(now, Duration.minutes(1)))
          ])
          const quota = decideQuota({
            limits: tierLimits(settings, user.tier),
            turnsToday,
            nudgesToday,
            turnsLastMinute,
            perMinuteLimit: settings.perMinuteLimit
          })
          if (quota._tag === "RateLimited") return plan("rate_limited", [], assessment)
          if (quota._tag === "Exhausted") {
            if (!quota.nudge) return plan("quota_exceeded", [], assessment)
            const url = yield* billing.checkoutUrl(user.id, settings.upgradeTier).pipe(
              Effect.tapError((e) => Effect.logWarning("checkout link unavailable").pipe(Effect.annotateLogs({ reason: e.reason._tag }))),
              Effect.option,
              Effect.map(Option.getOrUndefined)
            )
            return plan(
              "quota_exceeded",
              [{ kind: "upgrade_nudge", body: copy.upgradeNudge({ limit: quota.limit, url }) }],
              assessment
            )
          }
        }

        // 5-7. The model's reply
        const answer = yield* modelReply.reply({
          user,
          userText: text,
          inboundIds: inbound.map((m) => m.id),
          safetyMode: concern,
          minorMode: minor,
          copy
        }).pipe(
          Effect.map(Option.some),
          Effect.catchTag("LanguageModelError", (e) =>
            Effect.logError("every model failed").pipe(
              Effect.annotateLogs({ provider: e.provider, reason: e.reason._tag }),
              Effect.as(Option.none())
            ))
        )
        const maxSegments = tierLimits(settings, user.tier).maxReplySegments
        const replyText = Option.match(answer, {
          onNone: () => (concern ? copy.concernFallback : copy.apology),
          onSome: (a) => SmsSegments.truncateToSegments(SmsSegments.toGsmFriendly(a.text), maxSegments)
        })
        const reply: Draft = concern
          ? { kind: "reply", body: `${replyText}\n\n${copy.concernResources(category)}` }
          : { kind: Option.isSome(answer) ? "reply" : "apology", body: replyText }
        if (Option.isSome(answer)) {
          const a = answer.value
          yield* usage.record(
            new UsageRecord({
              id: usageRecordId(turnId, a.purpose),
              userId: user.id,
              purpose: a.purpose,
              provider: a.provider,
              model: a.model,
              usage: a.usage,
              costMicros: a.costMicros,
              at: now
            })
          )
        }

        // 8. Disclosure
        const notices = yield* noticesDue(user, now, minor)
        return plan(
          Option.isSome(answer) ? "replied" : "apology",
          [...notices, reply, ...after],
          assessment,
          Option.getOrUndefined(Option.map(answer, (a) => a.provider))
        )
      })

      // 9. Formatting: GSM-7 where possible, never past the provider's body limit.
      const format = (user: User, turnId: TurnId, drafts: ReadonlyArray<Draft>, now: DateTime.Utc) =>
        drafts.map((draft, sequence) => {
          let body = SmsSegments.toGsmFriendly(draft.body)
          if (body.length > gateway.maxBodyLength) body = Array.from(body).slice(0, gateway.maxBodyLength - 1).join("")
          const { encoding, segments } = SmsSegments.measure(body)
          return new OutboundMessage({
            id: `${turnId}.${sequence}` as MessageId,
            userId: user.id,
            turnId,
            sequence,
            kind: draft.kind,
            body,
            encoding,
            segments,
            status: "pending",
            createdAt: now,
            updatedAt: now
          })
        })

      const deliverAndRecordNotices = Effect.fnUntraced(function*(user: User, turnId: TurnId) {
        const planned = yield* messages.outboundForTurn(turnId)
        const { sent } = yield* delivery.deliver(user, planned)
        const after = yield* messages.outboundForTurn(turnId)
        yield* recordNotices(after.filter((m) => m.status === "sent" || m.status === "delivered"))
        return sent
      })

      // Rule 10 --------------------------------------------------------------

      const inboundOf = (ids: ReadonlyArray<MessageId>) =>
        Effect.map(Effect.forEach(ids, messages.findInbound), (found) => found.flatMap(Option.toArray))

      const rememberTurn = Effect.fnUntraced(function*(user: User, turn: ConversationTurn) {
        if (turn.outcome !== "replied") return
        const inbound = yield* inboundOf(turn.inboundIds)
        yield* memory.remember({
          user,
          turnId: turn.id,
          userText: inbound.map((m) => m.body).join("\n"),
          crisis: turn.crisisSeverity !== "none"
        })
      })

      const run = Effect.fn("ConversationTurns.run")(function*(request: TurnRequest) {
        const turnId = request.messageIds[0] as string as TurnId
        yield* Effect.annotateCurrentSpan({ userId: request.userId, turnId })
        const found = yield* users.findById(request.userId)
        if (Option.isNone(found)) return Option.none()
        const user = found.value

        const earlier = yield* messages.findTurn(turnId)
        if (Option.isSome(earlier)) {
          const sent = yield* deliverAndRecordNotices(user, turnId)
          // An earlier run may have stopped before remembering; remembering twice is harmless.
          yield* rememberTurn(user, earlier.value)
          return Option.some({ turn: earlier.value, sent })
        }

        const inbound = yield* inboundOf(request.messageIds)
        if (inbound.length === 0) return Option.none()
        const now = yield* DateTime.now
        const decided = yield* decide(user, inbound, turnId, now)
        yield* messages.recordOutbound(format(user, turnId, decided.drafts, now))
        const turn = new ConversationTurn({
          id: turnId,
          userId: user.id,
          inboundIds: inbound.map((m) => m.id),
          outcome: decided.outcome,
          crisisCategory: decided.assessment.category,
          crisisSeverity: decided.assessment.severity,
          provider: decided.provider,
          at: now
        })
        yield* messages.recordTurn(turn)
        yield* Effect.logInfo("turn decided").pipe(
          Effect.annotateLogs({ userId: user.id, turnId, outcome: turn.outcome, texts: decided.drafts.length })
        )
        const sent = yield* deliverAndRecordNotices(user, turnId)
        yield* rememberTurn(user, turn)
        return Option.some({ turn, sent })
      })

      return ConversationTurns.of({ run })
    })
  )

  /** Needs every port and `CompanionSettings`. */
  static readonly layer = this.layerNoDeps.pipe(
    Layer.provide(Layer.mergeAll(ModelReply.layer, Delivery.layer, ConversationMemory.layer))
  )
}
