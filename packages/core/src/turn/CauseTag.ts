/**
 * What went wrong, for a log line of a best-effort step: the error's tag and
 * its reason's tag, never a message, because messages can quote a text.
 */
import { Cause } from "effect"

export const causeTag = (cause: Cause.Cause<unknown>): string => {
  const error = Cause.squash(cause)
  if (typeof error !== "object" || error === null || !("_tag" in error)) return Cause.hasDies(cause) ? "defect" : "unknown"
  const reason = "reason" in error && typeof error.reason === "object" && error.reason !== null && "_tag" in error.reason
    ? `:${String(error.reason._tag)}`
    : ""
  return `${String(error._tag)}${reason}`
}
