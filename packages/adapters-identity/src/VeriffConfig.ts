/**
 * Veriff's settings, read once at startup:
 *
 * - `VERIFF_API_KEY`: the integration's API key (sent as `X-AUTH-CLIENT`).
 * - `VERIFF_SHARED_SECRET`: its shared secret key, signing requests and
 *   verifying webhooks; several, comma-separated, while rotating (the first
 *   signs, all verify).
 * - `VERIFF_API_BASE_URL`: the integration's API URL (Customer Portal →
 *   Integrations), default `https://stationapi.veriff.com`; tests point it at
 *   a local fake.
 *
 * Neither key set: Veriff is not configured. One without the other is a
 * mistake, named with its fix (with every other problem, by the server's preflight).
 */
import { VERIFICATION_RETURN_PATH } from "@jules/core"
import { Config, Effect, Option, Redacted } from "effect"

export const DEFAULT_API_BASE_URL = "https://stationapi.veriff.com"

export interface VeriffSettings {
  readonly apiKey: Redacted.Redacted<string>
  /** Non-empty; the first signs requests, all verify webhooks. */
  readonly sharedSecrets: ReadonlyArray<Redacted.Redacted<string>>
  /** Without a trailing slash. */
  readonly apiBaseUrl: string
  /** Where Veriff sends the person when they are done (`PUBLIC_BASE_URL/v/done`); none when unknown. */
  readonly callbackUrl: string | undefined
}

export interface VeriffRead {
  /** `undefined`: not configured, or configured wrongly (see `missing` and `invalid`). */
  readonly settings: VeriffSettings | undefined
  readonly missing: ReadonlyArray<string>
  readonly invalid: ReadonlyArray<string>
}

const optional = (name: string) =>
  Config.option(Config.Redacted(name)).pipe(
    Config.map(Option.map((value) => Redacted.value(value).trim())),
    Config.map(Option.filter((value) => value.length > 0)),
    Config.map(Option.getOrUndefined)
  )

const isHttpUrl = (value: string): boolean => {
  try {
    const url = new URL(value)
    return url.protocol === "http:" || url.protocol === "https:"
  } catch {
    return false
  }
}

/** Reads the variables; `publicBaseUrl` is the server's `PUBLIC_BASE_URL`, for the callback. */
export const read = (publicBaseUrl: string | undefined): Effect.Effect<VeriffRead, Config.ConfigError> =>
  Effect.gen(function*() {
    const apiKey = yield* optional("VERIFF_API_KEY")
    const secrets = (yield* optional("VERIFF_SHARED_SECRET"))?.split(",").map((s) => s.trim()).filter((s) => s.length > 0)
    const rawBase = (yield* optional("VERIFF_API_BASE_URL"))?.replace(/\/+$/, "")
    const missing: Array<string> = []
    const invalid: Array<string> = []
    if (apiKey === undefined && secrets === undefined) {
      if (rawBase !== undefined) invalid.push("VERIFF_API_BASE_URL is set without VERIFF_API_KEY and VERIFF_SHARED_SECRET")
      return { settings: undefined, missing, invalid }
    }
    if (apiKey === undefined) missing.push("VERIFF_API_KEY (Veriff Customer Portal → Integrations → API key)")
    if (secrets === undefined || secrets.length === 0) {
      missing.push("VERIFF_SHARED_SECRET (Veriff Customer Portal → Integrations → shared secret key)")
    }
    if (rawBase !== undefined && !isHttpUrl(rawBase)) {
      invalid.push("VERIFF_API_BASE_URL must be an absolute http(s) URL, e.g. https://stationapi.veriff.com")
    }
    if (missing.length > 0 || invalid.length > 0) return { settings: undefined, missing, invalid }
    return {
      settings: {
        apiKey: Redacted.make(apiKey!),
        sharedSecrets: secrets!.map((s) => Redacted.make(s)),
        apiBaseUrl: rawBase ?? DEFAULT_API_BASE_URL,
        callbackUrl: publicBaseUrl === undefined ? undefined : `${publicBaseUrl.replace(/\/+$/, "")}${VERIFICATION_RETURN_PATH}`
      },
      missing,
      invalid
    }
  })
