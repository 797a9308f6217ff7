/**
 * Long-term memory: facts a person shared and a rolling summary of older turns.
 * Encrypted at rest by implementations.
 */
import type { Effect, Option } from "effect"
import { Context } from "effect"
import type { UserId } from "../domain/Ids.ts"
import type { ConversationSummary, MemoryFact } from "../domain/Memory.ts"
import type { StorageError } from "./StorageError.ts"

export class MemoryStore extends Context.Service<MemoryStore, {
  /** Oldest first. */
  readonly facts: (userId: UserId) => Effect.Effect<ReadonlyArray<MemoryFact>, StorageError>
  /** Adds facts whose text is not already remembered (compared case-insensitively). */
  readonly addFacts: (facts: ReadonlyArray<MemoryFact>) => Effect.Effect<void, StorageError>
  /** Forgets one fact by its exact text. */
  readonly removeFact: (userId: UserId, text: string) => Effect.Effect<void, StorageError>
  readonly summary: (userId: UserId) => Effect.Effect<Option.Option<ConversationSummary>, StorageError>
  /** Replaces the summary. */
  readonly setSummary: (summary: ConversationSummary) => Effect.Effect<void, StorageError>
  readonly eraseUser: (userId: UserId) => Effect.Effect<void, StorageError>
}>()("@jules/core/MemoryStore") {}
