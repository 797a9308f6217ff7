/**
 * @jules/adapters-sms — the carrier-facing edge of Jules: `SmsGateway` layers
 * for Twilio, Bandwidth and the development console, and the pure verifiers and
 * decoders for their webhooks (the server wires them to routes).
 */

// What webhooks say, in one vocabulary
export * from "./WebhookDecodeError.ts"
export * from "./WebhookEvent.ts"
export * from "./FormParams.ts"
export * from "./PublicUrl.ts"

// Webhooks
export * as BandwidthWebhook from "./BandwidthWebhook.ts"
export * as TwilioWebhook from "./TwilioWebhook.ts"

// Gateways
export * as BandwidthGateway from "./BandwidthGateway.ts"
export * as ConsoleGateway from "./ConsoleGateway.ts"
export * from "./ConsoleOutbox.ts"
export * as SmsConfig from "./SmsConfig.ts"
export * from "./SmsConfigError.ts"
export * as TwilioGateway from "./TwilioGateway.ts"
