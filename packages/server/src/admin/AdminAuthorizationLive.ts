/**
 * The bearer check of `/admin/*`: the presented token is compared with every
 * configured token in constant time (SHA-256 digests of equal length through
 * `timingSafeEqual`, no early exit), so neither a match nor its position
 * shows in the timing. A refusal is logged with the path only.
 */
import { Effect, Layer, Redacted } from "effect"
import { createHash, timingSafeEqual } from "node:crypto"
import { AdminAuthorization, AdminCaller } from "./AdminApi.ts"
import type { AdminSettings } from "./AdminConfig.ts"
import { AdminUnauthorized } from "./AdminErrors.ts"

const digest = (value: string) => createHash("sha256").update(value).digest()

/** The id of the configured token matching `presented`, if any. */
export const matchToken = (settings: AdminSettings, presented: string): string | undefined => {
  const given = digest(presented)
  let match: string | undefined
  for (const { id, token } of settings.tokens) {
    if (timingSafeEqual(given, digest(Redacted.value(token))) && match === undefined) match = id
  }
  return match
}

export const layer = (settings: AdminSettings) =>
  Layer.succeed(
    AdminAuthorization,
    AdminAuthorization.of({
      bearer: (httpEffect, { credential }) => {
        const id = matchToken(settings, Redacted.value(credential))
        if (id === undefined) {
          return Effect.logWarning("admin call refused: missing or unknown bearer token").pipe(
            Effect.andThen(Effect.fail(new AdminUnauthorized({ message: "missing or invalid bearer token (ADMIN_API_TOKEN)" })))
          )
        }
        return Effect.provideService(httpEffect, AdminCaller, { id })
      }
    })
  )
