/**
 * @jules/adapters-postgres — every storage port of Jules on PostgreSQL, with an
 * embedded PGlite default and encryption at rest.
 *
 * Start with `PostgresStorage.layerConfig` (everything from the environment);
 * `PostgresStorage.layer` gives the repositories over a `SqlClient` and a
 * `Crypto` of your choosing.
 */
export * as AesGcmCrypto from "./AesGcmCrypto.ts"
export * as Database from "./Database.ts"
export * as EncryptionKeys from "./EncryptionKeys.ts"
export * as KeyCheck from "./KeyCheck.ts"
export * as KeyRotation from "./KeyRotation.ts"
export * as Migrations from "./Migrations.ts"
export * as PgAuditLog from "./PgAuditLog.ts"
export * as PgBillingAccounts from "./PgBillingAccounts.ts"
export * as PgConversationSnapshots from "./PgConversationSnapshots.ts"
export * as ClusterSql from "./ClusterSql.ts"
export * as PgCrisisEventLog from "./PgCrisisEventLog.ts"
export * as PgDeadLetters from "./PgDeadLetters.ts"
export * as PgDisclosureLog from "./PgDisclosureLog.ts"
export * as PgEventClaims from "./PgEventClaims.ts"
export * as PgLinkTokens from "./PgLinkTokens.ts"
export * as PgMemoryStore from "./PgMemoryStore.ts"
export * as PgMessageStore from "./PgMessageStore.ts"
export * as PgTextIntake from "./PgTextIntake.ts"
export * as PgTurnRecords from "./PgTurnRecords.ts"
export * as PgUsageLedger from "./PgUsageLedger.ts"
export * as PgUserStore from "./PgUserStore.ts"
export * as PostgresStorage from "./PostgresStorage.ts"
export * as StorageConfig from "./StorageConfig.ts"
export * as StorageErrors from "./StorageErrors.ts"
