/**
 * Short links texted to a person (`PUBLIC_BASE_URL/b/<token>` for billing,
 * `/v/<token>` for age verification): a random token that stands for one
 * person and one purpose until it expires (see `policy/LinkPolicy.ts`).
 */
import type { DateTime, Effect, Option } from "effect"
import { Context } from "effect"
import type { UserId } from "../domain/Ids.ts"
import type { StorageError } from "./StorageError.ts"

export interface LinkToken {
  readonly token: string
  /** What the link opens, e.g. `billing`, `identity`. */
  readonly purpose: string
  readonly userId: UserId
  readonly expiresAt: DateTime.Utc
}

export class LinkTokens extends Context.Service<LinkTokens, {
  /** Idempotent on the token: saving a token again keeps the first link. */
  readonly save: (link: LinkToken) => Effect.Effect<void, StorageError>
  readonly find: (token: string) => Effect.Effect<Option.Option<LinkToken>, StorageError>
  readonly eraseUser: (userId: UserId) => Effect.Effect<void, StorageError>
}>()("@jules/core/LinkTokens") {}
