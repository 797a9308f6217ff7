/**
 * Twilio API failures → `SmsErrorReason`. Messages are written here from the
 * status and code only: Twilio's own messages quote the phone number
 * ("The 'To' number +1… is not valid"), so they are never passed on.
 */
import {
  InvalidRecipient,
  RecipientOptedOut,
  retryAfterMillis,
  type SmsErrorReason,
  SmsNotAuthorized,
  SmsProviderUnavailable,
  SmsRateLimited,
  SmsRejected
} from "@jules/core"
import { headerValue } from "../HeaderValue.ts"

/**
 * Codes that say this recipient cannot get texts, whatever the account does.
 * Codes about the account's own setup stay `SmsRejected` so they are not taken
 * for a fault of the person's number: 21408 (sending to that region is not
 * enabled), 21606 (the From number cannot send SMS), 21608 (a trial account may
 * only text verified numbers).
 */
const invalidRecipient: Readonly<Record<string, string>> = {
  "21211": "the To number is not a valid phone number",
  "21217": "the To number does not appear to be a valid phone number",
  "21401": "the To number is not a valid phone number",
  "21612": "the To number cannot be reached by SMS",
  "21614": "the To number is not a mobile number"
}

const rejected: Readonly<Record<string, string>> = {
  "21408": "sending to this region is not enabled on the account",
  "21606": "the From number cannot send SMS",
  "21608": "a trial account can only text verified numbers"
}

/** 20429: too many concurrent requests. 21611: the sender's queue holds 10 hours of texts already. */
const rateLimited: Readonly<Record<string, string>> = {
  "20429": "too many concurrent requests",
  "21611": "the sender's queue is full"
}

interface HttpFailure {
  readonly status: number
  readonly code: string | undefined
}

/** `RestException` and `TwilioServiceException` both carry the HTTP `status` and Twilio's `code`. */
const httpFailure = (cause: unknown): HttpFailure | undefined => {
  if (typeof cause !== "object" || cause === null) return undefined
  const { code, isAxiosError, status } = cause as { status?: unknown; code?: unknown; isAxiosError?: unknown }
  if (isAxiosError === true || typeof status !== "number") return undefined
  return {
    status,
    code: typeof code === "number" || (typeof code === "string" && /^\d+$/.test(code)) ? String(code) : undefined
  }
}

const networkCode = (cause: unknown): string | undefined => {
  const code = typeof cause === "object" && cause !== null ? (cause as { code?: unknown }).code : undefined
  return typeof code === "string" && /^[A-Z_]{2,40}$/.test(code) ? code : undefined
}

/** Maps what `client.messages.create` rejected with; `headers` are the response's, when there was one. */
export const twilioErrorReason = (cause: unknown, headers: unknown): SmsErrorReason => {
  const failure = httpFailure(cause)
  if (failure === undefined) {
    const code = networkCode(cause)
    return new SmsProviderUnavailable({ message: `could not reach Twilio${code ? ` (${code})` : ""}` })
  }
  const { code, status } = failure
  const where = `HTTP ${status}${code ? `, code ${code}` : ""}`
  const withCode = code === undefined ? {} : { code }

  if (code === "21610") {
    return new RecipientOptedOut({ message: `the recipient opted out by replying STOP (${where})`, ...withCode })
  }
  if (code !== undefined && invalidRecipient[code]) {
    return new InvalidRecipient({ message: `${invalidRecipient[code]} (${where})`, ...withCode })
  }
  if (status === 429 || (code !== undefined && rateLimited[code])) {
    const retryAfterMs = retryAfterMillis(headerValue(headers, "retry-after"), Date.now())
    return new SmsRateLimited({
      message: `Twilio is rate limiting: ${(code && rateLimited[code]) || "too many requests"} (${where})`,
      ...withCode,
      ...(retryAfterMs === undefined ? {} : { retryAfterMs })
    })
  }
  if (code === "20003" || status === 401 || status === 403) {
    return new SmsNotAuthorized({ message: `Twilio refused the credentials (${where})`, ...withCode })
  }
  if (status >= 500) {
    return new SmsProviderUnavailable({ message: `Twilio failed to answer (${where})`, ...withCode })
  }
  return new SmsRejected({
    message: `Twilio refused the text${code && rejected[code] ? `: ${rejected[code]}` : ""} (${where})`,
    ...withCode
  })
}
