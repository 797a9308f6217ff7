/**
 * Crisis events and the yearly count of referrals. The count is kept apart from
 * the events and without any personal data: erasing a user removes their events
 * but not the number California's annual report (SB 243 §22603) needs.
 */
import type { Effect } from "effect"
import { Context } from "effect"
import type { CrisisEvent } from "../domain/Crisis.ts"
import type { UserId } from "../domain/Ids.ts"
import type { StorageError } from "./StorageError.ts"

export class CrisisEventLog extends Context.Service<CrisisEventLog, {
  /**
   * Records the event and, when it is a referral, adds one to the count of its
   * calendar year (UTC). Idempotent on the event id: returns false, and counts
   * nothing, when the event was already recorded.
   */
  readonly record: (event: CrisisEvent) => Effect.Effect<boolean, StorageError>
  /** Newest first. */
  readonly list: (options: { readonly userId?: UserId; readonly limit: number }) => Effect.Effect<
    ReadonlyArray<CrisisEvent>,
    StorageError
  >
  readonly referralCount: (year: number) => Effect.Effect<number, StorageError>
  /** Removes the user's events; the yearly counts stay. */
  readonly eraseUser: (userId: UserId) => Effect.Effect<void, StorageError>
}>()("@jules/core/CrisisEventLog") {}
