/** Append-only trail of consent, disclosure, crisis, age and billing events. */
import type { Effect } from "effect"
import { Context } from "effect"
import type { AuditEntry, AuditKind } from "../domain/Audit.ts"
import type { UserId } from "../domain/Ids.ts"
import type { StorageError } from "./StorageError.ts"

export class AuditLog extends Context.Service<AuditLog, {
  /** Idempotent on the entry id. */
  readonly append: (entry: AuditEntry) => Effect.Effect<void, StorageError>
  /** Oldest first. */
  readonly list: (filter: {
    readonly userId?: UserId
    readonly kind?: AuditKind
    readonly limit: number
  }) => Effect.Effect<ReadonlyArray<AuditEntry>, StorageError>
  /** Removes the user's id from their entries; the entries themselves stay. */
  readonly eraseUser: (userId: UserId) => Effect.Effect<void, StorageError>
}>()("@jules/core/AuditLog") {}
