/**
 * Long-term memory: facts a person shared and a rolling summary of older turns.
 * Encrypted at rest by implementations.
 */
import type { Effect, Option } from "effect"
import { Context } from "effect"
import type { TurnId, UserId } from "../domain/Ids.ts"
import type { ConversationSummary, FactChanges, MemoryFact } from "../domain/Memory.ts"
import type { StorageError } from "./StorageError.ts"

/** All a reply is written with from memory. */
export interface Recollection {
  /** Oldest first. */
  readonly facts: ReadonlyArray<MemoryFact>
  readonly summary: Option.Option<ConversationSummary>
}

export class MemoryStore extends Context.Service<MemoryStore, {
  /** Oldest first. */
  readonly facts: (userId: UserId) => Effect.Effect<ReadonlyArray<MemoryFact>, StorageError>
  /** `facts` and `summary` in one read: every turn the model answers asks for both. */
  readonly recall: (userId: UserId) => Effect.Effect<Recollection, StorageError>
  /** Adds facts whose text is not already remembered (compared case-insensitively). */
  readonly addFacts: (facts: ReadonlyArray<MemoryFact>) => Effect.Effect<void, StorageError>
  /** Forgets one fact by its exact text. */
  readonly removeFact: (userId: UserId, text: string) => Effect.Effect<void, StorageError>
  /**
   * Applies one turn's changes atomically (removals, then additions as
   * `addFacts` does) unless changes of that turn were applied before; returns
   * whether it applied them. The mark of a turn is kept at least a day.
   */
  readonly applyChanges: (changes: FactChanges) => Effect.Effect<boolean, StorageError>
  /** Whether changes of `turnId` were applied (so a turn run again need not work them out again). */
  readonly changesApplied: (userId: UserId, turnId: TurnId) => Effect.Effect<boolean, StorageError>
  readonly summary: (userId: UserId) => Effect.Effect<Option.Option<ConversationSummary>, StorageError>
  /** Replaces the summary. */
  readonly setSummary: (summary: ConversationSummary) => Effect.Effect<void, StorageError>
  /** Forgets every fact and the summary (the person's FORGET ALL, or erasure). */
  readonly eraseUser: (userId: UserId) => Effect.Effect<void, StorageError>
}>()("@jules/core/MemoryStore") {}
