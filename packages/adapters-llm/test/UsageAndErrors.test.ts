import { assert, describe, it } from "@effect/vitest"
import { ModelPrice, TokenUsage } from "@jules/core"
import { Effect } from "effect"
import * as fc from "fast-check"
import * as PriceTable from "../src/PriceTable.ts"
import * as ProviderErrors from "../src/ProviderErrors.ts"
import * as UsageMapping from "../src/UsageMapping.ts"
import { captureLogs } from "./fixtures.ts"

describe("UsageMapping", () => {
  it("OpenAI buckets never overlap: they add up to the prompt tokens", () => {
    fc.assert(fc.property(
      fc.nat(1_000_000),
      fc.nat(1_000_000),
      fc.nat(1_000_000),
      fc.nat(10_000),
      (prompt, cached, written, completion) => {
        const usage = UsageMapping.fromOpenAi({
          prompt_tokens: prompt,
          completion_tokens: completion,
          prompt_tokens_details: { cached_tokens: cached, cache_write_tokens: written }
        })
        assert.strictEqual(usage.promptTokens, prompt)
        assert.isAtLeast(usage.inputTokens, 0)
        assert.strictEqual(usage.outputTokens, completion)
        if (cached + written <= prompt) {
          assert.deepStrictEqual([usage.cacheReadTokens, usage.cacheWriteTokens], [cached, written])
        }
      }
    ))
  })

  it("Anthropic buckets are taken as reported; nonsense counts as zero", () => {
    const usage = UsageMapping.fromAnthropic({
      input_tokens: 12,
      output_tokens: Number.NaN,
      cache_read_input_tokens: -4,
      cache_creation_input_tokens: null
    })
    assert.deepStrictEqual(
      [usage.inputTokens, usage.outputTokens, usage.cacheReadTokens, usage.cacheWriteTokens],
      [12, 0, 0, 0]
    )
    assert.strictEqual(UsageMapping.fromAnthropic(undefined), TokenUsage.zero)
  })
})

describe("retry-after", () => {
  const now = Date.UTC(2026, 10, 22, 12, 0, 0)
  const wait = (headers: Record<string, string>) => ProviderErrors.retryAfterMs(new Headers(headers), now)

  it("reads milliseconds, seconds and HTTP dates", () => {
    assert.strictEqual(wait({ "retry-after-ms": "250" }), 250)
    assert.strictEqual(wait({ "retry-after": "2" }), 2_000)
    assert.strictEqual(wait({ "retry-after": "1.5" }), 1_500)
    assert.strictEqual(wait({ "retry-after": "0" }), 0)
    assert.strictEqual(wait({ "retry-after": new Date(now + 30_000).toUTCString() }), 30_000)
    assert.strictEqual(wait({ "retry-after": new Date(now - 30_000).toUTCString() }), 0)
    assert.strictEqual(wait({ "retry-after-ms": "nonsense", "retry-after": "3" }), 3_000)
    assert.isUndefined(wait({ "retry-after": "soon" }))
    assert.isUndefined(wait({}))
  })

  it("maps statuses to the port's reasons", () => {
    const reason = (status: number) =>
      ProviderErrors.toLanguageModelError("p", { _tag: "Http", status, headers: new Headers(), detail: "d" }, now)
        .reason._tag
    assert.deepStrictEqual(
      [400, 401, 402, 403, 404, 408, 409, 422, 429, 500, 502, 503, 529].map(reason),
      [
        "ModelInvalidRequest",
        "ModelNotAuthorized",
        "ModelNotAuthorized",
        "ModelNotAuthorized",
        "ModelInvalidRequest",
        "ModelTimeout",
        "ModelUnavailable",
        "ModelInvalidRequest",
        "ModelRateLimited",
        "ModelUnavailable",
        "ModelUnavailable",
        "ModelUnavailable",
        "ModelUnavailable"
      ]
    )
  })
})

describe("PriceTable", () => {
  const usage = new TokenUsage({ inputTokens: 1_000, outputTokens: 100, cacheReadTokens: 0, cacheWriteTokens: 0 })

  it.effect("prices the reported model, else the requested one", () =>
    Effect.gen(function*() {
      const table = PriceTable.make({
        "m-alias": new ModelPrice({ input: 1, output: 10, cacheRead: 0, cacheWrite: 0 }),
        "m-2026-01-01": new ModelPrice({ input: 2, output: 20, cacheRead: 0, cacheWrite: 0 })
      })
      assert.strictEqual(yield* table.costMicros({ requested: "m-alias", reported: "m-2026-01-01" }, usage), 4_000)
      assert.strictEqual(yield* table.costMicros({ requested: "m-alias", reported: "m-2027-01-01" }, usage), 2_000)
    }))

  it.effect("an unknown model costs 0 and is named in one warning, however often it is used", () =>
    Effect.gen(function*() {
      const logs = captureLogs()
      const table = PriceTable.make({})
      const costs = yield* Effect.forEach(
        ["mystery-model", "mystery-model", "mystery-model"],
        (model) => table.costMicros({ requested: model, reported: model }, usage)
      ).pipe(Effect.provide(logs.layer))
      assert.deepStrictEqual(costs, [0, 0, 0])
      const warnings = logs.entries.filter((e) => e.level === "Warn")
      assert.strictEqual(warnings.length, 1)
      assert.strictEqual(warnings[0]?.annotations["model"], "mystery-model")
    }))
})
