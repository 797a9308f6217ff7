/**
 * What Jules remembers of a person between conversations: facts they shared and
 * a rolling summary of older turns. Encrypted at rest like messages.
 */
import { Effect, Schema } from "effect"
import { TurnId, UserId } from "./Ids.ts"

/**
 * What a fact is about. `preferences` are how the person wants to be talked
 * to (the name to use, pronouns, "keep it short") and shape every prompt.
 */
export const FactCategory = Schema.Literals([
  "name",
  "people",
  "pets",
  "work",
  "health",
  "places",
  "preferences",
  "plans",
  "other"
])
export type FactCategory = typeof FactCategory.Type

export class MemoryFact extends Schema.Class<MemoryFact>("@jules/core/MemoryFact")({
  userId: UserId,
  /** A short sentence in the third person: "Their dog is called Rex." */
  text: Schema.String,
  category: FactCategory.pipe(Schema.withConstructorDefault(Effect.succeed("other" as const))),
  at: Schema.DateTimeUtc
}) {}

/**
 * What one turn changes in a person's facts, applied at most once per turn
 * (turns run at least once): facts forgotten by their exact text, then facts
 * added.
 */
export class FactChanges extends Schema.Class<FactChanges>("@jules/core/FactChanges")({
  userId: UserId,
  turnId: TurnId,
  remove: Schema.Array(Schema.String),
  add: Schema.Array(MemoryFact),
  at: Schema.DateTimeUtc
}) {}

export class ConversationSummary extends Schema.Class<ConversationSummary>("@jules/core/ConversationSummary")({
  userId: UserId,
  text: Schema.String,
  /** Turns older than this instant are covered by the summary. */
  coversUntil: Schema.DateTimeUtc,
  at: Schema.DateTimeUtc
}) {}
