/**
 * The console as a slice: no variables, no webhook (the dev simulator page
 * is the way in), texts printed and kept in the `ConsoleOutbox`.
 */
import { Effect } from "effect"
import type { SmsProvider } from "../SmsProvider.ts"
import * as ConsoleGateway from "./ConsoleGateway.ts"

export const provider: SmsProvider = {
  name: ConsoleGateway.provider,
  configure: (shared) =>
    Effect.succeed({
      provider: ConsoleGateway.provider,
      publicBaseUrl: shared.publicBaseUrl,
      gateway: ConsoleGateway.layer,
      webhook: undefined
    })
}
