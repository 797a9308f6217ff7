/**
 * Maps what can go wrong below a repository to core's `StorageError`, whose
 * reason tells a durable turn whether to retry.
 *
 * Messages never carry stored values: a schema failure would print the value
 * it rejected (a decrypted phone number, say), so its details are dropped.
 */
import type { StorageErrorReason } from "@jules/core"
import { Spans, StorageError, StoreConflict, StoreCorrupted, StoreFailure, StoreUnavailable } from "@jules/core"
import { Effect, Schema } from "effect"
import { isSqlError, type SqlError } from "effect/sql/SqlError"

const sqlReason = (error: SqlError): StorageErrorReason => {
  const message = `${error.reason._tag}: ${error.message}`
  switch (error.reason._tag) {
    case "ConnectionError":
    case "StatementTimeoutError":
      return new StoreUnavailable({ message, cause: error })
    case "DeadlockError":
    case "SerializationError":
    case "LockTimeoutError":
      return new StoreConflict({ message, cause: error })
    default:
      return new StoreFailure({ message, cause: error })
  }
}

const reasonOf = (error: unknown): StorageErrorReason => {
  if (isSqlError(error)) return sqlReason(error)
  if (Schema.isSchemaError(error)) {
    return new StoreCorrupted({ message: "a stored value does not match its schema" })
  }
  const tag = (error as { readonly _tag?: unknown } | undefined)?._tag
  if (tag === "CryptoError") {
    return new StoreCorrupted({ message: `cannot decrypt a stored value: ${(error as Error).message}` })
  }
  if (
    tag === "StoreUnavailable" || tag === "StoreConflict" || tag === "StoreCorrupted" || tag === "StoreFailure"
  ) {
    return error as StorageErrorReason
  }
  return new StoreFailure({ message: "unexpected failure", cause: error })
}

export const toStorageError = (store: string, operation: string) => (error: unknown): StorageError =>
  error instanceof StorageError ? error : new StorageError({ store, operation, reason: reasonOf(error) })

/**
 * Runs `effect` as `store.operation`: a span when traces are collected
 * (`Spans`), and every failure as a `StorageError`. The span's name says
 * where it was called from: capturing a stack for it on every query cost
 * more than the rest of the span.
 */
export const storageOperation = (store: string, operation: string) =>
<A, E, R>(effect: Effect.Effect<A, E, R>): Effect.Effect<A, StorageError, R> =>
  effect.pipe(
    Effect.mapError(toStorageError(store, operation)),
    Spans.withSpan(`${store}.${operation}`)
  )

/** A failure of this store that is not the database's: e.g. updating a user who does not exist. */
export const storeFailure = (message: string) => new StoreFailure({ message })
