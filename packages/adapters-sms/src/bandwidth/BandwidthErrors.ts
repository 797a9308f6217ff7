/**
 * Bandwidth API failures (axios errors from `bandwidth-sdk`) → `SmsErrorReason`.
 * Bandwidth's `description`s can quote the phone number, so messages are
 * written here from the status and `type` only.
 */
import {
  InvalidRecipient,
  retryAfterMillis,
  type SmsErrorReason,
  SmsNotAuthorized,
  SmsProviderUnavailable,
  SmsRateLimited,
  SmsRejected
} from "@jules/core"
import { headerValue } from "../HeaderValue.ts"

interface ErrorBody {
  readonly type?: unknown
  readonly fieldErrors?: unknown
}

interface AxiosLike {
  readonly code?: unknown
  readonly response?: {
    readonly status?: unknown
    readonly data?: unknown
    readonly headers?: unknown
  }
}

/** Bandwidth's `type` (`request-validation`, `max-message-queue-size-exceeded`...), kept as the code. */
const typeOf = (data: unknown): string | undefined => {
  const type = typeof data === "object" && data !== null ? (data as ErrorBody).type : undefined
  return typeof type === "string" && /^[a-z0-9-]{1,80}$/i.test(type) ? type : undefined
}

/** A 400 whose field errors name only the recipient (`to`, `to[0]`): the number is the problem. */
const blamesRecipient = (data: unknown): boolean => {
  const fieldErrors = typeof data === "object" && data !== null ? (data as ErrorBody).fieldErrors : undefined
  if (!Array.isArray(fieldErrors) || fieldErrors.length === 0) return false
  return fieldErrors.every((error) => {
    const field = typeof error === "object" && error !== null ? (error as { fieldName?: unknown }).fieldName : undefined
    return typeof field === "string" && /^to(\[\d+\])?$/i.test(field)
  })
}

export const bandwidthErrorReason = (cause: unknown): SmsErrorReason => {
  const error = (typeof cause === "object" && cause !== null ? cause : {}) as AxiosLike
  const status = error.response?.status
  if (typeof status !== "number") {
    const code = typeof error.code === "string" && /^[A-Z_]{2,40}$/.test(error.code) ? error.code : undefined
    return new SmsProviderUnavailable({ message: `could not reach Bandwidth${code ? ` (${code})` : ""}` })
  }
  const data = error.response?.data
  const type = typeOf(data)
  const where = `HTTP ${status}${type ? `, ${type}` : ""}`
  const withCode = type === undefined ? {} : { code: type }

  if (status === 429) {
    const retryAfterMs = retryAfterMillis(headerValue(error.response?.headers, "retry-after"), Date.now())
    return new SmsRateLimited({
      message: `Bandwidth is rate limiting (${where})`,
      ...withCode,
      ...(retryAfterMs === undefined ? {} : { retryAfterMs })
    })
  }
  if (status >= 500) return new SmsProviderUnavailable({ message: `Bandwidth failed to answer (${where})`, ...withCode })
  if (status === 401 || status === 403) {
    return new SmsNotAuthorized({ message: `Bandwidth refused the credentials (${where})`, ...withCode })
  }
  if (status === 400 && blamesRecipient(data)) {
    return new InvalidRecipient({ message: `Bandwidth refused the recipient number (${where})`, ...withCode })
  }
  return new SmsRejected({ message: `Bandwidth refused the text (${where})`, ...withCode })
}
