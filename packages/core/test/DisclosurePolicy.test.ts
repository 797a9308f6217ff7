import { assert, describe, it } from "@effect/vitest"
import { DateTime, Duration, Option } from "effect"
import { DEFAULT_DISCLOSURE_INTERVAL, disclosuresDue } from "../src/policy/DisclosurePolicy.ts"

const now = DateTime.makeUnsafe("2026-11-22T12:00:00Z")
const ago = (d: Duration.Input) => Option.some(DateTime.subtractDuration(now, Duration.fromInputUnsafe(d)))
const due = (options: Partial<Parameters<typeof disclosuresDue>[0]>) =>
  disclosuresDue({
    now,
    ageStatus: "adult",
    lastAiNotice: Option.none(),
    lastBreakReminder: Option.none(),
    interval: DEFAULT_DISCLOSURE_INTERVAL,
    ...options
  })

describe("DisclosurePolicy", () => {
  it("the first text of all gets the AI notice", () => {
    assert.deepStrictEqual(due({}), ["ai_notice"])
  })
  it("not again within three hours, again from three hours on", () => {
    assert.deepStrictEqual(due({ lastAiNotice: ago("2 hours") }), [])
    assert.deepStrictEqual(due({ lastAiNotice: ago("179 minutes") }), [])
    assert.deepStrictEqual(due({ lastAiNotice: ago("3 hours") }), ["ai_notice"])
  })
  it("known minors also get the break reminder, on the same cadence", () => {
    assert.deepStrictEqual(due({ ageStatus: "minor" }), ["ai_notice", "break_reminder"])
    assert.deepStrictEqual(due({ ageStatus: "minor", lastAiNotice: ago("1 hour"), lastBreakReminder: ago("1 hour") }), [])
    assert.deepStrictEqual(due({ ageStatus: "minor", lastAiNotice: ago("1 hour"), lastBreakReminder: ago("4 hours") }), [
      "break_reminder"
    ])
  })
  it("adults and people of unknown age never get break reminders", () => {
    assert.deepStrictEqual(due({ ageStatus: "unknown", lastAiNotice: ago("1 hour") }), [])
  })
})
