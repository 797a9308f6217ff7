/**
 * The person texting Jules, as Jules knows them: consent to be texted, what is
 * known of their age, their plan and their time zone. Nothing here is free text
 * they wrote; what they confide lives in messages and memory.
 */
import { Schema } from "effect"
import { UserId } from "./Ids.ts"
import { PhoneNumber } from "./PhoneNumber.ts"

/** TCPA/CTIA consent: an opted-out person receives nothing until they opt back in. */
export const ConsentState = Schema.Literals(["opted_in", "opted_out"])
export type ConsentState = typeof ConsentState.Type

/** Where a consent change came from; carriers report opt-outs too (Twilio 21610, Bandwidth 4775). */
export const ConsentSource = Schema.Literals(["keyword", "carrier", "admin"])
export type ConsentSource = typeof ConsentSource.Type

/**
 * - `unknown`: never verified (the default, and all there is when the age gate is off)
 * - `pending`: a verification session was started
 * - `adult` / `minor`: decided by the verification provider
 * - `declared_minor`: the person said they are under 18 ("I'm 15"); minor mode
 *   until a verification decides, and no claim of adulthood lifts it
 * - `under_13`: blocked, and their data erased
 */
export const AgeStatus = Schema.Literals(["unknown", "pending", "adult", "minor", "declared_minor", "under_13"])
export type AgeStatus = typeof AgeStatus.Type

/** Minor mode (SB 243: break reminders, no sexual content) for verified and self-declared minors alike. */
export const inMinorMode = (status: AgeStatus): boolean => status === "minor" || status === "declared_minor"

/** A plan name. Operators configure the names; `free`, `plus` and `pro` are the defaults. */
export const Tier = Schema.String.pipe(Schema.check(Schema.isMinLength(1)), Schema.brand("Tier"))
export type Tier = typeof Tier.Type

export class User extends Schema.Class<User>("@jules/core/User")({
  id: UserId,
  phone: PhoneNumber,
  consent: ConsentState,
  ageStatus: AgeStatus,
  tier: Tier,
  /** IANA zone used for "per day" limits; defaults to the operator's zone. */
  timeZone: Schema.String,
  createdAt: Schema.DateTimeUtc
}) {}

export class ConsentChange extends Schema.Class<ConsentChange>("@jules/core/ConsentChange")({
  userId: UserId,
  state: ConsentState,
  source: ConsentSource,
  at: Schema.DateTimeUtc
}) {}
