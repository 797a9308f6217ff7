/**
 * The outbox's dead letters: texts that will not be sent unless an operator
 * says so. Kept apart from the texts themselves so an operator's list is one
 * small query and carries no body.
 */
import type { Effect, Option } from "effect"
import { Context } from "effect"
import type { DeadLetter } from "../domain/DeadLetter.ts"
import type { MessageId, UserId } from "../domain/Ids.ts"
import type { StorageError } from "./StorageError.ts"

export class DeadLetters extends Context.Service<DeadLetters, {
  /** Idempotent on the text's id: a second record of the same text changes nothing. */
  readonly record: (letter: DeadLetter) => Effect.Effect<void, StorageError>
  /** Newest first. */
  readonly list: (options: { readonly userId?: UserId; readonly limit: number }) => Effect.Effect<
    ReadonlyArray<DeadLetter>,
    StorageError
  >
  /** Takes the letter off the list (an operator sends the text again); `None` when there was none. */
  readonly remove: (id: MessageId) => Effect.Effect<Option.Option<DeadLetter>, StorageError>
  readonly eraseUser: (userId: UserId) => Effect.Effect<void, StorageError>
}>()("@jules/core/DeadLetters") {}
