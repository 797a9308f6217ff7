import { assert, describe, it } from "@effect/vitest"
import { EventClaims, PhoneNumber } from "@jules/core"
import { Effect, Layer, Redacted, Schema } from "effect"
import * as SqlError from "effect/sql/SqlError"
import * as PgEventClaims from "../src/PgEventClaims.ts"
import * as Database from "../src/Database.ts"
import { toStorageError } from "../src/StorageErrors.ts"

const sqlError = (reason: SqlError.SqlErrorReason) => new SqlError.SqlError({ reason })
const cause = new Error("from the driver")

describe("StorageErrors", () => {
  it("maps each SQL failure to whether trying again can help", () => {
    const cases: ReadonlyArray<readonly [SqlError.SqlErrorReason, string, boolean]> = [
      [new SqlError.ConnectionError({ cause }), "StoreUnavailable", true],
      [new SqlError.StatementTimeoutError({ cause }), "StoreUnavailable", true],
      [new SqlError.DeadlockError({ cause }), "StoreConflict", true],
      [new SqlError.SerializationError({ cause }), "StoreConflict", true],
      [new SqlError.LockTimeoutError({ cause }), "StoreConflict", true],
      [new SqlError.UniqueViolation({ cause, constraint: "users_pkey" }), "StoreFailure", false],
      [new SqlError.SqlSyntaxError({ cause }), "StoreFailure", false],
      [new SqlError.AuthenticationError({ cause }), "StoreFailure", false]
    ]
    for (const [reason, tag, retryable] of cases) {
      const error = toStorageError("UserStore", "findByPhone")(sqlError(reason))
      assert.strictEqual(error.reason._tag, tag, reason._tag)
      assert.strictEqual(error.isRetryable, retryable, reason._tag)
      assert.strictEqual(error.store, "UserStore")
      assert.strictEqual(error.operation, "findByPhone")
    }
  })

  it.effect("a stored value that fails its schema is corrupted; the schema error is not carried along", () =>
    Effect.gen(function*() {
      const schemaError = yield* Effect.flip(Schema.decodeUnknownEffect(PhoneNumber)("+1415555267x"))
      const error = toStorageError("UserStore", "findById")(schemaError)
      assert.strictEqual(error.reason._tag, "StoreCorrupted")
      assert.isFalse(error.isRetryable)
      assert.notInclude(error.message, "1415555267")
      assert.isUndefined(error.reason.cause)
    }))

  it.live("an unreachable database is StoreUnavailable, which a durable turn retries", () =>
    Effect.gen(function*() {
      const claims = yield* EventClaims
      const error = yield* Effect.flip(claims.claim("twilio:sms", "SM1"))
      assert.strictEqual(error.reason._tag, "StoreUnavailable")
      assert.isTrue(error.isRetryable)
    }).pipe(
      Effect.provide(
        PgEventClaims.layer.pipe(
          Layer.provide(Database.layer({ _tag: "Url", url: Redacted.make("postgres://postgres@127.0.0.1:1/none") }))
        )
      )
    ))
})
