/**
 * Rules 5 to 7 of a turn: what the model is shown, the call through the
 * fallback chain, and the check of what it wrote.
 *
 * Lines the rolling summary covers (up to its `coversUntil`) are not sent
 * again: the summary stands in for them (see `ConversationMemory`).
 */
import { Context, DateTime, Effect, Layer, Option } from "effect"
import type { MessageId } from "../domain/Ids.ts"
import type { ChatLine } from "../domain/Message.ts"
import type { User } from "../domain/User.ts"
import type { TokenUsage } from "../domain/Usage.ts"
import type { OutputAdjustment } from "../policy/OutputCheck.ts"
import { checkReply } from "../policy/OutputCheck.ts"
import { assemblePrompt } from "../policy/PromptAssembly.ts"
import { isCovered } from "../policy/RollingSummary.ts"
import { LanguageModel } from "../ports/LanguageModel.ts"
import type { LanguageModelError, ModelPurpose } from "../ports/LanguageModel.ts"
import type { Recollection } from "../ports/MemoryStore.ts"
import type { Recalled } from "./ConversationMemory.ts"
import type { Copy } from "./Copy.ts"
import * as Persona from "./Persona.ts"
import { CompanionSettings } from "./Settings.ts"
import * as Spans from "../Spans.ts"

export interface ReplyRequest {
  readonly user: User
  /** The turn's texts, joined. */
  readonly userText: string
  /** Ids of the turn's texts, which the conversation history must not repeat. */
  readonly inboundIds: ReadonlyArray<MessageId>
  /** Safety rules in the prompt: a concern now, or a crisis turn within `safetyModePeriod`. */
  readonly safetyMode: boolean
  readonly minorMode: boolean
  readonly copy: Copy
  /** The last `historyLines` lines, as the turn read them (`ConversationSnapshots`). */
  readonly history: ReadonlyArray<ChatLine>
  /** The person's facts and summary, as the turn read them. */
  readonly memory: Recollection
}

export interface ModelAnswer {
  readonly text: string
  readonly purpose: ModelPurpose
  readonly provider: string
  readonly model: string
  readonly usage: TokenUsage
  readonly costMicros: number
  readonly adjustments: ReadonlyArray<OutputAdjustment>
  /** The memory the prompt was built from, so remembering after the send need not read it again. */
  readonly recalled: Recalled
}

/** One formatter per zone: building an `Intl.DateTimeFormat` costs more than the rest of a turn's prompt. */
const formatters = new Map<string, Intl.DateTimeFormat | null>()

const formatterFor = (timeZone: string): Intl.DateTimeFormat | null => {
  let formatter = formatters.get(timeZone)
  if (formatter === undefined) {
    try {
      formatter = new Intl.DateTimeFormat("en-US", {
        timeZone,
        weekday: "long",
        month: "long",
        day: "numeric",
        hour: "numeric",
        minute: "2-digit"
      })
    } catch {
      formatter = null
    }
    formatters.set(timeZone, formatter)
  }
  return formatter
}

/**
 * The last time told in each zone, by the minute it names: every turn in the
 * same minute of a zone reads the same words, and formatting them through
 * `Intl` took about 20 µs a turn in a busy worker. Time zones change their
 * offset on a whole minute, so the words hold for it.
 */
const toldTimes = new Map<string, { readonly minute: number; readonly text: string }>()

const localTime = (now: DateTime.Utc, timeZone: string): string => {
  const minute = Math.floor(now.epochMilliseconds / 60_000)
  const told = toldTimes.get(timeZone)
  if (told !== undefined && told.minute === minute) return told.text
  const formatter = formatterFor(timeZone)
  if (formatter === null) return `${DateTime.formatIso(now)} (UTC)`
  const text = formatter.format(DateTime.toDateUtc(now))
  toldTimes.set(timeZone, { minute, text })
  return text
}

export class ModelReply extends Context.Service<ModelReply, {
  readonly reply: (request: ReplyRequest) => Effect.Effect<ModelAnswer, LanguageModelError>
}>()("@jules/core/ModelReply") {
  static readonly layer = Layer.effect(
    ModelReply,
    Effect.gen(function*() {
      const model = yield* LanguageModel
      const settings = yield* CompanionSettings
      // Built once: the cached prefix must be the same bytes every turn.
      const systemPrompt = Persona.systemPrompt(settings.persona)

      const reply = Spans.fn("ModelReply.reply")(function*(request: ReplyRequest) {
        const { history, memory: { facts, summary }, user } = request
        const now = yield* DateTime.now
        const current = new Set<string>(request.inboundIds)
        const coversUntil = Option.map(summary, (s) => s.coversUntil)
        const recent = history.filter((line) =>
          !current.has(line.messageId) && Option.match(coversUntil, { onNone: () => true, onSome: (until) => !isCovered(line, until) })
        )
        const purpose: ModelPurpose = request.safetyMode ? "safety_reply" : "reply"
        const modeRules = [
          ...(request.safetyMode ? [settings.safetyRules] : []),
          ...(request.minorMode ? [settings.minorRules] : [])
        ]
        const prompt = assemblePrompt({
          persona: systemPrompt,
          modeRules,
          facts: facts.filter((f) => f.category !== "preferences").map((f) => f.text),
          preferences: facts.filter((f) => f.category === "preferences").map((f) => f.text),
          summary: Option.map(summary, (s) => s.text),
          localTime: localTime(now, user.timeZone),
          history: recent,
          userText: request.userText,
          budget: settings.promptBudget,
          tier: user.tier,
          purpose
        })
        const response = yield* model.generate(prompt)
        const checked = checkReply({
          reply: response.text.trim(),
          userText: request.userText,
          minor: request.minorMode,
          copy: request.copy
        })
        if (checked.adjustments.length > 0) {
          yield* Effect.logInfo("reply adjusted by output check").pipe(
            Effect.annotateLogs({ userId: user.id, adjustments: checked.adjustments.join(",") })
          )
        }
        return {
          text: checked.text,
          purpose,
          provider: response.provider,
          model: response.model,
          usage: response.usage,
          costMicros: response.costMicros,
          adjustments: checked.adjustments,
          recalled: { history, facts, summary }
        }
      })

      return ModelReply.of({ reply })
    })
  )
}
