/**
 * Acceptance 2's minor, under a test clock: the whole running server reads
 * the wall clock through a `Clock` the test moves forward three hours (sleeps
 * and elapsed time stay real, so the cluster and the HTTP server keep
 * working). A 15-year-old verified by Veriff's webhook gets minor mode, and
 * the break reminder again once three hours have passed.
 */
import { assert, layer } from "@effect/vitest"
import type { PhoneNumber } from "@jules/core"
import { defaultSettings, makeCopy } from "@jules/core"
import { FakeTwilioServer, FakeVeriffServer } from "@jules/testkit"
import { Clock, Context, Duration, Effect, Layer, Option } from "effect"
import { databaseEnv } from "./support/Databases.ts"
import * as EchoModel from "./support/EchoModel.ts"
import * as P from "./support/Providers.ts"
import type { TestServer } from "./support/TestServer.ts"
import { eventually, start, userByPhone } from "./support/TestServer.ts"

const copy = makeCopy(defaultSettings)

/** The real clock, with the wall time `offset` ahead. */
const movableClock = () => {
  let offsetMs = 0
  const real = Clock.Clock.defaultValue()
  const clock: Clock.Clock = {
    currentTimeMillisUnsafe: () => real.currentTimeMillisUnsafe() + offsetMs,
    currentTimeMillis: Effect.sync(() => real.currentTimeMillisUnsafe() + offsetMs),
    currentTimeNanosUnsafe: () => real.currentTimeNanosUnsafe() + BigInt(offsetMs) * 1_000_000n,
    currentTimeNanos: Effect.sync(() => real.currentTimeNanosUnsafe() + BigInt(offsetMs) * 1_000_000n),
    monotonicTimeNanosUnsafe: () => real.monotonicTimeNanosUnsafe(),
    monotonicTimeNanos: real.monotonicTimeNanos,
    sleep: (duration) => real.sleep(duration)
  }
  return { clock, adjust: (by: Duration.Input) => void (offsetMs += Duration.toMillis(Duration.fromInputUnsafe(by))) }
}

class World extends Context.Service<World, {
  readonly server: TestServer
  readonly twilio: FakeTwilioServer.FakeTwilioServer
  readonly veriff: FakeVeriffServer.FakeVeriffServer
  readonly adjust: (by: Duration.Input) => void
}>()("test/AgeVerificationClock/World") {}

const world = Layer.effect(
  World,
  Effect.gen(function*() {
    const twilio = yield* FakeTwilioServer.make()
    const veriff = yield* FakeVeriffServer.make()
    const model = yield* EchoModel.make
    const { adjust, clock } = movableClock()
    const server = yield* start({
      ...(yield* databaseEnv("pglite")),
      ...model.env,
      ...P.twilioEnv(twilio),
      BURST_WINDOW_MS: "200",
      JULES_AGE_GATE: "required",
      VERIFF_API_KEY: veriff.apiKey,
      VERIFF_SHARED_SECRET: veriff.sharedSecret,
      VERIFF_API_BASE_URL: veriff.baseURL
    }).pipe(Effect.provideService(Clock.Clock, clock))
    return { server, twilio, veriff, adjust }
  })
)

const phone = "+15550142233" as PhoneNumber

layer(world, { excludeTestServices: true, timeout: "120 seconds" })((it) => {
  it.effect("a verified 15-year-old gets minor mode, and the break reminder again three hours later", () =>
    Effect.gen(function*() {
      const { adjust, server, twilio, veriff } = yield* World
      const sent = () => twilio.sent.filter((m) => m.to === phone).map((m) => m.body)
      const awaitSent = (count: number) =>
        eventually(Effect.sync(() => (sent().length >= count ? Option.some(sent()) : Option.none())))
      const text = (body: string) =>
        P.postTwilio(server.url, "/webhooks/twilio/sms", P.inboundParams({ from: phone, body }), {
          authToken: twilio.authToken
        })

      yield* text("hi")
      const [link] = yield* awaitSent(1)
      const token = /\/v\/([A-Za-z0-9_-]{22})$/.exec(link!)![1]
      assert.strictEqual((yield* P.request(`${server.url}/v/${token}`, { redirect: "manual" })).status, 303)
      const user = yield* server.use(eventually(userByPhone(phone)))
      const born = new Date(Date.now() - 15.5 * 365.25 * 24 * 3600 * 1000).toISOString().slice(0, 10)
      const body = FakeVeriffServer.decisionBody({
        sessionId: veriff.sessions[0]!.id,
        vendorData: user.id,
        status: "approved",
        dateOfBirth: born
      })
      const decided = yield* P.request(`${server.url}/webhooks/veriff`, {
        method: "POST",
        headers: FakeVeriffServer.webhookHeaders(body, veriff.apiKey, veriff.sharedSecret),
        body
      })
      assert.strictEqual(decided.status, 200)
      assert.strictEqual((yield* awaitSent(2))[1], copy.verifiedMinor)

      yield* text("hey #one")
      assert.deepStrictEqual((yield* awaitSent(5)).slice(2, 4), [copy.aiNotice, copy.breakReminder])
      yield* text("still here #two")
      assert.include((yield* awaitSent(6))[5]!, "#two", "no reminder within three hours")

      adjust("3 hours")
      yield* text("back #three")
      const later = yield* awaitSent(9)
      assert.deepStrictEqual(later.slice(6, 8), [copy.aiNotice, copy.breakReminder])
      assert.include(later[8]!, "#three")
    }))
})
