/**
 * One conversation turn: the rules, in the order they apply.
 *
 *  1. Consent. STOP and its synonyms opt out (one confirmation, then silence);
 *     START re-subscribes; an opted-out person gets nothing but the answer
 *     to HELP.
 *  2. Crisis screen, on every text, read after the person's recent texts
 *     (`CrisisContext`). Imminent: the fixed crisis text, no model. Concern:
 *     the model answers in safety mode and resources are appended. Safety
 *     mode lasts `safetyModePeriod` after either. Neither age gate nor quota
 *     ever blocks a crisis reply.
 *  3. Age gate (when configured): verify first, minors get minor mode,
 *     under-13s are blocked. What the person says of their own age ("I'm
 *     15") counts before the crisis screen: minor mode at once.
 *  4. Quota and burst limit: over quota, one upgrade nudge a day, with a
 *     billing link (`BillingLinks`) or, without billing, the operator's
 *     contact. UPGRADE, PLAN and BILLING ask for that link at any time: after
 *     the crisis screen, never to an opted-out person, never a CTIA keyword.
 *  5-7. The model's reply (memory and recent turns within a token budget, the
 *     fallback chain, the output check) - or the fixed apology when every
 *     model failed.
 *  8. Disclosure: the AI notice when none was sent in the last three hours;
 *     known minors also get the break reminder.
 *  9. Formatting to SMS segments, recording, then sending through the
 *     durable outbox (`Outbox`: in order, retried through outages).
 * 10. After a reply went out: facts, the person's time zone and the rolling
 *     summary (`ConversationMemory`, best effort). Memory commands ("what do
 *     you remember about me?", FORGET, FORGET ALL) are answered before the
 *     gates, from the store (`MemoryCommandResponse`).
 *
 * A turn runs at least once (it is durable). Everything it writes is keyed by
 * the turn, and once its texts are recorded a second run only sends what is
 * still pending.
 *
 * What the rules read of the person's past (recent lines, the last crisis,
 * quota counts, memory, the last notices) is read once, before the crisis
 * screen (`ConversationSnapshots`), and handed to each step that needs it.
 * What the turn decided is written once too (`TurnRecords`: the turn, its
 * texts, the reply's usage), and that write reads back what the send needs:
 * the pending texts, and the person as they are after the model wrote.
 *
 * One style for the steps: each is a service with a layer (`ConsentResponse`,
 * `CrisisSecondOpinion`, `CrisisResponse`, `Gates`, `ModelReply`,
 * `Disclosures`, `Outbox`, `ConversationMemory`), and the rules they apply
 * are pure functions in `policy/` (and `conversationSoFar`, which reads the
 * snapshot for the crisis screen). Services rather than functions
 * reading ports from the context, because some steps must be replaceable as
 * a whole (the second opinion by configuration, the model's reply in tests),
 * some build things once (the system prompt, the copy), and the outbox also
 * runs without a turn (the server's outbox loop). With every step alike, what
 * a step needs is in its layer's type, and this file holds only the rules.
 */
import { Context, DateTime, Effect, Layer, Option } from "effect"
import type { MessageId, UserId } from "../domain/Ids.ts"
import { TurnId } from "../domain/Ids.ts"
import type { InboundMessage, OutboundMessage } from "../domain/Message.ts"
import { ConversationTurn } from "../domain/Turn.ts"
import type { User } from "../domain/User.ts"
import { inMinorMode } from "../domain/User.ts"
import { UsageRecord, usageRecordId } from "../domain/Usage.ts"
import { BillingLinks } from "../billing/BillingLinks.ts"
import { isBillingKeyword } from "../policy/BillingKeywords.ts"
import { consentKeyword } from "../policy/ConsentKeywords.ts"
import { memoryCommand } from "../policy/MemoryCommands.ts"
import { quotaWindows } from "../policy/QuotaPolicy.ts"
import { ConversationSnapshots } from "../ports/ConversationSnapshots.ts"
import type { LastDisclosures } from "../ports/DisclosureLog.ts"
import { MessageStore } from "../ports/MessageStore.ts"
import { SmsGateway } from "../ports/SmsGateway.ts"
import type { StorageError } from "../ports/StorageError.ts"
import { TurnRecords } from "../ports/TurnRecords.ts"
import { UserStore } from "../ports/UserStore.ts"
import { ConsentResponse } from "./ConsentResponse.ts"
import { ConversationMemory, type Recalled } from "./ConversationMemory.ts"
import { makeCopy } from "./Copy.ts"
import { conversationSoFar, screenTurn } from "./CrisisContext.ts"
import { CrisisResponse } from "./CrisisResponse.ts"
import { CrisisSecondOpinion } from "./CrisisSecondOpinion.ts"
import { Disclosures } from "./Disclosures.ts"
import { fitReply, toOutboundMessages } from "./Formatting.ts"
import { Gates } from "./Gates.ts"
import { MemoryCommandResponse } from "./MemoryCommandResponse.ts"
import { ModelReply } from "./ModelReply.ts"
import { Outbox } from "./Outbox.ts"
import { CompanionSettings, tierLimits } from "./Settings.ts"
import { type Draft, plan } from "./TurnPlan.ts"
import * as Spans from "../Spans.ts"

export interface TurnRequest {
  readonly userId: UserId
  /** The texts this turn answers, oldest first: one, or a burst. The first names the turn. */
  readonly messageIds: readonly [MessageId, ...Array<MessageId>]
  /**
   * Those texts, when the caller has just read them as unanswered (no turn
   * holds them, so none was recorded for them): the run neither reads them
   * again nor looks for an earlier run of its turn.
   */
  readonly unanswered?: ReadonlyArray<InboundMessage> | undefined
}

export interface TurnResult {
  readonly turn: ConversationTurn
  /** Texts sent by this run (a resumed run sends only what an earlier run left pending). */
  readonly sent: ReadonlyArray<OutboundMessage>
}

export class ConversationTurns extends Context.Service<ConversationTurns, {
  /** `None` when the person or every text of the turn was erased before it ran. */
  readonly run: (request: TurnRequest) => Effect.Effect<Option.Option<TurnResult>, StorageError>
}>()("@jules/core/ConversationTurns") {
  static readonly layerNoDeps = Layer.effect(
    ConversationTurns,
    Effect.gen(function*() {
      const settings = yield* CompanionSettings
      const users = yield* UserStore
      const messages = yield* MessageStore
      const turnRecords = yield* TurnRecords
      const gateway = yield* SmsGateway
      const consentResponse = yield* ConsentResponse
      const snapshots = yield* ConversationSnapshots
      const secondOpinion = yield* CrisisSecondOpinion
      const crisisResponse = yield* CrisisResponse
      const gates = yield* Gates
      const modelReply = yield* ModelReply
      const disclosures = yield* Disclosures
      const outbox = yield* Outbox
      const memory = yield* ConversationMemory
      const memoryCommands = yield* MemoryCommandResponse
      const billingLinks = yield* BillingLinks
      const copy = makeCopy(settings)

      // The rules ------------------------------------------------------------

      /**
       * Decides what the turn sends, and records as it goes what is true
       * whether or not anything is ever sent: a change of consent, the crisis
       * event (the on-call paged for an imminent one), an age verification
       * started. Each is recorded where it becomes known, not after the plan,
       * so a run cut short later (in the model's call, or by a crash) has
       * already paged the on-call and put the crisis on record for the next
       * turn's safety mode; a second run finds them keyed by the turn. The
       * model's usage goes with the plan and is recorded with the turn: only
       * the plan's own formatting comes between, and a run cut short before
       * the record calls the model again under the same usage id.
       */
      const decideAndRecord = Effect.fnUntraced(function*(
        user: User,
        inbound: ReadonlyArray<InboundMessage>,
        turnId: TurnId,
        now: DateTime.Utc
      ) {
        const text = inbound.map((m) => m.body).join("\n")
        const keywords = inbound.map((m) => consentKeyword(m.body, user.consent)).filter((k) => k !== undefined)
        const keyword = keywords.at(-1)

        // 1. Consent
        if (keyword === "opt_out" || keyword === "opt_in") return yield* consentResponse.respond(user, keyword, turnId, now)
        // Everything the rules below read of the person's past, in one read.
        const snapshot = yield* snapshots.read({
          userId: user.id,
          historyLines: settings.historyLines,
          quotaSince: quotaWindows(now, user.timeZone)
        })
        const context = conversationSoFar({ snapshot, inbound, now, safetyModePeriod: settings.safetyModePeriod })
        const assessment = yield* secondOpinion.review(
          text,
          screenTurn(inbound.map((m) => m.body), context.recentTexts),
          { userId: user.id, turnId, tier: user.tier }
        )
        if (user.consent === "opted_out") {
          // Silence, but the crisis is still on record for the operator. HELP is
          // the one text still answered: the person asked for it (CTIA).
          yield* crisisResponse.record(user, assessment, turnId, now, false)
          return keyword === "help"
            ? plan("help", [{ kind: "help", body: copy.help }], assessment)
            : plan("ignored_opted_out", [], assessment)
        }

        // What the person says of their own age counts at once, in a crisis too.
        user = yield* gates.hearAge(user, text)

        // 2. Crisis
        const category = assessment.category ?? "suicide"
        if (assessment.severity === "imminent") {
          yield* crisisResponse.record(user, assessment, turnId, now, true)
          const notices = disclosures.due(user, now, inMinorMode(user.ageStatus), snapshot.lastDisclosures)
          return {
            ...plan("crisis_referral", [{ kind: "crisis_resources", body: copy.crisisMessage(category) }, ...notices.drafts], assessment),
            lastDisclosures: notices.read
          }
        }
        const concern = assessment.severity === "concern"
        const safetyMode = concern || context.safetyMode
        const help: Array<Draft> = keyword === "help" ? [{ kind: "help", body: copy.help }] : []
        if (help.length > 0 && !concern) return plan("help", help, assessment)
        // UPGRADE, PLAN, BILLING (an opted-out person got nothing above; a concern gets the safety reply).
        if (!concern && isBillingKeyword(inbound.at(-1)!.body)) {
          return plan("billing", [yield* billingLinks.reply(user, now)], assessment)
        }
        // "what do you remember about me?", FORGET, FORGET ALL: answered from memory, without the model.
        const command = concern ? undefined : memoryCommand(inbound.at(-1)!.body)
        if (command !== undefined) {
          const answer = yield* memoryCommands.respond(user, command, turnId, now)
          const notices = disclosures.due(user, now, inMinorMode(user.ageStatus), snapshot.lastDisclosures)
          return { ...plan("memory", [...notices.drafts, answer], assessment), lastDisclosures: notices.read }
        }

        let minor = inMinorMode(user.ageStatus)
        const after: Array<Draft> = [...help]
        if (concern) {
          yield* crisisResponse.record(user, assessment, turnId, now, true)
        } else {
          // 3-4. Age gate, quota and burst limit
          const passed = yield* gates.pass(user, now, assessment, {
            safetyMode,
            text: inbound.at(-1)!.body,
            quota: snapshot.quota
          })
          if (passed._tag === "Stop") return passed.plan
          minor = passed.minor
          after.push(...passed.after)
        }

        // 5-7. The model's reply
        const answer = yield* modelReply.reply({
          user,
          userText: text,
          inboundIds: inbound.map((m) => m.id),
          safetyMode,
          minorMode: minor,
          copy,
          history: context.history,
          memory: snapshot.memory
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
          onSome: (a) => fitReply(a.text, maxSegments)
        })
        const reply: Draft = concern
          ? { kind: "reply", body: `${replyText}\n\n${copy.concernResources(category)}`, referral: true }
          : { kind: Option.isSome(answer) ? "reply" : "apology", body: replyText }
        const usage = Option.getOrUndefined(Option.map(answer, (a) =>
          new UsageRecord({
            id: usageRecordId(turnId, a.purpose),
            userId: user.id,
            purpose: a.purpose,
            provider: a.provider,
            model: a.model,
            usage: a.usage,
            costMicros: a.costMicros,
            at: now
          })))

        // 8. Disclosure
        const notices = disclosures.due(user, now, minor, snapshot.lastDisclosures)
        return {
          ...plan(
            Option.isSome(answer) ? "replied" : "apology",
            [...notices.drafts, reply, ...after],
            assessment,
            Option.getOrUndefined(Option.map(answer, (a) => a.provider)),
            Option.getOrUndefined(Option.map(answer, (a) => a.recalled))
          ),
          lastDisclosures: notices.read,
          usage
        }
      })

      // 9. Sending: the person's pending texts in order, this turn's last. The
      // first is tried now even if an outage had it waiting: a new text from
      // the person is as good a moment as any to try again. The pass is handed
      // the disclosure log as rule 8 read it, and the pending texts and the
      // person as the turn's record read them, instead of reading them again.
      const send = (
        user: User,
        read?: {
          readonly lastDisclosures?: LastDisclosures | undefined
          readonly pending: ReadonlyArray<OutboundMessage>
          readonly person: Option.Option<User>
        }
      ) => Effect.map(outbox.deliver(user.id, { immediate: true, ...read }), (result) => result.sent)

      // Rule 10 --------------------------------------------------------------

      const inboundOf = (ids: ReadonlyArray<MessageId>) =>
        Effect.map(Effect.forEach(ids, messages.findInbound), (found) => found.flatMap(Option.toArray))

      /**
       * A fresh run hands over its texts and what its reply was written with;
       * a resumed run has neither and reads them.
       */
      const rememberTurn = Effect.fnUntraced(function*(
        user: User,
        turn: ConversationTurn,
        fresh?: { readonly inbound: ReadonlyArray<InboundMessage>; readonly recalled: Recalled; readonly added: number }
      ) {
        if (turn.outcome !== "replied") return
        const inbound = fresh?.inbound ?? (yield* inboundOf(turn.inboundIds))
        yield* memory.remember({
          user,
          turnId: turn.id,
          userText: inbound.map((m) => m.body).join("\n"),
          crisis: turn.crisisSeverity !== "none",
          inboundIds: turn.inboundIds,
          ...(fresh === undefined ? {} : { recalled: fresh.recalled, addedLines: fresh.added })
        })
      })

      const run = Spans.fn("ConversationTurns.run")(function*(request: TurnRequest) {
        const turnId = TurnId.make(request.messageIds[0])
        yield* Effect.annotateCurrentSpan({ userId: request.userId, turnId })
        const found = yield* users.findById(request.userId)
        if (Option.isNone(found)) return Option.none()
        const user = found.value

        const earlier = request.unanswered === undefined ? yield* messages.findTurn(turnId) : Option.none()
        if (Option.isSome(earlier)) {
          const sent = yield* send(user)
          // An earlier run may have stopped before remembering; remembering twice is harmless.
          yield* rememberTurn(user, earlier.value)
          return Option.some({ turn: earlier.value, sent })
        }

        const inbound = request.unanswered ?? (yield* inboundOf(request.messageIds))
        if (inbound.length === 0) return Option.none()
        const now = yield* DateTime.now
        const decided = yield* decideAndRecord(user, inbound, turnId, now)
        // 9. Formatting, then the record of what will be sent, before any of it is:
        // from here on the outbox owns the texts, whatever happens to this run.
        const outbound = toOutboundMessages({
          user,
          turnId,
          drafts: decided.drafts,
          maxBodyLength: gateway.maxBodyLength,
          now,
          handoverAt: DateTime.addDuration(now, settings.outbox.handoverAfter)
        })
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
        const recorded = yield* turnRecords.record({ turn, texts: outbound, usage: decided.usage })
        yield* Effect.logInfo("turn decided").pipe(
          Effect.annotateLogs({ userId: user.id, turnId, outcome: turn.outcome, texts: decided.drafts.length })
        )
        const sent = yield* send(user, { lastDisclosures: decided.lastDisclosures, ...recorded })
        yield* rememberTurn(
          user,
          turn,
          decided.recalled === undefined ? undefined : { inbound, recalled: decided.recalled, added: outbound.length }
        )
        return Option.some({ turn, sent })
      })

      return ConversationTurns.of({ run })
    })
  )

  /**
   * Needs every port, `CompanionSettings` and `CrisisSecondOpinion`, which is
   * the operator's choice (`layerNoDeps` needs the other steps too).
   */
  static readonly layer = this.layerNoDeps.pipe(
    Layer.provide(Layer.mergeAll(
      ConsentResponse.layer,
      CrisisResponse.layer,
      Gates.layer,
      ModelReply.layer,
      Disclosures.layer,
      Outbox.layer,
      ConversationMemory.layer,
      MemoryCommandResponse.layer
    ))
  )
}
