/** Each person's billing account (`BillingAccount`): kept across restarts, found by person or by customer. */
import type { Effect, Option } from "effect"
import { Context } from "effect"
import type { BillingAccount } from "../domain/Billing.ts"
import type { UserId } from "../domain/Ids.ts"
import type { StorageError } from "./StorageError.ts"

export class BillingAccounts extends Context.Service<BillingAccounts, {
  readonly find: (userId: UserId) => Effect.Effect<Option.Option<BillingAccount>, StorageError>
  /** The person a provider customer belongs to. */
  readonly findByCustomer: (customerId: string) => Effect.Effect<Option.Option<BillingAccount>, StorageError>
  /** Creates or replaces the person's account. */
  readonly save: (account: BillingAccount) => Effect.Effect<void, StorageError>
  readonly eraseUser: (userId: UserId) => Effect.Effect<void, StorageError>
}>()("@jules/core/BillingAccounts") {}
