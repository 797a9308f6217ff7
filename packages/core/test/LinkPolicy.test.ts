import { assert, describe, it } from "@effect/vitest"
import { DateTime } from "effect"
import type { UserId } from "../src/domain/Ids.ts"
import { checkLink, newToken, TOKEN_SHAPE } from "../src/policy/LinkPolicy.ts"

const at = (iso: string) => DateTime.makeUnsafe(iso)
const link = {
  token: "t",
  purpose: "billing",
  userId: "u1" as UserId,
  expiresAt: at("2026-12-06T12:00:00Z")
}

describe("LinkPolicy", () => {
  it("tokens are 22 url-safe characters (128 random bits), and never repeat", () => {
    const tokens = Array.from({ length: 2000 }, newToken)
    for (const token of tokens) assert.match(token, TOKEN_SHAPE)
    assert.strictEqual(new Set(tokens).size, tokens.length)
  })

  it("a link opens for its purpose until the instant it expires", () => {
    assert.strictEqual(checkLink(link, "billing", at("2026-12-06T11:59:59Z"))._tag, "Valid")
    assert.deepStrictEqual(checkLink(link, "billing", at("2026-12-06T12:00:00Z")), { _tag: "Refused", reason: "expired" })
    assert.deepStrictEqual(checkLink(link, "identity", at("2026-12-06T11:00:00Z")), {
      _tag: "Refused",
      reason: "other_purpose"
    })
    assert.deepStrictEqual(checkLink(undefined, "billing", at("2026-12-06T11:00:00Z")), { _tag: "Refused", reason: "unknown" })
  })
})
