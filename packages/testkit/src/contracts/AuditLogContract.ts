/** What every `AuditLog` must do. */
import { assert } from "@effect/vitest"
import type { AuditKind, UserId } from "@jules/core"
import { AuditEntry, AuditLog } from "@jules/core"
import type { Layer } from "effect"
import { Effect } from "effect"
import * as F from "./Fixtures.ts"
import type { ContractOptions, ContractTests } from "./Suite.ts"
import { registerContract } from "./Suite.ts"

const entry = (userId: UserId | undefined, kind: AuditKind, minutes: number, detail: Record<string, string> = {}) =>
  Effect.map(F.uuid, (id) =>
    new AuditEntry({
      id: `${kind}:${id}`,
      kind,
      ...(userId === undefined ? {} : { userId }),
      detail,
      at: F.plusMinutes(F.base, minutes)
    }))

/** Enough to reach entries of a kind however many earlier runs left in a shared database. */
const everything = 100_000

export const auditLogTests: ContractTests<AuditLog> = (it) => {
  it.effect("entries come back with every field, oldest first, once per id", () =>
    Effect.gen(function*() {
      const log = yield* AuditLog
      const userId = yield* F.userId
      const optOut = yield* entry(userId, "consent_changed", 0, { state: "opted_out", source: "keyword" })
      const notice = yield* entry(userId, "disclosure_sent", 1, { kind: "ai_notice" })
      const tier = yield* entry(userId, "tier_changed", 2, {})
      for (const e of [tier, optOut, notice, optOut]) yield* log.append(e)
      yield* log.append(new AuditEntry({ ...notice, detail: { kind: "break_reminder" } }))
      assert.deepStrictEqual(
        F.plainAll(AuditEntry, yield* log.list({ userId, limit: 10 })),
        F.plainAll(AuditEntry, [optOut, notice, tier])
      )
    }))

  it.effect("list filters by user and kind, and the limit keeps the oldest", () =>
    Effect.gen(function*() {
      const log = yield* AuditLog
      const userId = yield* F.userId
      const entries = [
        yield* entry(userId, "consent_changed", 0, { state: "opted_out" }),
        yield* entry(userId, "crisis_referral", 1, { category: "suicide" }),
        yield* entry(userId, "consent_changed", 2, { state: "opted_in" }),
        yield* entry(userId, "consent_changed", 3, { state: "opted_out" })
      ]
      for (const e of entries) yield* log.append(e)
      yield* log.append(yield* entry(yield* F.userId, "consent_changed", 1))
      const ids = (list: ReadonlyArray<AuditEntry>) => list.map((e) => e.id)
      assert.deepStrictEqual(ids(yield* log.list({ userId, kind: "consent_changed", limit: 10 })), [
        entries[0]!.id,
        entries[2]!.id,
        entries[3]!.id
      ])
      assert.deepStrictEqual(ids(yield* log.list({ userId, limit: 2 })), [entries[0]!.id, entries[1]!.id])
      assert.deepStrictEqual(yield* log.list({ userId, kind: "user_exported", limit: 10 }), [])
      const ofKind = yield* log.list({ kind: "crisis_referral", limit: everything })
      assert.isTrue(ofKind.some((e) => e.id === entries[1]!.id))
      assert.isTrue(ofKind.every((e) => e.kind === "crisis_referral"))
    }))

  it.effect("entries without a user are kept", () =>
    Effect.gen(function*() {
      const log = yield* AuditLog
      const system = yield* entry(undefined, "tier_changed", 0, { reason: "price_change" })
      yield* log.append(system)
      const found = (yield* log.list({ kind: "tier_changed", limit: everything })).find((e) => e.id === system.id)
      assert.deepStrictEqual(F.plain(AuditEntry, found!), F.plain(AuditEntry, system))
    }))

  it.effect("eraseUser removes the user's id from their entries; the entries stay", () =>
    Effect.gen(function*() {
      const log = yield* AuditLog
      const userId = yield* F.userId
      const other = yield* F.userId
      const referral = yield* entry(userId, "crisis_referral", 0, { category: "self_harm", severity: "imminent" })
      const consent = yield* entry(userId, "consent_changed", 1, { state: "opted_out" })
      const kept = yield* entry(other, "crisis_referral", 2)
      for (const e of [referral, consent, kept]) yield* log.append(e)
      yield* log.eraseUser(userId)
      assert.deepStrictEqual(yield* log.list({ userId, limit: 10 }), [])
      const referrals = yield* log.list({ kind: "crisis_referral", limit: everything })
      const anonymous = referrals.find((e) => e.id === referral.id)
      assert.deepStrictEqual(
        F.plain(AuditEntry, anonymous!),
        F.plain(AuditEntry, new AuditEntry({ id: referral.id, kind: referral.kind, detail: referral.detail, at: referral.at }))
      )
      assert.isTrue((yield* log.list({ kind: "consent_changed", limit: everything })).some((e) => e.id === consent.id))
      assert.deepStrictEqual((yield* log.list({ userId: other, limit: 10 })).map((e) => e.id), [kept.id])
    }))
}

export const auditLogContract = (
  name: string,
  storage: Layer.Layer<AuditLog, unknown>,
  options?: ContractOptions
): void => registerContract(`AuditLog contract (${name})`, storage, options, auditLogTests)
