/**
 * @jules/adapters-billing — subscriptions on Stripe: checkout and portal
 * sessions, subscriptions read back, signed webhooks, tiers that follow
 * prices. Implements core's `Billing` port.
 */
export * as StripeBilling from "./StripeBilling.ts"
export * as StripeConfig from "./StripeConfig.ts"
export type { StripeSettings } from "./StripeConfig.ts"
export * as StripeWebhook from "./StripeWebhook.ts"
export { StripeWebhookRefused } from "./StripeWebhook.ts"
