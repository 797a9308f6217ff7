/**
 * Fresh ids and numbers for contract tests. Suites share one store, possibly a
 * database that outlives the run, so every test makes its own users and never
 * assumes a table is empty.
 */
import type { MessageId, PhoneNumber, TurnId, UserId } from "@jules/core"
import { DateTime, Effect, Schema } from "effect"
import { SecureRandom } from "effect/crypto"

export const uuid: Effect.Effect<string> = Effect.sync(() => SecureRandom.uuidV4Unsafe())
export const userId: Effect.Effect<UserId> = uuid as Effect.Effect<UserId>
export const messageId: Effect.Effect<MessageId> = uuid as Effect.Effect<MessageId>
export const turnId: Effect.Effect<TurnId> = uuid as Effect.Effect<TurnId>

/** An integer in [min, max]. */
export const intBetween = (min: number, max: number): Effect.Effect<number> =>
  Effect.sync(() => {
    const [a, b, c, d] = SecureRandom.randomBytesUnsafe(4)
    return min + ((a! * 2 ** 24 + b! * 2 ** 16 + c! * 2 ** 8 + d!) % (max - min + 1))
  })

/** `+1555` and 11 random digits: valid E.164, never a real subscriber. */
export const phone: Effect.Effect<PhoneNumber> = Effect.sync(() =>
  `+1555${Array.from(SecureRandom.randomBytesUnsafe(11), (byte) => byte % 10).join("")}` as PhoneNumber
)

export const utc = (iso: string): DateTime.Utc => DateTime.makeUnsafe(iso)

export const plusMinutes = (at: DateTime.Utc, minutes: number): DateTime.Utc =>
  DateTime.makeUnsafe(DateTime.toEpochMillis(at) + minutes * 60_000)

/** A recent instant on a whole second, so stores of any precision keep it exactly. */
export const base: DateTime.Utc = utc("2026-03-10T12:00:00.000Z")

/**
 * The value as JSON sees it (instants as ISO strings, absent optional fields
 * dropped), so values read back from any store compare by content.
 */
export const plain = <S extends Schema.ConstraintEncoder<unknown>>(schema: S, value: S["Type"]): unknown =>
  JSON.parse(JSON.stringify(Schema.encodeSync(schema)(value)))

export const plainAll = <S extends Schema.ConstraintEncoder<unknown>>(
  schema: S,
  values: ReadonlyArray<S["Type"]>
): Array<unknown> => values.map((value) => plain(schema, value))
