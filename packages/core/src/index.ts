/**
 * @jules/core — the rules of an SMS companion, free of any vendor.
 *
 * Read in this order: `domain/` (what Jules knows), `ports/` (what it needs from
 * the world), `policy/` (each rule of a turn, pure), `turn/` (the rules in
 * order: `turn/ConversationTurn.ts`).
 */

// domain
export * from "./domain/AgeDecision.ts"
export * from "./domain/Audit.ts"
export * from "./domain/Billing.ts"
export * from "./domain/DeadLetter.ts"
export * from "./domain/Crisis.ts"
export * from "./domain/Disclosure.ts"
export * from "./domain/Ids.ts"
export * from "./domain/Memory.ts"
export * from "./domain/Message.ts"
export * from "./domain/PhoneNumber.ts"
export * from "./domain/Turn.ts"
export * from "./domain/Usage.ts"
export * from "./domain/User.ts"

// ports
export * from "./ports/AgeVerification.ts"
export * from "./ports/AuditLog.ts"
export * from "./ports/Billing.ts"
export * from "./ports/BillingAccounts.ts"
export * from "./ports/CrisisEventLog.ts"
export * from "./ports/ConversationSnapshots.ts"
export * from "./ports/CrisisModeration.ts"
export * from "./ports/DeadLetters.ts"
export * from "./ports/Crypto.ts"
export * from "./ports/DisclosureLog.ts"
export * from "./ports/EscalationNotifier.ts"
export * from "./ports/EventClaims.ts"
export * from "./ports/LanguageModel.ts"
export * from "./ports/LinkTokens.ts"
export * from "./ports/MemoryStore.ts"
export * from "./ports/MessageStore.ts"
export * from "./ports/RetryAfter.ts"
export * from "./ports/SmsGateway.ts"
export * from "./ports/StorageError.ts"
export type * from "./ports/StoragePorts.ts"
export * from "./ports/TextIntake.ts"
export * from "./ports/TurnRecords.ts"
export * from "./ports/UsageLedger.ts"
export * from "./ports/UserStore.ts"

// policy
export * from "./policy/AgeFromBirth.ts"
export * from "./policy/AgeGate.ts"
export * from "./policy/BillingKeywords.ts"
export * from "./policy/ConsentKeywords.ts"
export * from "./policy/CrisisReview.ts"
export * from "./policy/CrisisScreen.ts"
export * from "./policy/DeclaredAge.ts"
export * from "./policy/DisclosurePolicy.ts"
export * from "./policy/OutboxPolicy.ts"
export * from "./policy/OutputCheck.ts"
export * from "./policy/FactExtraction.ts"
export * from "./policy/FactEviction.ts"
export * from "./policy/MemoryCommands.ts"
export * from "./policy/MemoryExtraction.ts"
export * from "./policy/AreaCodes.ts"
export * from "./policy/TimeZones.ts"
export * from "./policy/LinkPolicy.ts"
export * from "./policy/PromptAssembly.ts"
export * from "./policy/QuotaPolicy.ts"
export * from "./policy/RollingSummary.ts"
export * as SmsSegments from "./policy/SmsSegments.ts"
export * from "./policy/SubscriptionPolicy.ts"

// billing
export * from "./billing/BillingLinks.ts"
export * from "./billing/Subscriptions.ts"

// identity
export * from "./identity/AgeDecisions.ts"
export * from "./identity/VerificationLinks.ts"

// turn
export * as ModelFallback from "./turn/ModelFallback.ts"
export * from "./turn/CauseTag.ts"
export * from "./turn/ConsentResponse.ts"
export * from "./turn/ConversationMemory.ts"
export * from "./turn/MemoryCommandResponse.ts"
export * from "./turn/ConversationTurn.ts"
export * from "./turn/Copy.ts"
export * from "./turn/CrisisContext.ts"
export * from "./turn/CrisisResponse.ts"
export * from "./turn/CrisisSecondOpinion.ts"
export * from "./turn/Disclosures.ts"
export * from "./turn/Gates.ts"
export * from "./turn/Outbox.ts"
export * from "./turn/OutboxPasses.ts"
export * from "./turn/DeliveryReceipts.ts"
export * from "./turn/ModelReply.ts"
export * as Persona from "./turn/Persona.ts"
export * from "./turn/ReceiveText.ts"
export * from "./turn/Settings.ts"
export * from "./turn/UserData.ts"

// tracing
export * as Spans from "./Spans.ts"
