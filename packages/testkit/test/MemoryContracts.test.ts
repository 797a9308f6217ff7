/** The in-memory stores pass every storage contract, one port at a time and all together. */
import {
  auditLogContract,
  AuditLogMemory,
  crisisEventLogContract,
  CrisisEventLogMemory,
  deadLettersContract,
  DeadLettersMemory,
  disclosureLogContract,
  DisclosureLogMemory,
  eventClaimsContract,
  EventClaimsMemory,
  memoryStoreContract,
  MemoryStoreMemory,
  messageStoreContract,
  MessageStoreMemory,
  outboxStoreContract,
  storageContracts,
  StorageMemory,
  usageLedgerContract,
  UsageLedgerMemory,
  userStoreContract,
  UserStoreMemory
} from "@jules/testkit"

userStoreContract("memory", UserStoreMemory.layer)
messageStoreContract("memory", MessageStoreMemory.layer)
outboxStoreContract("memory", MessageStoreMemory.layer)
deadLettersContract("memory", DeadLettersMemory.layer)
memoryStoreContract("memory", MemoryStoreMemory.layer)
crisisEventLogContract("memory", CrisisEventLogMemory.layer)
disclosureLogContract("memory", DisclosureLogMemory.layer)
auditLogContract("memory", AuditLogMemory.layer)
usageLedgerContract("memory", UsageLedgerMemory.layer)
eventClaimsContract("memory", EventClaimsMemory.layer)

storageContracts("memory, all ports", StorageMemory.layer)
storageContracts("skipped", StorageMemory.layer, { skip: true })
