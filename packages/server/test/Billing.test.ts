/**
 * Issue 12 end to end, over real HTTP: the running server with the testkit's
 * fake Twilio and fake Stripe API (reached by the real Stripe SDK) and a fake
 * model. Webhooks are signed with `Stripe.webhooks.generateTestHeaderString`.
 *
 * - a free person runs out, gets a short link, the link redirects to Checkout,
 *   the webhook arrives, and the next text is answered under the paid tier;
 *   nothing about the person but their id reached Stripe
 * - bad or stale signatures: 400 and no change; duplicates and reversed
 *   order: the right tier; deletion: free; payment failure: one text, tier kept
 * - links refused when expired, unknown or for another purpose; each person's
 *   link is theirs only
 * - without Stripe variables: no webhook route, the nudge names the operator
 */
import { assert, describe, it, layer } from "@effect/vitest"
import type { MessageId, PhoneNumber, UserId } from "@jules/core"
import { AuditLog, BillingAccounts, defaultSettings, LinkTokens, makeCopy, MessageStore, newToken, Tier, UserStore } from "@jules/core"
import { FakeStripeServer, FakeTwilioServer } from "@jules/testkit"
import { Context, DateTime, Effect, Layer, Option } from "effect"
import fc from "fast-check"
import Stripe from "stripe"
import { inboundMessageId } from "../src/index.ts"
import { mkdtemp, rm } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { databaseEnv, ENCRYPTION_KEYS, postgresUrl } from "./support/Databases.ts"
import * as EchoModel from "./support/EchoModel.ts"
import * as P from "./support/Providers.ts"
import type { TestServer } from "./support/TestServer.ts"
import { answeredBy, eventually, start, userByPhone } from "./support/TestServer.ts"

const SUPPORT = "help@jules.example.test"
const copy = makeCopy({ ...defaultSettings, supportContact: SUPPORT })
const SECRETS = ["whsec_current", "whsec_next"]
const TIERS = JSON.stringify({
  free: { dailyTurns: 2, maxReplySegments: 3 },
  plus: { dailyTurns: 4, maxReplySegments: 6 },
  pro: { dailyTurns: null, maxReplySegments: 10 }
})
const LINK = /https:\/\/jules\.example\.test\/b\/([A-Za-z0-9_-]{22})/

class World extends Context.Service<World, {
  readonly billed: TestServer
  readonly unbilled: TestServer
  readonly fakeTwilio: FakeTwilioServer.FakeTwilioServer
  readonly stripe: FakeStripeServer.FakeStripeServer
  /** Every number and text the tests sent: none may reach Stripe. */
  readonly secrets: Array<string>
}>()("test/Billing/World") {}

const world = Layer.effect(
  World,
  Effect.gen(function*() {
    const fakeTwilio = yield* FakeTwilioServer.make()
    const stripe = yield* FakeStripeServer.make({ prices: ["price_plus", "price_pro"] })
    const model = yield* EchoModel.make
    const common = {
      ...model.env,
      ...P.twilioEnv(fakeTwilio),
      BURST_WINDOW_MS: "200",
      JULES_TIERS: TIERS,
      JULES_SUPPORT_CONTACT: SUPPORT
    }
    const billed = yield* Effect.flatMap(databaseEnv("pglite"), (db) =>
      start({
        ...db,
        ...common,
        STRIPE_SECRET_KEY: stripe.secretKey,
        STRIPE_WEBHOOK_SECRET: SECRETS.join(","),
        STRIPE_PRICE_PLUS: "price_plus",
        STRIPE_PRICE_PRO: "price_pro",
        STRIPE_API_BASE_URL: stripe.baseURL
      }))
    const unbilled = yield* Effect.flatMap(databaseEnv("pglite"), (db) => start({ ...db, ...common }))
    return { billed, unbilled, fakeTwilio, stripe, secrets: [] }
  })
)

let numbers = 0
const newPhone = Effect.gen(function*() {
  const { secrets } = yield* World
  const phone = `+1555${String((process.pid * 31 + ++numbers * 7919) % 10_000_000).padStart(7, "0")}` as PhoneNumber
  secrets.push(phone, phone.slice(2), phone.slice(5))
  return phone
})

const sentTo = (phone: string) => Effect.map(Effect.service(World), ({ fakeTwilio }) => fakeTwilio.sent.filter((m) => m.to === phone))

/** The person texts; waits for the turn that answers it and returns it with the texts sent to them since. */
const text = (server: TestServer, phone: PhoneNumber, body: string) =>
  Effect.gen(function*() {
    const { fakeTwilio, secrets } = yield* World
    secrets.push(body)
    const before = (yield* sentTo(phone)).length
    const sid = P.messageSid()
    const response = yield* P.postTwilio(server.url, "/webhooks/twilio/sms", P.inboundParams({ sid, from: phone, body }), {
      authToken: fakeTwilio.authToken
    })
    assert.strictEqual(response.status, 200)
    const messageId: MessageId = inboundMessageId("twilio", sid)
    const turn = yield* server.use(eventually(Effect.gen(function*() {
      const user = yield* userByPhone(phone)
      return Option.isNone(user) ? Option.none() : yield* answeredBy(user.value.id, messageId)
    })))
    // The turn recorded what it sends before sending it: wait until the carrier has all of it.
    const planned = yield* server.use(Effect.flatMap(Effect.service(MessageStore), (m) => m.outboundForTurn(turn.id)))
    const sent = yield* eventually(Effect.map(sentTo(phone), (all) => {
      const fresh = all.slice(before)
      return fresh.length >= planned.length ? Option.some(fresh) : Option.none()
    }))
    return { turn, bodies: sent.map((m) => m.body) }
  })

const userOf = (server: TestServer, phone: PhoneNumber) =>
  server.use(Effect.map(userByPhone(phone), Option.getOrThrow))

const tierOf = (server: TestServer, phone: PhoneNumber) => Effect.map(userOf(server, phone), (user) => user.tier)

/** Opens a link as a browser would, without following the redirect. */
const openLink = (server: TestServer, token: string) =>
  P.request(`${server.url}/b/${token}`, { method: "GET", redirect: "manual" })

const tokenIn = (body: string): string => {
  const match = LINK.exec(body)
  assert.isNotNull(match, `no link in: ${body}`)
  return match![1]!
}

const signed = (payload: string, options: { readonly secret?: string; readonly timestamp?: number } = {}) =>
  Stripe.webhooks.generateTestHeaderString({
    payload,
    secret: options.secret ?? SECRETS[0]!,
    ...(options.timestamp === undefined ? {} : { timestamp: options.timestamp })
  })

const postEvent = (payload: string, signature: string) =>
  Effect.gen(function*() {
    const { billed } = yield* World
    return yield* P.request(`${billed.url}/webhooks/stripe`, {
      method: "POST",
      headers: { "content-type": "application/json; charset=utf-8", "stripe-signature": signature },
      body: payload
    })
  })

const subscriptionEvent = (type: "created" | "updated" | "deleted", subscriptionId: string) =>
  Effect.map(Effect.service(World), ({ stripe }) =>
    stripe.event(`customer.subscription.${type}`, stripe.subscription(subscriptionId)))

/** A known person opens an UPGRADE link and pays: their customer and subscription at Stripe. */
const subscribe = (phone: PhoneNumber) =>
  Effect.gen(function*() {
    const { billed, stripe } = yield* World
    const { bodies } = yield* text(billed, phone, "UPGRADE")
    const opened = yield* openLink(billed, tokenIn(bodies[0]!))
    assert.strictEqual(opened.status, 303)
    return stripe.completeCheckout(opened.headers.get("location")!)
  })

describe("billing on the running server", () => {
  layer(world, { excludeTestServices: true, timeout: "180 seconds" })((it) => {
    it.effect("over quota → short link → Checkout → webhook → replies under the paid tier; Stripe learns only an id", () =>
      Effect.gen(function*() {
        const { billed, secrets, stripe } = yield* World
        const phone = yield* newPhone
        assert.strictEqual((yield* text(billed, phone, "hi #q1")).turn.outcome, "replied")
        assert.strictEqual((yield* text(billed, phone, "I'm Marisol, still here #q2")).turn.outcome, "replied")
        const nudge = yield* text(billed, phone, "one more #q3")
        assert.strictEqual(nudge.turn.outcome, "quota_exceeded")
        assert.strictEqual(nudge.bodies.length, 1)
        const token = tokenIn(nudge.bodies[0]!)
        for (const spelling of secrets.filter((s) => s.startsWith("+") || /^\d+$/.test(s))) {
          assert.notInclude(nudge.bodies[0]!, spelling)
        }

        const opened = yield* openLink(billed, token)
        assert.strictEqual(opened.status, 303)
        assert.strictEqual(opened.headers.get("referrer-policy"), "no-referrer")
        const location = opened.headers.get("location")!
        assert.isTrue(location.startsWith(`${stripe.origin}/c/pay/cs_test_`), location)
        const session = stripe.sessions.get(location.split("/").at(-1)!)!
        const user = yield* userOf(billed, phone)
        assert.strictEqual(session.client_reference_id, user.id)
        assert.strictEqual(session.mode, "subscription")
        assert.strictEqual(session.price, "price_plus")

        const { customerId, subscriptionId } = stripe.completeCheckout(location)
        const completed = stripe.event("checkout.session.completed", {
          ...session,
          status: "complete",
          customer: customerId,
          subscription: subscriptionId
        })
        assert.strictEqual((yield* postEvent(completed, signed(completed))).status, 200)
        assert.strictEqual(yield* tierOf(billed, phone), "plus")

        const after = yield* text(billed, phone, "I upgraded! #q4")
        assert.strictEqual(after.turn.outcome, "replied")
        assert.include(after.bodies.join("\n"), "Got it (#q4).")
        assert.strictEqual((yield* text(billed, phone, "great #q5")).turn.outcome, "replied")
        // plus allows 4 answered turns a day here: the fifth is over (and today's nudge was sent).
        assert.strictEqual((yield* text(billed, phone, "and more #q6")).turn.outcome, "quota_exceeded")

        // Everything the Stripe SDK sent: the person's id, never their number, name or words.
        assert.isAbove(stripe.requests.length, 0)
        const wire = stripe.requests.map((r) => `${r.path}\n${JSON.stringify(r.headers)}\n${r.rawBody}`).join("\n")
        for (const secret of [...secrets, "Marisol"]) assert.notInclude(wire, secret)
        assert.include(wire, user.id)
        // Nor is any number or text in the server's log lines.
        const logs = billed.logs.join("\n")
        for (const secret of secrets.filter((s) => s.length > 6)) assert.notInclude(logs, secret)
        // Nor the link's token, a credential: the access line says /b/[token].
        assert.notInclude(logs, token)
        assert.include(logs, `"path":"/b/[token]"`)
      }))

    it.effect("bad or stale signatures: 400 and no change; duplicates and reversed order: the right tier; deletion: free", () =>
      Effect.gen(function*() {
        const { billed, stripe } = yield* World
        const phone = yield* newPhone
        yield* text(billed, phone, "hello #w1")
        const { subscriptionId } = yield* subscribe(phone)
        const created = yield* subscriptionEvent("created", subscriptionId)

        assert.strictEqual((yield* postEvent(created, signed(created, { secret: "whsec_someone_else" }))).status, 400)
        const stale = signed(created, { timestamp: Math.floor(Date.now() / 1000) - 301 })
        assert.strictEqual((yield* postEvent(created, stale)).status, 400)
        assert.strictEqual((yield* postEvent(created, "t=1,v1=deadbeef")).status, 400)
        assert.strictEqual((yield* postEvent(created.replace("subscription", "subscriptionX"), signed(created))).status, 400)
        assert.strictEqual(yield* tierOf(billed, phone), "free")

        // The person cancels; Stripe sends updated before created, and each twice (one signed with the next secret).
        stripe.updateSubscription(subscriptionId, { cancel_at_period_end: true })
        const updated = yield* subscriptionEvent("updated", subscriptionId)
        for (const [payload, secret] of [[updated, SECRETS[1]], [created, SECRETS[0]], [updated, SECRETS[0]], [created, SECRETS[1]]]) {
          assert.strictEqual((yield* postEvent(payload!, signed(payload!, { secret: secret! }))).status, 200)
        }
        assert.strictEqual(yield* tierOf(billed, phone), "plus")
        const userId = (yield* userOf(billed, phone)).id
        const account = yield* billed.use(Effect.flatMap(Effect.service(BillingAccounts), (a) => a.find(userId)))
        assert.isTrue(Option.getOrThrow(account).cancelAtPeriodEnd)

        // The period ends: the subscription is deleted; then a late, older event arrives.
        stripe.updateSubscription(subscriptionId, { status: "canceled" })
        const deleted = yield* subscriptionEvent("deleted", subscriptionId)
        assert.strictEqual((yield* postEvent(deleted, signed(deleted))).status, 200)
        assert.strictEqual(yield* tierOf(billed, phone), "free")
        const late = stripe.event("customer.subscription.updated", { id: subscriptionId, object: "subscription", status: "active" })
        assert.strictEqual((yield* postEvent(late, signed(late))).status, 200)
        assert.strictEqual(yield* tierOf(billed, phone), "free")
      }))

    it.effect("the three events of a checkout delivered at once: one tier change, one audit entry", () =>
      Effect.gen(function*() {
        const { billed, stripe } = yield* World
        const phone = yield* newPhone
        yield* text(billed, phone, "hello #c1")
        const { customerId, subscriptionId } = yield* subscribe(phone)
        const userId = (yield* userOf(billed, phone)).id
        const payloads = [
          stripe.event("checkout.session.completed", {
            id: "cs_at_once",
            customer: customerId,
            subscription: subscriptionId,
            client_reference_id: userId
          }),
          yield* subscriptionEvent("created", subscriptionId),
          stripe.event("invoice.paid", {
            id: "in_at_once",
            customer: customerId,
            parent: { type: "subscription_details", subscription_details: { subscription: subscriptionId } }
          })
        ]
        const responses = yield* Effect.forEach(payloads, (payload) => postEvent(payload, signed(payload)), {
          concurrency: "unbounded"
        })
        assert.deepStrictEqual(responses.map((r) => r.status), [200, 200, 200])
        assert.strictEqual(yield* tierOf(billed, phone), "plus")
        const entries = yield* billed.use(
          Effect.flatMap(Effect.service(AuditLog), (log) => log.list({ userId, kind: "tier_changed", limit: 10 }))
        )
        assert.strictEqual(entries.length, 1)
      }))

    it.effect("a failed payment keeps the tier and sends one text with a link to the portal", () =>
      Effect.gen(function*() {
        const { billed, fakeTwilio, stripe } = yield* World
        const phone = yield* newPhone
        yield* text(billed, phone, "hello #p1")
        const { customerId, subscriptionId } = yield* subscribe(phone)
        const created = yield* subscriptionEvent("created", subscriptionId)
        yield* postEvent(created, signed(created))
        assert.strictEqual(yield* tierOf(billed, phone), "plus")

        stripe.updateSubscription(subscriptionId, { status: "past_due" })
        const before = (yield* sentTo(phone)).length
        const invoice = {
          id: "in_fake_failed_1",
          object: "invoice",
          customer: customerId,
          parent: { type: "subscription_details", subscription_details: { subscription: subscriptionId } }
        }
        // Stripe retries the card: two failures of one invoice, the first delivered twice.
        const first = stripe.event("invoice.payment_failed", invoice)
        const second = stripe.event("invoice.payment_failed", invoice)
        // A carrier slower than the outbox loop's poll: the loop finds the notice pending while it is being sent.
        fakeTwilio.setDefault({ asProvider: true, delayMs: 2_500 })
        yield* Effect.addFinalizer(() => Effect.sync(() => fakeTwilio.setDefault(undefined)))
        for (const payload of [first, first, second]) {
          assert.strictEqual((yield* postEvent(payload, signed(payload))).status, 200)
        }
        yield* eventually(Effect.map(sentTo(phone), (all) => all.length > before ? Option.some(all) : Option.none()))
        yield* Effect.sleep("3 seconds")
        const notices = (yield* sentTo(phone)).slice(before)
        assert.strictEqual(notices.length, 1)
        assert.include(notices[0]!.body, "didn't go through")
        assert.strictEqual(yield* tierOf(billed, phone), "plus")
        const portal = yield* openLink(billed, tokenIn(notices[0]!.body))
        assert.strictEqual(portal.status, 303)
        assert.isTrue(portal.headers.get("location")!.startsWith(`${stripe.origin}/p/session/bps_`))
      }))

    it.effect("links: expired 410, unknown or for another purpose 404, each person's link opens their own checkout", () =>
      Effect.gen(function*() {
        const { billed, stripe } = yield* World
        const [ana, ben] = [yield* newPhone, yield* newPhone]
        const anaToken = tokenIn((yield* text(billed, ana, "PLAN")).bodies[0]!)
        const benToken = tokenIn((yield* text(billed, ben, "plan")).bodies[0]!)
        const anaId: UserId = (yield* userOf(billed, ana)).id
        const benId: UserId = (yield* userOf(billed, ben)).id
        for (const [token, owner] of [[anaToken, anaId], [benToken, benId]] as const) {
          const opened = yield* openLink(billed, token)
          const session = stripe.sessions.get(opened.headers.get("location")!.split("/").at(-1)!)!
          assert.strictEqual(session.client_reference_id, owner)
          assert.strictEqual(session.subscriptionMetadata["userId"], owner)
        }

        const expired = newToken()
        const identity = newToken()
        const now = yield* DateTime.now
        yield* billed.use(Effect.gen(function*() {
          const links = yield* LinkTokens
          yield* links.save({ token: expired, purpose: "billing", userId: anaId, expiresAt: DateTime.subtract(now, { minutes: 1 }) })
          yield* links.save({ token: identity, purpose: "identity", userId: anaId, expiresAt: DateTime.add(now, { hours: 1 }) })
        }))
        assert.strictEqual((yield* openLink(billed, expired)).status, 410)
        assert.strictEqual((yield* openLink(billed, identity)).status, 404)
        assert.strictEqual((yield* openLink(billed, newToken())).status, 404)
        assert.strictEqual((yield* openLink(billed, "not-a-token")).status, 404)
        const sessions = stripe.sessions.size
        yield* openLink(billed, expired)
        assert.strictEqual(stripe.sessions.size, sessions, "a refused link never reaches Stripe")
      }))

    it.effect("200 random, malformed or odd Stripe events, correctly signed: a 200 or a 400, never a 5xx", () =>
      Effect.gen(function*() {
        const { billed } = yield* World
        const types = fc.constantFrom(
          "checkout.session.completed",
          "customer.subscription.updated",
          "customer.subscription.deleted",
          "invoice.paid",
          "invoice.payment_failed",
          "charge.refunded"
        )
        const body = fc.oneof(
          fc.string(),
          fc.jsonValue().map((value) => JSON.stringify(value)),
          fc.tuple(fc.string(), types, fc.dictionary(
            fc.constantFrom("id", "customer", "subscription", "client_reference_id", "parent", "status"),
            fc.oneof(fc.string(), fc.jsonValue())
          )).map(([id, type, object]) => JSON.stringify({ id, object: "event", type, data: { object } }))
        )
        const samples = fc.sample(body, { numRuns: 200, seed: 20261206 })
        const statuses = yield* Effect.forEach(samples, (payload) => postEvent(payload, signed(payload)), { concurrency: 8 })
        const unexpected = statuses.filter((r) => r.status !== 200 && r.status !== 400)
        assert.deepStrictEqual(unexpected.map((r) => `${r.status} ${r.body}`), [])
        const ready = yield* P.request(`${billed.url}/health/ready`, { method: "GET" })
        assert.strictEqual(ready.status, 200)
      }))

    it.effect("without Stripe variables: no webhook route, and the nudge and UPGRADE name the operator", () =>
      Effect.gen(function*() {
        const { unbilled } = yield* World
        const phone = yield* newPhone
        const payload = JSON.stringify({ id: "evt_x", type: "invoice.paid", data: { object: { id: "in_1" } } })
        const refused = yield* P.request(`${unbilled.url}/webhooks/stripe`, {
          method: "POST",
          headers: { "stripe-signature": signed(payload) },
          body: payload
        })
        assert.strictEqual(refused.status, 404)
        yield* text(unbilled, phone, "one #u1")
        yield* text(unbilled, phone, "two #u2")
        const nudge = yield* text(unbilled, phone, "three #u3")
        assert.deepStrictEqual(nudge.bodies, [copy.upgradeNudge({ limit: 2, url: undefined })])
        assert.include(nudge.bodies[0]!, SUPPORT)
        assert.deepStrictEqual((yield* text(unbilled, phone, "UPGRADE")).bodies, [copy.billingContact])
      }))
  })
})

/** The same database for two servers one after the other: a PGlite directory, or a scratch PostgreSQL database. */
const lastingDatabase = (kind: "pglite" | "postgres") =>
  kind === "postgres"
    ? databaseEnv("postgres")
    : Effect.map(
      Effect.acquireRelease(
        Effect.promise(() => mkdtemp(join(tmpdir(), "jules-billing-"))),
        (dir) => Effect.promise(() => rm(dir, { recursive: true, force: true }))
      ),
      (dir) => ({ JULES_DATA_DIR: dir, JULES_ENCRYPTION_KEYS: ENCRYPTION_KEYS })
    )

describe("billing state across a restart", () => {
  for (const kind of ["pglite", "postgres"] as const) {
    it.live.skipIf(kind === "postgres" && postgresUrl === undefined)(
      `a subscriber is still a subscriber after the server restarts (${kind === "pglite" ? "file-backed PGlite" : "PostgreSQL"})`,
      () =>
      Effect.gen(function*() {
        const database = yield* lastingDatabase(kind)
        const fakeTwilio = yield* FakeTwilioServer.make()
        const stripe = yield* FakeStripeServer.make()
        const env = {
          ...P.twilioEnv(fakeTwilio),
          ...database,
          STRIPE_SECRET_KEY: stripe.secretKey,
          STRIPE_WEBHOOK_SECRET: SECRETS[0]!,
          STRIPE_PRICE_PLUS: "price_plus",
          STRIPE_API_BASE_URL: stripe.baseURL
        }
        const phone = "+15555550142" as PhoneNumber
        const customerId = yield* Effect.scoped(Effect.gen(function*() {
          const server = yield* start(env)
          const user = yield* server.use(Effect.flatMap(Effect.service(UserStore), (users) =>
            users.findOrCreate(phone, { tier: Tier.make("free"), timeZone: "America/New_York" })))
          // A link as the nudge would carry, opened as a browser would.
          const token = newToken()
          const expiresAt = DateTime.add(yield* DateTime.now, { hours: 1 })
          yield* server.use(Effect.flatMap(Effect.service(LinkTokens), (links) =>
            links.save({ token, purpose: "billing", userId: user.id, expiresAt })))
          const url = (yield* openLink(server, token)).headers.get("location")!
          const { customerId, subscriptionId } = stripe.completeCheckout(url)
          const created = stripe.event("customer.subscription.created", stripe.subscription(subscriptionId))
          const response = yield* P.request(`${server.url}/webhooks/stripe`, {
            method: "POST",
            headers: { "stripe-signature": signed(created) },
            body: created
          })
          assert.strictEqual(response.status, 200)
          return customerId
        }))
        const server = yield* start(env)
        const user = Option.getOrThrow(yield* server.use(userByPhone(phone)))
        assert.strictEqual(user.tier, "plus")
        const account = Option.getOrThrow(yield* server.use(Effect.flatMap(Effect.service(BillingAccounts), (a) => a.find(user.id))))
        assert.strictEqual(account.customerId, customerId)
        assert.strictEqual(account.status, "active")
      }), { timeout: 120_000 })
  }
})
