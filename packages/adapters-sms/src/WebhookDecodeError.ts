/**
 * A webhook body that Jules cannot read. The `reason` is written by this package,
 * never copied from the request, so it carries no phone number or message text and
 * can be sent back as the body of a 400.
 */
import { Schema } from "effect"

export class WebhookDecodeError extends Schema.TaggedError<WebhookDecodeError>()("WebhookDecodeError", {
  /** `"twilio"` or `"bandwidth"`. */
  provider: Schema.String,
  /** Short and PII-free, e.g. `"missing MessageSid"`. */
  reason: Schema.String
}) {
  override get message(): string {
    return `${this.provider} webhook: ${this.reason}`
  }
}
