/**
 * People Jules talks with, found by phone number. Implementations must not
 * store the number in clear: look it up through `Crypto.blindIndex`.
 */
import type { Effect, Option } from "effect"
import { Context, Schema } from "effect"
import type { UserId } from "../domain/Ids.ts"
import type { PhoneNumber } from "../domain/PhoneNumber.ts"
import type { AgeStatus, ConsentChange, Tier, User } from "../domain/User.ts"
import type { StorageError } from "./StorageError.ts"

/**
 * The number belongs to a child who was verified under 13: it may not
 * register again (COPPA), and nothing from it is stored.
 */
export class NumberBlocked extends Schema.TaggedError<NumberBlocked>()("NumberBlocked", {}) {
  override get message(): string {
    return "the number is blocked from registering"
  }
}

export interface NewUserDefaults {
  readonly tier: Tier
  readonly timeZone: string
}

export class UserStore extends Context.Service<UserStore, {
  readonly findByPhone: (phone: PhoneNumber) => Effect.Effect<Option.Option<User>, StorageError>
  readonly findById: (id: UserId) => Effect.Effect<Option.Option<User>, StorageError>
  /**
   * The user with this phone number, created (opted in, age unknown) if absent.
   * Atomic: concurrent calls for one number return the same user. A blocked
   * number (see `block`) is never created: `NumberBlocked`.
   */
  readonly findOrCreate: (
    phone: PhoneNumber,
    defaults: NewUserDefaults
  ) => Effect.Effect<User, StorageError | NumberBlocked>
  /** Sets the consent state and appends to the consent history. */
  readonly setConsent: (change: ConsentChange) => Effect.Effect<User, StorageError>
  readonly consentHistory: (id: UserId) => Effect.Effect<ReadonlyArray<ConsentChange>, StorageError>
  readonly setAgeStatus: (id: UserId, status: AgeStatus) => Effect.Effect<User, StorageError>
  readonly setTier: (id: UserId, tier: Tier) => Effect.Effect<User, StorageError>
  /** The person's IANA time zone, learned from what they said (see `policy/TimeZones`). */
  readonly setTimeZone: (id: UserId, timeZone: string) => Effect.Effect<User, StorageError>
  /**
   * Keeps the user's number, as its blind index only, from ever registering
   * again (an under-13, COPPA). The user is erased separately; unknown ids are a no-op.
   */
  readonly block: (id: UserId) => Effect.Effect<void, StorageError>
  /** Deletes the user and their consent history. Other stores erase their own rows. */
  readonly erase: (id: UserId) => Effect.Effect<void, StorageError>
}>()("@jules/core/UserStore") {}
