/**
 * Every fixed text Jules sends. Crisis resources are fixed by policy, not
 * written by the model: they must be right even when no model is reachable.
 * Written in GSM-7 characters, so each costs as few segments as possible.
 */
import type { CrisisCategory } from "../domain/Crisis.ts"
import type { OutputCopy } from "../policy/OutputCheck.ts"

export interface Copy extends OutputCopy {
  readonly aiNotice: string
  readonly breakReminder: string
  readonly optOutConfirmation: string
  readonly optInConfirmation: string
  readonly help: string
  readonly apology: string
  /** Opens a reply that waited in the outbox past `OUTBOX_STALE_AFTER`. */
  readonly lateNote: string
  readonly crisisMessage: (category: CrisisCategory) => string
  /** Appended to a safety-mode reply. */
  readonly concernResources: (category: CrisisCategory) => string
  /** Sent instead of a safety-mode reply when no model answered. */
  readonly concernFallback: string
  /** Over quota; without a link (billing not configured) it says how to reach the operator. */
  readonly upgradeNudge: (options: { readonly limit: number; readonly url: string | undefined }) => string
  /** The answer to UPGRADE, PLAN or BILLING: checkout for others, the portal for a subscriber. */
  readonly billingLink: (options: { readonly url: string; readonly subscriber: boolean }) => string
  /** The answer to UPGRADE, PLAN or BILLING when billing is not configured. */
  readonly billingContact: string
  /** A subscription payment failed; the plan stays while the card is retried. */
  readonly paymentFailed: (url: string) => string
  readonly verifyAgeRequired: (url: string) => string
  readonly verifyAgeOptional: (url: string) => string
  /** The answer to AGE or VERIFY. */
  readonly verifyAgeOnRequest: (url: string) => string
  readonly alreadyVerified: string
  readonly verifiedAdult: string
  readonly verifiedMinor: string
  /** The one text an under-13 gets before everything about them is erased. */
  readonly under13: string
  readonly verificationDeclined: string
  readonly verificationResubmit: string
  readonly verificationExpired: string
  readonly verificationAbandoned: string
  /** Approved, but no birth date could be read from the document. */
  readonly verificationUnreadable: string
}

const DV_HOTLINE = "National Domestic Violence Hotline: call 1-800-799-7233."

export const makeCopy = (options: { readonly brandName: string; readonly supportContact: string }): Copy => {
  const brand = options.brandName
  return {
    aiNotice: `You're texting ${brand}, an AI companion - a computer program, not a human.`,
    breakReminder:
      `Reminder: ${brand} is an AI, not a person. You've been chatting a while - it might be a good time to take a break.`,
    optOutConfirmation:
      `${brand}: You're unsubscribed and will get no more messages from us. Reply START to rejoin.`,
    optInConfirmation:
      `${brand}: Welcome back! You're subscribed again. Msg frequency varies. Msg&data rates may apply. Reply HELP for help, STOP to cancel.`,
    help:
      `${brand} is an AI companion chatbot. Support: ${options.supportContact}. Msg frequency varies. Msg&data rates may apply. Reply STOP to cancel. Companion chatbots may not be suitable for some minors.`,
    apology: "Sorry - I'm having trouble replying right now. Please text me again in a few minutes.",
    lateNote: "(Sorry this is late - my texts couldn't get through for a while.)",
    crisisMessage: (category) =>
      [
        "I'm really glad you told me, and I want you to be safe right now.",
        "Please call or text 988 (Suicide & Crisis Lifeline) or chat at 988lifeline.org. You can also text HOME to 741741.",
        ...(category === "abuse" ? [DV_HOTLINE] : []),
        "If you're in immediate danger, call 911.",
        "I'm still here if you want to keep talking."
      ].join(" "),
    concernResources: (category) =>
      [
        "If things feel heavy, you can call or text 988 anytime, or text HOME to 741741.",
        ...(category === "abuse" ? [DV_HOTLINE] : [])
      ].join(" "),
    concernFallback:
      "I'm having trouble replying right now, but I'm glad you told me and I take it seriously.",
    upgradeNudge: ({ limit, url }) =>
      url === undefined
        ? `You've reached today's limit of ${limit} messages. It resets tomorrow - talk then! For more, contact ${options.supportContact}.`
        : `You've reached today's limit of ${limit} messages. Upgrade for more: ${url} - or talk tomorrow when it resets.`,
    billingLink: ({ subscriber, url }) =>
      subscriber ? `Manage your ${brand} plan here: ${url}` : `Upgrade your ${brand} plan here: ${url}`,
    billingContact: `To change your ${brand} plan, contact ${options.supportContact}.`,
    paymentFailed: (url) =>
      `${brand}: your last payment didn't go through. Your plan stays active while we retry - update your card here: ${url}`,
    verifyAgeRequired: (url) => `Before we chat, please confirm your age here: ${url}`,
    verifyAgeOptional: (url) => `Optional: you can confirm your age here: ${url}`,
    verifyAgeOnRequest: (url) => `Confirm your age here: ${url}`,
    alreadyVerified: "Your age is already confirmed - there's nothing more to do.",
    verifiedAdult: "Thanks - your age is confirmed. What's on your mind?",
    verifiedMinor:
      `Thanks - your age is confirmed. Since you're under 18, ${brand} keeps things friendly and will remind you to take breaks.`,
    under13:
      `Sorry - ${brand} is only for people 13 and older, so we can't keep chatting. We've deleted what you sent us. If you ever need to talk to someone, call or text 988.`,
    verificationDeclined:
      `We couldn't confirm your age: the verification was declined. Reply AGE to try again, or contact ${options.supportContact}.`,
    verificationResubmit:
      "We couldn't confirm your age yet - the photos weren't clear enough. Reply AGE for a new link and try again.",
    verificationExpired: "Your age verification expired before it was finished. Reply AGE for a new link.",
    verificationAbandoned: "Your age verification wasn't finished. Reply AGE whenever you want to try again.",
    verificationUnreadable:
      "We couldn't read a date of birth from your document. Reply AGE to try again with another document.",
    aiStatement: "I'm an AI, not a human.",
    minorSafeReply: "Let's keep things friendly. What else is going on with you today?",
    safeReply:
      "I can't help with that, but I care about what you're going through. You can call or text 988 anytime to talk with someone."
  }
}
