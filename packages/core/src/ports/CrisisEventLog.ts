/**
 * Crisis events and the yearly count of referrals. The count is kept apart from
 * the events and without any personal data: erasing a user removes their events
 * but not the number California's annual report (SB 243 §22603) needs.
 */
import type { DateTime, Effect } from "effect"
import { Context } from "effect"
import type { CrisisEvent } from "../domain/Crisis.ts"
import type { TurnId, UserId } from "../domain/Ids.ts"
import type { StorageError } from "./StorageError.ts"

export class CrisisEventLog extends Context.Service<CrisisEventLog, {
  /** Records the event. Idempotent on the event id: returns false when it was already recorded. */
  readonly record: (event: CrisisEvent) => Effect.Effect<boolean, StorageError>
  /**
   * The referral of event `id` went out at `at`: notes it on the event and
   * adds one to the count of that calendar year (UTC). Once per event: false,
   * and nothing counted, when the event is unknown, was no referral, or was
   * counted already.
   */
  readonly referralSent: (id: TurnId, at: DateTime.Utc) => Effect.Effect<boolean, StorageError>
  /** Newest first; `from`/`to` keep events at or after `from` and before `to`. */
  readonly list: (options: {
    readonly userId?: UserId
    readonly from?: DateTime.Utc
    readonly to?: DateTime.Utc
    readonly limit: number
  }) => Effect.Effect<
    ReadonlyArray<CrisisEvent>,
    StorageError
  >
  readonly referralCount: (year: number) => Effect.Effect<number, StorageError>
  /** Removes the user's events; the yearly counts stay. */
  readonly eraseUser: (userId: UserId) => Effect.Effect<void, StorageError>
}>()("@jules/core/CrisisEventLog") {}
