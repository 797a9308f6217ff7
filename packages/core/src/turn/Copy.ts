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
  readonly upgradeNudge: (options: { readonly limit: number; readonly url: string | undefined }) => string
  readonly verifyAgeRequired: (url: string) => string
  readonly verifyAgeOptional: (url: string) => string
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
        ? `You've reached today's limit of ${limit} messages. It resets tomorrow - talk then!`
        : `You've reached today's limit of ${limit} messages. Upgrade for more: ${url} - or talk tomorrow when it resets.`,
    verifyAgeRequired: (url) => `Before we chat, please confirm your age here: ${url}`,
    verifyAgeOptional: (url) => `Optional: you can confirm your age here: ${url}`,
    aiStatement: "I'm an AI, not a human.",
    minorSafeReply: "Let's keep things friendly. What else is going on with you today?",
    safeReply:
      "I can't help with that, but I care about what you're going through. You can call or text 988 anytime to talk with someone."
  }
}
