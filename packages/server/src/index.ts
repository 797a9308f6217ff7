/**
 * @jules/server — the running Jules backend: provider webhooks, the dev
 * simulator, health checks, and durable per-person turns on `effect/cluster`.
 *
 * `Composition.layer()` is the whole server from the environment; `src/main.ts`
 * launches it (`pnpm start`).
 */
export * as ClusterLayer from "./cluster/ClusterLayer.ts"
export * as Composition from "./Composition.ts"
export * as Preflight from "./config/Preflight.ts"
export * from "./config/ServerConfig.ts"
export * from "./config/ServerConfigError.ts"
export * from "./conversation/ConversationEntity.ts"
export * as ConversationWorker from "./conversation/ConversationWorker.ts"
export * from "./conversation/Inbox.ts"
export * as StorageLayer from "./database/StorageLayer.ts"
export * from "./Lifecycle.ts"
export * as StartupFailure from "./StartupFailure.ts"
export * as JsonLogger from "./logging/JsonLogger.ts"
export * as Redact from "./logging/Redact.ts"
