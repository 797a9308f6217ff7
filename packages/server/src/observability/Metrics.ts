/**
 * The server's own metrics (exported over OTLP with the rest when
 * `OTEL_EXPORTER_OTLP_ENDPOINT` is set). Attributes are providers, outcomes
 * and status classes: never an id, a number or a text.
 */
import type { TurnOutcome } from "@jules/core"
import { Effect, Metric } from "effect"

/**
 * One metric per set of attributes, made once. `Metric.withAttributes` on
 * every update would add the attributes to the fiber's context and work out
 * the series' key again each time: an ack's metrics cost more than its
 * access log that way.
 */
const perAttributes = <M>(make: (attributes: Record<string, string>) => M) => {
  const made = new Map<string, M>()
  return (attributes: Record<string, string>): M => {
    const key = Object.values(attributes).join("\u0000")
    let metric = made.get(key)
    if (metric === undefined) {
      metric = make(attributes)
      made.set(key, metric)
    }
    return metric
  }
}

const webhooks = perAttributes((attributes) =>
  Metric.counter("jules_webhook_requests", {
    description: "Provider webhooks received, by provider, kind and result",
    incremental: true,
    attributes
  })
)

const ackLatency = perAttributes((attributes) =>
  Metric.histogram("jules_webhook_ack_ms", {
    description: "Time from receiving a webhook to answering it",
    boundaries: Metric.exponentialBoundaries({ start: 1, factor: 2, count: 12 }),
    attributes
  })
)

const turns = perAttributes((attributes) =>
  Metric.counter("jules_turns", {
    description: "Turns answered, by outcome",
    incremental: true,
    attributes
  })
)

const burstTexts = Metric.histogram("jules_turn_texts", {
  description: "Texts answered per turn (bursts merge several)",
  boundaries: [1, 2, 3, 5, 8, 13]
})

export type WebhookResult = "accepted" | "unauthorized" | "malformed" | "unavailable"

export const webhookHandled = (provider: string, kind: string, result: WebhookResult, elapsedMs: number) =>
  Effect.all([
    Metric.update(webhooks({ provider, kind, result }), 1),
    Metric.update(ackLatency({ provider, kind }), elapsedMs)
  ], { discard: true })

export const turnCompleted = (outcome: TurnOutcome, texts: number) =>
  Effect.all([
    Metric.update(turns({ outcome }), 1),
    Metric.update(burstTexts, texts)
  ], { discard: true })

/** People whose conversations wait to be told of their texts (`AnswerPacing`): a backlog in the making. */
export const peopleWaiting = Metric.gauge("jules_people_waiting", {
  description: "People whose conversations wait to be told of their texts"
})

/** Conversations told of texts and not yet answered (`AnswerPacing.MAX_ANSWERING` at most). */
export const conversationsAnswering = Metric.gauge("jules_conversations_answering", {
  description: "Conversations told of texts and not yet answered"
})

export const answerQueue = (waiting: number, answering: number) =>
  Effect.all([Metric.update(peopleWaiting, waiting), Metric.update(conversationsAnswering, answering)], { discard: true })
