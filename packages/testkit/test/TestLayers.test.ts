import { assert, describe, it } from "@effect/vitest"
import type { MessageId, PhoneNumber } from "@jules/core"
import {
  AgeVerification,
  AuditLog,
  Billing,
  CrisisEventLog,
  Crypto,
  DisclosureLog,
  EscalationNotifier,
  EventClaims,
  LanguageModel,
  MemoryStore,
  MessageStore,
  SmsGateway,
  Tier,
  UsageLedger,
  UserStore
} from "@jules/core"
import {
  AgeVerificationSessions,
  BillingControl,
  Escalations,
  ModelScripts,
  SmsOutbox,
  TestLayers
} from "@jules/testkit"
import { Effect, Option } from "effect"

describe("TestLayers.memory", () => {
  it.effect("provides every port and every control service", () =>
    Effect.gen(function*() {
      for (
        const key of [
          UserStore,
          MessageStore,
          MemoryStore,
          CrisisEventLog,
          DisclosureLog,
          AuditLog,
          UsageLedger,
          EventClaims,
          SmsGateway,
          LanguageModel,
          Billing,
          AgeVerification,
          EscalationNotifier,
          Crypto,
          SmsOutbox,
          ModelScripts,
          BillingControl,
          AgeVerificationSessions,
          Escalations
        ] as const
      ) {
        assert.isDefined(yield* key)
      }
    }).pipe(Effect.provide(TestLayers.memory)))

  it.effect("control services drive the same fakes the ports use", () =>
    Effect.gen(function*() {
      yield* (yield* ModelScripts).reply("primary", "scripted")
      assert.strictEqual((yield* (yield* LanguageModel).generate({
        system: [],
        messages: [{ role: "user", content: "hi" }],
        maxOutputTokens: 100,
        purpose: "reply",
        tier: Tier.make("free")
      })).text, "scripted")
      yield* (yield* SmsGateway).send({ messageId: "m1" as MessageId, to: "+14155552671" as PhoneNumber, body: "hi" })
      assert.strictEqual((yield* (yield* SmsOutbox).sent).length, 1)
    }).pipe(Effect.provide(TestLayers.memory)))

  it.effect("every provide starts from empty stores", () =>
    Effect.gen(function*() {
      const phone = "+14155552671" as PhoneNumber
      const visit = Effect.gen(function*() {
        const users = yield* UserStore
        const known = yield* users.findByPhone(phone)
        yield* users.findOrCreate(phone, { tier: Tier.make("free"), timeZone: "UTC" })
        const claimed = yield* (yield* EventClaims).claim("twilio:sms", "SM1")
        return { known: Option.isSome(known), claimed }
      })
      assert.deepStrictEqual(yield* visit.pipe(Effect.provide(TestLayers.memory)), { known: false, claimed: true })
      assert.deepStrictEqual(yield* visit.pipe(Effect.provide(TestLayers.memory)), { known: false, claimed: true })
      const shared = yield* Effect.all([visit, visit]).pipe(Effect.provide(TestLayers.memory))
      assert.deepStrictEqual(shared, [{ known: false, claimed: true }, { known: true, claimed: false }])
    }))

  it.effect("make takes options for the SMS gateway and the model chain", () =>
    Effect.gen(function*() {
      assert.isTrue((yield* SmsGateway).repliesToOptOutKeywords)
      assert.deepStrictEqual((yield* LanguageModel).providers, ["anthropic", "offline"])
      assert.strictEqual((yield* Crypto).primaryKeyId, "k7")
    }).pipe(Effect.provide(TestLayers.make({
      sms: { repliesToOptOutKeywords: true },
      models: ["anthropic", "offline"],
      crypto: { primaryKeyId: "k7" }
    }))))
})
