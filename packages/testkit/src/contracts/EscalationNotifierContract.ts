/**
 * What every `EscalationNotifier` must do: get each crisis it is told about to
 * the on-call humans, identified by ids, category and severity; say whether a
 * failure is worth retrying; and take the same event again (turns run at least
 * once) without trouble.
 *
 * An implementation runs the suite with an `EscalationHarness` that reads what
 * reached its destination (a webhook's receiver, a fake's record) and makes
 * the destination fail.
 */
import { assert } from "@effect/vitest"
import type { CrisisCategory } from "@jules/core"
import { CrisisEvent, EscalationNotifier } from "@jules/core"
import type { Layer } from "effect"
import { Context, DateTime, Effect } from "effect"
import * as F from "./Fixtures.ts"
import type { ContractOptions, ContractTests } from "./Suite.ts"
import { registerContract } from "./Suite.ts"

/** A notification as it reached the destination. */
export interface DeliveredEscalation {
  readonly eventId: string
  readonly userId: string
  readonly category: string
  readonly severity: string
}

export class EscalationHarness extends Context.Service<EscalationHarness, {
  /** Notifications that reached the destination, oldest first. */
  readonly delivered: Effect.Effect<ReadonlyArray<DeliveredEscalation>>
  /**
   * The next notification fails at the destination: `transient` as a pager
   * that is down for a moment (a 5xx), `permanent` as one that refuses it (a 4xx).
   */
  readonly failNext: (kind: "transient" | "permanent") => Effect.Effect<void>
}>()("@jules/testkit/EscalationHarness") {}

const categories: ReadonlyArray<CrisisCategory> = ["suicide", "self_harm", "violence", "abuse"]

const event = (options: { readonly category?: CrisisCategory; readonly severity?: "concern" | "imminent" } = {}) =>
  Effect.gen(function*() {
    return new CrisisEvent({
      id: yield* F.turnId,
      userId: yield* F.userId,
      category: options.category ?? "suicide",
      severity: options.severity ?? "imminent",
      referred: true,
      at: DateTime.makeUnsafe("2026-11-22T05:00:00.000Z")
    })
  })

const deliveredOf = (e: CrisisEvent) =>
  Effect.gen(function*() {
    const all = yield* (yield* EscalationHarness).delivered
    return all.filter((d) => d.eventId === e.id)
  })

const expected = (e: CrisisEvent): DeliveredEscalation => ({
  eventId: e.id,
  userId: e.userId,
  category: e.category,
  severity: e.severity
})

export const escalationNotifierTests: ContractTests<EscalationNotifier | EscalationHarness> = (it) => {
  it.effect("an imminent crisis reaches the destination once, with its ids, category and severity", () =>
    Effect.gen(function*() {
      const notifier = yield* EscalationNotifier
      const crisis = yield* event()
      yield* notifier.notify(crisis)
      assert.deepStrictEqual(yield* deliveredOf(crisis), [expected(crisis)])
    }))

  it.effect("every category, and a concern, are delivered as they are", () =>
    Effect.gen(function*() {
      const notifier = yield* EscalationNotifier
      for (const category of categories) {
        for (const severity of ["imminent", "concern"] as const) {
          const crisis = yield* event({ category, severity })
          yield* notifier.notify(crisis)
          assert.deepStrictEqual(yield* deliveredOf(crisis), [expected(crisis)])
        }
      }
    }))

  it.effect("the same event notified again (a turn run twice) is taken without failing", () =>
    Effect.gen(function*() {
      const notifier = yield* EscalationNotifier
      const crisis = yield* event()
      yield* notifier.notify(crisis)
      yield* notifier.notify(crisis)
      const delivered = yield* deliveredOf(crisis)
      assert.isAtLeast(delivered.length, 1)
      for (const d of delivered) assert.deepStrictEqual(d, expected(crisis))
    }))

  it.effect("a destination down for a moment is a retryable error, and the retry gets through", () =>
    Effect.gen(function*() {
      const notifier = yield* EscalationNotifier
      const crisis = yield* event()
      yield* (yield* EscalationHarness).failNext("transient")
      const error = yield* Effect.flip(notifier.notify(crisis))
      assert.strictEqual(error._tag, "EscalationError")
      assert.isTrue(error.isRetryable)
      yield* notifier.notify(crisis)
      assert.deepStrictEqual((yield* deliveredOf(crisis)).at(-1), expected(crisis))
    }))

  it.effect("a destination that refuses the notification is an error not worth retrying", () =>
    Effect.gen(function*() {
      const notifier = yield* EscalationNotifier
      const crisis = yield* event()
      yield* (yield* EscalationHarness).failNext("permanent")
      const error = yield* Effect.flip(notifier.notify(crisis))
      assert.strictEqual(error._tag, "EscalationError")
      assert.isFalse(error.isRetryable)
      assert.isAbove(error.message.length, 0)
    }))

  it.effect("concurrent notifications all arrive", () =>
    Effect.gen(function*() {
      const notifier = yield* EscalationNotifier
      const crises = yield* Effect.all(Array.from({ length: 8 }, () => event()))
      yield* Effect.forEach(crises, (crisis) => notifier.notify(crisis), { concurrency: "unbounded", discard: true })
      for (const crisis of crises) assert.deepStrictEqual(yield* deliveredOf(crisis), [expected(crisis)])
    }))
}

export const escalationNotifierContract = (
  name: string,
  notifier: Layer.Layer<EscalationNotifier | EscalationHarness, unknown>,
  options?: ContractOptions
): void => registerContract(`EscalationNotifier contract (${name})`, notifier, options, escalationNotifierTests)
