import { assert, describe, it } from "@effect/vitest"
import type { CrisisEvent, UserId } from "@jules/core"
import {
  AgeVerification,
  Billing,
  BillingNotConfigured,
  BillingUnavailable,
  Crypto,
  EscalationError,
  EscalationNotifier,
  Tier,
  VerificationUnavailable
} from "@jules/core"
import {
  AgeVerificationFake,
  AgeVerificationSessions,
  BillingControl,
  BillingHarness,
  BillingFake,
  CryptoFake,
  EscalationNotifierFake,
  Escalations
} from "@jules/testkit"
import { Effect } from "effect"
import { Base64 } from "effect/encoding"

const alice = "5b0c8a38-5f7e-4d1e-9a55-1f2a3b4c5d6e" as UserId

describe("BillingFake", () => {
  const request = (tier: string) => ({
    userId: alice,
    tier: Tier.make(tier),
    idempotencyKey: "k",
    returnUrl: "https://jules.test/billing/return"
  })

  it.effect("hands out deterministic checkout and portal links and records them", () =>
    Effect.gen(function*() {
      const billing = yield* Billing
      const control = yield* BillingControl
      assert.strictEqual(yield* billing.checkoutUrl(request("plus")), `https://billing.test/checkout/${alice}/plus`)
      assert.strictEqual(yield* billing.portalUrl("cus_1", "https://jules.test"), "https://billing.test/portal/cus_1")
      assert.deepStrictEqual((yield* control.requests).map((r) => r._tag), ["Checkout", "Portal"])
    }).pipe(Effect.provide(BillingFake.layer)))

  it.effect("fails on demand with the given reason", () =>
    Effect.gen(function*() {
      const billing = yield* Billing
      const control = yield* BillingControl
      yield* control.failNext(new BillingUnavailable({ message: "stripe is down" }))
      yield* control.failNext(new BillingNotConfigured({ message: "no price for pro" }))
      const down = yield* Effect.flip(billing.checkoutUrl(request("pro")))
      assert.isTrue(down.isRetryable)
      const unpriced = yield* Effect.flip(billing.portalUrl("cus_1", "https://jules.test"))
      assert.strictEqual(unpriced.reason._tag, "BillingNotConfigured")
      assert.isFalse(unpriced.isRetryable)
      assert.deepStrictEqual(yield* control.requests, [])
      assert.isString(yield* billing.portalUrl("cus_1", "https://jules.test"))
    }).pipe(Effect.provide(BillingFake.layer)))

  it.effect("subscriptions change as the harness says, as the provider would", () =>
    Effect.gen(function*() {
      const billing = yield* Billing
      const harness = yield* BillingHarness
      const { customerId, subscriptionId } = yield* harness.subscribe(alice, Tier.make("pro"))
      yield* harness.update(subscriptionId, { status: "past_due" })
      const snapshot = yield* billing.subscription(subscriptionId)
      assert.deepStrictEqual([snapshot.status, snapshot.tier, snapshot.customerId, snapshot.userId], [
        "past_due",
        "pro",
        customerId,
        alice
      ])
    }).pipe(Effect.provide(BillingFake.layer)))
})

describe("AgeVerificationFake", () => {
  it.effect("starts numbered sessions at https://verify.test/<sessionId> and records them", () =>
    Effect.gen(function*() {
      const verification = yield* AgeVerification
      const sessions = yield* AgeVerificationSessions
      const first = yield* verification.startSession(alice)
      const second = yield* verification.startSession(alice)
      assert.deepStrictEqual(first, { sessionId: "session-1", url: "https://verify.test/session-1" })
      assert.strictEqual(second.sessionId, "session-2")
      assert.deepStrictEqual(yield* sessions.sessions, [
        { sessionId: "session-1", url: "https://verify.test/session-1", userId: alice },
        { sessionId: "session-2", url: "https://verify.test/session-2", userId: alice }
      ])
    }).pipe(Effect.provide(AgeVerificationFake.layer)))

  it.effect("fails on demand", () =>
    Effect.gen(function*() {
      const verification = yield* AgeVerification
      yield* (yield* AgeVerificationSessions).failNext(new VerificationUnavailable({ message: "veriff 503" }))
      const error = yield* Effect.flip(verification.startSession(alice))
      assert.strictEqual(error.reason._tag, "VerificationUnavailable")
      assert.deepStrictEqual(yield* (yield* AgeVerificationSessions).sessions, [])
    }).pipe(Effect.provide(AgeVerificationFake.layer)))
})

describe("EscalationNotifierFake", () => {
  const event = { id: "turn-1", userId: alice, category: "suicide", severity: "imminent" } as unknown as CrisisEvent

  it.effect("keeps notified events and fails on demand", () =>
    Effect.gen(function*() {
      const notifier = yield* EscalationNotifier
      const escalations = yield* Escalations
      yield* escalations.failNext(new EscalationError({ message: "pager down", retryable: true }))
      const error = yield* Effect.flip(notifier.notify(event))
      assert.isTrue(error.isRetryable)
      assert.deepStrictEqual(yield* escalations.notified, [])
      yield* notifier.notify(event)
      assert.deepStrictEqual(yield* escalations.notified, [event])
    }).pipe(Effect.provide(EscalationNotifierFake.layer)))
})

/** What every `Crypto` must do is in `PortContracts.test.ts`; here, what is particular to the fake. */
describe("CryptoFake", () => {
  it.effect("a ciphertext reads fake:<keyId>:<base64>:<check>, so a test can see the key and the text", () =>
    Effect.gen(function*() {
      const crypto = yield* Crypto
      const plaintext = "+14155552671 — j'ai peur 😟"
      const ciphertext = yield* crypto.encrypt(plaintext)
      assert.isTrue(ciphertext.startsWith("fake:test-key:"))
      assert.strictEqual(crypto.primaryKeyId, "test-key")
      assert.strictEqual(ciphertext.split(":")[2], Base64.encode(plaintext))
      assert.strictEqual(yield* crypto.decrypt(ciphertext), plaintext)
    }).pipe(Effect.provide(CryptoFake.layer)))

  it.effect("rejects what it did not make; a retired key is UnknownKey", () =>
    Effect.gen(function*() {
      const crypto = yield* Crypto
      for (const foreign of ["hello", "v1:abc:def", "fake:", "fake:test-key:aGk=", "fake:test-key:%%%not-base64%%%"]) {
        const error = yield* Effect.flip(crypto.decrypt(foreign))
        assert.strictEqual(error.reason._tag, "InvalidCiphertext", foreign)
      }
      const unknown = yield* Effect.flip(crypto.decrypt("fake:retired-key:aGk="))
      assert.strictEqual(unknown.reason._tag, "UnknownKey")
      assert.strictEqual(unknown.reason._tag === "UnknownKey" && unknown.reason.keyId, "retired-key")
    }).pipe(Effect.provide(CryptoFake.layer)))

  it.effect("the blind index depends on indexKey as well as on the key id", () =>
    Effect.gen(function*() {
      const crypto = yield* Crypto
      const index = yield* crypto.blindIndex("+14155552671")
      assert.match(index, /^bidx:[0-9a-f]{32}$/)
      assert.notStrictEqual(yield* CryptoFake.make({ indexKey: "another-index-key" }).blindIndex("+14155552671"), index)
    }).pipe(Effect.provide(CryptoFake.layer)))
})
