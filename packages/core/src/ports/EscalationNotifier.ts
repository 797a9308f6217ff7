/**
 * Tells the operator's on-call humans about an imminent crisis (a webhook, a
 * pager). It receives ids and categories, never what the person wrote.
 */
import type { Effect } from "effect"
import { Context, Schema } from "effect"
import type { CrisisEvent } from "../domain/Crisis.ts"

export class EscalationError extends Schema.TaggedError<EscalationError>()("EscalationError", {
  message: Schema.String,
  retryable: Schema.Boolean
}) {
  get isRetryable(): boolean {
    return this.retryable
  }
}

export class EscalationNotifier extends Context.Service<EscalationNotifier, {
  readonly notify: (event: CrisisEvent) => Effect.Effect<void, EscalationError>
}>()("@jules/core/EscalationNotifier") {}
