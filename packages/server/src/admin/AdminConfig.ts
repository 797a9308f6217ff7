/**
 * `ADMIN_API_TOKEN`: the bearer tokens that open `/admin/*`, comma-separated
 * so a new token can be added before the old one is removed. Unset: the admin
 * API is not mounted at all (404), and the CLI (`pnpm jules:admin`) is the
 * only way in.
 *
 * Each token is known by an id, a short hash prefix, so the audit trail and
 * logs can say which token made a call without holding the token.
 */
import { Config, Effect, Redacted } from "effect"
import { createHash } from "node:crypto"
import { optionalVar } from "../config/ServerConfig.ts"
import { ServerConfigError } from "../config/ServerConfigError.ts"

/** Shorter tokens can be guessed; 32 characters of `openssl rand -hex 16` or more. */
export const MIN_TOKEN_LENGTH = 32

export const TOKEN_COMMAND = "node -e \"console.log(require('crypto').randomBytes(32).toString('hex'))\""

export interface AdminToken {
  /** `t-` and the first 12 hex digits of the token's SHA-256: what audit entries name. */
  readonly id: string
  readonly token: Redacted.Redacted<string>
}

export interface AdminSettings {
  /** Empty: `/admin` is not served. */
  readonly tokens: ReadonlyArray<AdminToken>
}

export const tokenId = (token: string): string => `t-${createHash("sha256").update(token).digest("hex").slice(0, 12)}`

/** The tokens of a raw `ADMIN_API_TOKEN` value, or what is wrong with it. */
export const parse = (raw: string | undefined): { readonly settings: AdminSettings; readonly invalid: ReadonlyArray<string> } => {
  if (raw === undefined) return { settings: { tokens: [] }, invalid: [] }
  const values = raw.split(",").map((value) => value.trim())
  const invalid: Array<string> = []
  if (values.some((value) => value.length === 0)) {
    invalid.push("ADMIN_API_TOKEN has an empty entry: separate tokens with single commas")
  }
  const given = values.filter((value) => value.length > 0)
  if (given.some((value) => value.length < MIN_TOKEN_LENGTH || /\s/.test(value))) {
    invalid.push(
      `ADMIN_API_TOKEN tokens must be at least ${MIN_TOKEN_LENGTH} characters without spaces: generate one with ${TOKEN_COMMAND}`
    )
  }
  return {
    settings: { tokens: [...new Set(given)].map((token) => ({ id: tokenId(token), token: Redacted.make(token) })) },
    invalid
  }
}

/** Read at startup with the rest of the configuration (`Preflight`). */
export const settings: Effect.Effect<AdminSettings, Config.ConfigError | ServerConfigError> = Effect.flatMap(
  optionalVar("ADMIN_API_TOKEN"),
  (raw) => {
    const { invalid, settings } = parse(raw)
    return invalid.length > 0
      ? Effect.fail(new ServerConfigError({ missing: [], invalid, unsafe: [] }))
      : Effect.succeed(settings)
  }
)
