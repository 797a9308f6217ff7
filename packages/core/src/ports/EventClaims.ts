/**
 * Provider webhooks arrive more than once (Twilio retries, Bandwidth retries for
 * 24 h, Stripe for 3 days). Claiming `(source, id)` before acting makes the
 * second delivery a no-op.
 */
import type { Effect } from "effect"
import { Context } from "effect"
import type { StorageError } from "./StorageError.ts"

export class EventClaims extends Context.Service<EventClaims, {
  /**
   * True for exactly one caller per `(source, id)`, however many race.
   * `source` names the provider and event kind, e.g. `"twilio:sms"`.
   */
  readonly claim: (source: string, id: string) => Effect.Effect<boolean, StorageError>
  /**
   * Gives a claim back when acting on the event failed, so the provider's
   * next delivery of it is acted on (instead of being taken for a duplicate).
   */
  readonly release: (source: string, id: string) => Effect.Effect<void, StorageError>
}>()("@jules/core/EventClaims") {}
