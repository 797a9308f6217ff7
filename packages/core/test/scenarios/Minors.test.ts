import { assert, describe, it } from "@effect/vitest"
import type { AgeDecision, UserId, VerificationStatus } from "@jules/core"
import {
  AgeDecisions,
  AuditLog,
  DisclosureLog,
  makeCopy,
  MessageStore,
  ReceiveText,
  UserStore,
  VerificationLinks
} from "@jules/core"
import { AgeVerificationSessions, ModelScripts, Scenario, SmsOutbox } from "@jules/testkit"
import { DateTime, Effect, Option } from "effect"
import { TestClock } from "effect/testing"

const copy = makeCopy({ brandName: "Jules", supportContact: "support@example.com" })

const asMinor = (person: Scenario.Person) =>
  Effect.gen(function*() {
    yield* person.texts("hi")
    const user = yield* person.user
    yield* (yield* UserStore).setAgeStatus(user.id, "minor")
  })

let decisions = 0
/** A decision as the provider's webhook would deliver it. */
const decision = (
  userId: UserId,
  status: VerificationStatus,
  birth: { readonly dateOfBirth?: string; readonly yearOfBirth?: number } = {}
): Effect.Effect<AgeDecision> =>
  Effect.map(DateTime.now, (now) => ({
    provider: "test",
    decisionId: `verification-${++decisions}:${status}:`,
    userId,
    status,
    dateOfBirth: birth.dateOfBirth,
    yearOfBirth: birth.yearOfBirth,
    decidedAt: now
  }))

/** A birth date `years` years and a day before the test clock's today. */
const bornYearsAgo = (years: number) =>
  Effect.map(DateTime.now, (now) => {
    const parts = DateTime.toPartsUtc(DateTime.subtract(now, { years, days: 1 }))
    return `${parts.year}-${String(parts.month).padStart(2, "0")}-${String(parts.day).padStart(2, "0")}`
  })

/** The reply's model request for `text` (the memory's background calls come after it). */
const minorRulesFor = (text: string) =>
  Effect.gen(function*() {
    const requests = yield* (yield* ModelScripts).requests("primary")
    const request = requests.filter((r) => r.request.messages.at(-1)?.content.includes(text)).at(-1)
    assert.isDefined(request, `no model request for ${text}`)
    return request!.request.system.some((b) => b.text.startsWith("Minor mode"))
  })

const linkIn = (body: string): string => {
  const match = /https:\/\/jules\.test\/v\/([A-Za-z0-9_-]{22})/.exec(body)
  assert.isNotNull(match, `no verification link in ${JSON.stringify(body)}`)
  return match![1]!
}

const sentTo = (person: Scenario.Person) =>
  Effect.map(Effect.flatMap(SmsOutbox, (outbox) => outbox.sent), (sent) =>
    sent.filter((sms) => sms.to === person.phone).map((sms) => sms.body))

describe("minors", () => {
  it.effect("a known minor gets the break reminder with the AI notice, every three hours", () =>
    Effect.gen(function*() {
      const alex = yield* Scenario.person()
      yield* asMinor(alex)
      yield* TestClock.adjust("3 hours")
      const exchange = yield* alex.texts("back from school")
      assert.deepStrictEqual(exchange.kinds, ["ai_notice", "break_reminder", "reply"])
      assert.strictEqual(exchange.bodies[1], copy.breakReminder)
      yield* TestClock.adjust("1 hour")
      assert.deepStrictEqual((yield* alex.texts("ok")).kinds, ["reply"])
      const records = yield* (yield* DisclosureLog).list((yield* alex.user).id)
      assert.deepStrictEqual(records.map((r) => r.kind), ["ai_notice", "ai_notice", "break_reminder"])
    }).pipe(Effect.provide(Scenario.layer())))

  it.effect("minor mode: the model gets the minor rules, and sexual content never reaches a minor", () =>
    Effect.gen(function*() {
      const scripts = yield* ModelScripts
      const alex = yield* Scenario.person()
      yield* asMinor(alex)
      yield* scripts.reply("primary", "Let's talk about something sexy")
      const exchange = yield* alex.texts("what should we talk about")
      assert.strictEqual(exchange.bodies.at(-1), copy.minorSafeReply)
      assert.isTrue(yield* minorRulesFor("what should we talk about"))
    }).pipe(Effect.provide(Scenario.layer())))

  it.effect("\"I'm 15\" puts the person in minor mode at once; \"I'm 21\" does not take it back", () =>
    Effect.gen(function*() {
      const alex = yield* Scenario.person()
      yield* alex.texts("hey")
      assert.isFalse(yield* minorRulesFor("hey"))
      yield* alex.texts("I'm 15 lol")
      assert.strictEqual((yield* alex.user).ageStatus, "declared_minor")
      assert.isTrue(yield* minorRulesFor("I'm 15 lol"))
      yield* alex.texts("jk I'm 21")
      assert.strictEqual((yield* alex.user).ageStatus, "declared_minor")
      yield* TestClock.adjust("3 hours")
      assert.deepStrictEqual((yield* alex.texts("back")).kinds, ["ai_notice", "break_reminder", "reply"])
    }).pipe(Effect.provide(Scenario.layer())))

  it.effect("a self-declared minor in crisis is answered first, and is in minor mode from that text on", () =>
    Effect.gen(function*() {
      const alex = yield* Scenario.person()
      const exchange = yield* alex.texts("I'm 14 and I want to kill myself tonight")
      assert.strictEqual(exchange.outcome, "crisis_referral")
      assert.include(exchange.bodies[0]!, "988")
      assert.strictEqual((yield* alex.user).ageStatus, "declared_minor")
    }).pipe(Effect.provide(Scenario.layer({ settings: { ageGate: "required" } }))))

  it.effect("talk that only looks like an age changes nothing", () =>
    Effect.gen(function*() {
      const alex = yield* Scenario.person()
      yield* alex.texts("I'm 15 minutes away from home")
      yield* alex.texts("im 5'6 btw")
      assert.strictEqual((yield* alex.user).ageStatus, "unknown")
    }).pipe(Effect.provide(Scenario.layer())))
})

describe("age gate", () => {
  it.effect("required: the first reply is a link on the operator's domain; opening it starts the session", () =>
    Effect.gen(function*() {
      const scripts = yield* ModelScripts
      const sessions = yield* AgeVerificationSessions
      const alex = yield* Scenario.person()
      const first = yield* alex.texts("hi")
      assert.strictEqual(first.outcome, "age_gate")
      assert.deepStrictEqual(first.kinds, ["age_verification"])
      const token = linkIn(first.bodies[0]!)
      assert.notInclude(first.bodies[0]!, alex.phone)
      assert.deepStrictEqual((yield* alex.texts("hello?")).sent, [], "one link a day")
      assert.strictEqual(yield* scripts.calls("primary"), 0)
      assert.strictEqual((yield* sessions.sessions).length, 0, "no session before the link is opened")

      const links = yield* VerificationLinks
      const url = yield* links.open(token, yield* DateTime.now)
      assert.strictEqual(url, "https://verify.test/session-1")
      const started = yield* sessions.sessions
      assert.deepStrictEqual(started.map((s) => s.userId), [(yield* alex.user).id])
      assert.strictEqual((yield* alex.user).ageStatus, "pending")
      // Opened again (say, after Veriff's session expired): a fresh session.
      assert.strictEqual(yield* links.open(token, yield* DateTime.now), "https://verify.test/session-2")

      yield* TestClock.adjust("1 day")
      assert.deepStrictEqual((yield* alex.texts("still there?")).kinds, ["age_verification"], "the next day, again")
      assert.strictEqual(yield* scripts.calls("primary"), 0)
    }).pipe(Effect.provide(Scenario.layer({ settings: { ageGate: "required" } }))))

  it.effect("required: an expired or unknown link leads nowhere", () =>
    Effect.gen(function*() {
      const alex = yield* Scenario.person()
      const token = linkIn((yield* alex.texts("hi")).bodies[0]!)
      const links = yield* VerificationLinks
      yield* TestClock.adjust("73 hours")
      const expired = yield* Effect.flip(links.open(token, yield* DateTime.now))
      assert.deepStrictEqual([expired._tag, expired._tag === "LinkRefused" ? expired.reason : ""], ["LinkRefused", "expired"])
      const unknown = yield* Effect.flip(links.open("x".repeat(22), yield* DateTime.now))
      assert.strictEqual(unknown._tag === "LinkRefused" && unknown.reason, "unknown")
    }).pipe(Effect.provide(Scenario.layer({ settings: { ageGate: "required" } }))))

  it.effect("required, but a crisis is answered before any verification", () =>
    Effect.gen(function*() {
      const alex = yield* Scenario.person()
      const exchange = yield* alex.texts("I want to kill myself tonight")
      assert.strictEqual(exchange.outcome, "crisis_referral")
      assert.include(exchange.bodies[0]!, "988")
    }).pipe(Effect.provide(Scenario.layer({ settings: { ageGate: "required" } }))))

  it.effect("required: a self-declared minor still verifies first", () =>
    Effect.gen(function*() {
      const alex = yield* Scenario.person()
      const first = yield* alex.texts("I'm 16")
      assert.deepStrictEqual(first.kinds, ["age_verification"])
      assert.strictEqual((yield* alex.user).ageStatus, "declared_minor")
    }).pipe(Effect.provide(Scenario.layer({ settings: { ageGate: "required" } }))))

  it.effect("optional: the link is offered once after the reply; AGE asks for one any time; adult meanwhile", () =>
    Effect.gen(function*() {
      const alex = yield* Scenario.person()
      const first = yield* alex.texts("hi")
      assert.deepStrictEqual(first.kinds, ["ai_notice", "reply", "age_verification"])
      linkIn(first.bodies[2]!)
      assert.deepStrictEqual((yield* alex.texts("hi again")).kinds, ["reply"])
      assert.isFalse(yield* minorRulesFor("hi again"))
      const asked = yield* alex.texts(" age ")
      assert.deepStrictEqual(asked.kinds, ["age_verification"])
      assert.strictEqual(asked.bodies[0], copy.verifyAgeOnRequest(`https://jules.test/v/${linkIn(asked.bodies[0]!)}`))
      assert.deepStrictEqual((yield* alex.texts("VERIFY")).kinds, ["age_verification"])
    }).pipe(Effect.provide(Scenario.layer({ settings: { ageGate: "optional" } }))))

  it.effect("off: AGE is an ordinary text", () =>
    Effect.gen(function*() {
      const alex = yield* Scenario.person()
      assert.deepStrictEqual((yield* alex.texts("AGE")).kinds, ["ai_notice", "reply"])
    }).pipe(Effect.provide(Scenario.layer())))
})

describe("age decisions", () => {
  it.effect("required: an adult decision lets the person chat, and says so once", () =>
    Effect.gen(function*() {
      const scripts = yield* ModelScripts
      const alex = yield* Scenario.person()
      yield* alex.texts("hi")
      const user = yield* alex.user
      const adult = yield* decision(user.id, "approved", { dateOfBirth: yield* bornYearsAgo(30) })
      const handled = yield* (yield* AgeDecisions).handle(adult)
      assert.deepStrictEqual(handled, { _tag: "Applied", ageStatus: "adult" })
      assert.deepStrictEqual((yield* (yield* AgeDecisions).handle(adult)), { _tag: "Duplicate" })
      assert.strictEqual((yield* alex.user).ageStatus, "adult")
      assert.deepStrictEqual((yield* sentTo(alex)).filter((b) => b === copy.verifiedAdult).length, 1)
      assert.strictEqual((yield* alex.texts("so, hi")).outcome, "replied")
      assert.isAbove(yield* scripts.calls("primary"), 0)
      const audit = yield* (yield* AuditLog).list({ userId: user.id, kind: "age_status_changed", limit: 10 })
      assert.deepStrictEqual(audit.map((e) => e.detail["to"]), ["adult"])
    }).pipe(Effect.provide(Scenario.layer({ settings: { ageGate: "required" } }))))

  it.effect("required: a 15-year-old chats in minor mode, with the break reminder every three hours", () =>
    Effect.gen(function*() {
      const alex = yield* Scenario.person()
      yield* alex.texts("hi")
      const user = yield* alex.user
      yield* (yield* AgeDecisions).handle(yield* decision(user.id, "approved", { dateOfBirth: yield* bornYearsAgo(15) }))
      assert.strictEqual((yield* alex.user).ageStatus, "minor")
      assert.include(yield* sentTo(alex), copy.verifiedMinor)
      // The first conversation after the link: the AI notice and the break reminder start together.
      assert.deepStrictEqual((yield* alex.texts("hey")).kinds, ["ai_notice", "break_reminder", "reply"])
      assert.deepStrictEqual((yield* alex.texts("so")).kinds, ["reply"])
      yield* TestClock.adjust("3 hours")
      assert.deepStrictEqual((yield* alex.texts("back")).kinds, ["ai_notice", "break_reminder", "reply"])
    }).pipe(Effect.provide(Scenario.layer({ settings: { ageGate: "required" } }))))

  it.effect("a verified adult's self-declared minor status gives way; a verified minor's claim of 21 changes nothing", () =>
    Effect.gen(function*() {
      const [ana, ben] = [yield* Scenario.person(), yield* Scenario.person()]
      yield* ana.texts("I'm 15")
      yield* (yield* AgeDecisions).handle(
        yield* decision((yield* ana.user).id, "approved", { dateOfBirth: yield* bornYearsAgo(25) })
      )
      assert.strictEqual((yield* ana.user).ageStatus, "adult")
      yield* ben.texts("hi")
      yield* (yield* AgeDecisions).handle(
        yield* decision((yield* ben.user).id, "approved", { dateOfBirth: yield* bornYearsAgo(16) })
      )
      yield* ben.texts("I'm 21 actually")
      assert.strictEqual((yield* ben.user).ageStatus, "minor")
    }).pipe(Effect.provide(Scenario.layer({ settings: { ageGate: "optional" } }))))

  it.effect("under 13: one text, then nothing about them is left, and the number cannot come back", () =>
    Effect.gen(function*() {
      const alex = yield* Scenario.person()
      yield* alex.texts("hi")
      const user = yield* alex.user
      const handled = yield* (yield* AgeDecisions).handle(
        yield* decision(user.id, "approved", { dateOfBirth: yield* bornYearsAgo(12) })
      )
      assert.deepStrictEqual(handled, { _tag: "Applied", ageStatus: "under_13" })
      const texts = yield* sentTo(alex)
      assert.strictEqual(texts.at(-1), copy.under13)
      assert.strictEqual(texts.filter((b) => b === copy.under13).length, 1)

      assert.isTrue(Option.isNone(yield* (yield* UserStore).findById(user.id)))
      assert.isTrue(Option.isNone(yield* (yield* UserStore).findByPhone(alex.phone)))
      const conversation = yield* (yield* MessageStore).exportUser(user.id)
      assert.deepStrictEqual([conversation.inbound, conversation.outbound, conversation.turns], [[], [], []])
      const audit = yield* (yield* AuditLog).list({ limit: 1000 })
      assert.isFalse(audit.some((e) => e.userId === user.id), "no audit entry names them")
      const entry = audit.find((e) => e.kind === "age_status_changed" && e.detail["to"] === "under_13")
      assert.isDefined(entry)
      assert.isUndefined(entry!.userId)
      assert.isFalse(JSON.stringify(audit).includes(alex.phone))

      const again = yield* Effect.flip((yield* ReceiveText).receive({ from: alex.phone, body: "hello??" }))
      assert.strictEqual(again._tag, "NumberBlocked")
      assert.isTrue(Option.isNone(yield* (yield* UserStore).findByPhone(alex.phone)), "texting again registers nobody")
      assert.strictEqual((yield* sentTo(alex)).length, texts.length, "silence")
      assert.deepStrictEqual(yield* (yield* AgeDecisions).handle(yield* decision(user.id, "approved")), {
        _tag: "UnknownPerson"
      })
    }).pipe(Effect.provide(Scenario.layer({ settings: { ageGate: "required" } }))))

  for (
    const [status, text] of [
      ["declined", copy.verificationDeclined],
      ["resubmission_requested", copy.verificationResubmit],
      ["expired", copy.verificationExpired],
      ["abandoned", copy.verificationAbandoned]
    ] as const
  ) {
    it.effect(`${status}: one clear text, and the person stays unverified`, () =>
      Effect.gen(function*() {
        const alex = yield* Scenario.person()
        const token = linkIn((yield* alex.texts("hi")).bodies[0]!)
        yield* (yield* VerificationLinks).open(token, yield* DateTime.now)
        const user = yield* alex.user
        assert.strictEqual(user.ageStatus, "pending")
        const decided = yield* decision(user.id, status)
        yield* (yield* AgeDecisions).handle(decided)
        yield* (yield* AgeDecisions).handle(decided)
        assert.strictEqual((yield* alex.user).ageStatus, "unknown")
        assert.strictEqual((yield* sentTo(alex)).filter((b) => b === text).length, 1)
        assert.strictEqual((yield* alex.texts("ok")).outcome, "age_gate")
        assert.deepStrictEqual((yield* alex.texts("AGE")).kinds, ["age_verification"])
      }).pipe(Effect.provide(Scenario.layer({ settings: { ageGate: "required" } }))))
  }

  it.effect("approved without a readable birth date: unverified, told so", () =>
    Effect.gen(function*() {
      const alex = yield* Scenario.person()
      yield* alex.texts("hi")
      const user = yield* alex.user
      yield* (yield* AgeDecisions).handle(yield* decision(user.id, "approved", { dateOfBirth: "not a date" }))
      assert.strictEqual((yield* alex.user).ageStatus, "unknown")
      assert.include(yield* sentTo(alex), copy.verificationUnreadable)
    }).pipe(Effect.provide(Scenario.layer({ settings: { ageGate: "required" } }))))

  it.effect("a later failed session never undoes a verified age", () =>
    Effect.gen(function*() {
      const alex = yield* Scenario.person()
      yield* alex.texts("hi")
      const user = yield* alex.user
      yield* (yield* AgeDecisions).handle(yield* decision(user.id, "approved", { dateOfBirth: yield* bornYearsAgo(40) }))
      yield* (yield* AgeDecisions).handle(yield* decision(user.id, "expired"))
      assert.strictEqual((yield* alex.user).ageStatus, "adult")
      assert.notInclude(yield* sentTo(alex), copy.verificationExpired)
      assert.deepStrictEqual((yield* alex.texts("AGE")).bodies, [copy.alreadyVerified])
    }).pipe(Effect.provide(Scenario.layer({ settings: { ageGate: "required" } }))))
})
