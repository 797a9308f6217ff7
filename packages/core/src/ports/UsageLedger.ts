/** Tokens and cost per model call, and the report an operator bills and budgets from. */
import type { DateTime, Effect } from "effect"
import { Context } from "effect"
import type { UserId } from "../domain/Ids.ts"
import type { UsageCost, UsageRecord, UsageSummary } from "../domain/Usage.ts"
import type { StorageError } from "./StorageError.ts"

export class UsageLedger extends Context.Service<UsageLedger, {
  /** Idempotent on the record id (`usageRecordId`: the turn, and the purpose of a background call). */
  readonly record: (record: UsageRecord) => Effect.Effect<void, StorageError>
  readonly list: (userId: UserId) => Effect.Effect<ReadonlyArray<UsageRecord>, StorageError>
  /** Totals per user and UTC day within [from, to), ordered by day then user. */
  readonly report: (options: {
    readonly from: DateTime.Utc
    readonly to: DateTime.Utc
    readonly userId?: UserId
  }) => Effect.Effect<ReadonlyArray<UsageSummary>, StorageError>
  /**
   * Totals per UTC day, provider and model within [from, to), every user
   * together: what the operator pays each vendor. Ordered by day, provider, model.
   */
  readonly costs: (options: {
    readonly from: DateTime.Utc
    readonly to: DateTime.Utc
  }) => Effect.Effect<ReadonlyArray<UsageCost>, StorageError>
  readonly eraseUser: (userId: UserId) => Effect.Effect<void, StorageError>
}>()("@jules/core/UsageLedger") {}
