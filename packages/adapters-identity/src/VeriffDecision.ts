/**
 * Veriff's webhooks, as Jules reads them (devdocs.veriff.com, "Decision
 * webhook" and "Event webhook"). A decision becomes core's `AgeDecision`;
 * an event (started, submitted: code 7001/7002) changes nothing.
 *
 * Only what the age needs is read: the verification id, status and attempt
 * (which name the decision, so a redelivery is recognised), `vendorData`
 * (Jules's id for the person), `decisionTime`, and `person.dateOfBirth` with
 * `person.yearOfBirth` as fallback. Any of them may be null (declined or
 * unreadable documents), and a body of any shape gets a reason, never a crash.
 */
import type { AgeDecision, UserId } from "@jules/core"
import { VerificationStatus } from "@jules/core"
import { DateTime, Option } from "effect"

export type DecodedWebhook =
  | { readonly _tag: "Decision"; readonly decision: AgeDecision }
  /** Valid, and nothing to do (an event webhook, a status Jules does not act on). */
  | { readonly _tag: "Ignored"; readonly why: string }
  /** Not a Veriff webhook Jules can read; `reason` quotes nothing from the body. */
  | { readonly _tag: "Malformed"; readonly reason: string }

const STATUSES: ReadonlyArray<VerificationStatus> = VerificationStatus.literals

/** The status by code, for a payload whose `status` is missing or unknown. */
const BY_CODE: Readonly<Record<number, VerificationStatus>> = {
  9001: "approved",
  9102: "declined",
  9103: "resubmission_requested",
  9104: "expired"
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value)

const text = (value: unknown, max = 200): string | undefined =>
  typeof value === "string" && value.trim().length > 0 && value.length <= max ? value.trim() : undefined

const year = (value: unknown): number | undefined => {
  const n = typeof value === "number" ? value : typeof value === "string" && /^\d{4}$/.test(value.trim()) ? Number(value) : NaN
  return Number.isInteger(n) && n >= 1800 && n <= 9999 ? n : undefined
}

const malformed = (reason: string): DecodedWebhook => ({ _tag: "Malformed", reason })

/** A webhook body (already authenticated) as Jules reads it; `receivedAt` stands in for a missing decision time. */
export const decode = (rawBody: string, receivedAt: DateTime.Utc): DecodedWebhook => {
  let json: unknown
  try {
    json = JSON.parse(rawBody)
  } catch {
    return malformed("body is not JSON")
  }
  if (!isRecord(json)) return malformed("body is not a JSON object")
  const verification = json["verification"]
  if (!isRecord(verification)) {
    // Event webhooks are flat: { id, attemptId, feature, code, action, vendorData }.
    return typeof json["action"] === "string" && typeof json["code"] === "number"
      ? { _tag: "Ignored", why: "a session event, not a decision" }
      : malformed("missing verification")
  }
  const id = text(verification["id"])
  if (id === undefined) return malformed("missing verification.id")
  const rawStatus = verification["status"]
  const code = verification["code"]
  const status = STATUSES.find((s) => s === rawStatus) ?? (typeof code === "number" ? BY_CODE[code] : undefined)
  if (status === undefined) return { _tag: "Ignored", why: "a verification status Jules does not act on" }

  const attempt = text(verification["attemptId"]) ?? ""
  const person = isRecord(verification["person"]) ? verification["person"] : {}
  const decisionTime = text(verification["decisionTime"], 64)
  const decidedAt = decisionTime === undefined
    ? receivedAt
    : Option.getOrElse(DateTime.make(decisionTime), () => receivedAt)
  return {
    _tag: "Decision",
    decision: {
      provider: "veriff",
      decisionId: `${id}:${status}:${attempt}`,
      userId: text(verification["vendorData"], 100) as UserId | undefined,
      status,
      dateOfBirth: text(person["dateOfBirth"], 32),
      yearOfBirth: year(person["yearOfBirth"]),
      decidedAt
    }
  }
}
