/**
 * What Jules remembers of a person between conversations: facts they shared and
 * a rolling summary of older turns. Encrypted at rest like messages.
 */
import { Schema } from "effect"
import { UserId } from "./Ids.ts"

export class MemoryFact extends Schema.Class<MemoryFact>("@jules/core/MemoryFact")({
  userId: UserId,
  /** A short sentence in the third person: "Their dog is called Rex." */
  text: Schema.String,
  at: Schema.DateTimeUtc
}) {}

export class ConversationSummary extends Schema.Class<ConversationSummary>("@jules/core/ConversationSummary")({
  userId: UserId,
  text: Schema.String,
  /** Turns older than this instant are covered by the summary. */
  coversUntil: Schema.DateTimeUtc,
  at: Schema.DateTimeUtc
}) {}
