/**
 * `BillingAccounts` on PostgreSQL: one row per person with Stripe's customer
 * and subscription ids and the state last read there (ids, status and
 * dates, in clear: no card data or amounts are ever stored).
 */
import { BillingAccount, BillingAccounts, SubscriptionStatus, UserId } from "@jules/core"
import { DateTime, Effect, Layer, Option, Schema } from "effect"
import { SqlClient } from "effect/sql/SqlClient"
import { storageOperation } from "./StorageErrors.ts"

const STORE = "BillingAccounts"

const AccountRow = Schema.Struct({
  user_id: UserId,
  customer_id: Schema.NullOr(Schema.String),
  subscription_id: Schema.NullOr(Schema.String),
  status: Schema.NullOr(SubscriptionStatus),
  cancel_at_period_end: Schema.Boolean,
  current_period_end: Schema.NullOr(Schema.DateTimeUtcFromDate),
  updated_at: Schema.DateTimeUtcFromDate
})
const decodeRows = Schema.decodeUnknownEffect(Schema.Array(AccountRow))

const toAccount = (row: typeof AccountRow.Type): BillingAccount =>
  new BillingAccount({
    userId: row.user_id,
    ...(row.customer_id === null ? {} : { customerId: row.customer_id }),
    ...(row.subscription_id === null ? {} : { subscriptionId: row.subscription_id }),
    ...(row.status === null ? {} : { status: row.status }),
    cancelAtPeriodEnd: row.cancel_at_period_end,
    ...(row.current_period_end === null ? {} : { currentPeriodEnd: row.current_period_end }),
    updatedAt: row.updated_at
  })

export const make = Effect.gen(function*() {
  const sql = yield* SqlClient
  const first = (rows: ReadonlyArray<typeof AccountRow.Type>) => Option.map(Option.fromUndefinedOr(rows[0]), toAccount)
  const columns = sql`user_id, customer_id, subscription_id, status, cancel_at_period_end, current_period_end, updated_at`

  return BillingAccounts.of({
    find: (userId) =>
      sql`SELECT ${columns} FROM billing_accounts WHERE user_id = ${userId}`.pipe(
        Effect.flatMap(decodeRows),
        Effect.map(first),
        storageOperation(STORE, "find")
      ),
    findByCustomer: (customerId) =>
      sql`SELECT ${columns} FROM billing_accounts WHERE customer_id = ${customerId} ORDER BY updated_at DESC LIMIT 1`.pipe(
        Effect.flatMap(decodeRows),
        Effect.map(first),
        storageOperation(STORE, "findByCustomer")
      ),
    save: (account) =>
      sql`INSERT INTO billing_accounts
          (user_id, customer_id, subscription_id, status, cancel_at_period_end, current_period_end, updated_at)
        VALUES (${account.userId}, ${account.customerId ?? null}, ${account.subscriptionId ?? null},
          ${account.status ?? null}, ${account.cancelAtPeriodEnd},
          ${account.currentPeriodEnd === undefined ? null : DateTime.toDateUtc(account.currentPeriodEnd)},
          ${DateTime.toDateUtc(account.updatedAt)})
        ON CONFLICT (user_id) DO UPDATE SET
          customer_id = EXCLUDED.customer_id,
          subscription_id = EXCLUDED.subscription_id,
          status = EXCLUDED.status,
          cancel_at_period_end = EXCLUDED.cancel_at_period_end,
          current_period_end = EXCLUDED.current_period_end,
          updated_at = EXCLUDED.updated_at`.pipe(Effect.asVoid, storageOperation(STORE, "save")),
    eraseUser: (userId) =>
      sql`DELETE FROM billing_accounts WHERE user_id = ${userId}`.pipe(Effect.asVoid, storageOperation(STORE, "eraseUser"))
  })
})

/** Needs `SqlClient`. */
export const layer = Layer.effect(BillingAccounts, make)
