/**
 * What the crisis screen concluded about a text, and the event Jules keeps when
 * it referred someone to help. Events carry categories and ids, never the text.
 */
import { Schema } from "effect"
import { TurnId, UserId } from "./Ids.ts"

/**
 * - `suicide`: thoughts of ending one's life
 * - `self_harm`: hurting oneself without intent to die
 * - `violence`: intent to hurt others
 * - `abuse`: being hurt by someone else (domestic, sexual, child abuse)
 */
export const CrisisCategory = Schema.Literals(["suicide", "self_harm", "violence", "abuse"])
export type CrisisCategory = typeof CrisisCategory.Type

/**
 * - `none`: nothing to act on
 * - `concern`: distress or ideation without a stated plan or immediacy: answer with care and resources
 * - `imminent`: a plan, means, timing or an act under way: fixed crisis text, no model
 */
export const CrisisSeverity = Schema.Literals(["none", "concern", "imminent"])
export type CrisisSeverity = typeof CrisisSeverity.Type

export class CrisisAssessment extends Schema.Class<CrisisAssessment>("@jules/core/CrisisAssessment")({
  /** `None` when severity is `none`. */
  category: Schema.NullOr(CrisisCategory),
  severity: CrisisSeverity,
  /** 0..1, how strongly the text matched; comparable across texts, not a probability. */
  score: Schema.Number,
  /** Names of the rules that fired, for evaluation and audits; never the matched words. */
  signals: Schema.Array(Schema.String)
}) {
  static readonly none = new CrisisAssessment({ category: null, severity: "none", score: 0, signals: [] })
}

export class CrisisEvent extends Schema.Class<CrisisEvent>("@jules/core/CrisisEvent")({
  /** The turn's id: recording an event twice for one turn is a no-op. */
  id: TurnId,
  userId: UserId,
  category: CrisisCategory,
  severity: Schema.Literals(["concern", "imminent"]),
  /** Whether the turn decided to send crisis resources (988 and others). */
  referred: Schema.Boolean,
  at: Schema.DateTimeUtc,
  /**
   * When the text carrying the resources was accepted by the carrier: what the
   * SB 243 annual report counts. Absent while it is not (yet) sent.
   */
  referralSentAt: Schema.optional(Schema.DateTimeUtc)
}) {}
