/**
 * Paid plans through whole turns: the UPGRADE/PLAN/BILLING keywords, short
 * links of our own that open the provider's checkout or portal for one
 * person until they expire, and tiers that follow subscriptions whatever
 * order the provider's events arrive in.
 */
import { assert, describe, it } from "@effect/vitest"
import type { BillingEvent, BillingEventType, UserId } from "@jules/core"
import {
  AuditLog,
  BillingAccounts,
  BillingLinks,
  BillingUnavailable,
  defaultSettings,
  LinkTokens,
  makeCopy,
  newToken,
  Subscriptions,
  Tier,
  UserData
} from "@jules/core"
import { BillingControl, BillingHarness, Scenario, SmsOutbox } from "@jules/testkit"
import { DateTime, Effect, Option, Schema } from "effect"
import { TestClock } from "effect/testing"

const copy = makeCopy(defaultSettings)
const plus = Tier.make("plus")
const free = Tier.make("free")
const LINK = new RegExp(`${Scenario.BASE_URL}/b/([A-Za-z0-9_-]{22})`)

const tokenIn = (body: string): string => {
  const match = LINK.exec(body)
  assert.isNotNull(match, `no link in: ${body}`)
  return match![1]!
}

let events = 0
const event = (type: BillingEventType, fields: Partial<BillingEvent> = {}): BillingEvent => ({
  id: `evt_${++events}`,
  type,
  subscriptionId: undefined,
  customerId: undefined,
  userId: undefined,
  invoiceId: undefined,
  ...fields
})

const open = (token: string) =>
  Effect.gen(function*() {
    const links = yield* BillingLinks
    return yield* links.open(token, yield* DateTime.now)
  })

const threePerDay = Scenario.layer({
  settings: {
    tiers: { free: { dailyTurns: 3, maxReplySegments: 3 }, plus: { dailyTurns: 5, maxReplySegments: 6 } }
  }
})

describe("billing keywords", () => {
  it.effect("UPGRADE, plan and Billing. answer with a link of our own that opens a checkout for that person", () =>
    Effect.gen(function*() {
      const control = yield* BillingControl
      const alex = yield* Scenario.person()
      for (const word of ["UPGRADE", "plan", " Billing. "]) {
        const exchange = yield* alex.texts(word)
        assert.strictEqual(exchange.outcome, "billing")
        assert.deepStrictEqual(exchange.kinds, ["billing_link"])
        assert.include(exchange.bodies[0]!, "Upgrade your Jules plan here: ")
        yield* open(tokenIn(exchange.bodies[0]!))
      }
      const user = yield* alex.user
      const requests = yield* control.requests
      assert.strictEqual(requests.length, 3)
      for (const request of requests) {
        assert.strictEqual(request._tag, "Checkout")
        if (request._tag === "Checkout") {
          assert.strictEqual(request.request.userId, user.id)
          assert.strictEqual(request.request.tier, "plus")
        }
      }
    }).pipe(Effect.provide(Scenario.layer())))

  it.effect("a sentence about upgrading is conversation: the model answers it", () =>
    Effect.gen(function*() {
      const alex = yield* Scenario.person()
      assert.strictEqual((yield* alex.texts("should I upgrade my plan?")).outcome, "replied")
    }).pipe(Effect.provide(Scenario.layer())))

  it.effect("an opted-out person gets nothing for UPGRADE; STOP is never a billing word", () =>
    Effect.gen(function*() {
      const alex = yield* Scenario.person()
      yield* alex.texts("hi")
      assert.strictEqual((yield* alex.texts("STOP")).outcome, "opted_out")
      const ignored = yield* alex.texts("UPGRADE")
      assert.strictEqual(ignored.outcome, "ignored_opted_out")
      assert.deepStrictEqual(ignored.sent, [])
    }).pipe(Effect.provide(Scenario.layer())))

  it.effect("without billing configured, UPGRADE says how to reach the operator", () =>
    Effect.gen(function*() {
      const alex = yield* Scenario.person()
      const exchange = yield* alex.texts("upgrade")
      assert.deepStrictEqual(exchange.bodies, [copy.billingContact])
      assert.include(exchange.bodies[0]!, defaultSettings.supportContact)
    }).pipe(Effect.provide(Scenario.layer({ testLayers: { billingTiers: [] } }))))
})

describe("billing links", () => {
  it.effect("a link opens for its person until it expires; then, and for other purposes or garbage, it is refused", () =>
    Effect.gen(function*() {
      const alex = yield* Scenario.person()
      const token = tokenIn((yield* alex.texts("UPGRADE")).bodies[0]!)
      assert.include(yield* open(token), "https://billing.test/checkout/")
      // Opened twice, the same checkout (the idempotency key is the link's).
      const control = yield* BillingControl
      const keys = (yield* control.requests).map((r) => r._tag === "Checkout" ? r.request.idempotencyKey : "")
      yield* open(token)
      const again = (yield* control.requests).map((r) => r._tag === "Checkout" ? r.request.idempotencyKey : "")
      assert.strictEqual(again.at(-1), keys.at(-1))

      yield* TestClock.adjust("25 hours")
      assert.strictEqual((yield* Effect.flip(open(token)))._tag, "LinkRefused")
      assert.strictEqual(((yield* Effect.flip(open(token))) as { reason: string }).reason, "expired")

      const other = newToken()
      yield* (yield* LinkTokens).save({
        token: other,
        purpose: "identity",
        userId: (yield* alex.user).id,
        expiresAt: DateTime.addDuration(yield* DateTime.now, "1 hour")
      })
      assert.strictEqual(((yield* Effect.flip(open(other))) as { reason: string }).reason, "other_purpose")
      for (const garbage of ["", "x", "../../etc", newToken(), `${token}A`]) {
        assert.strictEqual(((yield* Effect.flip(open(garbage))) as { reason: string }).reason, "unknown")
      }
    }).pipe(Effect.provide(Scenario.layer())))

  it.effect.prop("whatever is typed after /b/, a stranger's guess opens nothing and never crashes", [Schema.String], ([guess]) =>
    Effect.gen(function*() {
      const alex = yield* Scenario.person()
      yield* alex.texts("UPGRADE")
      const refused = yield* Effect.flip(open(guess))
      assert.deepStrictEqual([refused._tag, (refused as { reason?: string }).reason], ["LinkRefused", "unknown"])
    }).pipe(Effect.provide(Scenario.layer())))

  it.effect("each person's link leads to a checkout for that person only; an erased person's link leads nowhere", () =>
    Effect.gen(function*() {
      const control = yield* BillingControl
      const [ana, ben] = [yield* Scenario.person(), yield* Scenario.person()]
      const anaToken = tokenIn((yield* ana.texts("PLAN")).bodies[0]!)
      const benToken = tokenIn((yield* ben.texts("PLAN")).bodies[0]!)
      assert.notStrictEqual(anaToken, benToken)
      yield* open(benToken)
      yield* open(anaToken)
      const users = (yield* control.requests).map((r) => r._tag === "Checkout" ? r.request.userId : undefined)
      assert.deepStrictEqual(users, [(yield* ben.user).id, (yield* ana.user).id])

      yield* (yield* UserData).eraseUser((yield* ana.user).id)
      assert.strictEqual(((yield* Effect.flip(open(anaToken))) as { reason: string }).reason, "unknown")
    }).pipe(Effect.provide(Scenario.layer())))

  it.effect("a subscriber's link opens the portal for their customer, and says so", () =>
    Effect.gen(function*() {
      const harness = yield* BillingHarness
      const alex = yield* Scenario.person()
      yield* alex.texts("hi")
      const userId = (yield* alex.user).id
      const { customerId, subscriptionId } = yield* harness.subscribe(userId, plus)
      yield* (yield* Subscriptions).handle(event("subscription_changed", { subscriptionId }))
      const exchange = yield* alex.texts("BILLING")
      assert.include(exchange.bodies[0]!, "Manage your Jules plan here: ")
      assert.strictEqual(yield* open(tokenIn(exchange.bodies[0]!)), `https://billing.test/portal/${customerId}`)
    }).pipe(Effect.provide(Scenario.layer())))

  it.effect("Stripe down when the link is opened: a retryable error, and the link still works afterwards", () =>
    Effect.gen(function*() {
      const control = yield* BillingControl
      const alex = yield* Scenario.person()
      const token = tokenIn((yield* alex.texts("UPGRADE")).bodies[0]!)
      yield* control.failNext(new BillingUnavailable({ message: "stripe down" }))
      const down = yield* Effect.flip(open(token))
      assert.strictEqual(down._tag, "BillingError")
      assert.include(yield* open(token), "https://billing.test/checkout/")
    }).pipe(Effect.provide(Scenario.layer())))
})

describe("tiers follow subscriptions", () => {
  const setup = Effect.gen(function*() {
    const alex = yield* Scenario.person()
    yield* alex.texts("hi")
    const userId: UserId = (yield* alex.user).id
    return { alex, userId }
  })

  it.effect("over quota, then subscribed: the next text gets a reply under the paid tier's limits", () =>
    Effect.gen(function*() {
      const harness = yield* BillingHarness
      const { alex, userId } = yield* setup
      for (const text of ["two", "three"]) yield* alex.texts(text)
      assert.strictEqual((yield* alex.texts("four")).outcome, "quota_exceeded")
      const { subscriptionId } = yield* harness.subscribe(userId, plus)
      assert.strictEqual(yield* (yield* Subscriptions).handle(event("checkout_completed", { subscriptionId, userId })), "applied")
      assert.strictEqual((yield* alex.user).tier, "plus")
      assert.strictEqual((yield* alex.texts("five")).outcome, "replied")
      yield* alex.texts("six")
      // plus allows 5 a day here: the sixth model turn is over.
      assert.strictEqual((yield* alex.texts("seven")).outcome, "quota_exceeded")
      const entries = yield* (yield* AuditLog).list({ userId, kind: "tier_changed", limit: 10 })
      assert.deepStrictEqual(entries.map((e) => e.detail), [{ from: "free", to: "plus", status: "active", source: "billing" }])
    }).pipe(Effect.provide(threePerDay)))

  it.effect("duplicates and reversed order leave the tier the subscription has now", () =>
    Effect.gen(function*() {
      const harness = yield* BillingHarness
      const subscriptions = yield* Subscriptions
      const { alex, userId } = yield* setup
      const { subscriptionId } = yield* harness.subscribe(userId, plus)
      const created = event("subscription_changed", { subscriptionId })
      const paid = event("invoice_paid", { subscriptionId, invoiceId: "in_1" })
      yield* harness.update(subscriptionId, { status: "canceled" })
      const deleted = event("subscription_changed", { subscriptionId })
      // Stripe delivers newest first, then everything again.
      for (const e of [deleted, paid, created, deleted, paid, created]) yield* subscriptions.handle(e)
      assert.strictEqual((yield* alex.user).tier, "free")
      assert.strictEqual(yield* subscriptions.handle(created), "duplicate")
      assert.deepStrictEqual(yield* (yield* AuditLog).list({ userId, kind: "tier_changed", limit: 10 }), [])
    }).pipe(Effect.provide(Scenario.layer())))

  it.effect("a cancellation keeps the plan to the end of the period; the deletion then makes the person free", () =>
    Effect.gen(function*() {
      const harness = yield* BillingHarness
      const subscriptions = yield* Subscriptions
      const { alex, userId } = yield* setup
      const { subscriptionId } = yield* harness.subscribe(userId, plus)
      yield* subscriptions.handle(event("subscription_changed", { subscriptionId }))
      yield* harness.update(subscriptionId, { cancelAtPeriodEnd: true })
      yield* subscriptions.handle(event("subscription_changed", { subscriptionId }))
      assert.strictEqual((yield* alex.user).tier, "plus")
      assert.isTrue(Option.getOrThrow(yield* (yield* BillingAccounts).find(userId)).cancelAtPeriodEnd)
      yield* harness.update(subscriptionId, { status: "canceled" })
      yield* subscriptions.handle(event("subscription_changed", { subscriptionId }))
      assert.strictEqual((yield* alex.user).tier, free)
      const entries = yield* (yield* AuditLog).list({ userId, kind: "tier_changed", limit: 10 })
      assert.deepStrictEqual(entries.map((e) => [e.detail["from"], e.detail["to"]]), [["free", "plus"], ["plus", "free"]])
    }).pipe(Effect.provide(Scenario.layer())))

  it.effect("a failed payment keeps the tier and sends one text with the portal link, however often it is reported", () =>
    Effect.gen(function*() {
      const harness = yield* BillingHarness
      const subscriptions = yield* Subscriptions
      const outbox = yield* SmsOutbox
      const { alex, userId } = yield* setup
      const { subscriptionId } = yield* harness.subscribe(userId, plus)
      yield* subscriptions.handle(event("subscription_changed", { subscriptionId }))
      yield* harness.update(subscriptionId, { status: "past_due" })
      const before = (yield* outbox.sent).length
      const failed = event("payment_failed", { subscriptionId, invoiceId: "in_42" })
      yield* subscriptions.handle(failed)
      yield* subscriptions.handle(failed)
      // Stripe's next retry of the same invoice fails too: a new event, the same invoice.
      yield* subscriptions.handle(event("payment_failed", { subscriptionId, invoiceId: "in_42" }))
      const notices = (yield* outbox.sent).slice(before)
      assert.strictEqual(notices.length, 1)
      assert.include(notices[0]!.body, "didn't go through")
      assert.strictEqual((yield* alex.user).tier, "plus")
      const link = tokenIn(notices[0]!.body)
      assert.include(yield* open(link), "https://billing.test/portal/")
    }).pipe(Effect.provide(Scenario.layer())))

  it.effect("an opted-out person gets no payment text", () =>
    Effect.gen(function*() {
      const harness = yield* BillingHarness
      const subscriptions = yield* Subscriptions
      const outbox = yield* SmsOutbox
      const { alex, userId } = yield* setup
      const { subscriptionId } = yield* harness.subscribe(userId, plus)
      yield* subscriptions.handle(event("subscription_changed", { subscriptionId }))
      yield* alex.texts("STOP")
      const before = (yield* outbox.sent).length
      yield* harness.update(subscriptionId, { status: "past_due" })
      yield* subscriptions.handle(event("payment_failed", { subscriptionId, invoiceId: "in_7" }))
      assert.strictEqual((yield* outbox.sent).length, before)
    }).pipe(Effect.provide(Scenario.layer())))

  it.effect("an old subscription's late end does not cancel the newer one", () =>
    Effect.gen(function*() {
      const harness = yield* BillingHarness
      const subscriptions = yield* Subscriptions
      const { alex, userId } = yield* setup
      const old = yield* harness.subscribe(userId, plus)
      const newer = yield* harness.subscribe(userId, Tier.make("pro"))
      yield* harness.update(old.subscriptionId, { status: "canceled" })
      yield* subscriptions.handle(event("subscription_changed", { subscriptionId: newer.subscriptionId }))
      yield* subscriptions.handle(event("subscription_changed", { subscriptionId: old.subscriptionId }))
      assert.strictEqual((yield* alex.user).tier, "pro")
    }).pipe(Effect.provide(Scenario.layer())))

  it.effect("a checkout naming another person, or another person's customer, changes nobody", () =>
    Effect.gen(function*() {
      const harness = yield* BillingHarness
      const subscriptions = yield* Subscriptions
      const { alex, userId } = yield* setup
      const ben = yield* Scenario.person()
      yield* ben.texts("hi")
      const benId = (yield* ben.user).id
      const { subscriptionId } = yield* harness.subscribe(userId, plus)
      assert.strictEqual(
        yield* subscriptions.handle(event("checkout_completed", { subscriptionId, userId: benId })),
        "ignored"
      )
      assert.strictEqual((yield* ben.user).tier, "free")
      assert.strictEqual((yield* alex.user).tier, "free")
    }).pipe(Effect.provide(Scenario.layer())))

  it.effect("a checkout without a subscription remembers the customer for the next checkout, for a known person only", () =>
    Effect.gen(function*() {
      const subscriptions = yield* Subscriptions
      const control = yield* BillingControl
      const { alex, userId } = yield* setup
      yield* subscriptions.handle(event("checkout_completed", { userId, customerId: "cus_once" }))
      yield* subscriptions.handle(event("checkout_completed", { userId: "nobody" as UserId, customerId: "cus_stray" }))
      assert.isTrue(Option.isNone(yield* (yield* BillingAccounts).findByCustomer("cus_stray")))
      assert.strictEqual((yield* alex.user).tier, "free")
      yield* open(tokenIn((yield* alex.texts("UPGRADE")).bodies[0]!))
      const last = (yield* control.requests).at(-1)!
      assert.strictEqual(last._tag === "Checkout" ? last.request.customerId : undefined, "cus_once")
    }).pipe(Effect.provide(Scenario.layer())))

  it.effect("when handling fails the event is not taken for handled: the provider's retry applies it", () =>
    Effect.gen(function*() {
      const harness = yield* BillingHarness
      const control = yield* BillingControl
      const subscriptions = yield* Subscriptions
      const { alex, userId } = yield* setup
      const { subscriptionId } = yield* harness.subscribe(userId, plus)
      const created = event("subscription_changed", { subscriptionId })
      yield* control.failNext(new BillingUnavailable({ message: "stripe down" }))
      const failure = yield* Effect.flip(subscriptions.handle(created))
      assert.isTrue(failure._tag === "BillingError" && failure.isRetryable)
      assert.strictEqual((yield* alex.user).tier, "free")
      assert.strictEqual(yield* subscriptions.handle(created), "applied")
      assert.strictEqual((yield* alex.user).tier, "plus")
    }).pipe(Effect.provide(Scenario.layer())))
})
