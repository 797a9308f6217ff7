/**
 * A start that fails says so in ONE log line: what failed and how to fix it
 * (`{"level":"ERROR","message":"Jules cannot start: port 3000 on 0.0.0.0 is
 * already in use","fix":"stop the process using it, or set PORT …"}`). The
 * full cause, with its stack, follows at debug level only (`LOG_LEVEL=Debug`).
 *
 * Messages name variables, hosts and ports, never a value that could be a
 * secret (the database password, keys) or a person's data.
 */
import { Cause, Effect } from "effect"
import type { ServerConfigError } from "./config/ServerConfigError.ts"

export interface Explanation {
  /** What failed, in words an operator can act on. */
  readonly what: string
  /** How to fix it, when this module knows. */
  readonly fix: string | undefined
  /** Each problem of a configuration refused as a whole. */
  readonly problems?: ReadonlyArray<string> | undefined
}

const DEBUG_HINT = "run with LOG_LEVEL=Debug to see the full cause"

type Tagged = { readonly _tag?: unknown; readonly message?: unknown; readonly cause?: unknown }

const tagOf = (error: unknown): string | undefined => {
  const tag = (error as Tagged | null | undefined)?._tag
  return typeof tag === "string" ? tag : undefined
}

const messageOf = (error: unknown): string => {
  const message = (error as Tagged | null | undefined)?.message
  return typeof message === "string" && message.length > 0 ? message : String(tagOf(error) ?? error)
}

/** The innermost cause with a message (the operating system's or the database's own words). */
const rootOf = (error: unknown): unknown => {
  let current = error
  for (let depth = 0; depth < 8; depth++) {
    const next = (current as Tagged | null | undefined)?.cause
    if (next === undefined || next === null || typeof next !== "object") break
    current = next
  }
  return current
}

const oneLine = (text: string) => text.replace(/\s*\n\s*/g, " ").trim()

const serveError = (error: unknown): Explanation => {
  const root = rootOf(error) as NodeJS.ErrnoException & { address?: string; port?: number }
  const where = root.address !== undefined ? `port ${root.port} on ${root.address}` : "the HTTP port"
  switch (root.code) {
    case "EADDRINUSE":
      return {
        what: `${where} is already in use`,
        fix: "stop the process using it, or set PORT to a free port (PORT=0 picks any free port)"
      }
    case "EACCES":
      return { what: `not allowed to listen on ${where}`, fix: "set PORT to 1024 or above, or grant the privilege" }
    case "EADDRNOTAVAIL":
      return { what: `cannot listen on ${where}: not an address of this machine`, fix: "set HOST to one, or to 0.0.0.0" }
    default:
      return { what: `cannot listen on ${where}: ${oneLine(messageOf(root))}`, fix: "check PORT and HOST" }
  }
}

const sqlError = (error: unknown): Explanation => {
  const reason = tagOf((error as Tagged).cause) ?? ""
  const detail = oneLine(messageOf(rootOf(error)))
  if (reason.endsWith("ConnectionError")) {
    return {
      what: `cannot connect to the database: ${detail}`,
      fix: "check that PostgreSQL is running and reachable at the host and port of DATABASE_URL"
    }
  }
  if (reason.endsWith("AuthenticationError") || reason.endsWith("AuthorizationError")) {
    return {
      what: `the database refused the connection: ${detail}`,
      fix: "check the user and password in DATABASE_URL, and that this user may use the database"
    }
  }
  return {
    what: `the database failed while starting: ${detail}`,
    fix: `check DATABASE_URL (does the database exist?); ${DEBUG_HINT}`
  }
}

/** What the first failure of `cause` means for an operator. */
export const explain = (cause: Cause.Cause<unknown>): Explanation => {
  const failure = cause.reasons.find((reason) => reason._tag === "Fail" || reason._tag === "Die")
  if (failure === undefined) return { what: "the start was interrupted", fix: undefined }
  const error = failure._tag === "Fail" ? failure.error : failure.defect
  switch (tagOf(error)) {
    case "ServerConfigError": {
      const problems = (error as ServerConfigError).problems
      return {
        what: `the configuration has ${problems.length === 1 ? "a problem" : `${problems.length} problems`}: ` +
          problems.map((problem, index) => `(${index + 1}) ${problem}`).join(" "),
        fix: "each problem above says what to set",
        problems
      }
    }
    case "ServeError":
      return serveError(error)
    case "SqlError":
      return sqlError(error)
    case "MigrationError":
      return { what: `the database migrations failed: ${oneLine(messageOf(error))}`, fix: DEBUG_HINT }
    case "EmbeddedDatabaseError":
      return {
        what: `${oneLine(messageOf(error))}: ${oneLine(messageOf(rootOf(error)))}`,
        fix: "check that JULES_DATA_DIR is writable and used by no other Jules process, or set DATABASE_URL"
      }
    case "EncryptionKeysError":
    case "SmsConfigError":
      return { what: oneLine(messageOf(error)), fix: undefined }
    case "ConfigError":
      return { what: `the configuration: ${oneLine(messageOf(error).replace(/^SourceError: /, ""))}`, fix: undefined }
    default:
      return { what: oneLine(messageOf(error)), fix: DEBUG_HINT }
  }
}

/** The errors whose line was written, so the host does not write a second one. */
const reported = new WeakSet<object>()

const errorsOf = (cause: Cause.Cause<unknown>): ReadonlyArray<unknown> =>
  cause.reasons.flatMap((reason) =>
    reason._tag === "Fail" ? [reason.error] : reason._tag === "Die" ? [reason.defect] : []
  )

/** `error` was explained already (by the turn thread, in its own line): no second line for it. */
export const markReported = (error: object): void => void reported.add(error)

/** Whether `log` already wrote the line for this cause. */
export const wasReported = (cause: Cause.Cause<unknown>): boolean =>
  errorsOf(cause).some((error) => typeof error === "object" && error !== null && reported.has(error))

/** The one ERROR line for a failed start, then the whole cause at debug level. Interruptions are not failures. */
export const log = (cause: Cause.Cause<unknown>): Effect.Effect<void> => {
  if (Cause.hasInterruptsOnly(cause) || wasReported(cause)) return Effect.void
  for (const error of errorsOf(cause)) if (typeof error === "object" && error !== null) reported.add(error)
  const explanation = explain(cause)
  return Effect.logError(`Jules cannot start: ${explanation.what}`).pipe(
    Effect.annotateLogs({
      ...(explanation.fix === undefined ? {} : { fix: explanation.fix }),
      ...(explanation.problems === undefined ? {} : { problems: explanation.problems })
    }),
    Effect.andThen(Effect.logDebug("start failure details", cause))
  )
}
