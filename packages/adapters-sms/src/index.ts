/**
 * @jules/adapters-sms — the carrier-facing edge of Jules. Each provider is one
 * slice (`twilio/`, `bandwidth/`, `console/`): its `SmsGateway` and its
 * webhook (authentication and decoding into core's types), read from its own
 * variables. The server mounts the configured slice's routes generically.
 */

// The slice contract and the list of providers
export * as SmsWebhook from "./SmsWebhook.ts"
export type { InboundText, SmsWebhook as SmsWebhookSlice, WebhookEvent, WebhookRequest, WebhookRoute } from "./SmsWebhook.ts"
export { WebhookRefused } from "./SmsWebhook.ts"
export type { SharedSettings, SmsProvider, SmsSlice } from "./SmsProvider.ts"
export { providers } from "./Providers.ts"
export * as SmsConfig from "./SmsConfig.ts"
export * from "./SmsConfigError.ts"

// Shared by the slices
export * from "./WebhookDecodeError.ts"
export * from "./FormParams.ts"
export * from "./PublicUrl.ts"

// Twilio
export * as TwilioGateway from "./twilio/TwilioGateway.ts"
export * as TwilioWebhook from "./twilio/TwilioWebhook.ts"

// Bandwidth
export * as BandwidthGateway from "./bandwidth/BandwidthGateway.ts"
export * as BandwidthWebhook from "./bandwidth/BandwidthWebhook.ts"

// Console (development)
export * as ConsoleGateway from "./console/ConsoleGateway.ts"
export * from "./console/ConsoleOutbox.ts"
