/**
 * Every admin call, by HTTP or CLI, leaves one `admin_call` audit entry: who
 * (a token id or `cli`), the action, the outcome and the target ids. The
 * person's id goes in the entry's `userId`, which erasure clears; `detail`
 * holds no personal data (no phone, no text, no user id), so nothing in the
 * trail points back to an erased person.
 */
import type { StorageError, UserId } from "@jules/core"
import { AuditEntry, AuditLog } from "@jules/core"
import type { Cause } from "effect"
import { DateTime, Effect, Exit, Option } from "effect"
import { uuidV4Unsafe } from "effect/crypto/SecureRandom"
import type { AdminError } from "./AdminErrors.ts"
import { AdminUnavailable } from "./AdminErrors.ts"

/** What a call touched; filled in by the operation as it learns it (a lookup finds its person). */
export interface AuditTarget {
  userId?: UserId | undefined
  readonly detail: Record<string, string>
}

export const unavailable = (error: StorageError) =>
  Effect.logWarning("admin call: the database failed").pipe(
    Effect.annotateLogs({ store: error.store, operation: error.operation, reason: error.reason._tag }),
    Effect.andThen(Effect.fail(new AdminUnavailable({ message: "the database did not answer or failed; try again" })))
  )

/** Runs `body` and appends its audit entry, whatever the outcome; the call fails if the entry cannot be written. */
export const audited = <A, E extends AdminError>(
  audit: AuditLog["Service"],
  caller: string,
  action: string,
  body: (target: AuditTarget) => Effect.Effect<A, E | StorageError>
): Effect.Effect<A, E | AdminUnavailable> => Effect.gen(function*() {
  const target: AuditTarget = { detail: {} }
  const exit = yield* Effect.exit(body(target))
  const outcome = Exit.isSuccess(exit)
    ? "ok"
    : Option.match(Exit.findErrorOption(exit), { onNone: () => "defect", onSome: (error) => error._tag })
  yield* audit.append(
    new AuditEntry({
      id: `admin:${uuidV4Unsafe()}`,
      kind: "admin_call",
      userId: target.userId,
      detail: { caller, action, outcome, ...target.detail },
      at: yield* DateTime.now
    })
  ).pipe(Effect.catch(unavailable))
  yield* Effect.logInfo("admin call").pipe(
    Effect.annotateLogs({ caller, action, outcome, ...(target.userId === undefined ? {} : { userId: target.userId }) })
  )
  if (Exit.isSuccess(exit)) return exit.value
  const error = Exit.findErrorOption(exit)
  if (Option.isSome(error) && isStorageError(error.value)) return yield* unavailable(error.value)
  return yield* Effect.failCause(exit.cause as Cause.Cause<E>)
})

const isStorageError = (error: unknown): error is StorageError =>
  typeof error === "object" && error !== null && (error as { readonly _tag?: unknown })._tag === "StorageError"
