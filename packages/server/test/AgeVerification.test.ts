/**
 * Issue 13's acceptance, through the running server over real HTTP: Twilio
 * and Veriff are the testkit's fakes, the model is the echo fake, and
 * `JULES_AGE_GATE=required`. Decision webhooks are signed as Veriff signs them
 * (lowercase hex HMAC-SHA256 of the raw body, the algorithm the published
 * vectors check in `@jules/adapters-identity`), with the second of two
 * configured secrets for the rotation case.
 *
 * 1. Webhooks: approved adult, 15 and 12, declined, resubmission requested,
 *    expired, bad signatures (401/403, nothing changes), a rotated secret,
 *    the same decision twice.
 * 2. End to end: the link first (a crisis text still gets 988), the decision,
 *    model replies for an adult, minor mode and the break reminder for a
 *    minor, one text then silence and no trace for an under-13.
 * 3. Nothing Veriff received holds a phone number or a text.
 */
import { assert, describe, layer } from "@effect/vitest"
import type { PhoneNumber, User, UserId } from "@jules/core"
import { defaultSettings, makeCopy } from "@jules/core"
import { FakeTwilioServer, FakeVeriffServer } from "@jules/testkit"
import { Context, Effect, Layer, Option } from "effect"
import * as fc from "fast-check"
import { SqlClient } from "effect/sql/SqlClient"
import type { DatabaseKind } from "./support/Databases.ts"
import { databaseEnv, postgresUrl } from "./support/Databases.ts"
import * as EchoModel from "./support/EchoModel.ts"
import * as P from "./support/Providers.ts"
import type { TestServer } from "./support/TestServer.ts"
import { eventually, start, userByPhone } from "./support/TestServer.ts"

const copy = makeCopy(defaultSettings)
const BURST_WINDOW_MS = 200
const OLD_SECRET = "the-secret-being-rotated-out"

class World extends Context.Service<World, {
  readonly server: TestServer
  readonly twilio: FakeTwilioServer.FakeTwilioServer
  readonly veriff: FakeVeriffServer.FakeVeriffServer
  /** Every number and text the tests sent, for the check of what Veriff saw. */
  readonly secrets: Array<string>
}>()("test/AgeVerification/World") {}

const world = (kind: DatabaseKind) =>
  Layer.effect(
    World,
    Effect.gen(function*() {
      const twilio = yield* FakeTwilioServer.make()
      const veriff = yield* FakeVeriffServer.make()
      const model = yield* EchoModel.make
      const server = yield* start({
        ...(yield* databaseEnv(kind)),
        ...model.env,
        ...P.twilioEnv(twilio),
        BURST_WINDOW_MS: String(BURST_WINDOW_MS),
        JULES_AGE_GATE: "required",
        VERIFF_API_KEY: veriff.apiKey,
        VERIFF_SHARED_SECRET: `${veriff.sharedSecret}, ${OLD_SECRET}`,
        VERIFF_API_BASE_URL: veriff.baseURL
      })
      return { server, twilio, veriff, secrets: [] }
    })
  )

let numbers = 0
const newPhone = Effect.gen(function*() {
  const { secrets } = yield* World
  const phone = `+1555${String((process.pid * 7907 + ++numbers * 104723) % 10_000_000).padStart(7, "0")}` as PhoneNumber
  secrets.push(phone)
  return phone
})

const text = (phone: PhoneNumber, body: string) =>
  Effect.gen(function*() {
    const { secrets, server, twilio } = yield* World
    secrets.push(body)
    const response = yield* P.postTwilio(server.url, "/webhooks/twilio/sms", P.inboundParams({ from: phone, body }), {
      authToken: twilio.authToken
    })
    assert.strictEqual(response.status, 200)
  })

const sentTo = (phone: string) => Effect.map(Effect.service(World), ({ twilio }) => twilio.sent.filter((m) => m.to === phone).map((m) => m.body))

/** Waits until at least `count` texts went to `phone`; returns them all. */
const awaitSent = (phone: string, count: number) =>
  eventually(Effect.map(sentTo(phone), (sent) => (sent.length >= count ? Option.some(sent) : Option.none())))

/** Lets anything still in flight land before asserting that nothing came. */
const settle = Effect.sleep(`${BURST_WINDOW_MS * 6} millis`)

const userOf = (phone: PhoneNumber) =>
  Effect.flatMap(Effect.service(World), ({ server }) =>
    server.use(eventually(userByPhone(phone)))) as Effect.Effect<User, unknown, World>

const ageOf = (phone: PhoneNumber) =>
  Effect.flatMap(Effect.service(World), ({ server }) => server.use(userByPhone(phone))).pipe(
    Effect.map(Option.map((user) => user.ageStatus))
  )

/** The token of the verification link a text ends with (on `PUBLIC_BASE_URL`, nothing else in it). */
const tokenIn = (body: string): string => {
  const match = /https:\/\/jules\.example\.test\/v\/([A-Za-z0-9_-]{22})$/.exec(body)
  assert.isNotNull(match, `no verification link in: ${body}`)
  return match![1]!
}

/** A new person texts; the only answer is the verification link, which they open. */
const newPersonVerifying = Effect.gen(function*() {
  const { server, veriff } = yield* World
  const phone = yield* newPhone
  yield* text(phone, "hi, who is this?")
  const [link] = yield* awaitSent(phone, 1)
  const token = tokenIn(link!)
  assert.strictEqual(link, copy.verifyAgeRequired(`${P.PUBLIC_BASE_URL}/v/${token}`))
  const opened = yield* P.request(`${server.url}/v/${token}`, { redirect: "manual" })
  assert.strictEqual(opened.status, 303)
  const user = yield* userOf(phone)
  const session = veriff.sessions.find((s) => s.vendorData === user.id)
  assert.isDefined(session, "Veriff was asked for a session for this person")
  assert.strictEqual(opened.headers.get("location"), session!.url)
  assert.deepStrictEqual(yield* ageOf(phone), Option.some("pending"))
  return { phone, userId: user.id, sessionId: session!.id }
})

const bornYearsAgo = (years: number) => {
  const date = new Date()
  date.setUTCFullYear(date.getUTCFullYear() - years)
  date.setUTCDate(date.getUTCDate() - 2)
  return date.toISOString().slice(0, 10)
}

const postDecision = (body: string, headers: Record<string, string>) =>
  Effect.flatMap(Effect.service(World), ({ server }) =>
    P.request(`${server.url}/webhooks/veriff`, { method: "POST", headers, body }))

const decide = (
  person: { readonly userId: UserId; readonly sessionId: string },
  status: FakeVeriffServer.DecisionFields["status"],
  birth: { readonly dateOfBirth?: string | null; readonly yearOfBirth?: number | null } = {},
  secret?: string
) =>
  Effect.gen(function*() {
    const { veriff } = yield* World
    const body = FakeVeriffServer.decisionBody({ sessionId: person.sessionId, vendorData: person.userId, status, ...birth })
    const response = yield* postDecision(body, FakeVeriffServer.webhookHeaders(body, veriff.apiKey, secret ?? veriff.sharedSecret))
    assert.strictEqual(response.status, 200, response.body)
    return body
  })

/** Every row of every table of Jules's database that mentions `needle`, as `table` names. */
const tablesMentioning = (needle: string) =>
  Effect.flatMap(Effect.service(World), ({ server }) =>
    server.use(Effect.gen(function*() {
      const sql = yield* SqlClient
      const tables = yield* sql<{ readonly name: string }>`SELECT table_name AS name FROM information_schema.tables
        WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`
      const found: Array<string> = []
      for (const { name } of tables) {
        const [row] = yield* sql.unsafe<{ readonly n: number }>(
          `SELECT count(*)::int AS n FROM "${name}" t WHERE row_to_json(t)::text LIKE $1`,
          [`%${needle}%`]
        )
        if ((row?.n ?? 0) > 0) found.push(name)
      }
      return found
    })))

const databases: ReadonlyArray<{ readonly kind: DatabaseKind; readonly skip: boolean }> = [
  { kind: "pglite", skip: false },
  { kind: "postgres", skip: postgresUrl === undefined }
]

for (const { kind, skip } of databases) {
  describe.skipIf(skip)(`age verification through the server (${kind === "postgres" ? "PostgreSQL" : "embedded PGlite"})`, () => {
    layer(world(kind), { excludeTestServices: true, timeout: "120 seconds" })((it) => {
      it.effect("required: the link first; a crisis text still gets 988; an adult decision lets the model answer", () =>
        Effect.gen(function*() {
          const { server, veriff } = yield* World
          const person = yield* newPersonVerifying
          yield* text(person.phone, "tell me something #before")
          yield* settle
          assert.lengthOf(yield* sentTo(person.phone), 1, "nothing but the link before a decision")
          yield* text(person.phone, "I want to kill myself tonight")
          const crisis = yield* awaitSent(person.phone, 2)
          assert.include(crisis[1]!, "988")
          yield* settle
          // The crisis answer carries the AI notice too; no model reply went out.
          const beforeDecision = yield* sentTo(person.phone)
          assert.deepStrictEqual(beforeDecision.slice(2), [copy.aiNotice])

          yield* decide(person, "approved", { dateOfBirth: bornYearsAgo(30) })
          assert.deepStrictEqual(yield* ageOf(person.phone), Option.some("adult"))
          const told = yield* awaitSent(person.phone, beforeDecision.length + 1)
          assert.strictEqual(told.at(-1), copy.verifiedAdult)
          yield* text(person.phone, "so tell me a joke #adult")
          const replies = yield* awaitSent(person.phone, told.length + 1)
          assert.include(replies.at(-1)!, "Got it (#adult).")
          // The link still opens a fresh session; an unknown one is a 404 page.
          assert.strictEqual((yield* P.request(`${server.url}/v/${"A".repeat(22)}`, { redirect: "manual" })).status, 404)
          assert.isAbove(veriff.sessions.length, 0)
        }))

      it.effect("approved 15-year-old: minor mode with the break reminder, and again three hours later", () =>
        Effect.gen(function*() {
          const { server } = yield* World
          const person = yield* newPersonVerifying
          yield* decide(person, "approved", { dateOfBirth: bornYearsAgo(15) })
          assert.deepStrictEqual(yield* ageOf(person.phone), Option.some("minor"))
          assert.strictEqual((yield* awaitSent(person.phone, 2))[1], copy.verifiedMinor)
          yield* text(person.phone, "hey #minor1")
          const first = yield* awaitSent(person.phone, 5)
          assert.deepStrictEqual(first.slice(2, 4), [copy.aiNotice, copy.breakReminder])
          assert.include(first[4]!, "#minor1")
          // Three hours on, as the disclosure log sees it: the reminder is due again.
          yield* server.use(Effect.gen(function*() {
            const sql = yield* SqlClient
            yield* sql`UPDATE disclosures SET sent_at = sent_at - interval '3 hours' WHERE user_id = ${person.userId}`
          }))
          yield* text(person.phone, "back #minor2")
          const later = yield* awaitSent(person.phone, 8)
          assert.deepStrictEqual(later.slice(5, 7), [copy.aiNotice, copy.breakReminder])
          assert.include(later[7]!, "#minor2")
        }))

      it.effect("approved 12-year-old: one text, then silence, nothing left in any table, and the number stays blocked", () =>
        Effect.gen(function*() {
          const { server } = yield* World
          const person = yield* newPersonVerifying
          const [row] = yield* server.use(Effect.gen(function*() {
            const sql = yield* SqlClient
            return yield* sql<{ readonly phone_index: string; readonly phone_ciphertext: string }>`
              SELECT phone_index, phone_ciphertext FROM users WHERE id = ${person.userId}`
          }))
          yield* decide(person, "approved", { dateOfBirth: bornYearsAgo(12) })
          const sent = yield* awaitSent(person.phone, 2)
          assert.strictEqual(sent[1], copy.under13)

          yield* text(person.phone, "hello?? #after")
          yield* text(person.phone, "I want to kill myself")
          yield* settle
          assert.lengthOf(yield* sentTo(person.phone), 2, "one text, then silence")
          assert.isTrue(Option.isNone(yield* server.use(userByPhone(person.phone))), "texting again registers nobody")

          assert.deepStrictEqual(yield* tablesMentioning(person.userId), [])
          assert.deepStrictEqual(yield* tablesMentioning(row!.phone_ciphertext), [])
          assert.deepStrictEqual(yield* tablesMentioning(row!.phone_index), ["blocked_numbers"])
          assert.deepStrictEqual(yield* tablesMentioning(person.sessionId), [], "not even Veriff's session id")
          const audit = yield* server.use(Effect.gen(function*() {
            const sql = yield* SqlClient
            return yield* sql<{ readonly kind: string; readonly user_id: string | null }>`
              SELECT kind, user_id FROM audit_log WHERE kind IN ('age_status_changed', 'user_erased') ORDER BY seq DESC LIMIT 2`
          }))
          assert.sameMembers(audit.map((a) => a.kind), ["age_status_changed", "user_erased"])
          assert.isTrue(audit.every((a) => a.user_id === null))
        }))

      for (
        const [status, told] of [
          ["declined", copy.verificationDeclined],
          ["resubmission_requested", copy.verificationResubmit],
          ["expired", copy.verificationExpired]
        ] as const
      ) {
        it.effect(`${status}: one clear text (once, though delivered twice), and the person stays unverified`, () =>
          Effect.gen(function*() {
            const person = yield* newPersonVerifying
            const body = yield* decide(person, status)
            const { veriff } = yield* World
            const again = yield* postDecision(body, FakeVeriffServer.webhookHeaders(body, veriff.apiKey, veriff.sharedSecret))
            assert.strictEqual(again.status, 200)
            assert.deepStrictEqual(yield* ageOf(person.phone), Option.some("unknown"))
            assert.strictEqual((yield* awaitSent(person.phone, 2))[1], told)
            yield* settle
            assert.lengthOf(yield* sentTo(person.phone), 2)
            yield* text(person.phone, "AGE")
            const asked = (yield* awaitSent(person.phone, 3))[2]!
            assert.strictEqual(asked, copy.verifyAgeOnRequest(`${P.PUBLIC_BASE_URL}/v/${tokenIn(asked)}`))
          }))
      }

      it.effect("the same approval delivered twice: one text, one audit entry", () =>
        Effect.gen(function*() {
          const { server, veriff } = yield* World
          const person = yield* newPersonVerifying
          const body = yield* decide(person, "approved", { dateOfBirth: bornYearsAgo(40) })
          const again = yield* postDecision(body, FakeVeriffServer.webhookHeaders(body, veriff.apiKey, veriff.sharedSecret))
          assert.strictEqual(again.status, 200)
          yield* awaitSent(person.phone, 2)
          yield* settle
          assert.deepStrictEqual(yield* sentTo(person.phone), [(yield* sentTo(person.phone))[0]!, copy.verifiedAdult])
          const audit = yield* server.use(Effect.gen(function*() {
            const sql = yield* SqlClient
            return yield* sql<{ readonly n: number }>`SELECT count(*)::int AS n FROM audit_log
              WHERE kind = 'age_status_changed' AND user_id = ${person.userId}`
          }))
          assert.strictEqual(audit[0]!.n, 1)
        }))

      it.effect("an approval while the carrier takes seconds to answer: one text", () =>
        Effect.gen(function*() {
          const { twilio } = yield* World
          const person = yield* newPersonVerifying
          // Slower than the outbox loop's poll: the loop finds the text pending while it is being sent.
          twilio.setDefault({ asProvider: true, delayMs: 2_500 })
          yield* decide(person, "approved", { dateOfBirth: bornYearsAgo(40) })
          yield* awaitSent(person.phone, 2)
          yield* Effect.sleep("3 seconds")
          assert.deepStrictEqual(yield* sentTo(person.phone), [(yield* sentTo(person.phone))[0]!, copy.verifiedAdult])
        }).pipe(Effect.ensuring(Effect.flatMap(Effect.service(World), ({ twilio }) => Effect.sync(() => twilio.setDefault(undefined))))))

      it.effect("a decision signed with the secret being rotated out is accepted", () =>
        Effect.gen(function*() {
          const person = yield* newPersonVerifying
          yield* decide(person, "approved", { dateOfBirth: null, yearOfBirth: 1980 }, OLD_SECRET)
          assert.deepStrictEqual(yield* ageOf(person.phone), Option.some("adult"))
        }))

      it.effect("bad signatures: 401 without one, 403 with a wrong one, and nothing changes", () =>
        Effect.gen(function*() {
          const { veriff } = yield* World
          const person = yield* newPersonVerifying
          const body = FakeVeriffServer.decisionBody({
            sessionId: person.sessionId,
            vendorData: person.userId,
            status: "approved",
            dateOfBirth: bornYearsAgo(30)
          })
          const unsigned = yield* postDecision(body, { "content-type": "application/json", "x-auth-client": veriff.apiKey })
          assert.strictEqual(unsigned.status, 401)
          const wrongSecret = yield* postDecision(body, FakeVeriffServer.webhookHeaders(body, veriff.apiKey, "not-our-secret"))
          assert.strictEqual(wrongSecret.status, 403)
          const tampered = yield* postDecision(
            body.replace(bornYearsAgo(30), bornYearsAgo(31)),
            FakeVeriffServer.webhookHeaders(body, veriff.apiKey, veriff.sharedSecret)
          )
          assert.strictEqual(tampered.status, 403)
          yield* settle
          assert.deepStrictEqual(yield* ageOf(person.phone), Option.some("pending"))
          assert.lengthOf(yield* sentTo(person.phone), 1)
          // The genuine delivery afterwards is not mistaken for a duplicate.
          yield* decide(person, "approved", { dateOfBirth: bornYearsAgo(30) })
          assert.deepStrictEqual(yield* ageOf(person.phone), Option.some("adult"))
        }))

      it.effect("a signed body that is not a Veriff webhook is a 400; one for nobody of ours is a 200 that changes nothing", () =>
        Effect.gen(function*() {
          const { veriff } = yield* World
          for (const body of ["not json", "[]", `{"verification":{}}`]) {
            const response = yield* postDecision(body, FakeVeriffServer.webhookHeaders(body, veriff.apiKey, veriff.sharedSecret))
            assert.strictEqual(response.status, 400, body)
          }
          const stranger = FakeVeriffServer.decisionBody({ sessionId: "s-x", vendorData: "someone-else", status: "approved" })
          const response = yield* postDecision(
            stranger,
            FakeVeriffServer.webhookHeaders(stranger, veriff.apiKey, veriff.sharedSecret)
          )
          assert.strictEqual(response.status, 200)
        }))

      it.effect("150 random signed bodies, vendorData included: never a 5xx, and the server stays ready", () =>
        Effect.gen(function*() {
          const { server, veriff } = yield* World
          const person = yield* newPersonVerifying
          const bodies = fc.sample(
            fc.oneof(
              fc.string(),
              fc.jsonValue().map((v) => JSON.stringify(v)),
              fc.record({
                status: fc.string(),
                verification: fc.record({
                  id: fc.oneof(fc.string(), fc.jsonValue()),
                  status: fc.oneof(fc.constantFrom("approved", "declined", "expired", "review"), fc.jsonValue()),
                  vendorData: fc.oneof(fc.constant(person.userId), fc.jsonValue()),
                  decisionTime: fc.oneof(fc.string(), fc.jsonValue()),
                  person: fc.oneof(fc.jsonValue(), fc.record({ dateOfBirth: fc.oneof(fc.string(), fc.jsonValue()) }))
                }, { requiredKeys: [] })
              }, { requiredKeys: [] }).map((v) => JSON.stringify(v))
            ),
            150
          )
          for (const body of bodies) {
            const response = yield* postDecision(body, FakeVeriffServer.webhookHeaders(body, veriff.apiKey, veriff.sharedSecret))
            assert.include([200, 400], response.status, body)
          }
          assert.strictEqual((yield* P.request(`${server.url}/health/ready`, {})).status, 200)
        }))

      it.effect("nothing Veriff received holds a phone number or a text", () =>
        Effect.gen(function*() {
          const { secrets, veriff } = yield* World
          assert.isAbove(veriff.requests.length, 0)
          for (const request of veriff.requests) {
            const seen = JSON.stringify([request.path, request.headers, request.rawBody])
            for (const secret of secrets) assert.notInclude(seen, secret)
            for (const secret of secrets) assert.notInclude(seen, secret.replace(/^\+1/, ""))
            assert.deepStrictEqual(Object.keys(request.body as object), ["verification"])
          }
        }))
    })
  })
}
