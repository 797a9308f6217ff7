import { assert, describe, it } from "@effect/vitest"
import type { TurnId, UserId } from "@jules/core"
import { CrisisEvent, EscalationNotifier } from "@jules/core"
import { FakeHttpServer } from "@jules/testkit"
import { DateTime, Effect } from "effect"
import * as EscalationNotifierLive from "../src/ports/EscalationNotifierLive.ts"

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
    Effect.provide(EscalationNotifierLive.layer(url))
  )

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

  it.live("a 5xx or an unreachable hook is retryable; a 4xx is not", () =>
    Effect.gen(function*() {
      const hook = yield* FakeHttpServer.make({
        endpoint: (method) => method === "POST",
        notFound: { status: 404 },
        parseBody: FakeHttpServer.parseJson,
        answer: () => ({ status: 200 })
      })
      const notifier = yield* notifierAt(`${hook.origin}/hook`)
      hook.enqueue({ status: 503 }, { status: 400 })
      assert.isTrue((yield* Effect.flip(notifier.notify(event))).isRetryable)
      assert.isFalse((yield* Effect.flip(notifier.notify(event))).isRetryable)
      const closed = yield* notifierAt("http://127.0.0.1:9/hook")
      assert.isTrue((yield* Effect.flip(closed.notify(event))).isRetryable)
    }))

  it.effect("without a webhook URL it only logs, and never fails", () =>
    Effect.gen(function*() {
      const notifier = yield* Effect.service(EscalationNotifier).pipe(Effect.provide(EscalationNotifierLive.layer(undefined)))
      yield* notifier.notify(event)
    }))
})
