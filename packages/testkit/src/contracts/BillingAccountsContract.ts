/** What every `BillingAccounts` must do. */
import { assert } from "@effect/vitest"
import { BillingAccount, BillingAccounts } from "@jules/core"
import type { Layer } from "effect"
import { Effect, Option } from "effect"
import * as F from "./Fixtures.ts"
import type { ContractOptions, ContractTests } from "./Suite.ts"
import { registerContract } from "./Suite.ts"

export const billingAccountsTests: ContractTests<BillingAccounts> = (it) => {
  it.effect("an account is found by person and by customer, and replaced whole", () =>
    Effect.gen(function*() {
      const accounts = yield* BillingAccounts
      const userId = yield* F.userId
      const customerId = `cus_${yield* F.uuid}`
      assert.isTrue(Option.isNone(yield* accounts.find(userId)))
      yield* accounts.save(new BillingAccount({ userId, customerId, cancelAtPeriodEnd: false, updatedAt: F.base }))
      const subscribed = new BillingAccount({
        userId,
        customerId,
        subscriptionId: `sub_${yield* F.uuid}`,
        status: "active",
        cancelAtPeriodEnd: true,
        currentPeriodEnd: F.plusMinutes(F.base, 60 * 24 * 30),
        updatedAt: F.plusMinutes(F.base, 1)
      })
      yield* accounts.save(subscribed)
      const byPerson = Option.getOrThrow(yield* accounts.find(userId))
      assert.deepStrictEqual(F.plain(BillingAccount, byPerson), F.plain(BillingAccount, subscribed))
      const byCustomer = Option.getOrThrow(yield* accounts.findByCustomer(customerId))
      assert.strictEqual(byCustomer.userId, userId)
      assert.isTrue(Option.isNone(yield* accounts.findByCustomer(`cus_${yield* F.uuid}`)))
    }))

  it.effect("an account without a subscription reads back without one", () =>
    Effect.gen(function*() {
      const accounts = yield* BillingAccounts
      const userId = yield* F.userId
      const account = new BillingAccount({ userId, cancelAtPeriodEnd: false, updatedAt: F.base })
      yield* accounts.save(account)
      assert.deepStrictEqual(
        F.plain(BillingAccount, Option.getOrThrow(yield* accounts.find(userId))),
        F.plain(BillingAccount, account)
      )
    }))

  it.effect("erasing a person removes their account only", () =>
    Effect.gen(function*() {
      const accounts = yield* BillingAccounts
      const [ana, ben] = [yield* F.userId, yield* F.userId] as const
      yield* accounts.save(new BillingAccount({ userId: ana, customerId: `cus_${ana}`, cancelAtPeriodEnd: false, updatedAt: F.base }))
      yield* accounts.save(new BillingAccount({ userId: ben, customerId: `cus_${ben}`, cancelAtPeriodEnd: false, updatedAt: F.base }))
      yield* accounts.eraseUser(ana)
      assert.isTrue(Option.isNone(yield* accounts.find(ana)))
      assert.isTrue(Option.isNone(yield* accounts.findByCustomer(`cus_${ana}`)))
      assert.isTrue(Option.isSome(yield* accounts.find(ben)))
    }))
}

export const billingAccountsContract = (
  name: string,
  storage: Layer.Layer<BillingAccounts, unknown>,
  options?: ContractOptions
): void => registerContract(`BillingAccounts contract (${name})`, storage, options, billingAccountsTests)
