/** `ADMIN_API_TOKEN`: what is accepted, what is refused with its fix, and the constant-time match. */
import { assert, describe, it } from "@effect/vitest"
import fc from "fast-check"
import { Redacted } from "effect"
import * as AdminConfig from "../src/admin/AdminConfig.ts"
import { matchToken } from "../src/admin/AdminAuthorizationLive.ts"

const A = "a".repeat(32)
const B = "b1234567890b1234567890b1234567890"

describe("ADMIN_API_TOKEN", () => {
  it("unset: no tokens, so no /admin", () => {
    assert.deepStrictEqual(AdminConfig.parse(undefined), { settings: { tokens: [] }, invalid: [] })
  })

  it("comma-separated tokens for rotation, each known by a hash prefix, never by itself", () => {
    const { invalid, settings } = AdminConfig.parse(` ${A} , ${B},${A}`)
    assert.deepStrictEqual(invalid, [])
    assert.deepStrictEqual(settings.tokens.map((t) => Redacted.value(t.token)), [A, B])
    assert.deepStrictEqual(settings.tokens.map((t) => t.id), [AdminConfig.tokenId(A), AdminConfig.tokenId(B)])
    assert.match(settings.tokens[0]!.id, /^t-[0-9a-f]{12}$/)
    assert.notInclude(settings.tokens[0]!.id, A.slice(0, 6))
    assert.notInclude(String(settings.tokens[0]!.token), A)
    assert.strictEqual(matchToken(settings, A), AdminConfig.tokenId(A))
    assert.strictEqual(matchToken(settings, B), AdminConfig.tokenId(B))
    for (const wrong of ["", A.slice(1), `${A}a`, A.toUpperCase(), `${A},${B}`]) {
      assert.isUndefined(matchToken(settings, wrong), wrong)
    }
  })

  it("short tokens and empty entries are refused, naming the fix and never the value", () => {
    const short = AdminConfig.parse("tooshort")
    assert.deepStrictEqual(short.invalid, [
      `ADMIN_API_TOKEN tokens must be at least 32 characters without spaces: generate one with ${AdminConfig.TOKEN_COMMAND}`
    ])
    assert.notInclude(short.invalid.join(" "), "tooshort")
    assert.include(AdminConfig.parse(`${A},,${B}`).invalid[0]!, "empty entry")
  })

  it("any value: parsing never throws, and only configured tokens of 32+ characters ever match", () => {
    fc.assert(fc.property(fc.string({ maxLength: 200 }), fc.string({ maxLength: 80 }), (raw, presented) => {
      const { invalid, settings } = AdminConfig.parse(raw)
      for (const token of settings.tokens) {
        if (invalid.length === 0) assert.isAtLeast(Redacted.value(token.token).length, AdminConfig.MIN_TOKEN_LENGTH)
      }
      const match = matchToken(settings, presented)
      if (match !== undefined) assert.isTrue(settings.tokens.some((t) => Redacted.value(t.token) === presented))
    }))
  })
})
