/** What every `LinkTokens` must do: a link resolves to its person and purpose, and only its own. */
import { assert } from "@effect/vitest"
import { LinkTokens, newToken } from "@jules/core"
import type { Layer } from "effect"
import { DateTime, Effect, Option } from "effect"
import * as F from "./Fixtures.ts"
import type { ContractOptions, ContractTests } from "./Suite.ts"
import { registerContract } from "./Suite.ts"

export const linkTokensTests: ContractTests<LinkTokens> = (it) => {
  it.effect("a saved link is found by its token, with its person, purpose and expiry", () =>
    Effect.gen(function*() {
      const links = yield* LinkTokens
      const userId = yield* F.userId
      const token = newToken()
      const expiresAt = F.plusMinutes(F.base, 60 * 24)
      yield* links.save({ token, purpose: "billing", userId, expiresAt })
      const found = Option.getOrThrow(yield* links.find(token))
      assert.strictEqual(found.userId, userId)
      assert.strictEqual(found.purpose, "billing")
      assert.isTrue(DateTime.Equivalence(found.expiresAt, expiresAt))
      assert.isTrue(Option.isNone(yield* links.find(newToken())), "an unknown token finds nothing")
      assert.isTrue(Option.isNone(yield* links.find(token.toLowerCase() === token ? token.toUpperCase() : token.toLowerCase())))
    }))

  it.effect("saving a token again keeps the first person", () =>
    Effect.gen(function*() {
      const links = yield* LinkTokens
      const [ana, ben] = [yield* F.userId, yield* F.userId] as const
      const token = newToken()
      yield* links.save({ token, purpose: "billing", userId: ana, expiresAt: F.base })
      yield* links.save({ token, purpose: "billing", userId: ben, expiresAt: F.base })
      assert.strictEqual(Option.getOrThrow(yield* links.find(token)).userId, ana)
    }))

  it.effect("erasing a person removes their links and no one else's", () =>
    Effect.gen(function*() {
      const links = yield* LinkTokens
      const [ana, ben] = [yield* F.userId, yield* F.userId] as const
      const [a1, a2, b1] = [newToken(), newToken(), newToken()]
      yield* links.save({ token: a1, purpose: "billing", userId: ana, expiresAt: F.base })
      yield* links.save({ token: a2, purpose: "identity", userId: ana, expiresAt: F.base })
      yield* links.save({ token: b1, purpose: "billing", userId: ben, expiresAt: F.base })
      yield* links.eraseUser(ana)
      assert.isTrue(Option.isNone(yield* links.find(a1)))
      assert.isTrue(Option.isNone(yield* links.find(a2)))
      assert.isTrue(Option.isSome(yield* links.find(b1)))
    }))
}

export const linkTokensContract = (
  name: string,
  storage: Layer.Layer<LinkTokens, unknown>,
  options?: ContractOptions
): void => registerContract(`LinkTokens contract (${name})`, storage, options, linkTokensTests)
