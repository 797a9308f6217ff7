/** What every `TextIntake` must do: a text and its sender are durable together, once, under load too. */
import { assert } from "@effect/vitest"
import type { ArrivingText, NewUserDefaults, PhoneNumber } from "@jules/core"
import { MessageStore, TextIntake, Tier, UserStore } from "@jules/core"
import type { Layer } from "effect"
import { Effect, Option } from "effect"
import * as F from "./Fixtures.ts"
import type { ContractOptions, ContractTests } from "./Suite.ts"
import { registerContract } from "./Suite.ts"

const defaults: NewUserDefaults = { tier: Tier.make("free"), timeZone: "America/Chicago" }

const arriving = (from: PhoneNumber, body: string, overrides: Partial<ArrivingText> = {}) =>
  Effect.map(F.messageId, (id): ArrivingText => ({
    id,
    from,
    body,
    providerMessageId: `SM-${id}`,
    receivedAt: F.base,
    defaults,
    ...overrides
  }))

export const textIntakeTests: ContractTests<TextIntake | UserStore | MessageStore> = (it) => {
  it.effect("a text from a new number creates the person with the defaults and stores the text", () =>
    Effect.gen(function*() {
      const intake = yield* TextIntake
      const phone = yield* F.phone
      const text = yield* arriving(phone, "hi, it's me", {
        defaults: { tier: Tier.make("plus"), timeZone: "Europe/Paris" }
      })
      const receipt = yield* intake.receive(text)
      assert.isTrue(receipt.stored)
      const user = Option.getOrThrow(yield* (yield* UserStore).findByPhone(phone))
      assert.strictEqual(user.id, receipt.userId)
      assert.strictEqual(user.tier, "plus")
      assert.strictEqual(user.timeZone, "Europe/Paris")
      assert.strictEqual(user.consent, "opted_in")
      const stored = Option.getOrThrow(yield* (yield* MessageStore).findInbound(text.id))
      assert.strictEqual(stored.userId, user.id)
      assert.strictEqual(stored.body, "hi, it's me")
      assert.strictEqual(stored.providerMessageId, text.providerMessageId)
    }))

  it.effect("a known number keeps its person, whatever the defaults", () =>
    Effect.gen(function*() {
      const intake = yield* TextIntake
      const phone = yield* F.phone
      const first = yield* intake.receive(yield* arriving(phone, "one"))
      const second = yield* intake.receive(
        yield* arriving(phone, "two", { defaults: { tier: Tier.make("plus"), timeZone: "Asia/Tokyo" } })
      )
      assert.strictEqual(second.userId, first.userId)
      const user = Option.getOrThrow(yield* (yield* UserStore).findById(first.userId))
      assert.strictEqual(user.timeZone, "America/Chicago")
    }))

  it.effect("a provider's retry stores nothing new and names the same person", () =>
    Effect.gen(function*() {
      const intake = yield* TextIntake
      const text = yield* arriving(yield* F.phone, "are you there?")
      const first = yield* intake.receive(text)
      const retry = yield* intake.receive({ ...text, body: "a different body must not replace the first" })
      assert.deepStrictEqual(retry, { userId: first.userId, stored: false })
      const stored = Option.getOrThrow(yield* (yield* MessageStore).findInbound(text.id))
      assert.strictEqual(stored.body, "are you there?")
    }))

  it.effect("a blocked number's text is refused and not stored, and nobody is created", () =>
    Effect.gen(function*() {
      const intake = yield* TextIntake
      const users = yield* UserStore
      const phone = yield* F.phone
      const { userId } = yield* intake.receive(yield* arriving(phone, "first"))
      yield* users.block(userId)
      yield* users.erase(userId)
      const text = yield* arriving(phone, "again")
      const refused = yield* Effect.flip(intake.receive(text))
      assert.strictEqual(refused._tag, "NumberBlocked")
      assert.isTrue(Option.isNone(yield* (yield* MessageStore).findInbound(text.id)))
      assert.isTrue(Option.isNone(yield* users.findByPhone(phone)))
    }))

  it.effect("texts arriving at once from new and known numbers: one person per number, every text once", () =>
    Effect.gen(function*() {
      const intake = yield* TextIntake
      const messages = yield* MessageStore
      const phones = yield* Effect.all(Array.from({ length: 6 }, () => F.phone))
      yield* intake.receive(yield* arriving(phones[0]!, "already known"))
      const texts = yield* Effect.forEach(
        Array.from({ length: 60 }, (_, i) => i),
        (i) => arriving(phones[i % phones.length]!, `text ${i}`)
      )
      // Each text twice, as a provider retrying at once would send it.
      const receipts = yield* Effect.forEach([...texts, ...texts], (text) => intake.receive(text), {
        concurrency: "unbounded"
      })
      const users = yield* UserStore
      for (const [i, phone] of phones.entries()) {
        const person = Option.getOrThrow(yield* users.findByPhone(phone)).id
        const theirs = texts.flatMap((text, t) => text.from === phone ? [t] : [])
        for (const t of theirs) {
          assert.strictEqual(receipts[t]!.userId, person, `text ${t} of number ${i}`)
          assert.strictEqual(receipts[t + texts.length]!.userId, person)
        }
        const unanswered = yield* messages.unansweredInbound(person, F.plusMinutes(F.base, -1))
        assert.strictEqual(unanswered.length, theirs.length + (i === 0 ? 1 : 0))
      }
      for (const t of texts.keys()) {
        assert.isTrue(receipts[t]!.stored !== receipts[t + texts.length]!.stored, `text ${t} stored exactly once`)
      }
    }))
}

export const textIntakeContract = (
  name: string,
  layer: Layer.Layer<TextIntake | UserStore | MessageStore, unknown>,
  options?: ContractOptions
): void => registerContract(`TextIntake contract (${name})`, layer, options, textIntakeTests)
