/**
 * @jules/adapters-escalation — how an operator hears of an imminent crisis:
 * core's `EscalationNotifier`, logging every alert and posting it to a webhook
 * when one is configured.
 */
export * as EscalationWebhook from "./EscalationWebhook.ts"
