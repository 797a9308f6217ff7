/**
 * What the admin API and CLI answer with. Built from core's records, minus
 * what an operator's screen does not need: no phone number (the operator
 * typed it), no message text unless asked for explicitly.
 */
import {
  AgeStatus,
  ConsentChange,
  ConsentState,
  CrisisCategory,
  DeadLetter,
  TurnId,
  UsageCost,
  UserId
} from "@jules/core"
import { Schema } from "effect"

export class PersonCounts extends Schema.Class<PersonCounts>("@jules/server/admin/PersonCounts")({
  inboundTexts: Schema.Int,
  outboundTexts: Schema.Int,
  turns: Schema.Int,
  crisisEvents: Schema.Int,
  referralsSent: Schema.Int,
  memoryFacts: Schema.Int,
  deadLetters: Schema.Int,
  disclosures: Schema.Int,
  modelCalls: Schema.Int
}) {}

export class PersonProfile extends Schema.Class<PersonProfile>("@jules/server/admin/PersonProfile")({
  id: UserId,
  consent: ConsentState,
  ageStatus: AgeStatus,
  tier: Schema.String,
  timeZone: Schema.String,
  createdAt: Schema.DateTimeUtc,
  /** Oldest first: state, source (keyword, carrier, admin) and time of each change. */
  consentHistory: Schema.Array(ConsentChange),
  counts: PersonCounts,
  /** Model cost of this person so far, in millionths of a US dollar. */
  costMicros: Schema.Int
}) {}

export class PhoneLookup extends Schema.Class<PhoneLookup>("@jules/server/admin/PhoneLookup")({
  /** E.164 (`+14155552671`), punctuation allowed. Sent in the body so it never appears in a URL or an access log. */
  phone: Schema.String
}) {}

export class TierChange extends Schema.Class<TierChange>("@jules/server/admin/TierChange")({
  tier: Schema.String
}) {}

export class Erased extends Schema.Class<Erased>("@jules/server/admin/Erased")({
  erased: Schema.Boolean
}) {}

export class CrisisEventView extends Schema.Class<CrisisEventView>("@jules/server/admin/CrisisEventView")({
  id: TurnId,
  userId: UserId,
  category: CrisisCategory,
  severity: Schema.Literals(["concern", "imminent"]),
  /** The turn decided to send crisis resources. */
  referred: Schema.Boolean,
  /** The resources were accepted by the carrier (what the SB 243 report counts). */
  referralSent: Schema.Boolean,
  at: Schema.DateTimeUtc,
  referralSentAt: Schema.optional(Schema.DateTimeUtc),
  /** The person's texts of that turn: only with `includeText=true`, and that call is audited. */
  texts: Schema.optional(Schema.Array(Schema.String))
}) {}

export class CrisisEventList extends Schema.Class<CrisisEventList>("@jules/server/admin/CrisisEventList")({
  from: Schema.DateTimeUtc,
  to: Schema.DateTimeUtc,
  events: Schema.Array(CrisisEventView)
}) {}

/**
 * California SB 243, Business and Professions Code §22603: what an operator
 * reports to the Office of Suicide Prevention each year, for the prior
 * calendar year. No identifier or personal information of any user.
 */
export class Sb243Report extends Schema.Class<Sb243Report>("@jules/server/admin/Sb243Report")({
  statute: Schema.String,
  year: Schema.Int,
  /** `[from, to)`: the calendar year in UTC. */
  from: Schema.DateTimeUtc,
  to: Schema.DateTimeUtc,
  /** False while the year is not over: the counts can still grow. */
  complete: Schema.Boolean,
  /** §22603(a)(1): crisis service provider referral notifications sent in the year (accepted by the carrier). */
  referralNotifications: Schema.Int,
  /** §22603(a)(2): how this deployment detects, removes and responds to suicidal ideation. */
  detectionAndResponseProtocols: Schema.Array(Schema.String),
  /** §22603(a)(3): how it keeps the companion from answering about suicidal ideation or actions with the user. */
  responseProhibitionProtocols: Schema.Array(Schema.String),
  /** §22603(d): the measurement method. */
  measurementMethod: Schema.String,
  generatedAt: Schema.DateTimeUtc
}) {}

export class DeadLetterList extends Schema.Class<DeadLetterList>("@jules/server/admin/DeadLetterList")({
  deadLetters: Schema.Array(DeadLetter)
}) {}

export class DeadLetterRetried extends Schema.Class<DeadLetterRetried>("@jules/server/admin/DeadLetterRetried")({
  /** Back in the outbox, due now: the outbox loop sends it within seconds. */
  requeued: Schema.Boolean
}) {}

export class UsageReport extends Schema.Class<UsageReport>("@jules/server/admin/UsageReport")({
  /** First day, inclusive (`YYYY-MM-DD`, UTC). */
  from: Schema.String,
  /** Last day, inclusive. */
  to: Schema.String,
  rows: Schema.Array(UsageCost),
  totalCostMicros: Schema.Int
}) {}
