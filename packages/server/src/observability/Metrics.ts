/**
 * The server's own metrics (exported over OTLP with the rest when
 * `OTEL_EXPORTER_OTLP_ENDPOINT` is set). Attributes are providers, outcomes
 * and status classes: never an id, a number or a text.
 */
import type { TurnOutcome } from "@jules/core"
import { Effect, Metric } from "effect"

/**
 * Made on first use and kept, by the attribute's value itself. One metric per
 * set of attributes, made once: `Metric.withAttributes` on every update would
 * add the attributes to the fiber's context and work out the series' key
 * again each time, and a key built here (a joined string) would cost an
 * allocation and a hash on every ack.
 */
const madeOnce = <K, V>(make: (key: K) => V): (key: K) => V => {
  const made = new Map<K, V>()
  return (key) => {
    let value = made.get(key)
    if (value === undefined) {
      value = make(key)
      made.set(key, value)
    }
    return value
  }
}

export type WebhookResult = "accepted" | "unauthorized" | "malformed" | "unavailable"

const webhookSeries = madeOnce((provider: string) =>
  madeOnce((kind: string) => ({
    requests: madeOnce((result: WebhookResult) =>
      Metric.counter("jules_webhook_requests", {
        description: "Provider webhooks received, by provider, kind and result",
        incremental: true,
        attributes: { provider, kind, result }
      })
    ),
    ackLatency: Metric.histogram("jules_webhook_ack_ms", {
      description: "Time from receiving a webhook to answering it",
      boundaries: Metric.exponentialBoundaries({ start: 1, factor: 2, count: 12 }),
      attributes: { provider, kind }
    })
  }))
)

const turns = madeOnce((outcome: TurnOutcome) =>
  Metric.counter("jules_turns", {
    description: "Turns answered, by outcome",
    incremental: true,
    attributes: { outcome }
  })
)

const burstTexts = Metric.histogram("jules_turn_texts", {
  description: "Texts answered per turn (bursts merge several)",
  boundaries: [1, 2, 3, 5, 8, 13]
})

export const webhookHandled = (provider: string, kind: string, result: WebhookResult, elapsedMs: number) => {
  const series = webhookSeries(provider)(kind)
  return Effect.all([
    Metric.update(series.requests(result), 1),
    Metric.update(series.ackLatency, elapsedMs)
  ], { discard: true })
}

export const turnCompleted = (outcome: TurnOutcome, texts: number) =>
  Effect.all([
    Metric.update(turns(outcome), 1),
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
