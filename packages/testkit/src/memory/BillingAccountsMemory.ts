/** `BillingAccounts` in memory: accounts by person. */
import type { BillingAccount } from "@jules/core"
import { BillingAccounts } from "@jules/core"
import { Effect, Layer, Option, Ref } from "effect"

export const make: Effect.Effect<BillingAccounts["Service"]> = Effect.gen(function*() {
  const accounts = yield* Ref.make<ReadonlyMap<string, BillingAccount>>(new Map())

  return BillingAccounts.of({
    find: (userId) => Effect.map(Ref.get(accounts), (all) => Option.fromUndefinedOr(all.get(userId))),
    findByCustomer: (customerId) =>
      Effect.map(
        Ref.get(accounts),
        (all) => Option.fromUndefinedOr([...all.values()].find((account) => account.customerId === customerId))
      ),
    save: (account) => Ref.update(accounts, (all) => new Map(all).set(account.userId, account)),
    eraseUser: (userId) =>
      Ref.update(accounts, (all) => {
        const rest = new Map(all)
        rest.delete(userId)
        return rest
      })
  })
})

export const layer: Layer.Layer<BillingAccounts> = Layer.effect(BillingAccounts, make)
