/**
 * The last rule of a turn, and what keeps it true through outages and crashes:
 * every text a turn decided to send is recorded `pending` first, and the
 * outbox sends a person's pending texts in order until each is sent, refused
 * for good, or expired.
 *
 * - A pass sends the person's pending texts oldest first and stops at the
 *   first that the carrier cannot take now: it stays pending, with the next
 *   attempt backed off (`OutboxPolicy.retryDelay`, Retry-After honoured), and
 *   the texts behind it wait, so a later text never overtakes an earlier one.
 * - A text is never sent twice: only `pending` texts go out, and each is
 *   marked `sent` as soon as the carrier took it. (A crash inside the
 *   carrier's call, before the mark, can repeat that one text.) A text that
 *   carries crisis resources counts as a referral for California's annual
 *   report when the carrier takes it, once.
 * - Refused for good (invalid number, credentials, anything permanent): the
 *   text fails and becomes a dead letter; the texts behind it still go.
 *   A carrier opt-out (Twilio 21610, Bandwidth 4775) records the opt-out and
 *   ends every pending text of the person.
 * - Consent is checked when a text goes out, not only when it was planned:
 *   once a person opted out only the opt-out confirmation and HELP's answer
 *   are sent.
 * - Late texts: still pending after `OUTBOX_MAX_AGE`, a text expires (a dead
 *   letter; an operator may requeue it, which starts its clock again). A reply older than `OUTBOX_STALE_AFTER` opens with a short note
 *   that it is late. Crisis resources and notices go out unchanged.
 * - The AI notice rule holds for what actually goes out: a reply sent when no
 *   notice went out within the disclosure interval carries the notice first,
 *   and a notice that another turn's notice made redundant is skipped.
 *
 * Who runs passes: the turn, right after recording its texts (trying the
 * first text at once, whatever its schedule), whoever recorded texts outside
 * a turn (`OutboxPasses`), and the server's outbox loop for texts whose next
 * attempt is due, all through the person's conversation entity so passes and
 * turns of one person never overlap: two passes side by side would both send
 * the same pending text.
 */
import { Context, DateTime, Effect, Layer, Metric, Option, Random, Schedule } from "effect"
import { AuditEntry } from "../domain/Audit.ts"
import { DeadLetter, type DeadLetterReason } from "../domain/DeadLetter.ts"
import type { UserId } from "../domain/Ids.ts"
import { MessageId } from "../domain/Ids.ts"
import type { OutboundKind } from "../domain/Message.ts"
import { OutboundMessage } from "../domain/Message.ts"
import type { User } from "../domain/User.ts"
import { ConsentChange } from "../domain/User.ts"
import { disclosuresDue } from "../policy/DisclosurePolicy.ts"
import { isExpired, needsLateNote, retryDelay } from "../policy/OutboxPolicy.ts"
import { AuditLog } from "../ports/AuditLog.ts"
import { CrisisEventLog } from "../ports/CrisisEventLog.ts"
import { DeadLetters } from "../ports/DeadLetters.ts"
import { DisclosureLog, type LastDisclosures } from "../ports/DisclosureLog.ts"
import { MessageStore } from "../ports/MessageStore.ts"
import type { SmsError } from "../ports/SmsGateway.ts"
import { SmsGateway } from "../ports/SmsGateway.ts"
import type { StorageError } from "../ports/StorageError.ts"
import { UserStore } from "../ports/UserStore.ts"
import { makeCopy } from "./Copy.ts"
import { Disclosures } from "./Disclosures.ts"
import { CompanionSettings } from "./Settings.ts"
import * as Spans from "../Spans.ts"

export interface DeliveryResult {
  /** Texts this pass sent, in order. */
  readonly sent: ReadonlyArray<OutboundMessage>
  /** Texts still pending after the pass (waiting for their next attempt). */
  readonly waiting: number
}

export interface DeliverOptions {
  /** Try the first pending text now, even if its next attempt is not due yet. */
  readonly immediate?: boolean | undefined
  /**
   * The person's disclosure log as the caller read it moments ago (a turn,
   * deciding its notices), so the pass need not read it again. A reading
   * older than the log can only owe more notices, never fewer.
   */
  readonly lastDisclosures?: LastDisclosures | undefined
  /**
   * The person's pending texts as the caller read them moments ago (a turn,
   * from the record of its texts), so the pass need not read them again.
   */
  readonly pending?: ReadonlyArray<OutboundMessage> | undefined
  /**
   * The person as the caller read them with those pending texts (a turn's
   * record, `TurnRecords`), so the pass need not read them again. Read after
   * the model wrote, in the same moment as the pending texts: a consent
   * changed meanwhile is in it.
   */
  readonly person?: Option.Option<User> | undefined
}

/** What an opted-out person may still receive. */
const ALLOWED_WHEN_OPTED_OUT: ReadonlySet<OutboundKind> = new Set(["opt_out_confirmation", "help"])
/** Texts written by the model (or standing in for it): the AI notice must precede them. */
const NEEDS_NOTICE: ReadonlySet<OutboundKind> = new Set(["reply", "apology"])

const deadLetterReason = (error: SmsError): DeadLetterReason => {
  switch (error.reason._tag) {
    case "RecipientOptedOut":
      return "opted_out"
    case "InvalidRecipient":
      return "invalid_recipient"
    case "SmsNotAuthorized":
      return "not_authorized"
    default:
      return "rejected"
  }
}

const deadLettersMetric = Metric.counter("jules_dead_letters", {
  description: "Outbound texts that will not be sent, by reason and kind",
  incremental: true
})

export class Outbox extends Context.Service<Outbox, {
  /** One pass over the person's pending texts; nothing when the person was erased. */
  readonly deliver: (userId: UserId, options?: DeliverOptions) => Effect.Effect<DeliveryResult, StorageError>
  /** An operator sends a dead letter again: back in the outbox, due now. False when there is no such letter. */
  readonly retryDeadLetter: (id: MessageId) => Effect.Effect<boolean, StorageError>
}>()("@jules/core/Outbox") {
  static readonly layer = Layer.effect(
    Outbox,
    Effect.gen(function*() {
      const gateway = yield* SmsGateway
      const messages = yield* MessageStore
      const users = yield* UserStore
      const audit = yield* AuditLog
      const deadLetters = yield* DeadLetters
      const disclosureLog = yield* DisclosureLog
      const disclosures = yield* Disclosures
      const crisis = yield* CrisisEventLog
      const settings = yield* CompanionSettings
      const copy = makeCopy(settings)

      /** Quick retries while the turn waits; a Retry-After is left to the outbox's schedule. */
      const retryInPass = {
        schedule: Schedule.exponential(settings.sendBackoff),
        times: Math.max(0, settings.sendAttempts - 1),
        while: (error: SmsError) =>
          error.isRetryable && !(error.reason._tag === "SmsRateLimited" && error.reason.retryAfterMs !== undefined)
      }

      /** One text to the carrier, with the quick retries; the outcome as a value. */
      const send = (user: User, messageId: MessageId, body: string) =>
        gateway.send({ messageId, to: user.phone, body }).pipe(Effect.retry(retryInPass), Effect.result)

      const bury = Effect.fnUntraced(function*(
        message: OutboundMessage,
        reason: DeadLetterReason,
        at: DateTime.Utc,
        errorCode?: string
      ) {
        yield* messages.updateOutbound(message.id, {
          status: reason === "expired" ? "expired" : "failed",
          errorCode,
          at
        })
        yield* deadLetters.record(
          new DeadLetter({
            id: message.id,
            userId: message.userId,
            turnId: message.turnId,
            kind: message.kind,
            reason,
            ...(errorCode === undefined ? {} : { errorCode }),
            attempts: message.attempts ?? 0,
            createdAt: message.createdAt,
            deadAt: at
          })
        )
        yield* Metric.update(Metric.withAttributes(deadLettersMetric, { reason, kind: message.kind }), 1)
        yield* Effect.logWarning("outbound text dead-lettered").pipe(
          Effect.annotateLogs({ messageId: message.id, userId: message.userId, kind: message.kind, reason })
        )
      })

      const recordCarrierOptOut = Effect.fnUntraced(function*(user: User, at: DateTime.Utc) {
        if (user.consent === "opted_out") return
        yield* users.setConsent(new ConsentChange({ userId: user.id, state: "opted_out", source: "carrier", at }))
        yield* audit.append(
          new AuditEntry({
            id: `consent:${user.id}:carrier:${DateTime.toEpochMillis(at)}`,
            kind: "consent_changed",
            userId: user.id,
            detail: { state: "opted_out", source: "carrier" },
            at
          })
        )
      })

      /** The notices owed before a model-written text goes out now, read once a pass (or handed over). */
      const noticeTracker = (user: User, read: LastDisclosures | undefined) => {
        let last: { -readonly [Kind in keyof LastDisclosures]: LastDisclosures[Kind] } | undefined = read === undefined
          ? undefined
          : { ...read }
        // No generator made per pass: core README, "Generators made once".
        const load = Effect.suspend(() =>
          last !== undefined ? Effect.succeed(last) : Effect.map(disclosureLog.lastSent(user.id), (read) => (last = { ...read }))
        )
        return {
          due: (now: DateTime.Utc) =>
            Effect.map(load, (l) =>
              disclosuresDue({
                now,
                ageStatus: user.ageStatus,
                lastAiNotice: l.ai_notice,
                lastBreakReminder: l.break_reminder,
                interval: settings.disclosureInterval
              })),
          sent: (kind: "ai_notice" | "break_reminder", at: DateTime.Utc) =>
            Effect.map(load, (l) => {
              l[kind] = Option.some(at)
            })
        }
      }

      const deliver = Spans.fn("Outbox.deliver")(function*(userId: UserId, options?: DeliverOptions) {
        // Both at once (each waits for the database, not for the other): there is
        // nearly always something pending when this runs.
        const [pending, found] = yield* Effect.all([
          options?.pending === undefined ? messages.pendingOutbound(userId) : Effect.succeed(options.pending),
          options?.person === undefined ? users.findById(userId) : Effect.succeed(options.person)
        ], { concurrency: "unbounded" })
        if (pending.length === 0 || Option.isNone(found)) return { sent: [], waiting: 0 }
        const user = found.value
        const notices = noticeTracker(user, options?.lastDisclosures)
        const sent: Array<OutboundMessage> = []
        let optedOut = user.consent === "opted_out"
        let lateNoted = false
        let headChecked = false

        for (const [index, message] of pending.entries()) {
          const now = yield* DateTime.now
          if (isExpired(settings.outbox, message.createdAt, now)) {
            yield* bury(message, "expired", now)
            continue
          }
          if (optedOut && !ALLOWED_WHEN_OPTED_OUT.has(message.kind)) {
            yield* bury(message, "opted_out", now)
            continue
          }
          if (!headChecked) {
            headChecked = true
            const due = message.nextAttemptAt === undefined || !DateTime.isGreaterThan(message.nextAttemptAt, now)
            // The head of the queue waits for its next attempt, and so does everything behind it.
            if (!due && options?.immediate !== true) return { sent, waiting: pending.length - index }
          }

          if (message.kind === "ai_notice" || message.kind === "break_reminder") {
            if (!(yield* notices.due(now)).includes(message.kind)) {
              yield* messages.updateOutbound(message.id, { status: "skipped", at: now })
              continue
            }
          }

          let body = message.body
          if (!lateNoted && needsLateNote(settings.outbox, message, now)) {
            lateNoted = true
            const noted = `${copy.lateNote}\n\n${body}`
            if (noted.length <= gateway.maxBodyLength) body = noted
          }
          // Notices owed now open the text; when they do not fit, they go out just before it.
          const owed = NEEDS_NOTICE.has(message.kind) ? yield* notices.due(now) : []
          const owedText = owed.map((kind) => (kind === "ai_notice" ? copy.aiNotice : copy.breakReminder)).join("\n\n")
          const inline = owed.length > 0 && owedText.length + 2 + body.length <= gateway.maxBodyLength
          if (inline) body = `${owedText}\n\n${body}`

          const outcome = yield* (owed.length > 0 && !inline
            ? Effect.flatMap(send(user, MessageId.make(`${message.id}:notice`), owedText), (first) =>
              first._tag === "Failure" ? Effect.succeed(first) : send(user, message.id, body))
            : send(user, message.id, body))
          const at = yield* DateTime.now
          if (outcome._tag === "Success") {
            const { providerMessageId } = outcome.success
            // Counted before the text is marked sent: a crash between the two
            // resends the text (see above) but never counts the referral twice.
            if (message.carriesReferral === true) yield* crisis.referralSent(message.turnId, at)
            yield* messages.updateOutbound(message.id, { status: "sent", providerMessageId, at })
            const done = new OutboundMessage({ ...message, status: "sent", providerMessageId, updatedAt: at })
            sent.push(done)
            if (message.kind === "ai_notice" || message.kind === "break_reminder") {
              yield* notices.sent(message.kind, at)
              yield* disclosures.recordSent({ id: done.id, userId: done.userId, kind: message.kind, at })
            }
            yield* recordOwedNotices(done, owed, at, notices)
            continue
          }

          const error = outcome.failure
          yield* Effect.logWarning("sms send failed").pipe(
            Effect.annotateLogs({
              messageId: message.id,
              provider: error.provider,
              reason: error.reason._tag,
              code: error.reason.code,
              retryable: error.isRetryable
            })
          )
          if (error.isRetryable) {
            const attempts = (message.attempts ?? 0) + 1
            const random = yield* Random.next
            const retryAfterMs = error.reason._tag === "SmsRateLimited" ? error.reason.retryAfterMs : undefined
            const delay = retryDelay(settings.outbox, attempts, random, retryAfterMs)
            yield* messages.postponeOutbound(message.id, {
              attempts,
              nextAttemptAt: DateTime.addDuration(at, delay),
              errorCode: error.reason.code,
              at
            })
            return { sent, waiting: pending.length - index }
          }
          const attempted = new OutboundMessage({ ...message, attempts: (message.attempts ?? 0) + 1 })
          yield* bury(attempted, deadLetterReason(error), at, error.reason.code)
          if (error.reason._tag === "RecipientOptedOut") {
            yield* recordCarrierOptOut(user, at)
            optedOut = true
          }
        }
        return { sent, waiting: 0 }
      })

      /** Notices carried at the head of a late reply are recorded like notices sent on their own. */
      const recordOwedNotices = Effect.fnUntraced(function*(
        message: OutboundMessage,
        owed: ReadonlyArray<"ai_notice" | "break_reminder">,
        at: DateTime.Utc,
        notices: ReturnType<typeof noticeTracker>
      ) {
        for (const kind of owed) {
          yield* disclosures.recordSent({ id: MessageId.make(`${message.id}:${kind}`), userId: message.userId, kind, at })
          yield* notices.sent(kind, at)
        }
      })

      const retryDeadLetter = Spans.fn("Outbox.retryDeadLetter")(function*(id: MessageId) {
        const removed = yield* deadLetters.remove(id)
        if (Option.isNone(removed)) return false
        return yield* messages.requeueOutbound(id, yield* DateTime.now)
      })

      return Outbox.of({ deliver, retryDeadLetter })
    })
  ).pipe(Layer.provide(Disclosures.layer))
}
