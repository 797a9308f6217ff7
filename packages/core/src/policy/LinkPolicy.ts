/**
 * Links texted to a person (`PUBLIC_BASE_URL/b/<token>`, `/v/<token>`): an
 * unguessable token (128 random bits, base64url: 22 characters) that the
 * server resolves to one person, for one purpose, until it expires. No phone
 * number or name is ever in a URL.
 */
import { DateTime, Schema } from "effect"
import { Base64Url } from "effect/encoding"
import { randomBytesUnsafe } from "effect/crypto/SecureRandom"
import type { LinkToken } from "../ports/LinkTokens.ts"

export const newToken = (): string => Base64Url.encode(randomBytesUnsafe(16))

/** What a token looks like; anything else is refused before any lookup. */
export const TOKEN_SHAPE = /^[A-Za-z0-9_-]{22}$/

/** An opened link that leads nowhere: unknown (or its person was erased), expired, or for another purpose. */
export class LinkRefused extends Schema.TaggedError<LinkRefused>()("LinkRefused", {
  reason: Schema.Literals(["unknown", "expired", "other_purpose"])
}) {}

export type LinkCheck =
  | { readonly _tag: "Valid"; readonly link: LinkToken }
  | { readonly _tag: "Refused"; readonly reason: "unknown" | "expired" | "other_purpose" }

/** Whether a stored link opens `purpose` at `now`. */
export const checkLink = (link: LinkToken | undefined, purpose: string, now: DateTime.Utc): LinkCheck => {
  if (link === undefined) return { _tag: "Refused", reason: "unknown" }
  if (link.purpose !== purpose) return { _tag: "Refused", reason: "other_purpose" }
  if (!DateTime.isLessThan(now, link.expiresAt)) return { _tag: "Refused", reason: "expired" }
  return { _tag: "Valid", link }
}
