/**
 * The one error of every storage port. Its reason says whether trying again can
 * help: a durable turn retries retryable failures and gives up on the rest.
 */
import { Schema } from "effect"

const ReasonFields = {
  message: Schema.String,
  cause: Schema.optional(Schema.Defect())
}

/** The store could not be reached or timed out. */
export class StoreUnavailable extends Schema.TaggedError<StoreUnavailable>()("StoreUnavailable", ReasonFields) {
  get isRetryable(): boolean {
    return true
  }
}

/** A concurrent write won (serialization failure, deadlock); the same call may succeed now. */
export class StoreConflict extends Schema.TaggedError<StoreConflict>()("StoreConflict", ReasonFields) {
  get isRetryable(): boolean {
    return true
  }
}

/** A stored value could not be read back: undecryptable, or not what the schema says. */
export class StoreCorrupted extends Schema.TaggedError<StoreCorrupted>()("StoreCorrupted", ReasonFields) {
  get isRetryable(): boolean {
    return false
  }
}

/** Anything else the store reported. */
export class StoreFailure extends Schema.TaggedError<StoreFailure>()("StoreFailure", ReasonFields) {
  get isRetryable(): boolean {
    return false
  }
}

export const StorageErrorReason = Schema.Union([StoreUnavailable, StoreConflict, StoreCorrupted, StoreFailure])
export type StorageErrorReason = typeof StorageErrorReason.Type

export class StorageError extends Schema.TaggedError<StorageError>()("StorageError", {
  /** The port that failed, e.g. `"UserStore"`. */
  store: Schema.String,
  /** The method that failed, e.g. `"findByPhone"`. */
  operation: Schema.String,
  reason: StorageErrorReason
}) {
  override get message(): string {
    return `${this.store}.${this.operation}: ${this.reason._tag}: ${this.reason.message}`
  }

  get isRetryable(): boolean {
    return this.reason.isRetryable
  }
}
