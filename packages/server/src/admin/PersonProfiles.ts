/**
 * A person as the operator's screen shows them: consent with its history,
 * tier, age status, and how much Jules holds about them, counted; never a
 * text or their number.
 */
import type { User } from "@jules/core"
import {
  CrisisEventLog,
  DeadLetters,
  DisclosureLog,
  MemoryStore,
  MessageStore,
  UsageLedger,
  UserStore
} from "@jules/core"
import { Effect } from "effect"
import { PersonCounts, PersonProfile } from "./AdminModels.ts"

/** Reads everything at once; the lists are one person's, so their sizes are small. */
const ALL = 100_000

export const make = Effect.gen(function*() {
  const users = yield* UserStore
  const messages = yield* MessageStore
  const memory = yield* MemoryStore
  const crisis = yield* CrisisEventLog
  const disclosures = yield* DisclosureLog
  const letters = yield* DeadLetters
  const ledger = yield* UsageLedger

  return Effect.fnUntraced(function*(user: User) {
    const [consentHistory, conversation, facts, events, dead, notices, usage] = yield* Effect.all([
      users.consentHistory(user.id),
      messages.exportUser(user.id),
      memory.facts(user.id),
      crisis.list({ userId: user.id, limit: ALL }),
      letters.list({ userId: user.id, limit: ALL }),
      disclosures.list(user.id),
      ledger.list(user.id)
    ])
    return new PersonProfile({
      id: user.id,
      consent: user.consent,
      ageStatus: user.ageStatus,
      tier: user.tier,
      timeZone: user.timeZone,
      createdAt: user.createdAt,
      consentHistory,
      counts: new PersonCounts({
        inboundTexts: conversation.inbound.length,
        outboundTexts: conversation.outbound.length,
        turns: conversation.turns.length,
        crisisEvents: events.length,
        referralsSent: events.filter((event) => event.referralSentAt !== undefined).length,
        memoryFacts: facts.length,
        deadLetters: dead.length,
        disclosures: notices.length,
        modelCalls: usage.length
      }),
      costMicros: usage.reduce((sum, record) => sum + record.costMicros, 0)
    })
  })
})
