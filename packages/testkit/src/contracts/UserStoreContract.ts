/** What every `UserStore` must do, whatever keeps the users. */
import { assert } from "@effect/vitest"
import type { AgeStatus, NewUserDefaults } from "@jules/core"
import { ConsentChange, Tier, User, UserStore } from "@jules/core"
import type { Layer } from "effect"
import { DateTime, Effect, Option } from "effect"
import * as F from "./Fixtures.ts"
import type { ContractOptions, ContractTests } from "./Suite.ts"
import { registerContract } from "./Suite.ts"

const free = Tier.make("free")
const plus = Tier.make("plus")
const defaults: NewUserDefaults = { tier: free, timeZone: "America/New_York" }

const newUser = Effect.gen(function*() {
  const store = yield* UserStore
  return yield* store.findOrCreate(yield* F.phone, defaults)
})

export const userStoreTests: ContractTests<UserStore> = (it) => {
  it.effect("findOrCreate creates an opted-in user of unknown age with the given tier and time zone", () =>
    Effect.gen(function*() {
      const store = yield* UserStore
      const phone = yield* F.phone
      const before = yield* DateTime.now
      const user = yield* store.findOrCreate(phone, { tier: plus, timeZone: "Europe/Paris" })
      assert.strictEqual(user.phone, phone)
      assert.strictEqual(user.consent, "opted_in")
      assert.strictEqual(user.ageStatus, "unknown")
      assert.strictEqual(user.tier, "plus")
      assert.strictEqual(user.timeZone, "Europe/Paris")
      // createdAt is the store's clock; allow for a database clock slightly apart from ours.
      assert.isTrue(Math.abs(DateTime.toEpochMillis(user.createdAt) - DateTime.toEpochMillis(before)) < 60_000)
      assert.deepStrictEqual(F.plain(User, Option.getOrThrow(yield* store.findById(user.id))), F.plain(User, user))
      assert.deepStrictEqual(F.plain(User, Option.getOrThrow(yield* store.findByPhone(phone))), F.plain(User, user))
    }))

  it.effect("findOrCreate returns the existing user unchanged, whatever the defaults", () =>
    Effect.gen(function*() {
      const store = yield* UserStore
      const phone = yield* F.phone
      const first = yield* store.findOrCreate(phone, defaults)
      const second = yield* store.findOrCreate(phone, { tier: plus, timeZone: "Asia/Tokyo" })
      assert.deepStrictEqual(F.plain(User, second), F.plain(User, first))
    }))

  it.effect("20 concurrent findOrCreate calls for one number make one user", () =>
    Effect.gen(function*() {
      const store = yield* UserStore
      const phone = yield* F.phone
      const users = yield* Effect.all(Array.from({ length: 20 }, () => store.findOrCreate(phone, defaults)), {
        concurrency: "unbounded"
      })
      assert.strictEqual(new Set(users.map((u) => u.id)).size, 1)
      const found = yield* store.findByPhone(phone)
      assert.strictEqual(Option.getOrThrow(found).id, users[0]!.id)
    }))

  it.effect("different numbers are different users", () =>
    Effect.gen(function*() {
      const a = yield* newUser
      const b = yield* newUser
      assert.notStrictEqual(a.id, b.id)
      assert.notStrictEqual(a.phone, b.phone)
    }))

  it.effect("unknown ids and numbers find nothing", () =>
    Effect.gen(function*() {
      const store = yield* UserStore
      assert.isTrue(Option.isNone(yield* store.findById(yield* F.userId)))
      assert.isTrue(Option.isNone(yield* store.findByPhone(yield* F.phone)))
      assert.deepStrictEqual(yield* store.consentHistory(yield* F.userId), [])
    }))

  it.effect("setConsent changes the state and appends to the history, oldest first", () =>
    Effect.gen(function*() {
      const store = yield* UserStore
      const user = yield* newUser
      const changes = [
        new ConsentChange({ userId: user.id, state: "opted_out", source: "keyword", at: F.base }),
        new ConsentChange({ userId: user.id, state: "opted_in", source: "keyword", at: F.plusMinutes(F.base, 5) }),
        new ConsentChange({ userId: user.id, state: "opted_out", source: "carrier", at: F.plusMinutes(F.base, 9) })
      ]
      const returned = []
      for (const change of changes) returned.push(yield* store.setConsent(change))
      assert.deepStrictEqual(returned.map((u) => u.consent), ["opted_out", "opted_in", "opted_out"])
      assert.strictEqual(Option.getOrThrow(yield* store.findById(user.id)).consent, "opted_out")
      assert.strictEqual(Option.getOrThrow(yield* store.findByPhone(user.phone)).consent, "opted_out")
      assert.deepStrictEqual(
        F.plainAll(ConsentChange, yield* store.consentHistory(user.id)),
        F.plainAll(ConsentChange, changes)
      )
    }))

  it.effect("an admin opt-out is kept with its source", () =>
    Effect.gen(function*() {
      const store = yield* UserStore
      const user = yield* newUser
      const change = new ConsentChange({ userId: user.id, state: "opted_out", source: "admin", at: F.base })
      yield* store.setConsent(change)
      assert.deepStrictEqual(F.plainAll(ConsentChange, yield* store.consentHistory(user.id)), [
        F.plain(ConsentChange, change)
      ])
    }))

  it.effect("setAgeStatus stores every status and leaves the rest of the user alone", () =>
    Effect.gen(function*() {
      const store = yield* UserStore
      const user = yield* newUser
      const statuses: ReadonlyArray<AgeStatus> = ["pending", "adult", "minor", "under_13", "unknown"]
      for (const status of statuses) {
        const updated = yield* store.setAgeStatus(user.id, status)
        assert.strictEqual(updated.ageStatus, status)
        const found = Option.getOrThrow(yield* store.findById(user.id))
        assert.deepStrictEqual(F.plain(User, found), F.plain(User, new User({ ...user, ageStatus: status })))
      }
    }))

  it.effect("setTier stores the plan", () =>
    Effect.gen(function*() {
      const store = yield* UserStore
      const user = yield* newUser
      const pro = Tier.make("pro")
      assert.strictEqual((yield* store.setTier(user.id, pro)).tier, "pro")
      assert.strictEqual(Option.getOrThrow(yield* store.findByPhone(user.phone)).tier, "pro")
      yield* store.setTier(user.id, free)
      assert.deepStrictEqual(F.plain(User, Option.getOrThrow(yield* store.findById(user.id))), F.plain(User, user))
    }))

  it.effect("setTimeZone stores the person's zone, and only theirs", () =>
    Effect.gen(function*() {
      const store = yield* UserStore
      const user = yield* newUser
      const other = yield* newUser
      assert.strictEqual((yield* store.setTimeZone(user.id, "America/Denver")).timeZone, "America/Denver")
      assert.strictEqual(Option.getOrThrow(yield* store.findByPhone(user.phone)).timeZone, "America/Denver")
      assert.strictEqual(Option.getOrThrow(yield* store.findById(other.id)).timeZone, other.timeZone)
    }))

  it.effect("erase removes the user and their consent history, and only theirs", () =>
    Effect.gen(function*() {
      const store = yield* UserStore
      const erased = yield* newUser
      const kept = yield* newUser
      for (const user of [erased, kept]) {
        yield* store.setConsent(new ConsentChange({ userId: user.id, state: "opted_out", source: "keyword", at: F.base }))
      }
      yield* store.erase(erased.id)
      assert.isTrue(Option.isNone(yield* store.findById(erased.id)))
      assert.isTrue(Option.isNone(yield* store.findByPhone(erased.phone)))
      assert.deepStrictEqual(yield* store.consentHistory(erased.id), [])
      assert.strictEqual(Option.getOrThrow(yield* store.findById(kept.id)).consent, "opted_out")
      assert.strictEqual((yield* store.consentHistory(kept.id)).length, 1)
      // Texting again after erasure starts afresh: a new id, opted in.
      const again = yield* store.findOrCreate(erased.phone, defaults)
      assert.notStrictEqual(again.id, erased.id)
      assert.strictEqual(again.consent, "opted_in")
      assert.deepStrictEqual(yield* store.consentHistory(again.id), [])
    }))

  it.effect("a blocked and erased person's number cannot register again; other numbers can", () =>
    Effect.gen(function*() {
      const store = yield* UserStore
      const phone = yield* F.phone
      const child = yield* store.findOrCreate(phone, defaults)
      yield* store.block(child.id)
      yield* store.erase(child.id)
      assert.isTrue(Option.isNone(yield* store.findByPhone(phone)))
      const again = yield* Effect.flip(store.findOrCreate(phone, defaults))
      assert.strictEqual(again._tag, "NumberBlocked")
      assert.isTrue(Option.isNone(yield* store.findByPhone(phone)), "nothing was created")
      const other = yield* store.findOrCreate(yield* F.phone, defaults)
      assert.strictEqual(other.ageStatus, "unknown")
      yield* store.block(yield* F.userId)
    }))

  it.effect("blocking keeps a known person findable until they are erased", () =>
    Effect.gen(function*() {
      const store = yield* UserStore
      const phone = yield* F.phone
      const user = yield* store.findOrCreate(phone, defaults)
      yield* store.block(user.id)
      assert.strictEqual((yield* store.findOrCreate(phone, defaults)).id, user.id)
    }))

  it.effect("erasing an unknown user succeeds", () =>
    Effect.gen(function*() {
      const store = yield* UserStore
      yield* store.erase(yield* F.userId)
    }))
}

export const userStoreContract = (
  name: string,
  storage: Layer.Layer<UserStore, unknown>,
  options?: ContractOptions
): void => registerContract(`UserStore contract (${name})`, storage, options, userStoreTests)
