/**
 * The decision webhook decoder: Veriff's documented sample shape, the nulls a
 * declined or unreadable document brings, event webhooks, and garbage of every
 * shape (a reason, never a throw).
 */
import { assert, describe, it } from "@effect/vitest"
import { VeriffDecision } from "@jules/adapters-identity"
import { FakeVeriffServer } from "@jules/testkit"
import { DateTime } from "effect"
import * as fc from "fast-check"

const receivedAt = DateTime.makeUnsafe("2026-12-06T10:00:00Z")
const decode = (body: string) => VeriffDecision.decode(body, receivedAt)

const decisionOf = (body: string) => {
  const decoded = decode(body)
  assert.strictEqual(decoded._tag, "Decision")
  return decoded._tag === "Decision" ? decoded.decision : undefined!
}

describe("Veriff decision webhook", () => {
  it("reads the person's id, the outcome and the birth date from the documented shape, nothing else", () => {
    const decision = decisionOf(FakeVeriffServer.decisionBody({
      sessionId: "12df6045-3846-3e45-946a-14fa6136d78b",
      vendorData: "4bd6b2b5-3f39-4a4b-9b8f-6a1c2d3e4f50",
      status: "approved",
      dateOfBirth: "1967-03-30",
      attemptId: "attempt-1",
      decisionTime: "2026-12-05T23:30:00.000Z"
    }))
    assert.deepStrictEqual({ ...decision, decidedAt: DateTime.formatIso(decision.decidedAt) }, {
      provider: "veriff",
      decisionId: "12df6045-3846-3e45-946a-14fa6136d78b:approved:attempt-1",
      userId: "4bd6b2b5-3f39-4a4b-9b8f-6a1c2d3e4f50",
      status: "approved",
      dateOfBirth: "1967-03-30",
      yearOfBirth: undefined,
      decidedAt: "2026-12-05T23:30:00.000Z"
    } as never)
    assert.notInclude(JSON.stringify(decision), "MORGAN", "names are not even decoded")
  })

  it("takes the year of birth when the date is null, as a number or a string", () => {
    const base = { sessionId: "s-1", vendorData: "u-1", status: "approved" as const, dateOfBirth: null }
    assert.strictEqual(decisionOf(FakeVeriffServer.decisionBody({ ...base, yearOfBirth: 2010 })).yearOfBirth, 2010)
    assert.strictEqual(decisionOf(FakeVeriffServer.decisionBody({ ...base, yearOfBirth: "2011" })).yearOfBirth, 2011)
    const none = decisionOf(FakeVeriffServer.decisionBody({ ...base, yearOfBirth: null }))
    assert.deepStrictEqual([none.dateOfBirth, none.yearOfBirth], [undefined, undefined])
  })

  it("declined, resubmission requested, expired and abandoned decisions, with null person fields", () => {
    for (const status of ["declined", "resubmission_requested", "expired", "abandoned"] as const) {
      const decision = decisionOf(FakeVeriffServer.decisionBody({ sessionId: "s-2", vendorData: "u-2", status }))
      assert.strictEqual(decision.status, status)
      assert.strictEqual(decision.decisionId, `s-2:${status}:00bca969-b53a-4fad-b065-572f3d9fbbd7`)
    }
    const bare = decisionOf(`{"status":"success","verification":{"id":"s-3","code":9102,"person":null,"vendorData":null}}`)
    assert.deepStrictEqual([bare.status, bare.userId, bare.decidedAt], ["declined", undefined, receivedAt] as never)
  })

  it("an event webhook (started, submitted) changes nothing", () => {
    const event = `{"id":"s-4","attemptId":"a","feature":"selfid","code":7002,"action":"submitted","vendorData":"u-4"}`
    assert.strictEqual(decode(event)._tag, "Ignored")
  })

  it("refuses what is not a decision, with a reason that quotes nothing", () => {
    for (const body of ["", "not json", "[]", "null", "42", `{"verification":{}}`, `{"verification":{"id":""}}`]) {
      const decoded = decode(body)
      assert.strictEqual(decoded._tag, "Malformed", body)
    }
    assert.strictEqual(decode(`{"verification":{"id":"x","status":"teleported"}}`)._tag, "Ignored")
  })

  it("never throws, whatever the body (property)", () => {
    const json = fc.jsonValue()
    const shaped = fc.record({
      status: fc.oneof(fc.string(), fc.constant("success")),
      verification: fc.oneof(
        json,
        fc.record({
          id: fc.oneof(fc.string(), json),
          status: fc.oneof(fc.constantFrom("approved", "declined", "expired", "review"), fc.string(), json),
          code: fc.oneof(fc.integer(), json),
          vendorData: fc.oneof(fc.string(), json),
          attemptId: fc.oneof(fc.string(), json),
          decisionTime: fc.oneof(fc.string(), fc.date().map((d) => String(d)), json),
          person: fc.oneof(json, fc.record({ dateOfBirth: fc.oneof(fc.string(), json), yearOfBirth: fc.oneof(fc.integer(), fc.string(), json) }))
        }, { requiredKeys: [] })
      )
    }, { requiredKeys: [] })
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: "binary" }), json.map((v) => JSON.stringify(v)), shaped.map((v) => JSON.stringify(v))), (body) => {
        const decoded = decode(body)
        assert.include(["Decision", "Ignored", "Malformed"], decoded._tag)
        if (decoded._tag === "Decision") {
          assert.isAbove(decoded.decision.decisionId.length, 2)
          assert.isTrue(DateTime.isDateTime(decoded.decision.decidedAt))
        }
        if (decoded._tag === "Malformed") assert.isAtMost(decoded.reason.length, 60)
      }),
      { numRuns: 1000 }
    )
  })
})
