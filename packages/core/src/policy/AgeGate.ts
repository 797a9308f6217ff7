/**
 * Rule 3 of a turn: the age gate. Off unless age verification is configured.
 *
 * - `off`: everyone chats; a known minor still gets minor mode.
 * - `optional`: people with unknown age are offered verification once, and
 *   chat as adults meanwhile (the operator's choice); AGE or VERIFY asks for
 *   a link at any time.
 * - `required`: nobody chats before a decision; the link is re-sent at most
 *   once a day, and AGE or VERIFY asks for it again.
 * Under-13s are blocked in every mode (COPPA); their data is erased when the decision arrives.
 * A self-declared minor (`declared_minor`) chats in minor mode where the gate
 * lets unverified people chat, and still verifies first where it does not.
 */
import type { AgeStatus } from "../domain/User.ts"
import { inMinorMode } from "../domain/User.ts"

export type AgeGateMode = "off" | "optional" | "required"

export type AgeGateDecision =
  | { readonly _tag: "Chat"; readonly minor: boolean; readonly offerVerification: boolean }
  | { readonly _tag: "VerifyFirst"; readonly sendLink: boolean }
  | { readonly _tag: "Blocked" }

export const decideAgeGate = (options: {
  readonly mode: AgeGateMode
  readonly ageStatus: AgeStatus
  /** Verification links sent to this person ever (optional mode) or today (required mode). */
  readonly linksSent: number
}): AgeGateDecision => {
  const { ageStatus, linksSent, mode } = options
  if (ageStatus === "under_13") return { _tag: "Blocked" }
  if (ageStatus === "adult" || ageStatus === "minor") {
    return { _tag: "Chat", minor: ageStatus === "minor", offerVerification: false }
  }
  const minor = inMinorMode(ageStatus)
  switch (mode) {
    case "off":
      return { _tag: "Chat", minor, offerVerification: false }
    case "optional":
      return { _tag: "Chat", minor, offerVerification: ageStatus !== "pending" && linksSent === 0 }
    case "required":
      return { _tag: "VerifyFirst", sendLink: linksSent === 0 }
  }
}

/** `AGE` or `VERIFY`, the whole text (trimmed, any case): the person asks for a verification link. */
export const isVerificationKeyword = (text: string): boolean => {
  const word = text.trim().replace(/[.!]+$/, "").toUpperCase()
  return word === "AGE" || word === "VERIFY"
}
