/**
 * People Jules talks with, found by phone number. Implementations must not
 * store the number in clear: look it up through `Crypto.blindIndex`.
 */
import type { Effect, Option } from "effect"
import { Context } from "effect"
import type { UserId } from "../domain/Ids.ts"
import type { PhoneNumber } from "../domain/PhoneNumber.ts"
import type { AgeStatus, ConsentChange, Tier, User } from "../domain/User.ts"
import type { StorageError } from "./StorageError.ts"

export interface NewUserDefaults {
  readonly tier: Tier
  readonly timeZone: string
}

export class UserStore extends Context.Service<UserStore, {
  readonly findByPhone: (phone: PhoneNumber) => Effect.Effect<Option.Option<User>, StorageError>
  readonly findById: (id: UserId) => Effect.Effect<Option.Option<User>, StorageError>
  /**
   * The user with this phone number, created (opted in, age unknown) if absent.
   * Atomic: concurrent calls for one number return the same user.
   */
  readonly findOrCreate: (phone: PhoneNumber, defaults: NewUserDefaults) => Effect.Effect<User, StorageError>
  /** Sets the consent state and appends to the consent history. */
  readonly setConsent: (change: ConsentChange) => Effect.Effect<User, StorageError>
  readonly consentHistory: (id: UserId) => Effect.Effect<ReadonlyArray<ConsentChange>, StorageError>
  readonly setAgeStatus: (id: UserId, status: AgeStatus) => Effect.Effect<User, StorageError>
  readonly setTier: (id: UserId, tier: Tier) => Effect.Effect<User, StorageError>
  /** Deletes the user and their consent history. Other stores erase their own rows. */
  readonly erase: (id: UserId) => Effect.Effect<void, StorageError>
}>()("@jules/core/UserStore") {}
