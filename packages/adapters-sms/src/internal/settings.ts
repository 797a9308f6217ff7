/**
 * Reading a provider's environment variables so that every problem is reported
 * at once, by name, and no value (secret or not) ends up in the message.
 */
import { Config, Option } from "effect"
import type { Redacted } from "effect"

export const optionalString = (name: string): Config.Config<string | undefined> =>
  Config.option(Config.String(name)).pipe(Config.map(Option.getOrUndefined))

export const optionalRedacted = (name: string): Config.Config<Redacted.Redacted<string> | undefined> =>
  Config.option(Config.Redacted(name)).pipe(Config.map(Option.getOrUndefined))

/** `undefined` when `value` is an absolute http(s) URL, else why it is not. */
export const httpUrlProblem = (name: string, value: string): string | undefined => {
  try {
    const url = new URL(value)
    return url.protocol === "http:" || url.protocol === "https:" ? undefined : `${name} must be an http(s) URL`
  } catch {
    return `${name} is not a URL`
  }
}
