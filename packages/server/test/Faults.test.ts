/**
 * Fault tests: the server as a process, its providers failing the way real
 * ones do. What is asserted each time is what a person would notice: every
 * text Jules decided to send arrives, exactly once, in order; nothing
 * acknowledged is lost.
 *
 * 1. The SMS provider answers 503, then 429 with Retry-After, for longer
 *    than a turn's own attempts (the outbox retries on a short schedule here).
 * 2. SIGKILL after the turn's texts are recorded and before they are sent,
 *    and again between the texts of a two-text turn.
 * 3. (DatabaseOutage.test.ts) PostgreSQL killed and restarted under load.
 * 4. The model answering 529 for a long stretch: fallback, the apology when
 *    both fail, and turns that stay bounded instead of piling up.
 *
 * On embedded PGlite and, when `TEST_DATABASE_URL` is set, PostgreSQL.
 */
import { assert, describe, it } from "@effect/vitest"
import { defaultSettings, makeCopy } from "@jules/core"
import { FakeAnthropicServer, FakeOpenAiServer, FakeTwilioServer } from "@jules/testkit"
import { Effect } from "effect"
import type { ChildServer } from "./support/ChildServer.ts"
import { spawnServer } from "./support/ChildServer.ts"
import type { DatabaseKind } from "./support/Databases.ts"
import { databases, durableDatabase, explained, FAST_OUTBOX, twilioProcess } from "./support/ProcessSetup.ts"

const copy = makeCopy(defaultSettings)

const setup = (kind: DatabaseKind) =>
  Effect.flatMap(durableDatabase(kind), (database) => twilioProcess(database, { ...FAST_OUTBOX, BURST_WINDOW_MS: "0" }))

/** The bodies Twilio accepted for `phone`, in order. */
const bodiesTo = (fake: FakeTwilioServer.FakeTwilioServer, phone: string) =>
  fake.sent.filter((m) => m.to === phone).map((m) => m.body)

const noPersonalData = (servers: ReadonlyArray<ChildServer>, secrets: ReadonlyArray<string>) => {
  for (const line of servers.flatMap((s) => s.output)) {
    for (const secret of secrets) assert.notInclude(line, secret)
  }
}

for (const { kind, name, skip } of databases) {
  describe.skipIf(skip)(`faults, on ${name}`, () => {
    it.live("the SMS provider down (503, then 429 with Retry-After) past the turn's attempts: every text arrives once, in order", () =>
      Effect.gen(function*() {
        const { env, fakeTwilio, text } = yield* setup(kind)
        const server = yield* spawnServer({ env })
        const [ana, ben] = ["+15555550181", "+15555550182"]
        fakeTwilio.setDefault(FakeTwilioServer.error(503, 20500, { message: "Service Unavailable" }))

        assert.strictEqual((yield* text(server, ana, "I'm going to kill myself tonight, I have the pills ready")).status, 200)
        assert.strictEqual((yield* text(server, ben, "hi there #b1")).status, 200)
        // Longer than a turn's three attempts (about 3 s).
        yield* Effect.sleep("5 seconds")
        assert.strictEqual((yield* text(server, ben, "still there? #b2")).status, 200)
        fakeTwilio.setDefault({
          ...FakeTwilioServer.error(429, 20429, { message: "Too Many Requests" }),
          headers: { "retry-after": "1" }
        })
        yield* Effect.sleep("3 seconds")
        assert.strictEqual(fakeTwilio.sent.length, 0)
        fakeTwilio.setDefault(undefined) // the carrier is back

        yield* explained(fakeTwilio.awaitSent(5), [server])
        yield* Effect.sleep("2 seconds") // anything sent twice would show by now
        assert.deepStrictEqual(bodiesTo(fakeTwilio, ana), [copy.crisisMessage("suicide"), copy.aiNotice])
        assert.deepStrictEqual(bodiesTo(fakeTwilio, ben), [copy.aiNotice, "Got it (#b1).", "Got it (#b2)."])
        noPersonalData([server], [ana, ben, "kill myself", "still there"])
      }), { timeout: 120_000 })

    it.live("killed after the texts are recorded and before they are sent, and between two texts: each goes out once", () =>
      Effect.gen(function*() {
        const { env, fakeTwilio, text } = yield* setup(kind)
        const [cai, dee] = ["+15555550183", "+15555550184"]

        // Recorded, not sent: the carrier is down when the process dies.
        fakeTwilio.setDefault(FakeTwilioServer.error(503, 20500, { message: "Service Unavailable" }))
        const first = yield* spawnServer({ env })
        assert.strictEqual((yield* text(first, cai, "hello #c1")).status, 200)
        yield* explained(fakeTwilio.awaitRequests(3), [first])
        first.kill("SIGKILL")
        yield* first.exited
        fakeTwilio.setDefault(undefined)

        // Between the texts of a two-text turn: the notice is taken, the reply's request hangs.
        const second = yield* spawnServer({ env })
        yield* explained(fakeTwilio.awaitSent(2), [first, second])
        assert.deepStrictEqual(bodiesTo(fakeTwilio, cai), [copy.aiNotice, "Got it (#c1)."])
        const requestsSoFar = fakeTwilio.requests.length
        fakeTwilio.enqueue({ asProvider: true }, { status: 503, delayMs: 600_000 })
        assert.strictEqual((yield* text(second, dee, "hello #d1")).status, 200)
        yield* explained(fakeTwilio.awaitRequests(requestsSoFar + 2), [second])
        second.kill("SIGKILL")
        yield* second.exited
        assert.deepStrictEqual(bodiesTo(fakeTwilio, dee), [copy.aiNotice])

        const third = yield* spawnServer({ env })
        yield* explained(fakeTwilio.awaitSent(4), [third])
        yield* Effect.sleep("2 seconds") // anything sent twice would show by now
        assert.deepStrictEqual(bodiesTo(fakeTwilio, dee), [copy.aiNotice, "Got it (#d1)."])
        assert.deepStrictEqual(bodiesTo(fakeTwilio, cai), [copy.aiNotice, "Got it (#c1)."])
        noPersonalData([first, second, third], [cai, dee, "hello #"])
      }), { timeout: 180_000 })

    it.live("the model answering 529 for a long stretch: fallback, then the apology, and turns that never pile up", () =>
      Effect.gen(function*() {
        const { env, fakeTwilio, model, text } = yield* setup(kind)
        const openai = yield* FakeOpenAiServer.make()
        const overloaded = { ...FakeAnthropicServer.error(529, "overloaded_error"), delayMs: 300 }
        model.fake.setDefault(overloaded)
        const server = yield* spawnServer({
          env: {
            ...env,
            LLM_PROVIDERS: "anthropic,openai",
            OPENAI_API_KEY: "test-openai-key",
            OPENAI_BASE_URL: openai.baseURL,
            OPENAI_MODEL: "gpt-fake-1",
            JULES_MAX_CONCURRENT_TURNS: "4",
            // Model calls are counted exactly: remembering by model (after each reply) would add its own.
            JULES_MEMORY_MODEL: "off"
          }
        })
        const people = (prefix: string, count: number) =>
          Array.from({ length: count }, (_, i) => `+1555556${prefix}${String(i).padStart(3, "0")}`)

        // Anthropic overloaded: OpenAI answers.
        const first = people("1", 5)
        yield* Effect.forEach(first, (phone) => text(server, phone, "hi"), { concurrency: "unbounded" })
        yield* explained(fakeTwilio.awaitSent(10), [server])
        for (const phone of first) {
          assert.deepStrictEqual(bodiesTo(fakeTwilio, phone), [copy.aiNotice, "Hello from the fake OpenAI server."])
        }

        // Both overloaded, and 40 people texting at once: each gets the apology, once; at most four
        // turns run at a time (JULES_MAX_CONCURRENT_TURNS), so at most four model calls are open.
        openai.setDefault({ ...FakeOpenAiServer.error(529, "overloaded_error"), delayMs: 300 })
        model.fake.reset()
        model.fake.setDefault(overloaded)
        openai.reset()
        openai.setDefault({ ...FakeOpenAiServer.error(529, "overloaded_error"), delayMs: 300 })
        const second = people("2", 40)
        const acks = yield* Effect.forEach(second, (phone) => text(server, phone, "anyone there?"), {
          concurrency: "unbounded"
        })
        assert.isTrue(acks.every((ack) => ack.status === 200))
        yield* explained(fakeTwilio.awaitSent(10 + 80), [server], 120)
        for (const phone of second) assert.deepStrictEqual(bodiesTo(fakeTwilio, phone), [copy.aiNotice, copy.apology])
        assert.isAtMost(model.fake.peakInFlight() + openai.peakInFlight(), 8)
        assert.isAtMost(model.fake.peakInFlight(), 4)
        assert.isAtMost(openai.peakInFlight(), 4)
        assert.strictEqual(model.fake.requests.length, 40) // one attempt each: no retry storm
        assert.strictEqual(openai.requests.length, 40)

        // The stretch ends: replies are back.
        openai.setDefault(undefined)
        yield* text(server, first[0]!, "back?")
        yield* explained(fakeTwilio.awaitSent(10 + 80 + 1), [server])
        assert.strictEqual(bodiesTo(fakeTwilio, first[0]!).at(-1), "Hello from the fake OpenAI server.")
        yield* Effect.sleep("1 second")
        assert.strictEqual(fakeTwilio.sent.length, 91)
      }), { timeout: 180_000 })
  })
}
