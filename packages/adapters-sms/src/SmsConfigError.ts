/**
 * The SMS settings cannot make a working gateway. Raised at startup, so an
 * operator reads it once, in full: it names every missing variable at once.
 */
import { Schema } from "effect"

export class SmsConfigError extends Schema.TaggedError<SmsConfigError>()("SmsConfigError", {
  /** `"twilio"`, `"bandwidth"`... */
  provider: Schema.String,
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
    return `SMS_PROVIDER=${this.provider} cannot start: ${parts.join("; ")}`
  }
}
