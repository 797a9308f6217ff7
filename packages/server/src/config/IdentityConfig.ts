/**
 * Age verification as configured: Veriff's variables (`@jules/adapters-identity`
 * `VeriffConfig`) checked against `JULES_AGE_GATE`. A gate that is on needs
 * Veriff and `PUBLIC_BASE_URL` (links are texted as `PUBLIC_BASE_URL/v/<token>`,
 * and Veriff posts to `PUBLIC_BASE_URL/webhooks/veriff`): without them the
 * server refuses to start, in every environment, rather than run with the
 * gate quietly off. Veriff configured with the gate off is allowed (decisions
 * still apply; nobody is asked).
 */
import { VeriffConfig } from "@jules/adapters-identity"
import type { AgeGateMode } from "@jules/core"
import type { Config } from "effect"
import { Effect } from "effect"

export const read = (options: {
  readonly ageGate: AgeGateMode
  readonly production: boolean
  readonly publicBaseUrl: string | undefined
}): Effect.Effect<VeriffConfig.VeriffRead, Config.ConfigError> =>
  Effect.map(VeriffConfig.read(options.publicBaseUrl), (read) => {
    const { ageGate, production, publicBaseUrl } = options
    const missing = [...read.missing]
    const gateOn = ageGate !== "off"
    if (gateOn && read.settings === undefined && read.missing.length === 0 && read.invalid.length === 0) {
      missing.push(
        `VERIFF_API_KEY and VERIFF_SHARED_SECRET (JULES_AGE_GATE=${ageGate} verifies ages with Veriff: copy both ` +
          "from Veriff Customer Portal → Integrations, or set JULES_AGE_GATE=off)"
      )
    }
    if (publicBaseUrl === undefined && (gateOn || (production && read.settings !== undefined))) {
      missing.push(
        `PUBLIC_BASE_URL (${gateOn ? `JULES_AGE_GATE=${ageGate}` : "with Veriff"}: verification links are texted as ` +
          "PUBLIC_BASE_URL/v/<token> and Veriff posts decisions to PUBLIC_BASE_URL/webhooks/veriff)"
      )
    }
    return missing.length > 0 || read.invalid.length > 0
      ? { settings: undefined, missing, invalid: read.invalid }
      : read
  })
