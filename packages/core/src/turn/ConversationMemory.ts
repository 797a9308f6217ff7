/**
 * After a reply went out: what Jules remembers of the person.
 *
 * - Facts they stated ("my dog is called Rex") are found by the rules of
 *   `FactExtraction` - offline, free - and stored; a new fact of a kind people
 *   have one of (a home, a job) replaces the old one. Never from a crisis turn:
 *   what someone says in crisis is not a fact to echo back.
 * - The rolling summary (`RollingSummary`) folds older lines into a short
 *   summary once enough lines are uncovered, so long conversations stay inside
 *   the prompt budget. The same call lists durable facts the rules missed. An
 *   offline answer (the placeholder responder) is no summary: the old one stays.
 *   Its tokens and cost go to the usage ledger as `<turnId>#summary`.
 *
 * Best effort: a failure is logged (without any text) and swallowed, because
 * the person already has their reply. Safe to run twice for one turn, as turns
 * run at least once: facts are added once, a second run finds the summary
 * already written (or writes it then), and the ledger keeps one record per id.
 */
import { Cause, Context, DateTime, Effect, Layer, Option } from "effect"
import type { TurnId, UserId } from "../domain/Ids.ts"
import { ConversationSummary, MemoryFact } from "../domain/Memory.ts"
import { UsageRecord, usageRecordId } from "../domain/Usage.ts"
import type { User } from "../domain/User.ts"
import { extractFacts, factKey } from "../policy/FactExtraction.ts"
import { maxSummaryChars, planSummary, readSummaryAnswer } from "../policy/RollingSummary.ts"
import { LanguageModel } from "../ports/LanguageModel.ts"
import { MemoryStore } from "../ports/MemoryStore.ts"
import { MessageStore } from "../ports/MessageStore.ts"
import { UsageLedger } from "../ports/UsageLedger.ts"
import { causeTag } from "./CauseTag.ts"
import { CompanionSettings } from "./Settings.ts"

export interface RememberRequest {
  readonly user: User
  readonly turnId: TurnId
  /** The turn's texts, joined. */
  readonly userText: string
  /** The turn was a crisis (concern or imminent): no facts from it. */
  readonly crisis: boolean
}

const bestEffort = (step: string, userId: UserId) => <A, E, R>(effect: Effect.Effect<A, E, R>) =>
  effect.pipe(
    Effect.asVoid,
    Effect.catchCause((cause) =>
      Cause.hasInterruptsOnly(cause)
        ? Effect.interrupt
        : Effect.logWarning("memory update failed").pipe(Effect.annotateLogs({ step, userId, error: causeTag(cause) }))
    )
  )

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

      const rememberFacts = Effect.fnUntraced(function*(userId: UserId, texts: ReadonlyArray<string>, at: DateTime.Utc) {
        if (texts.length === 0) return
        const same = (a: string) => (b: string) => a.toLowerCase() === b.toLowerCase()
        const keys = new Set(texts.map(factKey).filter((key) => key !== undefined))
        const known = yield* memory.facts(userId)
        for (const old of known) {
          const key = factKey(old.text)
          if (key !== undefined && keys.has(key) && !texts.some(same(old.text))) yield* memory.removeFact(userId, old.text)
        }
        yield* memory.addFacts(texts.map((text) => new MemoryFact({ userId, text, at })))
        yield* Effect.logDebug("facts remembered").pipe(Effect.annotateLogs({ userId, facts: texts.length }))
      })

      const updateSummary = Effect.fnUntraced(function*(user: User, turnId: TurnId, now: DateTime.Utc) {
        const [previous, lines, facts] = yield* Effect.all([
          memory.summary(user.id),
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
          withFacts: config.factsFromSummary,
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
          yield* memory.addFacts(answer.facts.map((text) => new MemoryFact({ userId: user.id, text, at: now })))
        }
        yield* memory.setSummary(
          new ConversationSummary({ userId: user.id, text: answer.summary, coversUntil: plan.value.coversUntil, at: now })
        )
        yield* Effect.logInfo("conversation summarised").pipe(
          Effect.annotateLogs({ userId: user.id, turnId, lines: plan.value.lines, facts: answer.facts.length })
        )
      })

      const remember = Effect.fn("ConversationMemory.remember")(function*(request: RememberRequest) {
        const now = yield* DateTime.now
        const userId = request.user.id
        if (config.extractFacts && !request.crisis) {
          yield* rememberFacts(userId, extractFacts(request.userText), now).pipe(bestEffort("facts", userId))
        }
        if (config.rollingSummary) {
          yield* updateSummary(request.user, request.turnId, now).pipe(bestEffort("summary", userId))
        }
      })

      return ConversationMemory.of({ remember })
    })
  )
}
