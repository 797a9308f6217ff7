/** Every storage contract over one build of a storage layer. */
import { describe } from "@effect/vitest"
import type { Layer } from "effect"
import type { StoragePorts } from "../memory/StorageMemory.ts"
import { auditLogTests } from "./AuditLogContract.ts"
import { billingAccountsTests } from "./BillingAccountsContract.ts"
import { conversationSnapshotsTests } from "./ConversationSnapshotsContract.ts"
import { crisisEventLogTests } from "./CrisisEventLogContract.ts"
import { deadLettersTests } from "./DeadLettersContract.ts"
import { disclosureLogTests } from "./DisclosureLogContract.ts"
import { eventClaimsTests } from "./EventClaimsContract.ts"
import { linkTokensTests } from "./LinkTokensContract.ts"
import { memoryStoreTests } from "./MemoryStoreContract.ts"
import { messageStoreTests } from "./MessageStoreContract.ts"
import { outboxStoreTests } from "./OutboxStoreContract.ts"
import type { ContractOptions } from "./Suite.ts"
import { registerContract } from "./Suite.ts"
import { textIntakeTests } from "./TextIntakeContract.ts"
import { turnRecordsTests } from "./TurnRecordsContract.ts"
import { usageLedgerTests } from "./UsageLedgerContract.ts"
import { userStoreTests } from "./UserStoreContract.ts"

export const storageContracts = (
  name: string,
  storage: Layer.Layer<StoragePorts, unknown>,
  options?: ContractOptions
): void =>
  registerContract(`Storage contracts (${name})`, storage, options, (it) => {
    describe(`UserStore contract (${name})`, () => userStoreTests(it))
    describe(`MessageStore contract (${name})`, () => messageStoreTests(it))
    describe(`MessageStore outbox contract (${name})`, () => outboxStoreTests(it))
    describe(`MemoryStore contract (${name})`, () => memoryStoreTests(it))
    describe(`CrisisEventLog contract (${name})`, () => crisisEventLogTests(it))
    describe(`DeadLetters contract (${name})`, () => deadLettersTests(it))
    describe(`DisclosureLog contract (${name})`, () => disclosureLogTests(it))
    describe(`AuditLog contract (${name})`, () => auditLogTests(it))
    describe(`UsageLedger contract (${name})`, () => usageLedgerTests(it))
    describe(`EventClaims contract (${name})`, () => eventClaimsTests(it))
    describe(`LinkTokens contract (${name})`, () => linkTokensTests(it))
    describe(`BillingAccounts contract (${name})`, () => billingAccountsTests(it))
    describe(`TextIntake contract (${name})`, () => textIntakeTests(it))
    describe(`ConversationSnapshots contract (${name})`, () => conversationSnapshotsTests(it))
    describe(`TurnRecords contract (${name})`, () => turnRecordsTests(it))
  })
