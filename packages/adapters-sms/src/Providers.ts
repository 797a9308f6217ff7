/**
 * Every SMS provider Jules can run on, in the order error messages list them.
 * Adding a provider: a folder beside `twilio/` with its gateway, webhook and
 * `SmsProvider`, and one line here (see the README).
 */
import { provider as bandwidth } from "./bandwidth/BandwidthProvider.ts"
import { provider as console } from "./console/ConsoleProvider.ts"
import type { SmsProvider } from "./SmsProvider.ts"
import { provider as twilio } from "./twilio/TwilioProvider.ts"

export const providers: ReadonlyArray<SmsProvider> = [
  twilio,
  bandwidth,
  console,
]

/** The default `SMS_PROVIDER`: development texts go to the console. */
export const DEFAULT_PROVIDER = "console"
