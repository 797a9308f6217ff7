/**
 * @jules/testkit — every Jules port in memory or faked, and the contract
 * suites every implementation of a port must pass.
 */

// storage in memory
export * as AuditLogMemory from "./memory/AuditLogMemory.ts"
export * as CrisisEventLogMemory from "./memory/CrisisEventLogMemory.ts"
export * as DeadLettersMemory from "./memory/DeadLettersMemory.ts"
export * as DisclosureLogMemory from "./memory/DisclosureLogMemory.ts"
export * as EventClaimsMemory from "./memory/EventClaimsMemory.ts"
export * as MemoryStoreMemory from "./memory/MemoryStoreMemory.ts"
export * as MessageStoreMemory from "./memory/MessageStoreMemory.ts"
export * as StorageMemory from "./memory/StorageMemory.ts"
export type { StoragePorts } from "./memory/StorageMemory.ts"
export * as UsageLedgerMemory from "./memory/UsageLedgerMemory.ts"
export * as UserStoreMemory from "./memory/UserStoreMemory.ts"

// fakes and their control services
export * as AgeVerificationFake from "./fakes/AgeVerificationFake.ts"
export { AgeVerificationSessions } from "./fakes/AgeVerificationFake.ts"
export * as BillingFake from "./fakes/BillingFake.ts"
export { BillingControl } from "./fakes/BillingFake.ts"
export * as CrisisModerationFake from "./fakes/CrisisModerationFake.ts"
export { ModerationScripts } from "./fakes/CrisisModerationFake.ts"
export * as CryptoFake from "./fakes/CryptoFake.ts"
export * as EscalationNotifierFake from "./fakes/EscalationNotifierFake.ts"
export { Escalations } from "./fakes/EscalationNotifierFake.ts"
export * as ScriptedModel from "./fakes/ScriptedModel.ts"
export { ModelScripts } from "./fakes/ScriptedModel.ts"
export * as SmsGatewayFake from "./fakes/SmsGatewayFake.ts"
export { SmsOutbox } from "./fakes/SmsGatewayFake.ts"
export * as TestLayers from "./TestLayers.ts"

// provider fakes (local HTTP servers speaking each provider's wire format)
export * as FakeAnthropicServer from "./providers/FakeAnthropicServer.ts"
export * as FakeBandwidthServer from "./providers/FakeBandwidthServer.ts"
export * as FakeHttpServer from "./providers/FakeHttpServer.ts"
export * as FakeOpenAiModerationServer from "./providers/FakeOpenAiModerationServer.ts"
export * as FakeOpenAiServer from "./providers/FakeOpenAiServer.ts"
export * as FakeTwilioServer from "./providers/FakeTwilioServer.ts"
export { unusedPort } from "./providers/unusedPort.ts"

// contract suites
export { ageVerificationContract } from "./contracts/AgeVerificationContract.ts"
export { auditLogContract } from "./contracts/AuditLogContract.ts"
export { billingContract } from "./contracts/BillingContract.ts"
export type { AvailabilityOptions } from "./contracts/BillingContract.ts"
export { crisisEventLogContract } from "./contracts/CrisisEventLogContract.ts"
export { crisisModerationContract } from "./contracts/CrisisModerationContract.ts"
export type { ModerationHarness, Situation as ModerationSituation } from "./contracts/CrisisModerationContract.ts"
export * as CryptoContract from "./contracts/CryptoContract.ts"
export { cryptoContract } from "./contracts/CryptoContract.ts"
export { deadLettersContract } from "./contracts/DeadLettersContract.ts"
export { disclosureLogContract } from "./contracts/DisclosureLogContract.ts"
export { EscalationHarness, escalationNotifierContract } from "./contracts/EscalationNotifierContract.ts"
export type { DeliveredEscalation } from "./contracts/EscalationNotifierContract.ts"
export { eventClaimsContract } from "./contracts/EventClaimsContract.ts"
export { memoryStoreContract } from "./contracts/MemoryStoreContract.ts"
export { messageStoreContract } from "./contracts/MessageStoreContract.ts"
export * as ModelProviderContract from "./contracts/ModelProviderContract.ts"
export { ModelProviderHarness, modelProviderContract } from "./contracts/ModelProviderContract.ts"
export { outboxStoreContract } from "./contracts/OutboxStoreContract.ts"
export * as SmsGatewayContract from "./contracts/SmsGatewayContract.ts"
export { SmsGatewayHarness, smsGatewayContract } from "./contracts/SmsGatewayContract.ts"
export * as SmsGatewayHarnesses from "./contracts/SmsGatewayHarnesses.ts"
export { storageContracts } from "./contracts/StorageContracts.ts"
export type { ContractOptions } from "./contracts/Suite.ts"
export { usageLedgerContract } from "./contracts/UsageLedgerContract.ts"
export { userStoreContract } from "./contracts/UserStoreContract.ts"

// conversations as tests
export * as Scenario from "./Scenario.ts"
export * as EverydayTexts from "./EverydayTexts.ts"
