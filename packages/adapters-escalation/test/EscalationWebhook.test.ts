import { assert, describe, it } from "@effect/vitest"
import type { TurnId, UserId } from "@jules/core"
import { CrisisEvent, EscalationNotifier } from "@jules/core"
import type { DeliveredEscalation } from "@jules/testkit"
import { EscalationHarness, escalationNotifierContract, FakeHttpServer, unusedPort } from "@jules/testkit"
import { DateTime, Effect, Layer } from "effect"
import * as EscalationWebhook from "../src/EscalationWebhook.ts"

/**
 * The webhook notifier posting to a local receiver, which accepts (204) and
 * keeps what it is sent unless the test asked it to fail (503, or 400).
 */
const webhookHarness = Layer.unwrap(
  Effect.gen(function*() {
    const accepted: Array<DeliveredEscalation> = []
    const failures: Array<number> = []
    const hook = yield* FakeHttpServer.make({
      endpoint: (method, path) => method === "POST" && path === "/hook",
      notFound: { status: 404 },
      parseBody: FakeHttpServer.parseJson,
      answer: (request) => {
        const failure = failures.shift()
        if (failure !== undefined) return { status: failure }
        const { category, eventId, severity, userId } = request.body as DeliveredEscalation
        accepted.push({ eventId, userId, category, severity })
        return { status: 204 }
      }
    })
    return Layer.succeed(
      EscalationHarness,
      EscalationHarness.of({
        delivered: Effect.sync(() => [...accepted]),
        failNext: (kind) => Effect.sync(() => failures.push(kind === "transient" ? 503 : 400))
      })
    ).pipe(Layer.merge(EscalationWebhook.layer(`${hook.origin}/hook`)))
  })
)

escalationNotifierContract("webhook", webhookHarness)

const event = new CrisisEvent({
  id: "twilio:SM0001" as TurnId,
  userId: "0b9f7c1e-6a55-4b43-9a5e-2f1b3f0d9a11" as UserId,
  category: "suicide",
  severity: "imminent",
  referred: true,
  at: DateTime.makeUnsafe("2026-11-22T05:00:00.000Z")
})

const notifierAt = (url: string) =>
  Effect.map(Effect.service(EscalationNotifier), (notifier) => notifier).pipe(
    Effect.provide(EscalationWebhook.layer(url))
  )

/** What is particular to the webhook: its JSON body, and the notifier without a URL. */
describe("EscalationNotifier", () => {
  it.live("posts the imminent crisis to ESCALATION_WEBHOOK_URL: ids and categories, nothing the person wrote", () =>
    Effect.gen(function*() {
      const hook = yield* FakeHttpServer.make({
        endpoint: (method, path) => method === "POST" && path === "/hook",
        notFound: { status: 404 },
        parseBody: FakeHttpServer.parseJson,
        answer: () => ({ status: 204 })
      })
      const notifier = yield* notifierAt(`${hook.origin}/hook`)
      yield* notifier.notify(event)
      assert.strictEqual(hook.requests.length, 1)
      assert.deepStrictEqual(hook.requests[0]!.body, {
        type: "crisis.imminent",
        eventId: "twilio:SM0001",
        userId: "0b9f7c1e-6a55-4b43-9a5e-2f1b3f0d9a11",
        category: "suicide",
        severity: "imminent",
        at: "2026-11-22T05:00:00.000Z"
      })
    }))

  it.live("an unreachable hook is retryable", () =>
    Effect.gen(function*() {
      const closed = yield* notifierAt(`http://127.0.0.1:${yield* unusedPort}/hook`)
      assert.isTrue((yield* Effect.flip(closed.notify(event))).isRetryable)
    }))

  it.effect("without a webhook URL it only logs, and never fails", () =>
    Effect.gen(function*() {
      const notifier = yield* Effect.service(EscalationNotifier).pipe(Effect.provide(EscalationWebhook.layer(undefined)))
      yield* notifier.notify(event)
    }))
})
