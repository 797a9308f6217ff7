/**
 * What an operator's dashboard reads: webhooks by provider, kind and result,
 * ack latency by provider and kind, turns by outcome, each its own series.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Metric } from "effect"
import * as Metrics from "../src/observability/Metrics.ts"

const series = (snapshots: ReadonlyArray<Metric.Metric.Snapshot>, id: string) =>
  snapshots
    .filter((snapshot) => snapshot.id === id)
    .map((snapshot) => ({ attributes: snapshot.attributes, state: snapshot.state }))

const counted = (snapshots: ReadonlyArray<Metric.Metric.Snapshot>, id: string, attributes: Record<string, string>) =>
  series(snapshots, id).find((s) => JSON.stringify(s.attributes) === JSON.stringify(attributes))?.state

const countOf = (state: unknown) => (state as { readonly count: number } | undefined)?.count

describe("Metrics", () => {
  it.effect("each set of attributes is its own series, counted across calls", () =>
    Effect.gen(function*() {
      yield* Metrics.webhookHandled("twilio", "sms", "accepted", 3)
      yield* Metrics.webhookHandled("twilio", "sms", "accepted", 40)
      yield* Metrics.webhookHandled("twilio", "sms", "unauthorized", 1)
      yield* Metrics.webhookHandled("bandwidth", "status", "accepted", 2)
      yield* Metrics.turnCompleted("replied", 1)
      yield* Metrics.turnCompleted("replied", 3)
      yield* Metrics.turnCompleted("crisis_referral", 1)
      const snapshots = yield* Metric.snapshot

      const requests = (provider: string, kind: string, result: string) =>
        counted(snapshots, "jules_webhook_requests", { provider, kind, result })
      assert.strictEqual(countOf(requests("twilio", "sms", "accepted")), 2)
      assert.strictEqual(countOf(requests("twilio", "sms", "unauthorized")), 1)
      assert.strictEqual(countOf(requests("bandwidth", "status", "accepted")), 1)
      assert.strictEqual(requests("bandwidth", "sms", "accepted"), undefined)

      const latency = counted(snapshots, "jules_webhook_ack_ms", { provider: "twilio", kind: "sms" }) as
        | { readonly count: number; readonly min: number; readonly max: number; readonly sum: number }
        | undefined
      assert.deepStrictEqual(
        latency && { count: latency.count, min: latency.min, max: latency.max, sum: latency.sum },
        { count: 3, min: 1, max: 40, sum: 44 }
      )

      assert.strictEqual(countOf(counted(snapshots, "jules_turns", { outcome: "replied" })), 2)
      assert.strictEqual(countOf(counted(snapshots, "jules_turns", { outcome: "crisis_referral" })), 1)
      const texts = series(snapshots, "jules_turn_texts")[0]?.state as { readonly count: number; readonly sum: number }
      assert.deepStrictEqual({ count: texts.count, sum: texts.sum }, { count: 3, sum: 5 })
    }))
})
