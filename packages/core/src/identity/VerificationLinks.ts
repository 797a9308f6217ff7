/**
 * The links people get by text to verify their age:
 * `PUBLIC_BASE_URL/v/<token>`. Issuing one is a database write (a turn never
 * waits on the provider); the provider is asked only when the link is opened,
 * and then for a fresh session each time, so a link opened after the
 * provider's session expired still works. The provider learns Jules's id for
 * the person, never their number; the URL holds only the token.
 */
import { DateTime, Duration, Effect, Layer, Option } from "effect"
import { Context } from "effect"
import type { UserId } from "../domain/Ids.ts"
import type { User } from "../domain/User.ts"
import { LinkRefused } from "../billing/BillingLinks.ts"
import { checkLink, newToken, TOKEN_SHAPE } from "../policy/LinkPolicy.ts"
import { AgeVerification } from "../ports/AgeVerification.ts"
import type { AgeVerificationError } from "../ports/AgeVerification.ts"
import { LinkTokens } from "../ports/LinkTokens.ts"
import type { StorageError } from "../ports/StorageError.ts"
import { UserStore } from "../ports/UserStore.ts"
import * as Spans from "../Spans.ts"

export const IDENTITY_LINK_PURPOSE = "identity"
/** Three days: time to find ID and a moment; the required gate re-sends a link daily anyway. */
export const DEFAULT_VERIFICATION_LINK_TTL = Duration.hours(72)
/** Where the provider sends the person back to (a page saying to return to their texts). */
export const VERIFICATION_RETURN_PATH = "/v/done"

export class VerificationLinks extends Context.Service<VerificationLinks, {
  /** A fresh link for `userId`. */
  readonly issue: (userId: UserId, now: DateTime.Utc) => Effect.Effect<string, StorageError>
  /**
   * Where an opened link leads now: a new verification session for its person
   * (whose age becomes `pending` if it was unknown).
   */
  readonly open: (
    token: string,
    now: DateTime.Utc
  ) => Effect.Effect<string, LinkRefused | AgeVerificationError | StorageError>
}>()("@jules/core/VerificationLinks") {
  /** `baseUrl`: where people reach the server (`PUBLIC_BASE_URL`). */
  static readonly layer = (options: { readonly baseUrl: string; readonly ttl?: Duration.Duration | undefined }) =>
    Layer.effect(
      VerificationLinks,
      Effect.gen(function*() {
        const verification = yield* AgeVerification
        const links = yield* LinkTokens
        const users = yield* UserStore
        const baseUrl = options.baseUrl.replace(/\/+$/, "")
        const ttl = options.ttl ?? DEFAULT_VERIFICATION_LINK_TTL

        const issue = Effect.fnUntraced(function*(userId: UserId, now: DateTime.Utc) {
          const token = newToken()
          yield* links.save({ token, purpose: IDENTITY_LINK_PURPOSE, userId, expiresAt: DateTime.addDuration(now, ttl) })
          return `${baseUrl}/v/${token}`
        })

        const open = Spans.fn("VerificationLinks.open")(function*(token: string, now: DateTime.Utc) {
          if (!TOKEN_SHAPE.test(token)) return yield* new LinkRefused({ reason: "unknown" })
          const checked = checkLink(Option.getOrUndefined(yield* links.find(token)), IDENTITY_LINK_PURPOSE, now)
          if (checked._tag === "Refused") return yield* new LinkRefused({ reason: checked.reason })
          const found = yield* users.findById(checked.link.userId)
          if (Option.isNone(found)) return yield* new LinkRefused({ reason: "unknown" })
          const user: User = found.value
          yield* Effect.annotateCurrentSpan({ userId: user.id })
          const session = yield* verification.startSession(user.id)
          if (user.ageStatus === "unknown") yield* users.setAgeStatus(user.id, "pending")
          return session.url
        })

        return VerificationLinks.of({ issue, open })
      })
    )
}
