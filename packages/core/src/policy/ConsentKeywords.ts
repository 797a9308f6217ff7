/**
 * Rule 1 of a turn: consent keywords (CTIA Messaging Principles, TCPA).
 *
 * A keyword is the whole message - trimmed, case-folded, with trailing
 * punctuation ignored ("Stop.", " stop! "). "Please stop texting me" is not a
 * keyword: carriers do not treat it as one, and neither do we; the model will
 * answer it like any other text.
 */
import type { ConsentState } from "../domain/User.ts"

export type ConsentKeyword = "opt_out" | "opt_in" | "help"

const OPT_OUT = new Set(["STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "REVOKE", "OPTOUT", "OPT OUT"])
const OPT_IN = new Set(["START", "UNSTOP"])
/** "YES" re-subscribes only someone who opted out; otherwise it is conversation. */
const OPT_IN_WHILE_OPTED_OUT = new Set(["YES"])
const HELP = new Set(["HELP", "INFO"])

export const normalizeKeyword = (text: string): string =>
  text
    .trim()
    .replace(/[.!?,;:]+$/u, "")
    .replace(/[\s_-]+/gu, " ")
    .trim()
    .toUpperCase()

/** The keyword `text` is, given the sender's consent state, or `undefined` for ordinary text. */
export const consentKeyword = (text: string, consent: ConsentState): ConsentKeyword | undefined => {
  if (text.length > 40) return undefined
  const word = normalizeKeyword(text)
  if (OPT_OUT.has(word)) return "opt_out"
  if (OPT_IN.has(word)) return "opt_in"
  if (consent === "opted_out" && OPT_IN_WHILE_OPTED_OUT.has(word)) return "opt_in"
  if (HELP.has(word)) return "help"
  return undefined
}
