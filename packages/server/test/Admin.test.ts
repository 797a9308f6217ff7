/**
 * Issue 14: the admin API against the running server over real HTTP, with
 * the fake Twilio and the echo model. Runs on embedded PGlite, and on
 * PostgreSQL when `TEST_DATABASE_URL` is set.
 */
import { assert, describe, it, layer } from "@effect/vitest"
import { compileErrors, validate } from "@readme/openapi-parser"
import type { PhoneNumber, UserId } from "@jules/core"
import { AuditLog, CrisisEventLog, Crypto, defaultSettings, makeCopy } from "@jules/core"
import { FakeTwilioServer } from "@jules/testkit"
import { Context, DateTime, Effect, Layer, Option } from "effect"
import { SqlClient } from "effect/sql/SqlClient"
import { inboundMessageId } from "../src/index.ts"
import { call, OLD_TOKEN, TOKEN } from "./support/Admin.ts"
import type { DatabaseKind } from "./support/Databases.ts"
import { databaseEnv, postgresUrl } from "./support/Databases.ts"
import * as EchoModel from "./support/EchoModel.ts"
import * as P from "./support/Providers.ts"
import type { TestServer } from "./support/TestServer.ts"
import { answeredBy, eventually, start, userByPhone } from "./support/TestServer.ts"

const copy = makeCopy(defaultSettings)

class World extends Context.Service<World, {
  readonly server: TestServer
  readonly fakeTwilio: FakeTwilioServer.FakeTwilioServer
  /** Every number and text the tests sent, for the log check. */
  readonly secrets: Array<string>
}>()("test/Admin/World") {}

const world = (kind: DatabaseKind) =>
  Layer.effect(
    World,
    Effect.gen(function*() {
      const fakeTwilio = yield* FakeTwilioServer.make()
      const model = yield* EchoModel.make
      const server = yield* Effect.flatMap(databaseEnv(kind), (db) =>
        start({
          ...db,
          ...model.env,
          ...P.twilioEnv(fakeTwilio),
          BURST_WINDOW_MS: "200",
          ADMIN_API_TOKEN: `${TOKEN},${OLD_TOKEN}`
        }))
      return { server, fakeTwilio, secrets: [] }
    })
  )

let numbers = 0
const newPhone = Effect.gen(function*() {
  const { secrets } = yield* World
  const phone = `+1555${String((process.pid * 7919 + ++numbers * 104729) % 10_000_000).padStart(7, "0")}` as PhoneNumber
  secrets.push(phone)
  return phone
})

/** A person texts Jules and the turn that answers it is recorded. */
const text = (phone: PhoneNumber, body: string) =>
  Effect.gen(function*() {
    const { fakeTwilio, secrets, server } = yield* World
    secrets.push(body)
    const sid = P.messageSid()
    const response = yield* P.postTwilio(server.url, "/webhooks/twilio/sms", P.inboundParams({ sid, from: phone, body }), {
      authToken: fakeTwilio.authToken
    })
    assert.strictEqual(response.status, 200)
    const user = yield* server.use(eventually(userByPhone(phone)))
    return yield* server.use(eventually(answeredBy(user.id, inboundMessageId("twilio", sid))))
  })

const admin = (method: string, path: string, options: { readonly token?: string | null; readonly body?: unknown } = {}) =>
  Effect.flatMap(Effect.service(World), ({ server }) => call(server, method, path, options))

/** The server's own services, beyond what `TestServer.use` is typed for. */
const using = <A, E>(effect: Effect.Effect<A, E, SqlClient | Crypto | AuditLog | CrisisEventLog | World>) =>
  Effect.flatMap(Effect.service(World), (world) =>
    world.server.use(Effect.provideService(effect, World, world) as Effect.Effect<A, E, never>))

const adminEntries = using(Effect.flatMap(Effect.service(AuditLog), (log) => log.list({ kind: "admin_call", limit: 100_000 })))

/** Rows of every table of the database whose text holds `needle`, as `table: count`. */
const tablesHolding = (needle: string) =>
  using(Effect.gen(function*() {
    const sql = yield* SqlClient
    const tables = yield* sql<{ readonly name: string }>`
      SELECT table_name AS name FROM information_schema.tables
      WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`
    const found: Array<string> = []
    for (const { name } of tables) {
      const [row] = yield* sql<{ readonly n: number }>`
        SELECT count(*)::int AS n FROM ${sql(name)} t WHERE t::text LIKE ${`%${needle}%`}`
      if ((row?.n ?? 0) > 0) found.push(`${name}: ${row!.n}`)
    }
    return found
  }))

const ROUTES = [
  "post /admin/people/lookup",
  "get /admin/people/{userId}",
  "get /admin/people/{userId}/export",
  "delete /admin/people/{userId}",
  "post /admin/people/{userId}/opt-out",
  "post /admin/people/{userId}/opt-in",
  "put /admin/people/{userId}/tier",
  "get /admin/crisis-events",
  "get /admin/reports/sb243/{year}",
  "get /admin/dead-letters",
  "post /admin/dead-letters/{messageId}/retry",
  "get /admin/usage"
]

describe("the admin API without ADMIN_API_TOKEN", () => {
  it.live("answers 404 on every /admin path, documents included", () =>
    Effect.scoped(Effect.gen(function*() {
      const server = yield* Effect.flatMap(databaseEnv("pglite"), start)
      for (const [method, path] of [
        ["POST", "/admin/people/lookup"],
        ["GET", "/admin/openapi.json"],
        ["GET", "/admin/docs"],
        ["GET", "/admin/reports/sb243/2026"]
      ] as const) {
        const response = yield* call(server, method, path, { body: method === "POST" ? { phone: "+15555550100" } : undefined })
        assert.strictEqual(response.status, 404, `${method} ${path}`)
      }
      assert.strictEqual((yield* call(server, "GET", "/health/live")).status, 200)
    })), { timeout: 60_000 })
})

for (const kind of ["pglite", "postgres"] as const) {
  const skip = kind === "postgres" && postgresUrl === undefined
  describe.skipIf(skip)(`the admin API on ${kind === "postgres" ? "PostgreSQL" : "embedded PGlite"}`, () => {
    layer(world(kind), { excludeTestServices: true, timeout: "120 seconds" })((it) => {
      it.effect("refuses a call without a token or with a wrong one (401); either rotated token works", () =>
        Effect.gen(function*() {
          for (const token of [null, "", "wrong-token-0123456789abcdef0123456789", `${TOKEN}x`]) {
            const response = yield* admin("GET", "/admin/dead-letters", { token })
            assert.strictEqual(response.status, 401, `token ${String(token)}`)
            assert.strictEqual((response.json as { _tag?: string })._tag, "AdminUnauthorized")
          }
          assert.strictEqual((yield* admin("GET", "/admin/dead-letters", { token: OLD_TOKEN })).status, 200)
          assert.strictEqual((yield* admin("GET", "/admin/dead-letters")).status, 200)
        }))

      it.effect("publishes an OpenAPI document that validates and lists every route, and a docs page", () =>
        Effect.gen(function*() {
          const response = yield* admin("GET", "/admin/openapi.json", { token: null })
          assert.strictEqual(response.status, 200)
          const document = response.json as { paths: Record<string, Record<string, unknown>> }
          // The parser resolves references and validates against the OpenAPI 3.x schema.
          const result = yield* Effect.promise(() => validate(structuredClone(document) as never))
          assert.isTrue(result.valid, result.valid ? "" : compileErrors(result))
          assert.strictEqual(result.specification, "OpenAPI")
          const listed = Object.entries(document.paths).flatMap(([path, methods]) =>
            Object.keys(methods).map((method) => `${method} ${path}`)
          )
          assert.deepStrictEqual([...listed].sort(), [...ROUTES].sort())
          for (const route of ROUTES) {
            const [method, path] = route.split(" ") as [string, string]
            const operation = document.paths[path]![method] as { security?: ReadonlyArray<unknown> }
            assert.isTrue((operation.security ?? []).length > 0, `${route} declares its bearer security`)
          }
          const docs = yield* admin("GET", "/admin/docs", { token: null })
          assert.strictEqual(docs.status, 200)
          assert.match(docs.headers.get("content-type") ?? "", /text\/html/)
          assert.include(docs.body, "swagger")
        }))

      it.effect("looks a person up by the phone number in the body; the call is audited without the number", () =>
        Effect.gen(function*() {
          const phone = yield* newPhone
          const turn = yield* text(phone, "hello there, lookup #a1")
          const before = (yield* adminEntries).length
          const found = yield* admin("POST", "/admin/people/lookup", { body: { phone: ` ${phone.slice(0, 2)} ${phone.slice(2)}` } })
          assert.strictEqual(found.status, 200, found.body)
          const profile = found.json as Record<string, any>
          assert.strictEqual(profile.id, turn.userId)
          assert.strictEqual(profile.consent, "opted_in")
          assert.strictEqual(profile.counts.inboundTexts, 1)
          assert.isAtLeast(profile.counts.outboundTexts, 2)
          assert.notInclude(found.body, phone)
          assert.notInclude(found.body, "lookup #a1")

          assert.strictEqual((yield* admin("POST", "/admin/people/lookup", { body: { phone: "+15550000000" } })).status, 404)
          assert.strictEqual((yield* admin("POST", "/admin/people/lookup", { body: { phone: "call me" } })).status, 400)
          assert.strictEqual((yield* admin("POST", "/admin/people/lookup", { body: { number: phone } })).status, 400)

          const entries = (yield* adminEntries).slice(before)
          assert.deepStrictEqual(entries.map((e) => [e.detail.action, e.detail.outcome]), [
            ["people.lookup", "ok"],
            ["people.lookup", "PersonNotFound"],
            ["people.lookup", "AdminBadRequest"]
          ])
          assert.strictEqual(entries[0]!.userId, turn.userId)
          assert.match(entries[0]!.detail.caller!, /^t-[0-9a-f]{12}$/)
          for (const entry of entries) assert.notInclude(JSON.stringify(entry.detail), phone.slice(2))
        }))

      it.effect("an operator's opt-out is honoured by the next turn; only the operator's opt-out can be undone", () =>
        Effect.gen(function*() {
          const { fakeTwilio } = yield* World
          const phone = yield* newPhone
          const first = yield* text(phone, "hi, opting #b1")
          const userId = first.userId
          const out = yield* admin("POST", `/admin/people/${userId}/opt-out`)
          assert.strictEqual(out.status, 200, out.body)
          assert.strictEqual((out.json as { consent: string }).consent, "opted_out")
          const sentBefore = fakeTwilio.sent.filter((m) => m.to === phone).length
          const ignored = yield* text(phone, "are you there #b2")
          assert.strictEqual(ignored.outcome, "ignored_opted_out")
          yield* Effect.sleep("300 millis")
          assert.strictEqual(fakeTwilio.sent.filter((m) => m.to === phone).length, sentBefore, "nothing sent after the opt-out")

          const back = yield* admin("POST", `/admin/people/${userId}/opt-in`)
          assert.strictEqual(back.status, 200, back.body)
          const history = (back.json as { consentHistory: ReadonlyArray<{ state: string; source: string }> }).consentHistory
          assert.deepStrictEqual(history.map((c) => `${c.state}/${c.source}`), ["opted_out/admin", "opted_in/admin"])

          // STOP is the person's own: the operator cannot text them again.
          yield* text(phone, "STOP")
          const refused = yield* admin("POST", `/admin/people/${userId}/opt-in`)
          assert.strictEqual(refused.status, 409)
          assert.include((refused.json as { message: string }).message, "START")

          const tier = yield* admin("PUT", `/admin/people/${userId}/tier`, { body: { tier: "pro" } })
          assert.strictEqual(tier.status, 200, tier.body)
          assert.strictEqual((tier.json as { tier: string }).tier, "pro")
          assert.strictEqual((yield* admin("PUT", `/admin/people/${userId}/tier`, { body: { tier: "platinum" } })).status, 409)
          assert.strictEqual((yield* admin("GET", "/admin/people/no-such-person")).status, 404)
        }))

      it.effect("crisis events carry texts only when asked, and asking is audited per person", () =>
        Effect.gen(function*() {
          const phone = yield* newPhone
          const from = DateTime.formatIso(DateTime.makeUnsafe(Date.now() - 1000))
          const turn = yield* text(phone, "I'm going to kill myself tonight, I have the pills ready")
          assert.strictEqual(turn.outcome, "crisis_referral")
          const to = DateTime.formatIso(DateTime.makeUnsafe(Date.now() + 1000))
          const query = `from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`
          const plain = yield* admin("GET", `/admin/crisis-events?${query}`)
          assert.strictEqual(plain.status, 200, plain.body)
          const events = (plain.json as { events: ReadonlyArray<Record<string, unknown>> }).events
          const event = events.find((e) => e.userId === turn.userId)!
          assert.deepInclude(event, { id: turn.id, category: "suicide", severity: "imminent", referred: true })
          assert.isUndefined(event.texts)
          assert.notInclude(plain.body, "kill myself")

          const before = (yield* adminEntries).length
          const withText = yield* admin("GET", `/admin/crisis-events?${query}&includeText=true`)
          assert.strictEqual(withText.status, 200, withText.body)
          const shown = (withText.json as { events: ReadonlyArray<Record<string, unknown>> }).events.find((e) =>
            e.userId === turn.userId
          )!
          assert.deepStrictEqual(shown.texts, ["I'm going to kill myself tonight, I have the pills ready"])
          const entries = (yield* adminEntries).slice(before)
          const perPerson = entries.find((e) => e.userId === turn.userId)
          assert.strictEqual(perPerson?.detail.action, "crisis.events.text")
          assert.include(perPerson!.detail.events!, turn.id)
          assert.isTrue(entries.some((e) => e.detail.action === "crisis.events" && e.detail.includeText === "true"))
          for (const entry of entries) assert.notInclude(JSON.stringify(entry.detail), "kill")

          const reversed = yield* admin("GET", `/admin/crisis-events?from=${encodeURIComponent(to)}&to=${encodeURIComponent(from)}`)
          assert.strictEqual(reversed.status, 400)
          assert.strictEqual((yield* admin("GET", "/admin/crisis-events?from=yesterday&to=today")).status, 400)
        }))

      it.effect("the SB 243 report counts this year's sent referrals and holds no id or phone", () =>
        Effect.gen(function*() {
          const year = new Date().getUTCFullYear()
          const before = yield* admin("GET", `/admin/reports/sb243/${year}`)
          assert.strictEqual(before.status, 200, before.body)
          const phone = yield* newPhone
          const turn = yield* text(phone, "my partner hits me and I want to die tonight, I have a knife")
          assert.strictEqual(turn.outcome, "crisis_referral")
          const counted = yield* using(eventually(Effect.gen(function*() {
            const [event] = yield* (yield* CrisisEventLog).list({ userId: turn.userId, limit: 1 })
            return Option.fromUndefinedOr(event?.referralSentAt)
          })))
          assert.strictEqual(DateTime.getPartUtc(counted, "year"), year)
          const after = yield* admin("GET", `/admin/reports/sb243/${year}`)
          const report = after.json as Record<string, unknown>
          assert.strictEqual(
            report.referralNotifications,
            (before.json as { referralNotifications: number }).referralNotifications + 1
          )
          assert.strictEqual(report.year, year)
          assert.strictEqual(report.complete, false)
          assert.notInclude(after.body, turn.userId)
          assert.notInclude(after.body, turn.id)
          assert.notInclude(after.body, phone.slice(2))
          assert.notMatch(after.body, /\+\d{8,}/)
          assert.strictEqual((yield* admin("GET", `/admin/reports/sb243/${year + 1}`)).status, 400)
          assert.strictEqual((yield* admin("GET", "/admin/reports/sb243/last-year")).status, 400)
        }))

      it.effect("a dead letter is listed and, retried, goes out", () =>
        Effect.gen(function*() {
          const { fakeTwilio } = yield* World
          const phone = yield* newPhone
          // The carrier refuses the first two texts for good (the AI notice and the reply).
          fakeTwilio.enqueue(FakeTwilioServer.error(400, 21211), FakeTwilioServer.error(400, 21211))
          const turn = yield* text(phone, "hello, letters #c1")
          const letters = yield* eventually(Effect.gen(function*() {
            const list = yield* admin("GET", `/admin/dead-letters?userId=${turn.userId}`)
            const found = (list.json as { deadLetters: ReadonlyArray<{ id: string; reason: string }> }).deadLetters
            return found.length >= 2 ? Option.some(found) : Option.none()
          }))
          assert.deepStrictEqual(letters.map((l) => l.reason), ["invalid_recipient", "invalid_recipient"])
          const sentBefore = fakeTwilio.sent.filter((m) => m.to === phone).length
          for (const letter of letters) {
            const retried = yield* admin("POST", `/admin/dead-letters/${encodeURIComponent(letter.id)}/retry`)
            assert.strictEqual(retried.status, 200, retried.body)
          }
          // The reply goes out again; it carries the AI notice itself, so the retried notice is skipped as redundant.
          const sent = yield* eventually(Effect.sync(() => {
            const bodies = fakeTwilio.sent.filter((m) => m.to === phone).map((m) => m.body)
            return bodies.length > sentBefore ? Option.some(bodies.slice(sentBefore)) : Option.none()
          }))
          assert.strictEqual(sent.length, 1)
          assert.include(sent[0]!, "(#c1)")
          assert.include(sent[0]!, copy.aiNotice)
          const again = yield* admin("POST", `/admin/dead-letters/${encodeURIComponent(letters[0]!.id)}/retry`)
          assert.strictEqual(again.status, 404)
          const list = yield* admin("GET", `/admin/dead-letters?userId=${turn.userId}`)
          assert.deepStrictEqual((list.json as { deadLetters: ReadonlyArray<unknown> }).deadLetters, [])
          assert.strictEqual((yield* admin("GET", "/admin/dead-letters?limit=0")).status, 400)
        }))

      it.effect("usage and cost per day, provider and model", () =>
        Effect.gen(function*() {
          const phone = yield* newPhone
          yield* text(phone, "count my tokens #d1")
          const today = new Date().toISOString().slice(0, 10)
          const response = yield* admin("GET", `/admin/usage?from=${today}&to=${today}`)
          assert.strictEqual(response.status, 200, response.body)
          const report = response.json as {
            from: string
            to: string
            rows: ReadonlyArray<{ day: string; provider: string; model: string; calls: number; turns: number }>
          }
          assert.strictEqual(report.from, today)
          const row = report.rows.find((r) => r.provider === "anthropic")
          assert.isDefined(row)
          assert.strictEqual(row!.day, today)
          assert.isAtLeast(row!.turns, 1)
          assert.isAtLeast(row!.calls, row!.turns)
          assert.strictEqual((yield* admin("GET", "/admin/usage?from=2026-02-30")).status, 400)
          assert.strictEqual((yield* admin("GET", "/admin/usage?from=2020-01-01&to=2026-01-01")).status, 400)
        }))

      it.effect("export then erase: the export has everything; afterwards no table holds the person", () =>
        Effect.gen(function*() {
          const phone = yield* newPhone
          const words = "my dog is called Biscuit and I want to die tonight, I have pills"
          yield* text(phone, "hello, I am new here #e1")
          const crisisTurn = yield* text(phone, words)
          const userId = crisisTurn.userId
          yield* using(eventually(Effect.gen(function*() {
            const [event] = yield* (yield* CrisisEventLog).list({ userId, limit: 1 })
            return Option.fromUndefinedOr(event?.referralSentAt)
          })))
          const year = new Date().getUTCFullYear()
          const referralsBefore = (yield* admin("GET", `/admin/reports/sb243/${year}`)).json as { referralNotifications: number }

          const exported = yield* admin("GET", `/admin/people/${userId}/export`)
          assert.strictEqual(exported.status, 200, exported.body.slice(0, 300))
          const data = exported.json as Record<string, any>
          assert.strictEqual(data.user.id, userId)
          assert.strictEqual(data.user.phone, phone)
          assert.sameMembers(data.inbound.map((m: { body: string }) => m.body), ["hello, I am new here #e1", words])
          assert.isAtLeast(data.outbound.length, 3)
          assert.strictEqual(data.crisisEvents.length, 1)
          assert.isAtLeast(data.usage.length, 1)
          assert.isAtLeast(data.disclosures.length, 1)
          // Round trip: the document decodes as core's export and encodes back to the same JSON.
          const { UserExportJson } = yield* Effect.promise(() => import("@jules/core"))
          const { Schema } = yield* Effect.promise(() => import("effect"))
          const decoded = Schema.decodeUnknownSync(UserExportJson)(data)
          assert.deepStrictEqual(Schema.encodeSync(UserExportJson)(decoded), data)

          const index = yield* using(Effect.flatMap(Effect.service(Crypto), (crypto) => crypto.blindIndex(phone)))
          assert.includeMembers((yield* tablesHolding(userId)).map((t) => t.split(":")[0]), ["users", "inbound_messages"])
          const erased = yield* admin("DELETE", `/admin/people/${userId}`)
          assert.strictEqual(erased.status, 200, erased.body)
          assert.deepStrictEqual(yield* tablesHolding(userId), [])
          assert.deepStrictEqual(yield* tablesHolding(index), [])
          assert.deepStrictEqual(yield* tablesHolding(phone.slice(1)), [])
          assert.strictEqual((yield* admin("GET", `/admin/people/${userId}`)).status, 404)
          assert.strictEqual((yield* admin("POST", "/admin/people/lookup", { body: { phone } })).status, 404)

          const referralsAfter = (yield* admin("GET", `/admin/reports/sb243/${year}`)).json as { referralNotifications: number }
          assert.strictEqual(referralsAfter.referralNotifications, referralsBefore.referralNotifications)
          const trail = yield* using(Effect.flatMap(Effect.service(AuditLog), (log) => log.list({ limit: 100_000 })))
          const eraseEntry = trail.find((e) => e.kind === "admin_call" && e.detail.action === "people.erase")
          assert.isDefined(eraseEntry)
          assert.isUndefined(eraseEntry!.userId)
          for (const entry of trail) {
            assert.notStrictEqual(entry.userId, userId)
            assert.notInclude(JSON.stringify(entry.detail), userId)
          }
        }))

      it.effect("the server's logs hold no phone number, no text and no token", () =>
        Effect.gen(function*() {
          const { secrets, server } = yield* World
          assert.isNotEmpty(secrets)
          const logs = server.logs.join("\n")
          for (const secret of [...secrets, TOKEN, OLD_TOKEN]) assert.notInclude(logs, secret)
          assert.include(logs, "admin call")
        }))
    })
  })
}

export type { UserId }
