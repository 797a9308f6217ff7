/**
 * What a webhook ack costs in storage: claim the provider id, find or create
 * the user by phone, record the inbound text. Prints latency percentiles and
 * throughput, sequential and 32 at a time, on the database the environment
 * names (`DATABASE_URL`, else PGlite under `JULES_DATA_DIR`; try
 * `JULES_DATA_DIR=memory://`).
 *
 *   pnpm exec node --conditions=@jules/source packages/adapters-postgres/scripts/bench-storage.ts
 */
import { randomUUID } from "node:crypto"
import type { MessageId, PhoneNumber } from "@jules/core"
import { EventClaims, InboundMessage, MessageStore, Tier, UserStore } from "@jules/core"
import { DateTime, Effect } from "effect"
import * as PostgresStorage from "../src/PostgresStorage.ts"

const ACKS = 400
const CONCURRENCY = 32

const ack = (n: number) =>
  Effect.gen(function*() {
    const started = performance.now()
    const sid = `SM${randomUUID().replaceAll("-", "")}`
    if (!(yield* Effect.flatMap(EventClaims, (claims) => claims.claim("twilio:sms", sid)))) return 0
    const phone = `+1555${String(n % 1000).padStart(7, "0")}` as PhoneNumber
    const user = yield* Effect.flatMap(UserStore, (users) =>
      users.findOrCreate(phone, { tier: Tier.make("free"), timeZone: "UTC" }))
    const message = new InboundMessage({
      id: randomUUID() as MessageId,
      userId: user.id,
      body: "hey, you there?",
      providerMessageId: sid,
      receivedAt: DateTime.nowUnsafe()
    })
    yield* Effect.flatMap(MessageStore, (messages) => messages.recordInbound(message))
    return performance.now() - started
  })

const report = (label: string, latencies: ReadonlyArray<number>, seconds: number) => {
  const sorted = [...latencies].sort((a, b) => a - b)
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!.toFixed(2)
  console.log(
    `${label.padEnd(14)} ${String(sorted.length).padStart(5)} acks  ` +
      `${(sorted.length / seconds).toFixed(0).padStart(6)}/s  ` +
      `p50 ${at(0.5)} ms  p99 ${at(0.99)} ms`
  )
}

const program = Effect.gen(function*() {
  yield* Effect.forEach(Array.from({ length: 20 }, (_, i) => i), ack) // warm-up
  for (const [label, concurrency] of [["sequential", 1], [`${CONCURRENCY} at a time`, CONCURRENCY]] as const) {
    const started = performance.now()
    const latencies = yield* Effect.forEach(Array.from({ length: ACKS }, (_, i) => i), ack, { concurrency })
    report(label, latencies, (performance.now() - started) / 1000)
  }
})

const started = performance.now()
Effect.runPromise(
  Effect.gen(function*() {
    console.log(`storage ready in ${((performance.now() - started) / 1000).toFixed(1)} s`)
    yield* program
  }).pipe(Effect.provide(PostgresStorage.layerConfig))
).catch((error) => {
  console.error(error)
  process.exitCode = 1
})
