import { assert, describe, it } from "@effect/vitest"
import { Effect, Schema } from "effect"
import type { SubscriptionSnapshot } from "../src/domain/Billing.ts"
import { SubscriptionStatus } from "../src/domain/Billing.ts"
import { Tier } from "../src/domain/User.ts"
import { entitles, governs, tierFor } from "../src/policy/SubscriptionPolicy.ts"

const free = Tier.make("free")
const plus = Tier.make("plus")
const pro = Tier.make("pro")
const snapshot = (status: SubscriptionStatus, tier: Tier = pro, id = "sub_1"): SubscriptionSnapshot => ({
  id,
  customerId: "cus_1",
  userId: undefined,
  status,
  tier,
  cancelAtPeriodEnd: false,
  currentPeriodEnd: undefined
})

describe("SubscriptionPolicy", () => {
  it("active, trialing and past_due (Stripe retrying the card) buy the price's tier; every other status the default", () => {
    for (const status of SubscriptionStatus.literals) {
      const expected = ["active", "trialing", "past_due"].includes(status) ? pro : free
      assert.strictEqual(tierFor(snapshot(status), free, plus), expected, status)
    }
  })

  it("a live subscription to an unconfigured price keeps the person's tier; an ended one does not", () => {
    assert.strictEqual(tierFor({ ...snapshot("active"), tier: undefined }, free, plus), plus)
    assert.strictEqual(tierFor({ ...snapshot("canceled"), tier: undefined }, free, plus), free)
  })

  it.effect.prop("the tier depends on the subscription only, not on what the person had (for priced subscriptions)", [
    SubscriptionStatus,
    Schema.Literals(["free", "plus", "pro"])
  ], ([status, current]) =>
    Effect.sync(() =>
      assert.strictEqual(tierFor(snapshot(status), free, Tier.make(current)), tierFor(snapshot(status), free, free))
    ))

  it("an ended subscription governs only if it is the person's own; a live one always", () => {
    assert.isTrue(governs(snapshot("active", pro, "sub_new"), "sub_old"))
    assert.isFalse(governs(snapshot("canceled", pro, "sub_old"), "sub_new"))
    assert.isTrue(governs(snapshot("canceled", pro, "sub_old"), "sub_old"))
    assert.isTrue(governs(snapshot("canceled"), undefined))
    assert.isTrue(entitles("past_due"))
    assert.isFalse(entitles("unpaid"))
  })
})
