/**
 * `LinkTokens` on PostgreSQL. Only the SHA-256 of a token is stored (the
 * token itself is a bearer credential texted to one person): a copy of the
 * database opens no link. Person, purpose and expiry are in clear.
 */
import type { LinkToken } from "@jules/core"
import { LinkTokens, UserId } from "@jules/core"
import { DateTime, Effect, Layer, Option, Schema } from "effect"
import { SqlClient } from "effect/sql/SqlClient"
import { createHash } from "node:crypto"
import { storageOperation } from "./StorageErrors.ts"

const STORE = "LinkTokens"

const LinkRow = Schema.Struct({
  purpose: Schema.String,
  user_id: UserId,
  expires_at: Schema.DateTimeUtcFromDate
})
const decodeRows = Schema.decodeUnknownEffect(Schema.Array(LinkRow))

export const tokenHash = (token: string): string => createHash("sha256").update(token, "utf8").digest("hex")

export const make = Effect.gen(function*() {
  const sql = yield* SqlClient

  return LinkTokens.of({
    save: (link) =>
      sql`INSERT INTO link_tokens (token_hash, purpose, user_id, expires_at)
        VALUES (${tokenHash(link.token)}, ${link.purpose}, ${link.userId}, ${DateTime.toDateUtc(link.expiresAt)})
        ON CONFLICT (token_hash) DO NOTHING`.pipe(Effect.asVoid, storageOperation(STORE, "save")),
    find: (token) =>
      sql`SELECT purpose, user_id, expires_at FROM link_tokens WHERE token_hash = ${tokenHash(token)}`.pipe(
        Effect.flatMap(decodeRows),
        Effect.map((rows) =>
          Option.map(Option.fromUndefinedOr(rows[0]), (row): LinkToken => ({
            token,
            purpose: row.purpose,
            userId: row.user_id,
            expiresAt: row.expires_at
          }))
        ),
        storageOperation(STORE, "find")
      ),
    eraseUser: (userId) =>
      sql`DELETE FROM link_tokens WHERE user_id = ${userId}`.pipe(Effect.asVoid, storageOperation(STORE, "eraseUser"))
  })
})

/** Needs `SqlClient`. */
export const layer = Layer.effect(LinkTokens, make)
