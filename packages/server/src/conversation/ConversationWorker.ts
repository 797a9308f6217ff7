/**
 * The handler of a person's conversation entity: answers their unanswered
 * texts with one turn.
 *
 * Bursts: a turn waits until `BURST_WINDOW_MS` has passed since the person's
 * newest unanswered text (at most four windows after the oldest), then answers
 * every unanswered text at once. An `Answer` whose text an earlier turn already
 * answered finds nothing to do. Because the entity handles one `Answer` at a
 * time, the texts that arrive during a turn are answered by the next one, in
 * order.
 *
 * At most `JULES_MAX_CONCURRENT_TURNS` turns are in flight in a process; in
 * role `all`, one while acks wait behind them, and eight working at once
 * while the others wait on the model or the carrier (`TurnSlots`). The rest
 * wait their turn (their texts are stored) while webhooks keep being
 * acknowledged.
 *
 * Durability: a stored text is answered at least once, by its `Answer` or,
 * when that was lost with a process, by the outbox loop's catch-up; and
 * everything a turn does is idempotent: `ConversationTurns.run`
 * resumes a recorded turn and only sends what is still pending. Storage
 * failures are retried with backoff for a few minutes, then given up and
 * logged; the outbox loop (`OutboxLoop`) finds texts no turn answered and
 * sends `CatchUp`, which answers them and then sends what waits in the
 * person's outbox. Carrier failures never fail a turn: its texts wait in the
 * outbox.
 */
import type { InboundMessage, MessageId, UserId } from "@jules/core"
import { ConversationTurns, MessageStore, Outbox, Spans, warmUpCrisisScreen } from "@jules/core"
import { Cause, DateTime, Duration, Effect, Layer, Schedule } from "effect"
import * as Metrics from "../observability/Metrics.ts"
import { ServerConfig } from "../config/ServerConfig.ts"
import { Conversation } from "./ConversationEntity.ts"
import { LoopPressure } from "./LoopPressure.ts"
import * as TurnSlots from "./TurnSlots.ts"

/** Texts older than this are not answered any more (and are not searched for). */
export const ANSWER_WITHIN = Duration.days(1)

/** A burst is answered at the latest this many windows after its first text. */
export const MAX_BURST_WINDOWS = 4

/** Waits of 1 s, 2 s, 4 s… capped at a minute: about five minutes of retries for transient failures. */
const retrySchedule = Schedule.min([Schedule.exponential("1 second"), Schedule.spaced("1 minute")])
const RETRIES = 9

/** When the burst ending with these texts may be answered. */
export const burstDeadline = (
  texts: readonly [InboundMessage, ...Array<InboundMessage>],
  window: Duration.Duration
): DateTime.Utc => {
  const newest = DateTime.addDuration(texts[texts.length - 1]!.receivedAt, window)
  const latest = DateTime.addDuration(texts[0].receivedAt, Duration.times(window, MAX_BURST_WINDOWS))
  return DateTime.min(newest, latest)
}

const handlers = (burstWindow: Duration.Duration, turnSlots: TurnSlots.TurnSlots) =>
  Conversation.toLayer(
    Effect.gen(function*() {
      const messages = yield* MessageStore
      const turns = yield* ConversationTurns
      const outbox = yield* Outbox

      const unanswered = Effect.fnUntraced(function*(userId: UserId) {
        const now = yield* DateTime.now
        return yield* messages.unansweredInbound(userId, DateTime.subtractDuration(now, ANSWER_WITHIN))
      })

      const answerUnanswered = Effect.fnUntraced(function*(userId: UserId) {
        while (true) {
          const texts = yield* unanswered(userId)
          const [first, ...rest] = texts
          // Nothing to answer: a turn already did, perhaps in a process that died
          // before sending everything. Its texts go out now, in order.
          if (first === undefined) return yield* outbox.deliver(userId, { immediate: true })
          const wait = DateTime.distance(yield* DateTime.now, burstDeadline([first, ...rest], burstWindow))
          if (Duration.isGreaterThan(wait, Duration.zero)) {
            yield* Effect.sleep(wait)
            continue
          }
          const result = yield* turnSlots.withSlot(
            turns.run({ userId, messageIds: [first.id, ...rest.map((text) => text.id)], unanswered: texts })
          )
          if (result._tag === "Some") {
            yield* Metrics.turnCompleted(result.value.turn.outcome, texts.length)
          }
          return
        }
      })

      /** Retries what storage failures allow, then gives up: the outbox loop's catch-up tries again later. */
      const resilient = <A, E extends { readonly isRetryable: boolean; readonly message: string }, R>(
        work: Effect.Effect<A, E, R>
      ) =>
        work.pipe(
          Effect.retry({ schedule: retrySchedule, times: RETRIES, while: (error) => error.isRetryable }),
          Effect.asVoid,
          Effect.catch((error) =>
            Effect.logError("turn failed; the outbox loop will try again").pipe(
              Effect.annotateLogs({ error: error.message, retryable: error.isRetryable })
            )
          ),
          Effect.catchCause((cause) =>
            Cause.hasInterruptsOnly(cause)
              ? Effect.failCause(cause)
              : Effect.logError("turn crashed", cause)
          )
        )

      const answer = (userId: UserId, messageId: MessageId | undefined) => {
        const ids = messageId === undefined ? { userId } : { userId, messageId }
        return resilient(answerUnanswered(userId)).pipe(
          Effect.annotateLogs(ids),
          Spans.withSpan("Conversation.answer", { attributes: ids })
        )
      }

      const catchUp = (userId: UserId, immediate: boolean) =>
        resilient(Effect.andThen(answerUnanswered(userId), outbox.deliver(userId, { immediate }))).pipe(
          Effect.annotateLogs({ userId }),
          Spans.withSpan("Conversation.catchUp", { attributes: { userId } })
        )

      return Conversation.of({
        Answer: ({ payload }) => answer(payload.userId, payload.messageId),
        CatchUp: ({ payload }) => catchUp(payload.userId, payload.immediate)
      })
    }),
    { maxIdleTime: "1 minute" }
  )

/**
 * The handlers are built once per person's entity, so the turn slots are made
 * outside them: one pool of turn slots for the whole process.
 */
export const layer = Layer.unwrap(Effect.gen(function*() {
  // Before the process says it is ready: the first person to text does not wait for the regexes to compile.
  yield* Effect.sync(warmUpCrisisScreen)
  const { burstWindow, maxConcurrentTurns, role } = yield* ServerConfig
  // Only in role `all` do turns share the event loop with acks: a worker lets every turn in flight work.
  const working = role === "all" ? TurnSlots.WORKING_AT_ONCE : maxConcurrentTurns
  const turnSlots = yield* TurnSlots.make(maxConcurrentTurns, yield* LoopPressure, working)
  return handlers(burstWindow, turnSlots)
}))
