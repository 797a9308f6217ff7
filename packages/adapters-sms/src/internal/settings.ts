/**
 * Reading a provider's environment variables so that every problem is reported
 * at once, by name, and no value (secret or not) ends up in the message.
 */
import { Config, Option, Redacted } from "effect"

/** A variable set to nothing but blanks is unset: deployment templates often leave `X=` behind. */
const isBlank = (value: string): boolean => value.trim().length === 0

/** The value as given (a secret may legitimately end in a space), or `undefined` when unset or blank. */
export const optionalString = (name: string): Config.Config<string | undefined> =>
  Config.option(Config.String(name)).pipe(
    Config.map(Option.filter((value) => !isBlank(value))),
    Config.map(Option.getOrUndefined)
  )

export const optionalRedacted = (name: string): Config.Config<Redacted.Redacted<string> | undefined> =>
  Config.option(Config.Redacted(name)).pipe(
    Config.map(Option.filter((value) => !isBlank(Redacted.value(value)))),
    Config.map(Option.getOrUndefined)
  )

/** Trimmed, for names and URLs, where blanks around the value are never meant. */
export const optionalTrimmed = (name: string): Config.Config<string | undefined> =>
  optionalString(name).pipe(Config.map((value) => value?.trim()))

/** `undefined` when `value` is an absolute http(s) URL, else why it is not. */
export const httpUrlProblem = (name: string, value: string): string | undefined => {
  try {
    const url = new URL(value)
    return url.protocol === "http:" || url.protocol === "https:" ? undefined : `${name} must be an http(s) URL`
  } catch {
    return `${name} is not a URL`
  }
}
