/** Every AI notice and break reminder sent, and when the last one went out. */
import type { DateTime, Effect, Option } from "effect"
import { Context } from "effect"
import type { DisclosureKind, DisclosureRecord } from "../domain/Disclosure.ts"
import type { UserId } from "../domain/Ids.ts"
import type { StorageError } from "./StorageError.ts"

/** When each kind of notice last went out to a person. */
export type LastDisclosures = { readonly [Kind in DisclosureKind]: Option.Option<DateTime.Utc> }

export class DisclosureLog extends Context.Service<DisclosureLog, {
  /** Idempotent on the record id. */
  readonly record: (record: DisclosureRecord) => Effect.Effect<void, StorageError>
  /** Every kind at once: a turn asks for both before its reply, in one read. */
  readonly lastSent: (userId: UserId) => Effect.Effect<LastDisclosures, StorageError>
  /** Oldest first. */
  readonly list: (userId: UserId) => Effect.Effect<ReadonlyArray<DisclosureRecord>, StorageError>
  readonly eraseUser: (userId: UserId) => Effect.Effect<void, StorageError>
}>()("@jules/core/DisclosureLog") {}
