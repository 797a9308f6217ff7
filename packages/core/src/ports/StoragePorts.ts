/** The storage ports: what a storage adapter provides, and what `storageContracts` in testkit checks. */
import type { AuditLog } from "./AuditLog.ts"
import type { BillingAccounts } from "./BillingAccounts.ts"
import type { ConversationSnapshots } from "./ConversationSnapshots.ts"
import type { CrisisEventLog } from "./CrisisEventLog.ts"
import type { DeadLetters } from "./DeadLetters.ts"
import type { DisclosureLog } from "./DisclosureLog.ts"
import type { EventClaims } from "./EventClaims.ts"
import type { LinkTokens } from "./LinkTokens.ts"
import type { MemoryStore } from "./MemoryStore.ts"
import type { MessageStore } from "./MessageStore.ts"
import type { TextIntake } from "./TextIntake.ts"
import type { TurnRecords } from "./TurnRecords.ts"
import type { UsageLedger } from "./UsageLedger.ts"
import type { UserStore } from "./UserStore.ts"

export type StoragePorts =
  | UserStore
  | MessageStore
  | MemoryStore
  | CrisisEventLog
  | DeadLetters
  | DisclosureLog
  | AuditLog
  | UsageLedger
  | EventClaims
  | LinkTokens
  | BillingAccounts
  | TextIntake
  | ConversationSnapshots
  | TurnRecords
