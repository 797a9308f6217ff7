/** `LinkTokens` in memory: links by token. */
import type { LinkToken } from "@jules/core"
import { LinkTokens } from "@jules/core"
import { Effect, Layer, Option, Ref } from "effect"

export const make: Effect.Effect<LinkTokens["Service"]> = Effect.gen(function*() {
  const links = yield* Ref.make<ReadonlyMap<string, LinkToken>>(new Map())

  return LinkTokens.of({
    save: (link) =>
      Ref.update(links, (all) => (all.has(link.token) ? all : new Map(all).set(link.token, link))),
    find: (token) => Effect.map(Ref.get(links), (all) => Option.fromUndefinedOr(all.get(token))),
    eraseUser: (userId) =>
      Ref.update(links, (all) => new Map([...all].filter(([, link]) => link.userId !== userId)))
  })
})

export const layer: Layer.Layer<LinkTokens> = Layer.effect(LinkTokens, make)
