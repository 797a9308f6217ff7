import { assert, describe, it } from "@effect/vitest"
import {
  ConversationTurns,
  makeCopy,
  ReceiveText,
  RecipientOptedOut,
  SmsProviderUnavailable,
  SmsSegments,
  UserStore
} from "@jules/core"
import { ModelScripts, Scenario, SmsOutbox } from "@jules/testkit"
import { Duration, Effect, Option } from "effect"
import { TestClock } from "effect/testing"

const copy = makeCopy({ brandName: "Jules", supportContact: "support@example.com" })

describe("a first conversation", () => {
  it.effect("the first text gets the AI notice, then the model's reply", () =>
    Effect.gen(function*() {
      const scripts = yield* ModelScripts
      yield* scripts.reply("primary", "Hi! I'm glad you texted. How's your evening going?")
      const alex = yield* Scenario.person()
      const exchange = yield* alex.texts("hey, is anyone there?")
      assert.strictEqual(exchange.outcome, "replied")
      assert.deepStrictEqual(exchange.kinds, ["ai_notice", "reply"])
      assert.strictEqual(exchange.bodies[0], copy.aiNotice)
      assert.strictEqual(exchange.bodies[1], "Hi! I'm glad you texted. How's your evening going?")
      assert.strictEqual(exchange.turn?.provider, "primary")
    }).pipe(Effect.provide(Scenario.layer())))

  it.effect("the AI notice comes again after three hours of silence, not after two", () =>
    Effect.gen(function*() {
      const alex = yield* Scenario.person()
      assert.deepStrictEqual((yield* alex.texts("morning")).kinds, ["ai_notice", "reply"])
      yield* TestClock.adjust("2 hours")
      assert.deepStrictEqual((yield* alex.texts("still there?")).kinds, ["reply"])
      yield* TestClock.adjust("1 hour")
      assert.deepStrictEqual((yield* alex.texts("back again")).kinds, ["ai_notice", "reply"])
    }).pipe(Effect.provide(Scenario.layer())))

  it.effect("asked whether it is human, Jules always says it is an AI", () =>
    Effect.gen(function*() {
      const scripts = yield* ModelScripts
      yield* scripts.reply("primary", "What do you think? :)")
      const alex = yield* Scenario.person()
      const exchange = yield* alex.texts("wait are you a real person??")
      assert.isTrue(exchange.bodies.at(-1)!.startsWith(copy.aiStatement))
    }).pipe(Effect.provide(Scenario.layer())))

  it.effect("the model sees the conversation so far, not the new text twice", () =>
    Effect.gen(function*() {
      const scripts = yield* ModelScripts
      const alex = yield* Scenario.person()
      yield* alex.texts("my dog is called Rex")
      yield* alex.texts("he's sick today")
      const requests = yield* scripts.requests("primary")
      const last = requests.at(-1)!.request
      const userTexts = last.messages.filter((m) => m.role === "user").map((m) => m.content)
      assert.deepStrictEqual(userTexts, ["my dog is called Rex", "he's sick today"])
      assert.strictEqual(last.messages.at(-1)!.content, "he's sick today")
    }).pipe(Effect.provide(Scenario.layer())))

  it.effect("texts arriving together are answered as one turn", () =>
    Effect.gen(function*() {
      const scripts = yield* ModelScripts
      const alex = yield* Scenario.person()
      const exchange = yield* alex.texts("so", "I have news", "I got the job!!")
      assert.deepStrictEqual(exchange.kinds, ["ai_notice", "reply"])
      assert.strictEqual(yield* scripts.calls("primary"), 1)
      const request = (yield* scripts.requests("primary"))[0]!.request
      assert.strictEqual(request.messages.at(-1)!.content, "so\nI have news\nI got the job!!")
    }).pipe(Effect.provide(Scenario.layer())))
})

describe("replies fit SMS", () => {
  it.effect("a long GSM-7 reply is cut into 153-septet segments without breaking an escape pair", () =>
    Effect.gen(function*() {
      const scripts = yield* ModelScripts
      // 152 plain characters then a euro sign: the escape pair cannot straddle the first segment boundary.
      const reply = `${"a".repeat(152)}€ and ${"then some more words ".repeat(8)}`.trim()
      yield* scripts.reply("primary", reply)
      const alex = yield* Scenario.person()
      const exchange = yield* alex.texts("tell me a long story")
      const sent = exchange.sent.at(-1)!
      assert.strictEqual(sent.encoding, "GSM-7")
      assert.strictEqual(sent.body, reply)
      const segments = SmsSegments.split(sent.body)
      assert.strictEqual(sent.segments, segments.length)
      assert.strictEqual(segments[0], "a".repeat(152))
      assert.isTrue(segments[1]!.startsWith("€"))
    }).pipe(Effect.provide(Scenario.layer())))

  it.effect("typographic quotes are made plain so a reply stays GSM-7", () =>
    Effect.gen(function*() {
      const scripts = yield* ModelScripts
      yield* scripts.reply("primary", "That’s “great” news — really…")
      const alex = yield* Scenario.person()
      const sent = (yield* alex.texts("I passed!")).sent.at(-1)!
      assert.strictEqual(sent.body, "That's \"great\" news - really...")
      assert.strictEqual(sent.encoding, "GSM-7")
    }).pipe(Effect.provide(Scenario.layer())))

  it.effect("a reply with emoji goes as UCS-2 and is counted in 67-unit segments", () =>
    Effect.gen(function*() {
      const scripts = yield* ModelScripts
      const reply = `That’s wonderful 🎉 ${"so happy for you ".repeat(5)}`.trim()
      yield* scripts.reply("primary", reply)
      const alex = yield* Scenario.person()
      const sent = (yield* alex.texts("I got engaged")).sent.at(-1)!
      assert.strictEqual(sent.encoding, "UCS-2")
      assert.strictEqual(sent.body, reply) // not made GSM-friendly: it would not save a segment
      assert.strictEqual(sent.segments, 2)
    }).pipe(Effect.provide(Scenario.layer())))

  it.effect("a reply longer than the tier allows is shortened at a word boundary", () =>
    Effect.gen(function*() {
      const scripts = yield* ModelScripts
      yield* scripts.reply("primary", "word ".repeat(400).trim())
      const alex = yield* Scenario.person()
      const sent = (yield* alex.texts("talk to me")).sent.at(-1)!
      assert.strictEqual(sent.segments, 3) // the free tier's limit
      assert.isTrue(sent.body.endsWith("word..."))
    }).pipe(Effect.provide(Scenario.layer())))
})

describe("turns run at least once", () => {
  // No waiting between send attempts, so tests need not move the clock.
  const layer = Scenario.layer({ settings: { sendBackoff: Duration.zero } })

  it.effect("running a finished turn again sends nothing", () =>
    Effect.gen(function*() {
      const alex = yield* Scenario.person()
      const first = yield* alex.texts("hello")
      const again = yield* (yield* ConversationTurns).run({ userId: first.turn!.userId, messageIds: [first.turn!.inboundIds[0]!] })
      assert.deepStrictEqual(Option.map(again, (r) => r.sent.length), Option.some(0))
      assert.strictEqual((yield* (yield* SmsOutbox).sent).length, 2)
    }).pipe(Effect.provide(layer)))

  it.effect("a carrier outage leaves the texts pending; running the turn again sends them without asking the model again", () =>
    Effect.gen(function*() {
      const outbox = yield* SmsOutbox
      const scripts = yield* ModelScripts
      const turns = yield* ConversationTurns
      const receive = yield* ReceiveText
      const alex = yield* Scenario.person()
      const inbound = yield* receive.receive({ from: alex.phone, body: "hello" })
      const request = { userId: inbound.userId, messageIds: [inbound.id] } as const
      // Every one of the three attempts fails: the texts stay in the outbox.
      yield* outbox.failNext(new SmsProviderUnavailable({ message: "503" }), 3)
      const first = yield* turns.run(request)
      assert.deepStrictEqual(Option.map(first, (r) => [r.turn.outcome, r.sent.length]), Option.some(["replied", 0]))
      assert.deepStrictEqual(yield* outbox.sent, [])
      const again = yield* turns.run(request)
      assert.deepStrictEqual(Option.map(again, (r) => r.sent.map((m) => m.kind)), Option.some(["ai_notice", "reply"]))
      assert.strictEqual(yield* scripts.calls("primary"), 1)
      const third = yield* turns.run(request)
      assert.deepStrictEqual(Option.map(third, (r) => r.sent.length), Option.some(0))
      assert.strictEqual((yield* outbox.sent).length, 2)
    }).pipe(Effect.provide(layer)))

  it.effect("a transient failure is retried within the turn", () =>
    Effect.gen(function*() {
      const outbox = yield* SmsOutbox
      yield* outbox.failNext(new SmsProviderUnavailable({ message: "503" }), 2)
      const alex = yield* Scenario.person()
      const exchange = yield* alex.texts("hello")
      assert.deepStrictEqual(exchange.kinds, ["ai_notice", "reply"])
      assert.strictEqual((yield* outbox.failed).length, 2)
    }).pipe(Effect.provide(layer)))

  it.effect("a carrier opt-out (Twilio 21610) records the opt-out and sends nothing more", () =>
    Effect.gen(function*() {
      const outbox = yield* SmsOutbox
      yield* outbox.failNext(new RecipientOptedOut({ message: "unsubscribed recipient", code: "21610" }))
      const alex = yield* Scenario.person()
      const exchange = yield* alex.texts("hello")
      assert.deepStrictEqual(exchange.sent, [])
      const user = yield* alex.user
      assert.strictEqual(user.consent, "opted_out")
      const history = yield* (yield* UserStore).consentHistory(user.id)
      assert.deepStrictEqual(history.map((c) => [c.state, c.source]), [["opted_out", "carrier"]])
      assert.strictEqual((yield* alex.texts("are you there?")).outcome, "ignored_opted_out")
      assert.deepStrictEqual(yield* outbox.sent, [])
    }).pipe(Effect.provide(layer)))
})
