/**
 * What an operator can do, whatever the front end: the HTTP API
 * (`AdminHandlers`) and the CLI (`scripts/admin.ts`) both call this service,
 * so both obey the same rules and leave the same audit entries. `caller` is
 * who the audit trail names: a token id (`t-…`) or `cli`.
 */
import type { MessageId, StorageError, TurnId, UserExport, UserId } from "@jules/core"
import {
  AuditEntry,
  AuditLog,
  CompanionSettings,
  ConsentChange,
  CrisisEventLog,
  DeadLetters,
  MessageStore,
  Outbox,
  parsePhoneNumber,
  UsageLedger,
  UserData,
  UserStore
} from "@jules/core"
import type { Tier, User } from "@jules/core"
import { Context, DateTime, Effect, Layer, Option } from "effect"
import { uuidV4Unsafe } from "effect/crypto/SecureRandom"
import type { AuditTarget } from "./AdminAudit.ts"
import { audited } from "./AdminAudit.ts"
import type { AdminError, AdminUnavailable } from "./AdminErrors.ts"
import { AdminBadRequest, AdminRefused, DeadLetterNotFound, PersonNotFound } from "./AdminErrors.ts"
import {
  CrisisEventList,
  CrisisEventView,
  DeadLetterList,
  DeadLetterRetried,
  Erased,
  PersonProfile,
  UsageReport
} from "./AdminModels.ts"
import type { Sb243Report } from "./AdminModels.ts"
import { MailboxErasure } from "./MailboxErasure.ts"
import * as PersonProfiles from "./PersonProfiles.ts"
import * as Sb243 from "./Sb243.ts"

const DEFAULT_LIMIT = 100
const MAX_LIMIT = 1000
const MAX_USAGE_DAYS = 366
const DAY_MS = 86_400_000

export interface CrisisQuery {
  readonly from: DateTime.Utc
  readonly to: DateTime.Utc
  readonly limit?: number | undefined
  readonly includeText?: boolean | undefined
}

type Op<A, E> = Effect.Effect<A, E | AdminUnavailable>

export class AdminOperations extends Context.Service<AdminOperations, {
  readonly lookup: (caller: string, phone: string) => Op<PersonProfile, PersonNotFound | AdminBadRequest>
  readonly profile: (caller: string, userId: UserId) => Op<PersonProfile, PersonNotFound>
  readonly exportData: (caller: string, userId: UserId) => Op<UserExport, PersonNotFound>
  readonly erase: (caller: string, userId: UserId) => Op<Erased, PersonNotFound>
  readonly optOut: (caller: string, userId: UserId) => Op<PersonProfile, PersonNotFound>
  readonly optIn: (caller: string, userId: UserId) => Op<PersonProfile, PersonNotFound | AdminRefused>
  readonly setTier: (caller: string, userId: UserId, tier: string) => Op<PersonProfile, PersonNotFound | AdminRefused>
  readonly crisisEvents: (caller: string, query: CrisisQuery) => Op<CrisisEventList, AdminBadRequest>
  readonly sb243Report: (caller: string, year: number) => Op<Sb243Report, AdminBadRequest>
  readonly deadLetters: (
    caller: string,
    query: { readonly userId?: UserId | undefined; readonly limit?: number | undefined }
  ) => Op<DeadLetterList, AdminBadRequest>
  readonly retryDeadLetter: (caller: string, messageId: MessageId) => Op<DeadLetterRetried, DeadLetterNotFound>
  readonly usage: (
    caller: string,
    query: { readonly from?: string | undefined; readonly to?: string | undefined }
  ) => Op<UsageReport, AdminBadRequest>
}>()("@jules/server/AdminOperations") {
  /** Needs core's stores, `UserData`, `Outbox`, `CompanionSettings` and `MailboxErasure`. */
  static readonly layer = Layer.effect(
    AdminOperations,
    Effect.gen(function*() {
      const users = yield* UserStore
      const messages = yield* MessageStore
      const crisis = yield* CrisisEventLog
      const letters = yield* DeadLetters
      const ledger = yield* UsageLedger
      const audit = yield* AuditLog
      const userData = yield* UserData
      const outbox = yield* Outbox
      const settings = yield* CompanionSettings
      const mailbox = yield* MailboxErasure

      const run = <A, E extends AdminError>(
        caller: string,
        action: string,
        body: (target: AuditTarget) => Effect.Effect<A, E | StorageError>
      ) => audited(audit, caller, action, body)

      const limitOf = (limit: number | undefined) =>
        limit === undefined
          ? Effect.succeed(DEFAULT_LIMIT)
          : Number.isInteger(limit) && limit >= 1 && limit <= MAX_LIMIT
          ? Effect.succeed(limit)
          : Effect.fail(new AdminBadRequest({ message: `limit must be a whole number from 1 to ${MAX_LIMIT}` }))

      /** The person, named in the audit entry once known to exist. */
      const person = (userId: UserId, target: AuditTarget) =>
        Effect.flatMap(users.findById(userId), (found) => {
          if (Option.isNone(found)) return Effect.fail(new PersonNotFound({ message: `no person with id ${userId}` }))
          target.userId = found.value.id
          return Effect.succeed(found.value)
        })

      const profileOf = yield* PersonProfiles.make

      const changeConsent = Effect.fnUntraced(function*(user: User, state: "opted_in" | "opted_out") {
        const at = yield* DateTime.now
        const changed = yield* users.setConsent(new ConsentChange({ userId: user.id, state, source: "admin", at }))
        yield* audit.append(
          new AuditEntry({
            id: `consent:${user.id}:admin:${DateTime.toEpochMillis(at)}`,
            kind: "consent_changed",
            userId: user.id,
            detail: { state, source: "admin" },
            at
          })
        )
        return changed
      })

      /** The person's texts of a crisis turn: the turn's inbound texts, or the text whose id the turn took. */
      const textsOf = Effect.fnUntraced(function*(turnId: TurnId) {
        const turn = yield* messages.findTurn(turnId)
        const ids = Option.match(turn, { onNone: () => [turnId as string as MessageId], onSome: (t) => t.inboundIds })
        const found = yield* Effect.forEach(ids, (id) => messages.findInbound(id))
        return found.flatMap((text) => Option.isSome(text) ? [text.value.body] : [])
      })

      const parseDay = (name: string, value: string) => {
        const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value)
        const millis = match === null ? NaN : Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]))
        return match === null || Number.isNaN(millis) || new Date(millis).toISOString().slice(0, 10) !== value
          ? Effect.fail(new AdminBadRequest({ message: `${name} must be a day written YYYY-MM-DD` }))
          : Effect.succeed(millis)
      }

      return AdminOperations.of({
        lookup: (caller, phone) =>
          run(caller, "people.lookup", (target) =>
            Effect.gen(function*() {
              const parsed = parsePhoneNumber(phone)
              if (Option.isNone(parsed)) {
                return yield* new AdminBadRequest({ message: "phone must be an E.164 number such as +14155552671" })
              }
              const found = yield* users.findByPhone(parsed.value)
              if (Option.isNone(found)) return yield* new PersonNotFound({ message: "nobody with that phone number" })
              target.userId = found.value.id
              return yield* profileOf(found.value)
            })),

        profile: (caller, userId) =>
          run(caller, "people.profile", (target) => Effect.flatMap(person(userId, target), profileOf)),

        exportData: (caller, userId) =>
          run(caller, "people.export", (target) =>
            Effect.gen(function*() {
              yield* person(userId, target)
              const exported = yield* userData.exportUser(userId)
              if (Option.isNone(exported)) return yield* new PersonNotFound({ message: `no person with id ${userId}` })
              return exported.value
            })),

        erase: (caller, userId) =>
          run(caller, "people.erase", (target) =>
            Effect.gen(function*() {
              yield* person(userId, target)
              // The entry of this call must not name whom it erased.
              target.userId = undefined
              yield* userData.eraseUser(userId)
              yield* mailbox.eraseUser(userId).pipe(
                Effect.catch((error) =>
                  Effect.logWarning("erasure: the conversation mailbox could not be cleared").pipe(
                    Effect.annotateLogs({ reason: error.reason._tag }),
                    Effect.andThen(Effect.fail(error))
                  )
                ),
                Effect.orDie
              )
              return new Erased({ erased: true })
            })),

        optOut: (caller, userId) =>
          run(caller, "people.opt_out", (target) =>
            Effect.gen(function*() {
              const user = yield* person(userId, target)
              const current = user.consent === "opted_out" ? user : yield* changeConsent(user, "opted_out")
              target.detail.changed = String(user.consent !== "opted_out")
              return yield* profileOf(current)
            })),

        optIn: (caller, userId) =>
          run(caller, "people.opt_in", (target) =>
            Effect.gen(function*() {
              const user = yield* person(userId, target)
              target.detail.changed = "false"
              if (user.consent === "opted_in") return yield* profileOf(user)
              const history = yield* users.consentHistory(userId)
              const lastOptOut = history.filter((change) => change.state === "opted_out").at(-1)
              if (lastOptOut !== undefined && lastOptOut.source !== "admin") {
                return yield* new AdminRefused({
                  message: lastOptOut.source === "keyword"
                    ? `person ${userId} opted out by text (STOP): only they can opt back in, by texting START`
                    : `person ${userId} was opted out by their carrier: only they can opt back in, by texting START`
                })
              }
              target.detail.changed = "true"
              return yield* profileOf(yield* changeConsent(user, "opted_in"))
            })),

        setTier: (caller, userId, tier) =>
          run(caller, "people.set_tier", (target) =>
            Effect.gen(function*() {
              const user = yield* person(userId, target)
              const configured = Object.keys(settings.tiers)
              if (!configured.includes(tier)) {
                return yield* new AdminRefused({
                  message: `unknown tier: the configured tiers are ${configured.join(", ")} (JULES_TIERS)`
                })
              }
              target.detail.tier = tier
              if (user.tier === tier) return yield* profileOf(user)
              const changed = yield* users.setTier(userId, tier as Tier)
              const at = yield* DateTime.now
              yield* audit.append(
                new AuditEntry({
                  id: `tier:${userId}:admin:${DateTime.toEpochMillis(at)}`,
                  kind: "tier_changed",
                  userId,
                  detail: { from: user.tier, to: tier, source: "admin" },
                  at
                })
              )
              return yield* profileOf(changed)
            })),

        crisisEvents: (caller, query) =>
          run(caller, "crisis.events", (target) =>
            Effect.gen(function*() {
              const includeText = query.includeText === true
              target.detail.from = DateTime.formatIso(query.from)
              target.detail.to = DateTime.formatIso(query.to)
              target.detail.includeText = String(includeText)
              if (DateTime.toEpochMillis(query.from) >= DateTime.toEpochMillis(query.to)) {
                return yield* new AdminBadRequest({ message: "from must be before to" })
              }
              const limit = yield* limitOf(query.limit)
              const events = yield* crisis.list({ from: query.from, to: query.to, limit })
              target.detail.events = String(events.length)
              const views = yield* Effect.forEach(events, (event) =>
                Effect.map(
                  includeText ? Effect.map(textsOf(event.id), Option.some) : Effect.succeed(Option.none()),
                  (texts) =>
                    new CrisisEventView({
                      id: event.id,
                      userId: event.userId,
                      category: event.category,
                      severity: event.severity,
                      referred: event.referred,
                      referralSent: event.referralSentAt !== undefined,
                      at: event.at,
                      ...(event.referralSentAt === undefined ? {} : { referralSentAt: event.referralSentAt }),
                      ...(Option.isSome(texts) ? { texts: texts.value } : {})
                    })
                ))
              if (includeText) {
                // Whose texts were read is part of the trail, one entry per person (cleared by their erasure).
                const byPerson = new Map<UserId, Array<string>>()
                for (const event of events) byPerson.set(event.userId, [...(byPerson.get(event.userId) ?? []), event.id])
                const at = yield* DateTime.now
                for (const [userId, ids] of byPerson) {
                  yield* audit.append(
                    new AuditEntry({
                      id: `admin:${uuidV4Unsafe()}`,
                      kind: "admin_call",
                      userId,
                      detail: { caller, action: "crisis.events.text", outcome: "ok", events: ids.join(",") },
                      at
                    })
                  )
                }
              }
              return new CrisisEventList({ from: query.from, to: query.to, events: views })
            })),

        sb243Report: (caller, year) =>
          run(caller, "reports.sb243", (target) =>
            Effect.gen(function*() {
              target.detail.year = String(year)
              const now = yield* DateTime.now
              if (!Number.isInteger(year) || year < 2000 || year > DateTime.getPartUtc(now, "year")) {
                return yield* new AdminBadRequest({ message: "year must be a calendar year from 2000 to the current year" })
              }
              return Sb243.report(year, yield* crisis.referralCount(year), now)
            })),

        deadLetters: (caller, query) =>
          run(caller, "dead_letters.list", (target) =>
            Effect.gen(function*() {
              if (query.userId !== undefined) target.userId = query.userId
              const limit = yield* limitOf(query.limit)
              return new DeadLetterList({
                deadLetters: yield* letters.list(query.userId === undefined ? { limit } : { userId: query.userId, limit })
              })
            })),

        retryDeadLetter: (caller, messageId) =>
          run(caller, "dead_letters.retry", (target) =>
            Effect.gen(function*() {
              target.detail.messageId = messageId
              if (!(yield* outbox.retryDeadLetter(messageId))) {
                return yield* new DeadLetterNotFound({ message: `no dead letter with id ${messageId}` })
              }
              return new DeadLetterRetried({ requeued: true })
            })),

        usage: (caller, query) =>
          run(caller, "usage.costs", (target) =>
            Effect.gen(function*() {
              const today = Math.floor(DateTime.toEpochMillis(yield* DateTime.now) / DAY_MS) * DAY_MS
              const to = query.to === undefined ? today : yield* parseDay("to", query.to)
              const from = query.from === undefined ? to - 29 * DAY_MS : yield* parseDay("from", query.from)
              const [fromDay, toDay] = [new Date(from).toISOString().slice(0, 10), new Date(to).toISOString().slice(0, 10)]
              target.detail.from = fromDay
              target.detail.to = toDay
              if (from > to) return yield* new AdminBadRequest({ message: "from must not be after to" })
              if ((to - from) / DAY_MS + 1 > MAX_USAGE_DAYS) {
                return yield* new AdminBadRequest({ message: `at most ${MAX_USAGE_DAYS} days at once` })
              }
              const rows = yield* ledger.costs({ from: DateTime.makeUnsafe(from), to: DateTime.makeUnsafe(to + DAY_MS) })
              return new UsageReport({
                from: fromDay,
                to: toDay,
                rows,
                totalCostMicros: rows.reduce((sum, row) => sum + row.costMicros, 0)
              })
            }))
      })
    })
  )
}
