/**
 * The server's own settings cannot start a working server. Raised at startup
 * and read once, in full: every missing or unusable variable is named, never
 * its value.
 */
import { Schema } from "effect"

export class ServerConfigError extends Schema.TaggedError<ServerConfigError>()("ServerConfigError", {
  /** Environment variables that must be set and are not. */
  missing: Schema.Array(Schema.String),
  /** Variables that are set but unusable, with why (never their values). */
  invalid: Schema.Array(Schema.String)
}) {
  override get message(): string {
    const parts = [
      ...(this.missing.length > 0 ? [`missing ${this.missing.join(", ")}`] : []),
      ...this.invalid
    ]
    return `the server cannot start: ${parts.join("; ")}`
  }
}
