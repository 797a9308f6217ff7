/**
 * `EscalationNotifier`: an imminent crisis is always logged as a structured
 * warning (ids, category, severity: never what the person wrote), and posted
 * as JSON to a webhook when one is configured (the server reads it from
 * `ESCALATION_WEBHOOK_URL`), for an on-call pager or a chat channel.
 *
 * `POST <url>` `{"type":"crisis.imminent","eventId","userId","category","severity","at"}`.
 * A 5xx or a network failure is retryable; a 4xx is not.
 */
import type { CrisisEvent } from "@jules/core"
import { EscalationError, EscalationNotifier, Spans } from "@jules/core"
import { DateTime, Effect, Layer } from "effect"
import { FetchHttpClient, HttpClient, HttpClientRequest } from "effect/http"

const logEscalation = (event: CrisisEvent) =>
  Effect.logWarning("crisis escalation").pipe(
    Effect.annotateLogs({
      eventId: event.id,
      userId: event.userId,
      category: event.category,
      severity: event.severity
    })
  )

export const layer = (webhookUrl: string | undefined): Layer.Layer<EscalationNotifier> =>
  webhookUrl === undefined
    ? Layer.succeed(EscalationNotifier, EscalationNotifier.of({ notify: logEscalation }))
    : Layer.effect(
      EscalationNotifier,
      Effect.gen(function*() {
        const client = yield* HttpClient.HttpClient
        const notify = Spans.fn("EscalationNotifier.notify")(function*(event: CrisisEvent) {
          yield* logEscalation(event)
          const request = HttpClientRequest.post(webhookUrl).pipe(
            HttpClientRequest.bodyJsonUnsafe({
              type: "crisis.imminent",
              eventId: event.id,
              userId: event.userId,
              category: event.category,
              severity: event.severity,
              at: DateTime.formatIso(event.at)
            })
          )
          const response = yield* client.execute(request).pipe(
            Effect.timeout("5 seconds"),
            Effect.mapError(() => new EscalationError({ message: "escalation webhook unreachable", retryable: true }))
          )
          if (response.status >= 300) {
            return yield* new EscalationError({
              message: `escalation webhook answered ${response.status}`,
              retryable: response.status >= 500 || response.status === 429
            })
          }
        })
        return EscalationNotifier.of({ notify })
      })
    ).pipe(Layer.provide(FetchHttpClient.layer))
