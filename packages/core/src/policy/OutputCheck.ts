/**
 * Rule 7 of a turn: what the model wrote is checked before it goes out.
 *
 * - Asked whether they are texting a human, a person always learns it is an AI
 *   (CA SB 243 §22602(a), NY GBL §1702), whatever the model said.
 * - A reply claiming to be human is never sent.
 * - Known minors never receive sexual content (SB 243 §22602(d)).
 * - Method details for suicide or self-harm never go out (safe-messaging guidelines).
 *
 * These are deliberately blunt pattern checks: a false positive costs one
 * replaced reply, a false negative could cost far more.
 */

const HUMAN_QUESTION = [
  /\b(?:are|r)\s*(?:you|u|ya)\s+(?:a\s+|an\s+)?(?:real\s+)?(?:human|person|people|real|bot|robot|ai|a\.i\.|machine|computer|program|chat\s*bot|actual person)\b/iu,
  /\b(?:is|am)\s+(?:this|i)\s+(?:talking|texting|chatting|speaking)?\s*(?:to|with)?\s*(?:a\s+|an\s+)?(?:real\s+)?(?:human|person|bot|robot|ai|machine|computer)\b/iu,
  /\b(?:is\s+this|this\s+is)\s+(?:a\s+|an\s+)?(?:real\s+)?(?:human|person|bot|robot|ai|machine)\b/iu,
  /\b(?:human|person|bot|robot)\s+or\s+(?:a\s+|an\s+)?(?:human|person|bot|robot|ai|machine)\b/iu,
  /\bare\s+you\s+(?:even\s+)?(?:alive|sentient|conscious)\b/iu
]

const STATES_AI = /\b(?:an?\s+)?(?:ai|a\.i\.|artificial intelligence|chat\s*bot|bot|computer program|language model|not (?:a |an )?(?:human|real person|person))\b/iu

const CLAIMS_HUMAN = [
  /\bi(?:'m| am)\s+(?:a\s+)?(?:real\s+)?(?:human|real person|actual person|flesh and blood)\b/iu,
  /\bi(?:'m| am)\s+not\s+(?:a\s+|an\s+)?(?:ai|bot|robot|machine|computer|chat\s*bot)\b/iu
]

const SEXUAL = [
  /\b(?:sex|sexual|sexy|nude|nudes|naked|orgasm|horny|erotic|aroused|porn\w*|genital\w*|penis|vagina|boobs?|breasts?|nipples?)\b/iu,
  /\b(?:make\s+love|hook\s*up|sext\w*|strip\s+for|turn(?:s|ed)?\s+(?:me|you)\s+on)\b/iu
]

const METHOD_DETAILS = [
  /\b(?:lethal|fatal|deadly)\s+(?:dose|amount|quantity)\b/iu,
  /\b\d+\s*(?:mg|milligrams?|pills|tablets)\b.*\b(?:die|death|kill|overdose|od)\b/iu,
  /\b(?:overdose|od)\s+(?:on|with)\b/iu,
  /\bhow\s+(?:many|much)\s+(?:pills|tablets|mg)\b/iu,
  /\b(?:cut|slit)\s+(?:deeper|vertically|along|your\s+wrists?)\b/iu,
  /\b(?:tie|make)\s+(?:a\s+)?noose\b/iu,
  /\bhang(?:ing)?\s+yourself\b/iu,
  /\b(?:painless|easiest|quickest|best)\s+(?:way|method)s?\s+to\s+(?:die|kill\s+yourself|end\s+(?:it|your\s+life))\b/iu
]

const anyMatch = (patterns: ReadonlyArray<RegExp>, text: string) => patterns.some((p) => p.test(text))

export const asksIfHuman = (text: string): boolean => anyMatch(HUMAN_QUESTION, text)

export const claimsToBeHuman = (reply: string): boolean => anyMatch(CLAIMS_HUMAN, reply)

export const statesItIsAi = (reply: string): boolean => STATES_AI.test(reply) && !claimsToBeHuman(reply)

export const hasSexualContent = (text: string): boolean => anyMatch(SEXUAL, text)

export const hasMethodDetails = (text: string): boolean => anyMatch(METHOD_DETAILS, text)

export type OutputAdjustment = "ai_statement_added" | "human_claim_replaced" | "minor_content_replaced" | "method_details_replaced"

export interface CheckedReply {
  readonly text: string
  readonly adjustments: ReadonlyArray<OutputAdjustment>
}

export interface OutputCopy {
  /** Prefixed when a person asked if Jules is human and the reply did not say. */
  readonly aiStatement: string
  /** Replaces a reply unsuitable for a minor. */
  readonly minorSafeReply: string
  /** Replaces a reply that contained method details. */
  readonly safeReply: string
}

export const checkReply = (options: {
  readonly reply: string
  readonly userText: string
  readonly minor: boolean
  readonly copy: OutputCopy
}): CheckedReply => {
  const { copy, minor, userText } = options
  let text = options.reply
  const adjustments: Array<OutputAdjustment> = []
  if (hasMethodDetails(text)) {
    text = copy.safeReply
    adjustments.push("method_details_replaced")
  }
  if (minor && hasSexualContent(text)) {
    text = copy.minorSafeReply
    adjustments.push("minor_content_replaced")
  }
  if (claimsToBeHuman(text)) {
    text = copy.aiStatement
    adjustments.push("human_claim_replaced")
  } else if (asksIfHuman(userText) && !statesItIsAi(text)) {
    text = `${copy.aiStatement} ${text}`
    adjustments.push("ai_statement_added")
  }
  return { text, adjustments }
}
