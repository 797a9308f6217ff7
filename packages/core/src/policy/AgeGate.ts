/**
 * Rule 3 of a turn: the age gate. Off unless age verification is configured.
 *
 * - `off`: everyone chats; a known minor still gets minor mode.
 * - `optional`: people with unknown age are offered verification once, and chat.
 * - `required`: nobody chats before a decision; the link is re-sent at most once a day.
 * Under-13s are blocked in every mode (COPPA); their data is erased when the decision arrives.
 */
import type { AgeStatus } from "../domain/User.ts"

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
  switch (mode) {
    case "off":
      return { _tag: "Chat", minor: false, offerVerification: false }
    case "optional":
      return { _tag: "Chat", minor: false, offerVerification: ageStatus === "unknown" && linksSent === 0 }
    case "required":
      return { _tag: "VerifyFirst", sendLink: linksSent === 0 }
  }
}
