/** Every storage port in memory, each with its own state. */
import type { StoragePorts } from "@jules/core"
import { ConversationSnapshots, TextIntake, TurnRecords } from "@jules/core"
import { Layer } from "effect"
import * as AuditLogMemory from "./AuditLogMemory.ts"
import * as BillingAccountsMemory from "./BillingAccountsMemory.ts"
import * as CrisisEventLogMemory from "./CrisisEventLogMemory.ts"
import * as DeadLettersMemory from "./DeadLettersMemory.ts"
import * as DisclosureLogMemory from "./DisclosureLogMemory.ts"
import * as EventClaimsMemory from "./EventClaimsMemory.ts"
import * as LinkTokensMemory from "./LinkTokensMemory.ts"
import * as MemoryStoreMemory from "./MemoryStoreMemory.ts"
import * as MessageStoreMemory from "./MessageStoreMemory.ts"
import * as UsageLedgerMemory from "./UsageLedgerMemory.ts"
import * as UserStoreMemory from "./UserStoreMemory.ts"

export type { StoragePorts } from "@jules/core"

/** Texts arrive, and turns read, through the stores of the same build. */
export const layer: Layer.Layer<StoragePorts> = Layer.mergeAll(
  TextIntake.layerFromStores,
  ConversationSnapshots.layerFromStores,
  TurnRecords.layerFromStores
).pipe(Layer.provideMerge(Layer.mergeAll(
  UserStoreMemory.layer,
  MessageStoreMemory.layer,
  MemoryStoreMemory.layer,
  CrisisEventLogMemory.layer,
  DeadLettersMemory.layer,
  DisclosureLogMemory.layer,
  AuditLogMemory.layer,
  UsageLedgerMemory.layer,
  EventClaimsMemory.layer,
  LinkTokensMemory.layer,
  BillingAccountsMemory.layer
)))
