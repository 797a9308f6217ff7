/**
 * After a reply went out: what Jules remembers of the person.
 *
 * - Facts they stated. With a model connected, the background model reads the
 *   exchange against the facts held and answers with operations - add,
 *   update, delete (`MemoryExtraction`). Offline, or when its answer cannot
 *   be read, the rules of `FactExtraction` find them instead, and a new fact
 *   of a kind people have one of (a home, a job) replaces the old one. A
 *   model that fails (an error, a timeout) changes nothing: the turn is left
 *   unmarked and nothing is guessed. Either way the turn's changes are
 *   applied once (`MemoryStore.applyChanges`), the facts stay within
 *   `maxFacts` (`FactEviction`), and never from a crisis turn: what someone
 *   says in crisis is not a fact to echo back (it is in the crisis event log).
 * - Their time zone, when they say where they are or what time it is for
 *   them (`TimeZones`), or when a remembered home is in a known zone.
 * - The rolling summary (`RollingSummary`) folds older lines into a short
 *   summary once enough lines are uncovered, so long conversations stay inside
 *   the prompt budget. When the background model does not find facts itself
 *   (`modelFacts` off), the same call lists durable facts the rules missed. An
 *   offline answer (the placeholder responder) is no summary: the old one stays.
 *   Its tokens and cost go to the usage ledger as `<turnId>#summary`.
 *
 * Best effort: a failure is logged (without any text) and swallowed, because
 * the person already has their reply. Safe to run twice for one turn, as turns
 * run at least once: facts are added once, a second run finds the summary
 * already written (or writes it then), and the ledger keeps one record per id.
 */
import { Cause, Context, DateTime, Duration, Effect, Layer, Option } from "effect"
import type { MessageId, TurnId, UserId } from "../domain/Ids.ts"
import type { ChatLine } from "../domain/Message.ts"
import { ConversationSummary, FactChanges, MemoryFact } from "../domain/Memory.ts"
import { UsageRecord, usageRecordId } from "../domain/Usage.ts"
import type { User } from "../domain/User.ts"
import { extractFacts, factCategory, factKey } from "../policy/FactExtraction.ts"
import { factsToEvict } from "../policy/FactEviction.ts"
import type { ExtractedChanges } from "../policy/MemoryExtraction.ts"
import { extractionRequest, readOperations } from "../policy/MemoryExtraction.ts"
import { isCovered, maxSummaryChars, planSummary, readSummaryAnswer } from "../policy/RollingSummary.ts"
import { factTimeZone, timeZoneFromText } from "../policy/TimeZones.ts"
import { LanguageModel } from "../ports/LanguageModel.ts"
import { MemoryStore } from "../ports/MemoryStore.ts"
import { MessageStore } from "../ports/MessageStore.ts"
import { UsageLedger } from "../ports/UsageLedger.ts"
import { UserStore } from "../ports/UserStore.ts"
import { causeTag } from "./CauseTag.ts"
import { CompanionSettings } from "./Settings.ts"
import * as Spans from "../Spans.ts"

/**
 * What a turn read before its reply, current when the turn began: the
 * person's turns run one at a time, so nothing else changed it since.
 */
export interface Recalled {
  /** The last `historyLines` lines, the turn's own texts among them. */
  readonly history: ReadonlyArray<ChatLine>
  readonly facts: ReadonlyArray<MemoryFact>
  readonly summary: Option.Option<ConversationSummary>
}

export interface RememberRequest {
  readonly user: User
  readonly turnId: TurnId
  /** The turn's texts, joined. */
  readonly userText: string
  /** The turn was a crisis (concern or imminent): no facts from it. */
  readonly crisis: boolean
  /** The turn's texts: what Jules said just before them gives a bare "Denver" its meaning. */
  readonly inboundIds?: ReadonlyArray<MessageId> | undefined
  /**
   * Handed over by a turn in its first run, which has applied no memory
   * changes yet: nothing is read twice. A resumed run reads everything.
   */
  readonly recalled?: Recalled | undefined
  /** How many lines the turn added after `recalled.history` was read (its texts to send). */
  readonly addedLines?: number | undefined
}

/** Logs a failure (without any text) and goes on with `fallback`: the person already has their reply. */
const bestEffortOr = <B>(step: string, userId: UserId, fallback: B) => <A, E, R>(effect: Effect.Effect<A, E, R>) =>
  effect.pipe(
    Effect.catchCause((cause) =>
      Cause.hasInterruptsOnly(cause)
        ? Effect.interrupt
        : Effect.logWarning("memory update failed").pipe(
          Effect.annotateLogs({ step, userId, error: causeTag(cause) }),
          Effect.as(fallback)
        )
    )
  )

const bestEffort = (step: string, userId: UserId) => <A, E, R>(effect: Effect.Effect<A, E, R>) =>
  bestEffortOr(step, userId, undefined)(Effect.asVoid(effect))

/** The longest the background model may take over one turn's facts, retries included. */
export const EXTRACTION_TIMEOUT = Duration.seconds(30)

export class ConversationMemory extends Context.Service<ConversationMemory, {
  /** Never fails: memory is best effort. */
  readonly remember: (request: RememberRequest) => Effect.Effect<void>
}>()("@jules/core/ConversationMemory") {
  static readonly layer = Layer.effect(
    ConversationMemory,
    Effect.gen(function*() {
      const memory = yield* MemoryStore
      const messages = yield* MessageStore
      const model = yield* LanguageModel
      const ledger = yield* UsageLedger
      const settings = yield* CompanionSettings
      const config = settings.memory

      const users = yield* UserStore

      /** What Jules said just before the turn's first text, when it is among the recent lines. */
      const previousReply = Effect.fnUntraced(function*(
        userId: UserId,
        inboundIds: ReadonlyArray<MessageId>,
        recalled: ReadonlyArray<ChatLine> | undefined
      ) {
        if (inboundIds.length === 0) return undefined
        const lines = recalled ?? (yield* messages.history(userId, 12))
        const first = lines.findIndex((line) => line.messageId === inboundIds[0])
        const before = first > 0 ? lines[first - 1] : undefined
        return before?.role === "assistant" ? before.text : undefined
      })

      /** The rules' facts; a new fact of a kind people have one of replaces the old one. */
      const byRules = (text: string, previous: string | undefined, known: ReadonlyArray<MemoryFact>): ExtractedChanges => {
        const found = extractFacts(text, { previousReply: previous })
        const keys = new Set(found.map(factKey).filter((key) => key !== undefined))
        const same = (a: string) => (b: string) => a.toLowerCase() === b.toLowerCase()
        return {
          remove: known
            .filter((old) => {
              const key = factKey(old.text)
              return key !== undefined && keys.has(key) && !found.some(same(old.text))
            })
            .map((old) => old.text),
          add: found.map((fact) => ({ text: fact, category: factCategory(fact) }))
        }
      }

      /** The model's changes; `None` when it answered offline or unreadably (the rules take over). */
      const byModel = Effect.fnUntraced(function*(
        user: User,
        turnId: TurnId,
        text: string,
        previous: string | undefined,
        known: ReadonlyArray<MemoryFact>,
        now: DateTime.Utc
      ) {
        const response = yield* model.generate(extractionRequest({
          known,
          userText: text,
          previousReply: previous,
          tier: user.tier,
          maxOutputTokens: config.extractionMaxOutputTokens
        })).pipe(
          // The person's next text waits for this one's turn to end: a slow model gives up, changing nothing.
          Effect.timeout(EXTRACTION_TIMEOUT)
        )
        if (response.offline) return Option.none<ExtractedChanges>()
        yield* ledger.record(
          new UsageRecord({
            id: usageRecordId(turnId, "memory_extraction"),
            userId: user.id,
            purpose: "memory_extraction",
            provider: response.provider,
            model: response.model,
            usage: response.usage,
            costMicros: response.costMicros,
            at: now
          })
        )
        const changes = readOperations(response.text, known)
        if (Option.isNone(changes)) {
          yield* Effect.logWarning("memory answer unusable, rules used").pipe(Effect.annotateLogs({ userId: user.id, turnId }))
        }
        return changes
      })

      const rememberFacts = Effect.fnUntraced(function*(request: RememberRequest, now: DateTime.Utc) {
        const { user, turnId } = request
        const { recalled } = request
        // A turn run again (turns are at least once) finds its changes made.
        if (recalled === undefined && (yield* memory.changesApplied(user.id, turnId))) return
        const known = recalled?.facts ?? (yield* memory.facts(user.id))
        const previous = yield* previousReply(user.id, request.inboundIds ?? [], recalled?.history)
        const fromModel = config.modelFacts
          ? yield* byModel(user, turnId, request.userText, previous, known, now)
          : Option.none<ExtractedChanges>()
        const changes = Option.getOrElse(fromModel, () => byRules(request.userText, previous, known))
        const kept = known.filter((fact) => !changes.remove.includes(fact.text))
        const fresh = changes.add.filter((f) => !kept.some((k) => k.text.toLowerCase() === f.text.toLowerCase()))
        const evicted = factsToEvict(kept, fresh.length, config.maxFacts)
        // Most texts state nothing to remember: no write (a second run would find nothing either).
        if (changes.remove.length === 0 && fresh.length === 0) return []
        const applied = yield* memory.applyChanges(
          new FactChanges({
            userId: user.id,
            turnId,
            remove: [...changes.remove, ...evicted],
            add: fresh.map((f) => new MemoryFact({ userId: user.id, text: f.text, category: f.category, at: now })),
            at: now
          })
        )
        if (applied) {
          yield* Effect.logDebug("facts remembered").pipe(
            Effect.annotateLogs({
              userId: user.id,
              added: fresh.length,
              removed: changes.remove.length,
              evicted: evicted.length,
              by: Option.isSome(fromModel) ? "model" : "rules"
            })
          )
        }
        return fresh.map((f) => f.text)
      })

      /** The zone the person's words put them in, from the text itself or a home just remembered. */
      const learnTimeZone = Effect.fnUntraced(function*(user: User, text: string, added: ReadonlyArray<string>, now: DateTime.Utc) {
        const fromHome = added.map(factTimeZone).filter((zone) => zone !== undefined).at(-1)
        const zone = timeZoneFromText(text, now, user.timeZone) ?? (fromHome !== user.timeZone ? fromHome : undefined)
        if (zone === undefined) return
        yield* users.setTimeZone(user.id, zone)
        yield* Effect.logInfo("time zone learned").pipe(Effect.annotateLogs({ userId: user.id, timeZone: zone }))
      })

      /**
       * Whether the lines the turn already holds prove a summary is not due
       * yet: every uncovered line is among them (the window reaches back to a
       * covered line, or to the first line), and with the lines the turn added
       * they are still too few. Most turns end here without reading anything.
       */
      const notDueYet = (recalled: Recalled | undefined, added: number): boolean => {
        if (recalled === undefined) return false
        const coversUntil = Option.map(recalled.summary, (s) => s.coversUntil)
        const covered = (line: ChatLine) => Option.match(coversUntil, { onNone: () => false, onSome: (until) => isCovered(line, until) })
        const oldest = recalled.history[0]
        const whole = recalled.history.length < settings.historyLines || (oldest !== undefined && covered(oldest))
        const uncovered = recalled.history.filter((line) => !covered(line)).length + added
        return whole && (uncovered < Math.max(1, config.summaryAfterLines) || uncovered <= config.keepRecentLines)
      }

      const updateSummary = Effect.fnUntraced(function*(request: RememberRequest, now: DateTime.Utc) {
        const { user, turnId, recalled } = request
        if (notDueYet(recalled, request.addedLines ?? 0)) return
        const [previous, lines, facts] = yield* Effect.all([
          recalled === undefined ? memory.summary(user.id) : Effect.succeed(recalled.summary),
          // Enough to find every uncovered line, even after summaries failed for a while.
          messages.history(user.id, settings.historyLines + config.summaryAfterLines),
          memory.facts(user.id)
        ])
        const plan = planSummary({
          lines,
          previous,
          knownFacts: facts.map((f) => f.text),
          after: config.summaryAfterLines,
          keep: config.keepRecentLines,
          budget: settings.promptBudget,
          maxOutputTokens: config.summaryMaxOutputTokens,
          // The background model finds facts itself when it runs; the summary's would repeat them in other words.
          withFacts: config.factsFromSummary && !config.modelFacts,
          tier: user.tier
        })
        if (Option.isNone(plan)) return
        const response = yield* model.generate(plan.value.request)
        if (response.offline) return
        yield* ledger.record(
          new UsageRecord({
            id: usageRecordId(turnId, "summary"),
            userId: user.id,
            purpose: "summary",
            provider: response.provider,
            model: response.model,
            usage: response.usage,
            costMicros: response.costMicros,
            at: now
          })
        )
        const answer = readSummaryAnswer(response.text, maxSummaryChars(config.summaryMaxOutputTokens))
        if (answer.summary === undefined) {
          return yield* Effect.logWarning("summary answer unusable").pipe(Effect.annotateLogs({ userId: user.id, turnId }))
        }
        if (config.factsFromSummary && answer.facts.length > 0) {
          const known = yield* memory.facts(user.id)
          const fresh = answer.facts.filter((f) => !known.some((k) => k.text.toLowerCase() === f.toLowerCase()))
          const evicted = factsToEvict(known, fresh.length, config.maxFacts)
          for (const text of evicted) yield* memory.removeFact(user.id, text)
          yield* memory.addFacts(
            fresh.map((text) => new MemoryFact({ userId: user.id, text, category: factCategory(text), at: now }))
          )
        }
        yield* memory.setSummary(
          new ConversationSummary({ userId: user.id, text: answer.summary, coversUntil: plan.value.coversUntil, at: now })
        )
        yield* Effect.logInfo("conversation summarised").pipe(
          Effect.annotateLogs({ userId: user.id, turnId, lines: plan.value.lines, facts: answer.facts.length })
        )
      })

      const remember = Spans.fn("ConversationMemory.remember")(function*(request: RememberRequest) {
        const now = yield* DateTime.now
        const userId = request.user.id
        if (!request.crisis) {
          const none: ReadonlyArray<string> = []
          const added = config.extractFacts
            ? yield* rememberFacts(request, now).pipe(Effect.map((facts) => facts ?? none), bestEffortOr("facts", userId, none))
            : none
          yield* learnTimeZone(request.user, request.userText, added, now).pipe(bestEffort("time_zone", userId))
        }
        if (config.rollingSummary) {
          yield* updateSummary(request, now).pipe(bestEffort("summary", userId))
        }
      })

      return ConversationMemory.of({ remember })
    })
  )
}
