/**
 * @jules/adapters-identity — age verification on Veriff: sessions
 * (`VeriffAgeVerification`), signed decision webhooks (`VeriffWebhook`,
 * `VeriffDecision`), HMAC signatures (`VeriffSignature`) and settings (`VeriffConfig`).
 */
export * as VeriffAgeVerification from "./VeriffAgeVerification.ts"
export * as VeriffConfig from "./VeriffConfig.ts"
export type { VeriffSettings } from "./VeriffConfig.ts"
export * as VeriffDecision from "./VeriffDecision.ts"
export * as VeriffSignature from "./VeriffSignature.ts"
export * as VeriffWebhook from "./VeriffWebhook.ts"
