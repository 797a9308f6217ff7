/**
 * What every `TurnRecords` must do: record what `UsageLedger.record` and
 * `MessageStore.recordTurn` would, once however often it is asked, and answer
 * with the pending texts `recordTurn` answers and the person `findById`
 * answers after the record (a consent changed since the turn began is in it).
 */
import { assert } from "@effect/vitest"
import type { NewUserDefaults, TurnId, UserId } from "@jules/core"
import {
  ConsentChange,
  MessageStore,
  OutboundMessage,
  Tier,
  TokenUsage,
  TurnRecords,
  UsageLedger,
  UsageRecord,
  usageRecordId,
  User,
  UserStore
} from "@jules/core"
import type { Layer } from "effect"
import { Effect, Option } from "effect"
import * as F from "./Fixtures.ts"
import { outbound, turn } from "./MessageFixtures.ts"
import type { ContractOptions, ContractTests } from "./Suite.ts"
import { registerContract } from "./Suite.ts"

type Stores = TurnRecords | MessageStore | UserStore | UsageLedger

const m = (minutes: number) => F.plusMinutes(F.base, minutes)
const defaults: NewUserDefaults = { tier: Tier.make("free"), timeZone: "America/New_York" }

const replyUsage = (userId: UserId, turnId: TurnId) =>
  new UsageRecord({
    id: usageRecordId(turnId, "reply"),
    userId,
    purpose: "reply",
    provider: "openai",
    model: "gpt-test",
    usage: new TokenUsage({ inputTokens: 812, outputTokens: 64, cacheReadTokens: 512, cacheWriteTokens: 0 }),
    costMicros: 731,
    at: m(0)
  })

/** A person with an older reply still pending, and a turn deciding two texts. */
const aTurnDecided = Effect.gen(function*() {
  const messages = yield* MessageStore
  const user = yield* (yield* UserStore).findOrCreate(yield* F.phone, defaults)
  const waiting = yield* outbound(user.id, { body: "Still there?", at: m(-30) })
  yield* messages.recordOutbound([waiting])
  const decided = yield* turn(user.id, "replied", m(0))
  const texts = [
    yield* outbound(user.id, { turnId: decided.id, kind: "ai_notice", body: "I'm an AI, not a person.", at: m(0) }),
    yield* outbound(user.id, { turnId: decided.id, sequence: 1, body: "That sounds like a long day.", at: m(0) })
  ]
  return { user, turn: decided, texts, usage: replyUsage(user.id, decided.id), waiting }
})

const ids = (messages: ReadonlyArray<OutboundMessage>) => messages.map((message) => message.id)
const plainUser = (user: Option.Option<User>) => Option.map(user, (u) => F.plain(User, u))

export const turnRecordsTests: ContractTests<Stores> = (it) => {
  it.effect("records the turn, its texts and the reply's usage; answers as the ports would after it", () =>
    Effect.gen(function*() {
      const records = yield* TurnRecords
      const messages = yield* MessageStore
      const { texts, turn: decided, usage, user, waiting } = yield* aTurnDecided
      const recorded = yield* records.record({ turn: decided, texts, usage })
      assert.deepStrictEqual(ids(recorded.pending), [waiting.id, ...ids(texts)])
      assert.deepStrictEqual(ids(recorded.pending), ids(yield* messages.pendingOutbound(user.id)))
      assert.deepStrictEqual(recorded.pending.map((text) => text.body), ["Still there?", ...texts.map((t) => t.body)])
      assert.deepStrictEqual(plainUser(recorded.person), plainUser(yield* (yield* UserStore).findById(user.id)))
      assert.isTrue(Option.isSome(yield* messages.findTurn(decided.id)))
      assert.deepStrictEqual(F.plainAll(UsageRecord, yield* (yield* UsageLedger).list(user.id)), F.plainAll(UsageRecord, [usage]))
    }))

  it.effect("asked again (a turn run twice), records nothing twice and answers the same", () =>
    Effect.gen(function*() {
      const records = yield* TurnRecords
      const { texts, turn: decided, usage, user } = yield* aTurnDecided
      const first = yield* records.record({ turn: decided, texts, usage })
      // The second run's model answered with other figures under the same id: the first record stands.
      const again = yield* records.record({ turn: decided, texts, usage: new UsageRecord({ ...usage, costMicros: 999 }) })
      assert.deepStrictEqual(ids(again.pending), ids(first.pending))
      assert.deepStrictEqual((yield* (yield* UsageLedger).list(user.id)).map((record) => record.costMicros), [731])
      assert.deepStrictEqual((yield* (yield* MessageStore).outboundForTurn(decided.id)).length, 2)
    }))

  it.effect("a consent changed while the model wrote is in the person read back", () =>
    Effect.gen(function*() {
      const users = yield* UserStore
      const { texts, turn: decided, user } = yield* aTurnDecided
      assert.strictEqual(user.consent, "opted_in")
      yield* users.setConsent(new ConsentChange({ userId: user.id, state: "opted_out", source: "carrier", at: m(0) }))
      const recorded = yield* (yield* TurnRecords).record({ turn: decided, texts })
      assert.strictEqual(Option.map(recorded.person, (person) => person.consent).pipe(Option.getOrUndefined), "opted_out")
      assert.deepStrictEqual(yield* (yield* UsageLedger).list(user.id), [])
    }))

  it.effect("nothing pending: the person still comes back; no one by that id: no person", () =>
    Effect.gen(function*() {
      const records = yield* TurnRecords
      const user = yield* (yield* UserStore).findOrCreate(yield* F.phone, defaults)
      const silent = yield* records.record({ turn: yield* turn(user.id, "ignored_opted_out", m(0)), texts: [] })
      assert.deepStrictEqual(silent.pending, [])
      assert.strictEqual(Option.map(silent.person, (person) => person.id).pipe(Option.getOrUndefined), user.id)
      const nobody = yield* F.userId
      const gone = yield* records.record({ turn: yield* turn(nobody, "replied", m(0)), texts: [yield* outbound(nobody)] })
      assert.isTrue(Option.isNone(gone.person))
      assert.strictEqual(gone.pending.length, 1)
    }))
}

export const turnRecordsContract = (
  name: string,
  storage: Layer.Layer<Stores, unknown>,
  options?: ContractOptions
): void => registerContract(`TurnRecords contract (${name})`, storage, options, turnRecordsTests)
