/**
 * Texts that ask for the billing link: UPGRADE, PLAN, BILLING, as the whole
 * message (trimmed, case-folded, trailing punctuation ignored, like the
 * consent keywords). They are not CTIA keywords and never override one:
 * the turn checks consent first, and an opted-out person gets no link.
 */
import { normalizeKeyword } from "./ConsentKeywords.ts"

export const BILLING_KEYWORDS: ReadonlySet<string> = new Set(["UPGRADE", "PLAN", "BILLING"])

export const isBillingKeyword = (text: string): boolean =>
  text.length <= 40 && BILLING_KEYWORDS.has(normalizeKeyword(text))
