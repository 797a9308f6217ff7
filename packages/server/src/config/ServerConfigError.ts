/**
 * The server cannot start as configured. Raised at startup and read once, in
 * full: every missing, unusable or (with `NODE_ENV=production`) unsafe
 * variable is named with its fix, never its value.
 */
import { Schema } from "effect"

export class ServerConfigError extends Schema.TaggedError<ServerConfigError>()("ServerConfigError", {
  /** Environment variables that must be set and are not. */
  missing: Schema.Array(Schema.String),
  /** Variables that are set but unusable, with why (never their values). */
  invalid: Schema.Array(Schema.String),
  /** Settings fit for development that `NODE_ENV=production` refuses, each with its fix. */
  unsafe: Schema.Array(Schema.String)
}) {
  /** Every problem, each with its fix where one is known. */
  get problems(): ReadonlyArray<string> {
    return [
      ...(this.missing.length > 0 ? [`missing ${this.missing.join(", ")}`] : []),
      ...this.invalid,
      ...this.unsafe.map((problem) => `NODE_ENV=production refuses ${problem}`)
    ]
  }

  override get message(): string {
    return `the server cannot start: ${this.problems.join("; ")}`
  }
}
