/** Every AI notice and break reminder sent, and when the last one went out. */
import type { DateTime, Effect, Option } from "effect"
import { Context } from "effect"
import type { DisclosureKind, DisclosureRecord } from "../domain/Disclosure.ts"
import type { UserId } from "../domain/Ids.ts"
import type { StorageError } from "./StorageError.ts"

export class DisclosureLog extends Context.Service<DisclosureLog, {
  /** Idempotent on the record id. */
  readonly record: (record: DisclosureRecord) => Effect.Effect<void, StorageError>
  readonly lastSent: (userId: UserId, kind: DisclosureKind) => Effect.Effect<Option.Option<DateTime.Utc>, StorageError>
  /** Oldest first. */
  readonly list: (userId: UserId) => Effect.Effect<ReadonlyArray<DisclosureRecord>, StorageError>
  readonly eraseUser: (userId: UserId) => Effect.Effect<void, StorageError>
}>()("@jules/core/DisclosureLog") {}
