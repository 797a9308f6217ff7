/**
 * Acceptance 3 and 6: the server end to end over real HTTP, with the testkit's
 * fake Twilio and Bandwidth REST servers and a fake Anthropic that echoes which
 * text it answers. Runs on PostgreSQL (`TEST_DATABASE_URL`, skipped when unset)
 * and on embedded PGlite.
 *
 * Every phone number and text the tests use is remembered, and the last test
 * searches every log line of both servers for them.
 */
import { assert, describe, layer } from "@effect/vitest"
import type { MessageId, PhoneNumber, UserId } from "@jules/core"
import { defaultSettings, makeCopy, MessageStore, UserStore } from "@jules/core"
import { FakeBandwidthServer, FakeTwilioServer } from "@jules/testkit"
import { Context, Effect, Layer, Option } from "effect"
import { inboundMessageId } from "../src/index.ts"
import type { DatabaseKind } from "./support/Databases.ts"
import { databaseEnv, postgresUrl } from "./support/Databases.ts"
import * as EchoModel from "./support/EchoModel.ts"
import * as P from "./support/Providers.ts"
import type { TestServer } from "./support/TestServer.ts"
import { answeredBy, eventually, start, userByPhone } from "./support/TestServer.ts"

const copy = makeCopy(defaultSettings)
const BURST_WINDOW_MS = 300

class World extends Context.Service<World, {
  readonly twilio: TestServer
  readonly bandwidth: TestServer
  readonly fakeTwilio: FakeTwilioServer.FakeTwilioServer
  readonly fakeBandwidth: FakeBandwidthServer.FakeBandwidthServer
  /** Every number and text the tests sent, for the log check. */
  readonly secrets: Array<string>
}>()("test/EndToEnd/World") {}

const world = (kind: DatabaseKind) =>
  Layer.effect(
    World,
    Effect.gen(function*() {
      const fakeTwilio = yield* FakeTwilioServer.make()
      const fakeBandwidth = yield* FakeBandwidthServer.make()
      const model = yield* EchoModel.make
      const common = { ...model.env, BURST_WINDOW_MS: String(BURST_WINDOW_MS) }
      const [twilio, bandwidth] = yield* Effect.all([
        Effect.flatMap(databaseEnv(kind), (db) => start({ ...db, ...common, ...P.twilioEnv(fakeTwilio) })),
        Effect.flatMap(databaseEnv(kind), (db) => start({ ...db, ...common, ...P.bandwidthEnv(fakeBandwidth) }))
      ], { concurrency: 2 })
      return { twilio, bandwidth, fakeTwilio, fakeBandwidth, secrets: [] }
    })
  )

let numbers = 0
/** A fictional 555 number, unique to this run. */
const newPhone = Effect.gen(function*() {
  const { secrets } = yield* World
  const phone = `+1555${String((process.pid * 7919 + ++numbers * 104729) % 10_000_000).padStart(7, "0")}` as PhoneNumber
  secrets.push(phone)
  return phone
})

const remember = (text: string) => Effect.map(Effect.service(World), ({ secrets }) => void secrets.push(text))

/** A person texts Jules on Twilio; returns Jules's id for the text. */
const textOnTwilio = (phone: PhoneNumber, body: string, sid = P.messageSid()) =>
  Effect.gen(function*() {
    const { fakeTwilio, twilio } = yield* World
    yield* remember(body)
    const response = yield* P.postTwilio(twilio.url, "/webhooks/twilio/sms", P.inboundParams({ sid, from: phone, body }), {
      authToken: fakeTwilio.authToken
    })
    assert.strictEqual(response.status, 200)
    return inboundMessageId("twilio", sid)
  })

const textOnBandwidth = (phone: PhoneNumber, text: string, id = P.bandwidthMessageId()) =>
  Effect.gen(function*() {
    const { bandwidth } = yield* World
    yield* remember(text)
    const response = yield* P.postBandwidth(bandwidth.url, [P.bandwidthInbound({ id, from: phone, text })])
    assert.strictEqual(response.status, 200)
    return inboundMessageId("bandwidth", id)
  })

/** Waits until the text is answered by a recorded turn; returns the turn. */
const answered = (server: TestServer, phone: PhoneNumber, messageId: MessageId) =>
  server.use(eventually(Effect.gen(function*() {
    const user = yield* userByPhone(phone)
    if (Option.isNone(user)) return Option.none()
    return yield* answeredBy(user.value.id, messageId)
  })))

const twilioSentTo = (phone: string) => Effect.map(Effect.service(World), ({ fakeTwilio }) => fakeTwilio.sent.filter((m) => m.to === phone))
const bandwidthSentTo = (phone: string) =>
  Effect.map(Effect.service(World), ({ fakeBandwidth }) => fakeBandwidth.sent.filter((m) => m.to.includes(phone)))

/** Waits until at least `count` texts went to `phone`. */
const awaitSent = <A>(sentTo: (phone: string) => Effect.Effect<ReadonlyArray<A>, never, World>, phone: string, count: number) =>
  eventually(Effect.map(sentTo(phone), (sent) => sent.length >= count ? Option.some(sent) : Option.none()))

/** Lets anything still in flight land before counting (the burst window, a few times over). */
const settle = Effect.sleep(`${BURST_WINDOW_MS * 4} millis`)

const databases: ReadonlyArray<{ readonly kind: DatabaseKind; readonly skip: boolean }> = [
  { kind: "postgres", skip: postgresUrl === undefined },
  { kind: "pglite", skip: false }
]

for (const { kind, skip } of databases) {
  describe.skipIf(skip)(`end to end on ${kind === "postgres" ? "PostgreSQL" : "embedded PGlite"}`, () => {
    layer(world(kind), { excludeTestServices: true, timeout: "120 seconds" })((it) => {
      it.effect("a first text gets the AI notice, then the model's reply (Twilio and Bandwidth)", () =>
        Effect.gen(function*() {
          const alex = yield* newPhone
          yield* textOnTwilio(alex, "hi, who is this? #first")
          const onTwilio = yield* awaitSent(twilioSentTo, alex, 2)
          assert.deepStrictEqual(onTwilio.map((m) => m.body), [copy.aiNotice, "Got it (#first)."])
          assert.strictEqual(onTwilio[0]!.from, P.JULES_NUMBER)
          assert.strictEqual(onTwilio[0]!.statusCallback, `${P.PUBLIC_BASE_URL}/webhooks/twilio/status`)

          const sam = yield* newPhone
          yield* textOnBandwidth(sam, "hello? #hello")
          const onBandwidth = yield* awaitSent(bandwidthSentTo, sam, 2)
          assert.deepStrictEqual(onBandwidth.map((m) => m.text), [copy.aiNotice, "Got it (#hello)."])
        }))

      it.effect("the same webhook delivered 5 times at once gets one reply (Twilio and Bandwidth)", () =>
        Effect.gen(function*() {
          const { bandwidth, fakeTwilio, twilio } = yield* World
          const alex = yield* newPhone
          const sid = P.messageSid()
          const params = P.inboundParams({ sid, from: alex, body: "just once please #once" })
          yield* remember("just once please #once")
          const responses = yield* Effect.all(
            Array.from({ length: 5 }, () =>
              P.postTwilio(twilio.url, "/webhooks/twilio/sms", params, { authToken: fakeTwilio.authToken })),
            { concurrency: "unbounded" }
          )
          assert.deepStrictEqual(responses.map((r) => r.status), [200, 200, 200, 200, 200])
          yield* answered(twilio, alex, inboundMessageId("twilio", sid))
          yield* awaitSent(twilioSentTo, alex, 2)
          // A late retry, long after the reply, changes nothing either.
          yield* P.postTwilio(twilio.url, "/webhooks/twilio/sms", params, { authToken: fakeTwilio.authToken })
          yield* settle
          assert.strictEqual((yield* twilioSentTo(alex)).length, 2)
          const user = Option.getOrThrow(yield* twilio.use(userByPhone(alex)))
          const stored = yield* twilio.use(Effect.flatMap(Effect.service(MessageStore), (m) => m.exportUser(user.id)))
          assert.strictEqual(stored.inbound.length, 1)
          assert.strictEqual(stored.turns.length, 1)

          const sam = yield* newPhone
          const id = P.bandwidthMessageId()
          const events = [P.bandwidthInbound({ id, from: sam, text: "only one answer #bw" })]
          yield* remember("only one answer #bw")
          const bwResponses = yield* Effect.all(
            Array.from({ length: 5 }, () => P.postBandwidth(bandwidth.url, events)),
            { concurrency: "unbounded" }
          )
          assert.deepStrictEqual(bwResponses.map((r) => r.status), [200, 200, 200, 200, 200])
          yield* answered(bandwidth, sam, inboundMessageId("bandwidth", id))
          yield* awaitSent(bandwidthSentTo, sam, 2)
          yield* settle
          assert.strictEqual((yield* bandwidthSentTo(sam)).length, 2)
        }))

      it.effect("STOP on Bandwidth: one confirmation, then silence", () =>
        Effect.gen(function*() {
          const { bandwidth } = yield* World
          const alex = yield* newPhone
          yield* answered(bandwidth, alex, yield* textOnBandwidth(alex, "hey #a"))
          yield* awaitSent(bandwidthSentTo, alex, 2)

          yield* answered(bandwidth, alex, yield* textOnBandwidth(alex, "STOP"))
          const afterStop = yield* awaitSent(bandwidthSentTo, alex, 3)
          assert.strictEqual(afterStop[2]!.text, copy.optOutConfirmation)

          const ignored = yield* answered(bandwidth, alex, yield* textOnBandwidth(alex, "are you still there? #b"))
          assert.strictEqual(ignored.outcome, "ignored_opted_out")
          yield* answered(bandwidth, alex, yield* textOnBandwidth(alex, "stop"))
          yield* settle
          assert.strictEqual((yield* bandwidthSentTo(alex)).length, 3)
          const user = Option.getOrThrow(yield* bandwidth.use(userByPhone(alex)))
          assert.strictEqual(user.consent, "opted_out")
        }))

      it.effect("STOP on Twilio: recorded, but Twilio's own auto-reply is the confirmation; then silence", () =>
        Effect.gen(function*() {
          const { twilio } = yield* World
          const alex = yield* newPhone
          yield* answered(twilio, alex, yield* textOnTwilio(alex, "hello #c"))
          yield* awaitSent(twilioSentTo, alex, 2)

          const stop = yield* answered(twilio, alex, yield* textOnTwilio(alex, "Stop"))
          assert.strictEqual(stop.outcome, "opted_out")
          const ignored = yield* answered(twilio, alex, yield* textOnTwilio(alex, "hello?? #d"))
          assert.strictEqual(ignored.outcome, "ignored_opted_out")
          yield* settle
          assert.strictEqual((yield* twilioSentTo(alex)).length, 2)
          const user = Option.getOrThrow(yield* twilio.use(userByPhone(alex)))
          assert.strictEqual(user.consent, "opted_out")
          const history = yield* twilio.use(Effect.flatMap(Effect.service(UserStore), (u) => u.consentHistory(user.id)))
          assert.deepStrictEqual(history.map((c) => [c.state, c.source]), [["opted_out", "keyword"]])
        }))

      it.effect("20 people texting 5 times each, all at once: each gets replies in the order of their texts", () =>
        Effect.gen(function*() {
          const { twilio } = yield* World
          const people = yield* Effect.forEach(Array.from({ length: 20 }, (_, i) => i), () => newPhone)
          const sent = yield* Effect.forEach(
            people,
            (phone, person) =>
              Effect.forEach(
                Array.from({ length: 5 }, (_, text) => text),
                (text) =>
                  // Spaced beyond the burst window, so most texts get a turn of their own.
                  Effect.andThen(
                    text === 0 ? Effect.void : Effect.sleep(`${BURST_WINDOW_MS + 150} millis`),
                    textOnTwilio(phone, `message #u${person}m${text}`)
                  )
              ),
            { concurrency: "unbounded" }
          )
          yield* Effect.forEach(people, (phone, person) => answered(twilio, phone, sent[person]![4]!), {
            concurrency: 5
          })

          for (const [person, phone] of people.entries()) {
            const user = Option.getOrThrow(yield* twilio.use(userByPhone(phone)))
            const exported = yield* twilio.use(
              Effect.flatMap(Effect.service(MessageStore), (m) => m.exportUser(user.id as UserId))
            )
            // Every text answered by exactly one turn.
            const answeredIds = exported.turns.flatMap((turn) => turn.inboundIds)
            assert.deepStrictEqual([...answeredIds].sort(), [...sent[person]!].sort(), `person ${person}`)
            const replies = (yield* awaitSent(twilioSentTo, phone, exported.turns.length + 1)).slice(1)
            const tags = replies.map((m) => EchoModel.replyTag(m.body))
            const order = tags.map((tag) => Number(/m(\d)$/.exec(tag ?? "")?.[1]))
            assert.strictEqual(replies.length, exported.turns.length, `person ${person}: one reply per turn`)
            assert.deepStrictEqual(order, [...order].sort((a, b) => a - b), `person ${person}: ${tags.join(" ")}`)
            assert.strictEqual(new Set(order).size, order.length, `person ${person}: ${tags.join(" ")}`)
            assert.strictEqual(order.at(-1), 4, `person ${person}: the last reply answers the last text`)
          }
        }))

      it.effect("texts within the burst window are answered by one turn", () =>
        Effect.gen(function*() {
          const { bandwidth } = yield* World
          const alex = yield* newPhone
          const ids = [P.bandwidthMessageId(), P.bandwidthMessageId(), P.bandwidthMessageId()]
          const texts = ["so", "I was thinking", "about tomorrow #burst"]
          for (const text of texts) yield* remember(text)
          const response = yield* P.postBandwidth(
            bandwidth.url,
            ids.map((id, i) => P.bandwidthInbound({ id, from: alex, text: texts[i]! }))
          )
          assert.strictEqual(response.status, 200)
          const turn = yield* answered(bandwidth, alex, inboundMessageId("bandwidth", ids[2]!))
          assert.deepStrictEqual(turn.inboundIds, ids.map((id) => inboundMessageId("bandwidth", id)))
          const sent = yield* awaitSent(bandwidthSentTo, alex, 2)
          assert.deepStrictEqual(sent.map((m) => m.text), [copy.aiNotice, "Got it (#burst)."])
        }))

      it.effect("delivery callbacks move statuses forward; a carrier opt-out (21610, 4775) silences Jules", () =>
        Effect.gen(function*() {
          const { bandwidth, fakeTwilio, twilio } = yield* World
          const alex = yield* newPhone
          const first = yield* textOnTwilio(alex, "hi #e")
          yield* answered(twilio, alex, first)
          const [notice, reply] = yield* awaitSent(twilioSentTo, alex, 2)
          const status = (sid: string, MessageStatus: string, ErrorCode?: string) =>
            P.postTwilio(
              twilio.url,
              "/webhooks/twilio/status",
              {
                MessageSid: sid,
                SmsSid: sid,
                MessageStatus,
                SmsStatus: MessageStatus,
                AccountSid: fakeTwilio.accountSid,
                From: P.JULES_NUMBER,
                To: alex,
                ApiVersion: "2010-04-01",
                ...(ErrorCode === undefined ? {} : { ErrorCode })
              },
              { authToken: fakeTwilio.authToken }
            )
          // Out of order and repeated: delivered, then a late "sent", then delivered again.
          for (const s of ["delivered", "sent", "delivered"]) assert.strictEqual((yield* status(notice!.sid, s)).status, 200)
          const outbound = yield* twilio.use(Effect.flatMap(Effect.service(MessageStore), (m) => m.outboundForTurn(first as never)))
          assert.deepStrictEqual(outbound.map((m) => m.status), ["delivered", "sent"])

          assert.strictEqual((yield* status(reply!.sid, "undelivered", "21610")).status, 200)
          const user = Option.getOrThrow(yield* twilio.use(userByPhone(alex)))
          assert.strictEqual(user.consent, "opted_out")
          const later = yield* answered(twilio, alex, yield* textOnTwilio(alex, "hello? #f"))
          assert.strictEqual(later.outcome, "ignored_opted_out")

          const sam = yield* newPhone
          yield* answered(bandwidth, sam, yield* textOnBandwidth(sam, "hi #g"))
          const [, bwReply] = yield* awaitSent(bandwidthSentTo, sam, 2)
          const failed = yield* P.postBandwidth(bandwidth.url, [
            P.bandwidthStatus({ type: "message-failed", id: bwReply!.id, to: sam, errorCode: 4775, tag: bwReply!.tag! })
          ])
          assert.strictEqual(failed.status, 200)
          assert.strictEqual(Option.getOrThrow(yield* bandwidth.use(userByPhone(sam))).consent, "opted_out")
          yield* answered(bandwidth, sam, yield* textOnBandwidth(sam, "still there? #h"))
          yield* settle
          assert.strictEqual((yield* bandwidthSentTo(sam)).length, 2)
        }))

      it.effect("the servers' logs hold no phone number and no text from any of these conversations", () =>
        Effect.gen(function*() {
          const { bandwidth, secrets, twilio } = yield* World
          const logs = [...twilio.logs, ...bandwidth.logs]
          assert.isAbove(logs.length, 50)
          assert.isAbove(secrets.length, 100)
          for (const line of logs) {
            for (const secret of secrets) {
              if (line.includes(secret)) assert.fail(`a log line contains "${secret}": ${line}`)
            }
            // Nothing shaped like a number slipped through in another format either.
            assert.notMatch(line, /\+1555\d{7}/)
          }
          // The reply texts stayed out too.
          assert.isFalse(logs.some((line) => line.includes("Got it (#")))
        }))
    })
  })
}
