/**
 * Rule 2, continued: second opinions on the crisis screen, where the operator
 * turned them on. Both are optional and off by default, because both send the
 * person's text out of the operator's infrastructure; the local screen alone
 * is what Jules promises to run on every text, offline.
 *
 * - Moderation: when a `CrisisModeration` is provided, a text the screen found
 *   nothing in is also read by it (OpenAI's moderation endpoint), within
 *   `moderationTimeout`. A self-harm, violence or threat category makes it a
 *   concern. When the service fails or is late the local result stands (a
 *   warning is logged, without the text).
 * - The model: with `model` set, a text whose score is in the screen's
 *   uncertain band (`isUncertain`) is judged by the language model, within
 *   `model.timeout`. No answer, an unreadable answer, or a late one counts as
 *   a concern: fail safe.
 *
 * Either can only raise the local assessment (`policy/CrisisReview.ts`). Both
 * run together, so a turn waits at most for the slower budget. The model's
 * tokens go to the usage ledger as `<turnId>#crisis_review`.
 *
 * `layerNoDeps` is the default: no second opinion, the local assessment as is.
 */
import { Cause, Context, DateTime, Duration, Effect, Layer, Option } from "effect"
import type { CrisisAssessment } from "../domain/Crisis.ts"
import type { TurnId, UserId } from "../domain/Ids.ts"
import { UsageRecord, usageRecordId } from "../domain/Usage.ts"
import type { Tier } from "../domain/User.ts"
import type { CrisisOpinion } from "../policy/CrisisReview.ts"
import { opinionOfModeration, opinionOfModel, raiseAssessmentBy, readReviewAnswer, reviewRequest } from "../policy/CrisisReview.ts"
import { isUncertain } from "../policy/CrisisScreen.ts"
import { CrisisModeration } from "../ports/CrisisModeration.ts"
import { LanguageModel } from "../ports/LanguageModel.ts"
import type { ModelResponse } from "../ports/LanguageModel.ts"
import { UsageLedger } from "../ports/UsageLedger.ts"
import { causeTag } from "./CauseTag.ts"
import * as Spans from "../Spans.ts"

/** Who the text is from, for the logs and the usage ledger (ids only). */
export interface ReviewSubject {
  readonly userId: UserId
  readonly turnId: TurnId
  readonly tier: Tier
}

export interface CrisisSecondOpinionOptions {
  /** How long moderation may take, when a `CrisisModeration` is provided. Default `defaultModerationTimeout`. */
  readonly moderationTimeout?: Duration.Input | undefined
  /** Ask the language model about uncertain texts, allowing it this long. Unset: never asked. */
  readonly model?: { readonly timeout: Duration.Input } | undefined
}

export const defaultModerationTimeout: Duration.Duration = Duration.millis(1500)
export const defaultModelTimeout: Duration.Duration = Duration.seconds(3)

/** Log annotations for `subject`: its ids, or nothing. */
const ids = (subject: ReviewSubject | undefined) =>
  subject === undefined ? {} : { userId: subject.userId, turnId: subject.turnId }

/** Used when the caller names no subject; providers route `crisis_review` by purpose before tier. */
const anyTier = "free" as Tier

export class CrisisSecondOpinion extends Context.Service<CrisisSecondOpinion, {
  /** `local` itself, or raised by a second opinion; never lower. Never fails. */
  readonly review: (text: string, local: CrisisAssessment, subject?: ReviewSubject) => Effect.Effect<CrisisAssessment>
}>()("@jules/core/CrisisSecondOpinion") {
  /** No second opinion: the local assessment stands. */
  static readonly layerNoDeps: Layer.Layer<CrisisSecondOpinion> = Layer.succeed(
    CrisisSecondOpinion,
    CrisisSecondOpinion.of({ review: (_text, local) => Effect.succeed(local) })
  )

  /** Moderation when a `CrisisModeration` is in the context; the model when `options.model` is set. */
  static readonly layer = (
    options: CrisisSecondOpinionOptions
  ): Layer.Layer<CrisisSecondOpinion, never, LanguageModel | UsageLedger> =>
    Layer.effect(
      CrisisSecondOpinion,
      Effect.gen(function*() {
        const moderation = yield* Effect.serviceOption(CrisisModeration)
        const model = yield* LanguageModel
        const ledger = yield* UsageLedger
        const moderationTimeout = options.moderationTimeout ?? defaultModerationTimeout
        yield* Effect.logInfo("crisis second opinion on: texts are sent to the services below").pipe(
          Effect.annotateLogs({
            moderation: Option.match(moderation, { onNone: () => "off", onSome: (m) => m.provider }),
            moderationTimeoutMs: Duration.toMillis(moderationTimeout),
            model: options.model === undefined ? "off" : model.providers.join(" -> "),
            ...(options.model === undefined
              ? {}
              : { modelTimeoutMs: Duration.toMillis(options.model.timeout) })
          })
        )

        /** `Some` with the answer in time; `None`, with a warning, on failure or timeout. */
        const within = <A, E>(
          effect: Effect.Effect<A, E>,
          timeout: Duration.Input,
          step: string,
          subject: ReviewSubject | undefined
        ): Effect.Effect<Option.Option<A>> => {
          const warn = (error: string) =>
            Effect.logWarning(`crisis ${step} gave no answer`).pipe(
              Effect.annotateLogs({ step, error, ...ids(subject) })
            )
          return effect.pipe(
            Effect.timeoutOption(timeout),
            Effect.tap((answer) => Option.isNone(answer) ? warn("timeout") : Effect.void),
            Effect.catchCause((cause) =>
              Cause.hasInterruptsOnly(cause) ? Effect.interrupt : Effect.as(warn(causeTag(cause)), Option.none())
            )
          )
        }

        const moderate = (text: string, local: CrisisAssessment, subject: ReviewSubject | undefined) =>
          Option.isNone(moderation) || local.severity !== "none"
            ? Effect.succeed<CrisisOpinion | undefined>(undefined)
            : Effect.map(
              within(moderation.value.moderate(text), moderationTimeout, "moderation", subject),
              Option.match({ onNone: (): CrisisOpinion | undefined => undefined, onSome: opinionOfModeration })
            )

        const recordUsage = (subject: ReviewSubject | undefined, response: ModelResponse) =>
          // No generator made per call: core README, "Generators made once".
          subject === undefined || response.offline ? Effect.void : Effect.flatMap(DateTime.now, (now) =>
            ledger.record(
              new UsageRecord({
                id: usageRecordId(subject.turnId, "crisis_review"),
                userId: subject.userId,
                purpose: "crisis_review",
                provider: response.provider,
                model: response.model,
                usage: response.usage,
                costMicros: response.costMicros,
                at: now
              })
            )).pipe(
            Effect.catchTag("StorageError", () =>
              Effect.logWarning("crisis second opinion usage not recorded").pipe(
                Effect.annotateLogs(ids(subject))
              ))
          )

        const askModel = Effect.fnUntraced(function*(
          text: string,
          local: CrisisAssessment,
          subject: ReviewSubject | undefined
        ) {
          if (options.model === undefined || !isUncertain(local)) return undefined
          const request = reviewRequest(text, subject?.tier ?? anyTier)
          const answered = yield* within(model.generate(request), options.model.timeout, "second opinion", subject)
          if (Option.isNone(answered)) return opinionOfModel(undefined)
          const response = answered.value
          yield* recordUsage(subject, response)
          const answer = response.offline ? undefined : readReviewAnswer(response.text)
          if (answer === undefined) {
            yield* Effect.logWarning("crisis second opinion unusable").pipe(
              Effect.annotateLogs({ offline: response.offline, ...ids(subject) })
            )
          }
          return opinionOfModel(answer)
        })

        const review = Spans.fn("CrisisSecondOpinion.review")(
          function*(text: string, local: CrisisAssessment, subject?: ReviewSubject) {
            const opinions = yield* Effect.all([moderate(text, local, subject), askModel(text, local, subject)], {
              concurrency: 2
            })
            const reviewed = raiseAssessmentBy(local, opinions)
            if (reviewed !== local) {
              yield* Effect.logInfo("crisis second opinion raised the screen").pipe(
                Effect.annotateLogs({
                  ...ids(subject),
                  from: local.severity,
                  to: reviewed.severity,
                  category: reviewed.category,
                  by: reviewed.signals.slice(local.signals.length).join(",")
                })
              )
            }
            return reviewed
          }
        )

        return CrisisSecondOpinion.of({ review })
      })
    )
}
