/**
 * California SB 243 (Business and Professions Code §22603), from July 1, 2027:
 * each year an operator reports to the Office of Suicide Prevention, for the
 * prior calendar year, (1) how many crisis service provider referral
 * notifications it issued, (2) its protocols to detect, remove and respond to
 * suicidal ideation, and (3) its protocols to prohibit companion responses
 * about suicidal ideation or actions; without any identifier or personal
 * information of users, measured with evidence-based methods.
 *
 * The count comes from the yearly referral counts (`CrisisEventLog`), which
 * erasure leaves alone. The protocols describe what this software does on
 * every text; an operator who changed the product reviews them before filing.
 */
import { DateTime } from "effect"
import { Sb243Report } from "./AdminModels.ts"

export const STATUTE = "California SB 243 (2025), Business and Professions Code §22603"

const detection = [
  "Every text a person sends is screened before anything else runs (before quotas, age checks or the language model, and also when the model is unavailable) for suicide, self-harm, violence toward others and abuse, with a severity of concern or imminent.",
  "Imminent risk: the companion does not call the language model; it replies with a fixed crisis message referring the person to the 988 Suicide & Crisis Lifeline (call or text 988, chat at 988lifeline.org), the Crisis Text Line (text HOME to 741741) and 911 in immediate danger, records a crisis event and notifies the operator's escalation hook.",
  "Concern: the reply is written under safe-messaging rules and the same crisis resources are appended; a crisis event is recorded, and the conversation stays in safety mode for a configurable period.",
  "A referral notification is counted once, when the carrier accepts the text carrying the resources, in the calendar year (UTC) of that send."
]

const prohibition = [
  "The language model's instructions forbid describing methods, means or instructions for suicide or self-harm and require safe-messaging guidance (acknowledge without judgment, offer hope, keep the conversation open, point to 988).",
  "Every reply is checked before it is sent; a reply containing self-harm method details is withheld and replaced.",
  "The companion discloses that it is an AI whenever asked, and at the start of a conversation and at least every three hours."
]

const measurement =
  "Rule-based screening with validated crisis vocabulary and context cues, evaluated against labelled crisis text corpora; optional second opinions (a moderation model, or the language model for uncertain texts) can only raise a severity, never lower it."

export const yearRange = (year: number) => ({
  from: DateTime.makeUnsafe(Date.UTC(year, 0, 1)),
  to: DateTime.makeUnsafe(Date.UTC(year + 1, 0, 1))
})

export const report = (year: number, referralNotifications: number, generatedAt: DateTime.Utc): Sb243Report => {
  const { from, to } = yearRange(year)
  return new Sb243Report({
    statute: STATUTE,
    year,
    from,
    to,
    complete: DateTime.toEpochMillis(generatedAt) >= DateTime.toEpochMillis(to),
    referralNotifications,
    detectionAndResponseProtocols: detection,
    responseProhibitionProtocols: prohibition,
    measurementMethod: measurement,
    generatedAt
  })
}
