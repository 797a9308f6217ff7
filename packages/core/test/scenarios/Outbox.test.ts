/**
 * The durable outbox, through the real turn: what a turn decided reaches the
 * person however long the carrier is down (up to `OUTBOX_MAX_AGE`), exactly
 * once and in order, or becomes a dead letter the operator can see.
 */
import { assert, describe, it } from "@effect/vitest"
import type { UserId } from "@jules/core"
import {
  CrisisEventLog,
  DeadLetters,
  DisclosureLog,
  InvalidRecipient,
  makeCopy,
  MessageStore,
  Outbox,
  RecipientOptedOut,
  SmsProviderUnavailable,
  SmsRateLimited
} from "@jules/core"
import { ModelScripts, Scenario, SmsOutbox } from "@jules/testkit"
import { DateTime, Duration, Effect } from "effect"
import { TestClock } from "effect/testing"

const copy = makeCopy({ brandName: "Jules", supportContact: "support@example.com" })
// No waiting between the turn's own attempts, so the clock only moves when a test moves it.
const layer = Scenario.layer({ settings: { sendBackoff: Duration.zero } })
const down = (times: number) =>
  Effect.flatMap(Effect.service(SmsOutbox), (sms) => sms.failNext(new SmsProviderUnavailable({ message: "503" }), times))

/** What the outbox loop does when it wakes up: a pass for everyone with a text due. */
const outboxLoopRuns = Effect.gen(function*() {
  const messages = yield* MessageStore
  const outbox = yield* Outbox
  const due = yield* messages.dueOutbound(yield* DateTime.now, 1000)
  return yield* Effect.forEach(due, (userId) => outbox.deliver(userId))
})

const pendingOf = (userId: UserId) => Effect.flatMap(Effect.service(MessageStore), (m) => m.pendingOutbound(userId))

describe("outbox", () => {
  it.effect("a carrier outage longer than the turn's attempts: every text arrives once, in order, after it ends", () =>
    Effect.gen(function*() {
      const sms = yield* SmsOutbox
      const alex = yield* Scenario.person()
      yield* down(3)
      const exchange = yield* alex.texts("I'm going to kill myself tonight, I have the pills ready")
      assert.strictEqual(exchange.outcome, "crisis_referral")
      assert.deepStrictEqual(exchange.sent, [])
      const user = yield* alex.user
      assert.deepStrictEqual((yield* pendingOf(user.id)).map((m) => m.kind), ["crisis_resources", "ai_notice"])

      // Down for another 40 minutes: every retry fails, nothing goes out, nothing is lost.
      yield* down(1_000_000)
      for (let minute = 0; minute < 40; minute++) {
        yield* TestClock.adjust("1 minute")
        yield* outboxLoopRuns
      }
      assert.deepStrictEqual(yield* sms.sent, [])
      assert.isAtLeast((yield* sms.failed).length, 10)
      assert.strictEqual((yield* pendingOf(user.id)).length, 2)
      yield* sms.clear // the carrier is back
      yield* TestClock.adjust("10 minutes")
      yield* outboxLoopRuns
      yield* outboxLoopRuns
      const sent = yield* sms.sent
      assert.deepStrictEqual(sent.map((s) => s.messageId), [`${exchange.turn!.id}.0`, `${exchange.turn!.id}.1`])
      assert.include(sent[0]!.body, "988") // crisis resources go out unchanged, however late
      assert.strictEqual(sent[0]!.body, copy.crisisMessage("suicide"))
      assert.deepStrictEqual(yield* pendingOf(user.id), [])
    }).pipe(Effect.provide(layer)))

  it.effect("a later text never overtakes an earlier one; a new text from the person tries again at once", () =>
    Effect.gen(function*() {
      const sms = yield* SmsOutbox
      const alex = yield* Scenario.person()
      yield* down(3)
      const first = yield* alex.texts("hello")
      assert.deepStrictEqual(first.sent, [])
      // Not due yet: the outbox waits, and the texts behind wait with it.
      yield* outboxLoopRuns
      assert.deepStrictEqual(yield* sms.sent, [])
      const second = yield* alex.texts("are you there?")
      // The second turn planned an AI notice too (none had gone out); the first one's made it redundant.
      assert.deepStrictEqual(second.sent.map((m) => m.turnId), [first.turn!.id, first.turn!.id, second.turn!.id])
      assert.deepStrictEqual((yield* sms.sent).map((s) => s.messageId), [
        `${first.turn!.id}.0`,
        `${first.turn!.id}.1`,
        `${second.turn!.id}.1`
      ])
      const skipped = yield* (yield* MessageStore).outboundForTurn(second.turn!.id)
      assert.deepStrictEqual(skipped.map((m) => [m.kind, m.status]), [["ai_notice", "skipped"], ["reply", "sent"]])
    }).pipe(Effect.provide(layer)))

  it.effect("one person's texts waiting for the carrier do not hold up anyone else's", () =>
    Effect.gen(function*() {
      const alex = yield* Scenario.person()
      const sam = yield* Scenario.person()
      yield* down(3)
      assert.deepStrictEqual((yield* alex.texts("hello")).sent, [])
      assert.deepStrictEqual((yield* sam.texts("hello")).kinds, ["ai_notice", "reply"])
    }).pipe(Effect.provide(layer)))

  it.effect("a 429 with Retry-After is not retried sooner than the carrier asked", () =>
    Effect.gen(function*() {
      const sms = yield* SmsOutbox
      yield* sms.failNext(new SmsRateLimited({ message: "429", code: "20429", retryAfterMs: 120_000 }))
      const alex = yield* Scenario.person()
      assert.deepStrictEqual((yield* alex.texts("hello")).sent, [])
      assert.strictEqual((yield* sms.failed).length, 1) // no quick retries inside the turn
      const [head] = yield* pendingOf((yield* alex.user).id)
      const wait = DateTime.distance(yield* DateTime.now, head!.nextAttemptAt!)
      assert.isAtLeast(Duration.toMillis(wait), 120_000)
      yield* TestClock.adjust("119 seconds")
      yield* outboxLoopRuns
      assert.deepStrictEqual(yield* sms.sent, [])
      yield* TestClock.adjust("2 seconds")
      yield* outboxLoopRuns
      assert.strictEqual((yield* sms.sent).length, 2)
    }).pipe(Effect.provide(layer)))

  it.effect("a reply that waited past the freshness limit opens with a note that it is late", () =>
    Effect.gen(function*() {
      const sms = yield* SmsOutbox
      const scripts = yield* ModelScripts
      yield* scripts.reply("primary", "Glad you wrote. How was the interview?")
      const alex = yield* Scenario.person()
      yield* down(3)
      yield* alex.texts("hey")
      yield* TestClock.adjust("15 minutes")
      yield* outboxLoopRuns
      const bodies = (yield* sms.sent).map((s) => s.body)
      assert.deepStrictEqual(bodies, [copy.aiNotice, `${copy.lateNote}\n\nGlad you wrote. How was the interview?`])
    }).pipe(Effect.provide(layer)))

  it.effect("the AI notice rule holds for what goes out, not for when it was planned", () =>
    Effect.gen(function*() {
      const sms = yield* SmsOutbox
      const alex = yield* Scenario.person()
      assert.deepStrictEqual((yield* alex.texts("hi")).kinds, ["ai_notice", "reply"])
      yield* TestClock.adjust("2 hours")
      yield* TestClock.adjust("55 minutes")
      yield* down(3)
      const late = yield* alex.texts("still up?")
      assert.deepStrictEqual(late.sent, []) // planned without a notice: one went out 2 h 55 min ago
      yield* sms.clear
      yield* TestClock.adjust("20 minutes")
      yield* outboxLoopRuns
      const [reply] = yield* sms.sent
      assert.isTrue(reply!.body.startsWith(copy.aiNotice))
      const last = yield* Effect.map((yield* DisclosureLog).lastSent((yield* alex.user).id), (last) => last.ai_notice)
      assert.isTrue(last._tag === "Some" && DateTime.Equivalence(last.value, yield* DateTime.now))
    }).pipe(Effect.provide(layer)))

  it.effect("a notice owed by a reply too long to carry it goes out just before it", () =>
    Effect.gen(function*() {
      const sms = yield* SmsOutbox
      const scripts = yield* ModelScripts
      const alex = yield* Scenario.person()
      yield* alex.texts("hi")
      yield* TestClock.adjust("2 hours")
      yield* TestClock.adjust("59 minutes")
      const long = "That sounds like a lot to carry. ".repeat(5).trim()
      yield* scripts.reply("primary", long)
      yield* down(3)
      yield* alex.texts("rough day")
      yield* sms.clear
      yield* TestClock.adjust("5 minutes")
      yield* outboxLoopRuns
      assert.deepStrictEqual((yield* sms.sent).map((s) => s.body), [copy.aiNotice, long])
    }).pipe(Effect.provide(Scenario.layer({ settings: { sendBackoff: Duration.zero }, testLayers: { sms: { maxBodyLength: 200 } } }))))

  it.effect("still pending after OUTBOX_MAX_AGE, a text becomes a dead letter; an operator can send it again", () =>
    Effect.gen(function*() {
      const sms = yield* SmsOutbox
      const letters = yield* DeadLetters
      const outbox = yield* Outbox
      const alex = yield* Scenario.person()
      yield* down(1_000_000)
      const exchange = yield* alex.texts("hello")
      const userId = (yield* alex.user).id
      for (let hour = 0; hour < 25; hour++) {
        yield* TestClock.adjust("1 hour")
        yield* outboxLoopRuns
      }
      yield* sms.clear // the carrier is back, too late
      yield* outboxLoopRuns
      assert.deepStrictEqual(yield* sms.sent, [])
      assert.deepStrictEqual(yield* pendingOf(userId), [])
      const dead = yield* letters.list({ userId, limit: 10 })
      assert.deepStrictEqual(dead.map((l) => [l.kind, l.reason]), [["ai_notice", "expired"], ["reply", "expired"]].reverse())
      const statuses = (yield* (yield* MessageStore).outboundForTurn(exchange.turn!.id)).map((m) => m.status)
      assert.deepStrictEqual(statuses, ["expired", "expired"])

      const reply = dead.find((l) => l.kind === "reply")!
      assert.isTrue(yield* outbox.retryDeadLetter(reply.id))
      assert.isFalse(yield* outbox.retryDeadLetter(reply.id))
      yield* outboxLoopRuns
      assert.deepStrictEqual((yield* sms.sent).map((s) => s.messageId), [reply.id])
      assert.strictEqual((yield* letters.list({ userId, limit: 10 })).length, 1)
    }).pipe(Effect.provide(layer)))

  it.effect("a permanent refusal dead-letters that text at once; the texts behind it still go", () =>
    Effect.gen(function*() {
      const sms = yield* SmsOutbox
      yield* sms.failNext(new InvalidRecipient({ message: "not a mobile number", code: "21614" }))
      const alex = yield* Scenario.person()
      const exchange = yield* alex.texts("hello")
      assert.deepStrictEqual(exchange.kinds, ["reply"])
      const dead = yield* (yield* DeadLetters).list({ userId: (yield* alex.user).id, limit: 10 })
      assert.deepStrictEqual(dead.map((l) => [l.kind, l.reason, l.errorCode]), [["ai_notice", "invalid_recipient", "21614"]])
    }).pipe(Effect.provide(layer)))

  it.effect("texts still pending when the person opts out are never sent; the confirmation is", () =>
    Effect.gen(function*() {
      const sms = yield* SmsOutbox
      const alex = yield* Scenario.person()
      yield* down(3)
      yield* alex.texts("hello")
      const stop = yield* alex.texts("STOP")
      assert.deepStrictEqual(stop.kinds, ["opt_out_confirmation"])
      assert.deepStrictEqual((yield* sms.sent).map((s) => s.body), [stop.bodies[0]])
      const dead = yield* (yield* DeadLetters).list({ userId: (yield* alex.user).id, limit: 10 })
      assert.deepStrictEqual(dead.map((l) => l.reason), ["opted_out", "opted_out"])
    }).pipe(Effect.provide(layer)))

  it.effect("a carrier opt-out ends every pending text of the person", () =>
    Effect.gen(function*() {
      const sms = yield* SmsOutbox
      yield* sms.failNext(new RecipientOptedOut({ message: "unsubscribed", code: "21610" }))
      const alex = yield* Scenario.person()
      assert.deepStrictEqual((yield* alex.texts("hello")).sent, [])
      const user = yield* alex.user
      assert.strictEqual(user.consent, "opted_out")
      assert.deepStrictEqual(yield* pendingOf(user.id), [])
      const dead = yield* (yield* DeadLetters).list({ userId: user.id, limit: 10 })
      assert.deepStrictEqual(dead.map((l) => l.reason).sort(), ["opted_out", "opted_out"])
    }).pipe(Effect.provide(layer)))

  it.effect("a referral counts for the annual report when the carrier takes it, not when it is planned", () =>
    Effect.gen(function*() {
      const sms = yield* SmsOutbox
      const log = yield* CrisisEventLog
      const year = DateTime.getPartUtc(yield* DateTime.now, "year")
      const before = yield* log.referralCount(year)
      const alex = yield* Scenario.person()
      yield* down(1_000_000)
      const exchange = yield* alex.texts("I'm going to kill myself tonight, I have the pills ready")
      assert.strictEqual(exchange.outcome, "crisis_referral")
      assert.strictEqual(yield* log.referralCount(year), before)
      const [event] = yield* log.list({ userId: (yield* alex.user).id, limit: 1 })
      assert.isTrue(event!.referred)
      assert.isUndefined(event!.referralSentAt)
      yield* sms.clear
      yield* TestClock.adjust("1 minute")
      yield* outboxLoopRuns
      yield* outboxLoopRuns
      assert.strictEqual((yield* log.referralCount(year)) - before, 1)
      const [sent] = yield* log.list({ userId: (yield* alex.user).id, limit: 1 })
      assert.isDefined(sent!.referralSentAt)
    }).pipe(Effect.provide(layer)))

  it.effect("a concern reply carries the resources, and counts as a referral once sent", () =>
    Effect.gen(function*() {
      const log = yield* CrisisEventLog
      const year = DateTime.getPartUtc(yield* DateTime.now, "year")
      const before = yield* log.referralCount(year)
      const alex = yield* Scenario.person()
      const exchange = yield* alex.texts("i've been thinking about ending my life lately")
      assert.strictEqual(exchange.turn!.crisisSeverity, "concern")
      const reply = exchange.sent.find((m) => m.kind === "reply")!
      assert.isTrue(reply.carriesReferral)
      assert.strictEqual((yield* log.referralCount(year)) - before, 1)
    }).pipe(Effect.provide(layer)))
})
