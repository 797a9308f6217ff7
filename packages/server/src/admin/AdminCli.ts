/**
 * `pnpm jules:admin <command>`: the admin API's operations without HTTP, for
 * operators who keep `/admin` closed. Reads the server's environment
 * (`DATABASE_URL` or `JULES_DATA_DIR`, `JULES_ENCRYPTION_KEYS`, …) and calls
 * the same `AdminOperations` as the HTTP handlers; calls are audited with the
 * caller `cli`. Results are JSON on stdout, problems one line on stderr.
 *
 * A phone number is read from standard input, never from the command line,
 * where shell history and the process list would keep it.
 */
import { UserExportJson } from "@jules/core"
import type { MessageId, UserId } from "@jules/core"
import { DateTime, Effect, Option, Result, Schema } from "effect"
import {
  CrisisEventList,
  DeadLetterList,
  DeadLetterRetried,
  Erased,
  PersonProfile,
  Sb243Report,
  UsageReport
} from "./AdminModels.ts"
import { AdminOperations } from "./AdminOperations.ts"

export const CALLER = "cli"

export const USAGE = `Usage: pnpm jules:admin <command> [arguments]

  lookup                        the profile of the person whose number is on standard input
                                (echo '+14155552671' | pnpm jules:admin lookup)
  profile <userId>              status, tier, age status, consent history, counts
  export <userId>               everything kept about the person, as JSON
  erase <userId> --yes          erase the person everywhere (referral counts and audit trail stay, without them)
  opt-out <userId>              stop all texts to the person
  opt-in <userId>               undo an operator's opt-out (a STOP is theirs to undo)
  set-tier <userId> <tier>      move the person to a configured tier
  crisis-events --from <time> --to <time> [--limit N] [--include-text]
                                crisis events in [from, to) (ISO 8601 times); texts only with --include-text
  sb243-report <year>           California SB 243 annual report for a calendar year
  dead-letters [--user <userId>] [--limit N]
  retry-dead-letter <messageId> put a dead letter back in the outbox (the running server sends it)
  usage [--from YYYY-MM-DD] [--to YYYY-MM-DD]
                                model calls, tokens and cost per day, provider and model

Reads the server's environment (DATABASE_URL or JULES_DATA_DIR, JULES_ENCRYPTION_KEYS).
Every call is recorded in the audit trail as made by "cli".`

export type Command =
  | { readonly _tag: "lookup" }
  | { readonly _tag: "profile" | "export" | "erase" | "opt-out" | "opt-in"; readonly userId: UserId }
  | { readonly _tag: "set-tier"; readonly userId: UserId; readonly tier: string }
  | {
    readonly _tag: "crisis-events"
    readonly from: DateTime.Utc
    readonly to: DateTime.Utc
    readonly limit: number | undefined
    readonly includeText: boolean
  }
  | { readonly _tag: "sb243-report"; readonly year: number }
  | { readonly _tag: "dead-letters"; readonly userId: UserId | undefined; readonly limit: number | undefined }
  | { readonly _tag: "retry-dead-letter"; readonly messageId: MessageId }
  | { readonly _tag: "usage"; readonly from: string | undefined; readonly to: string | undefined }

/** `--name value` options and `--flag`s after the positional arguments. */
const options = (args: ReadonlyArray<string>, valued: ReadonlyArray<string>, flags: ReadonlyArray<string> = []) => {
  const values: Record<string, string> = {}
  const set = new Set<string>()
  const positional: Array<string> = []
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!
    if (arg.startsWith("--")) {
      const name = arg.slice(2)
      if (flags.includes(name)) set.add(name)
      else if (valued.includes(name) && i + 1 < args.length) values[name] = args[++i]!
      else return Result.fail(`unknown or incomplete option ${arg}`)
    } else positional.push(arg)
  }
  return Result.succeed({ values, flags: set, positional })
}

const whole = (name: string, value: string | undefined): Result.Result<number | undefined, string> =>
  value === undefined ? Result.succeed(undefined) : /^\d+$/.test(value)
  ? Result.succeed(Number(value))
  : Result.fail(`${name} must be a whole number`)

const time = (name: string, value: string | undefined): Result.Result<DateTime.Utc, string> => {
  const parsed = value === undefined ? Option.none() : DateTime.make(value).pipe(Option.map(DateTime.toUtc))
  return Option.isSome(parsed) ? Result.succeed(parsed.value) : Result.fail(`--${name} must be an ISO 8601 time`)
}

/** The command the arguments ask for, or what is wrong with them. */
export const parse = (argv: ReadonlyArray<string>): Result.Result<Command, string> => {
  const [name, ...rest] = argv
  const exactly = (count: number) =>
    Result.flatMap(options(rest, [], ["yes"]), (parsed) =>
      parsed.positional.length === count ? Result.succeed(parsed) : Result.fail(`${name} takes ${count} argument(s)`))
  switch (name) {
    case "lookup":
      return Result.map(exactly(0), () => ({ _tag: "lookup" as const }))
    case "profile":
    case "export":
    case "opt-out":
    case "opt-in":
      return Result.map(exactly(1), (p) => ({ _tag: name, userId: p.positional[0] as UserId }))
    case "erase":
      return Result.flatMap(exactly(1), (p) =>
        p.flags.has("yes")
          ? Result.succeed({ _tag: "erase" as const, userId: p.positional[0] as UserId })
          : Result.fail("erase cannot be undone: add --yes to confirm"))
    case "set-tier":
      return Result.map(exactly(2), (p) => ({
        _tag: "set-tier" as const,
        userId: p.positional[0] as UserId,
        tier: p.positional[1]!
      }))
    case "crisis-events":
      return Result.gen(function*() {
        const p = yield* options(rest, ["from", "to", "limit"], ["include-text"])
        return {
          _tag: "crisis-events" as const,
          from: yield* time("from", p.values.from),
          to: yield* time("to", p.values.to),
          limit: yield* whole("--limit", p.values.limit),
          includeText: p.flags.has("include-text")
        }
      })
    case "sb243-report":
      return Result.flatMap(exactly(1), (p) =>
        Result.flatMap(whole("year", p.positional[0]), (year) => Result.succeed({ _tag: "sb243-report" as const, year: year! })))
    case "dead-letters":
      return Result.gen(function*() {
        const p = yield* options(rest, ["user", "limit"])
        return {
          _tag: "dead-letters" as const,
          userId: p.values.user as UserId | undefined,
          limit: yield* whole("--limit", p.values.limit)
        }
      })
    case "retry-dead-letter":
      return Result.map(exactly(1), (p) => ({ _tag: "retry-dead-letter" as const, messageId: p.positional[0] as MessageId }))
    case "usage":
      return Result.map(options(rest, ["from", "to"]), (p) => ({ _tag: "usage" as const, from: p.values.from, to: p.values.to }))
    default:
      return Result.fail(name === undefined ? "no command given" : `unknown command ${name}`)
  }
}

const json = <S extends Schema.Top>(schema: S) => {
  const encode = Schema.encodeSync(Schema.toCodecJson(schema) as unknown as Schema.Codec<S["Type"], unknown>)
  return (value: S["Type"]) => JSON.stringify(encode(value), null, 2)
}

/** Runs a command; the JSON to print. `stdin` is read only by `lookup`. */
export const run = (command: Command, stdin: Effect.Effect<string>) =>
  Effect.gen(function*() {
    const ops = yield* AdminOperations
    switch (command._tag) {
      case "lookup":
        return json(PersonProfile)(yield* ops.lookup(CALLER, (yield* stdin).trim()))
      case "profile":
        return json(PersonProfile)(yield* ops.profile(CALLER, command.userId))
      case "export":
        return JSON.stringify(Schema.encodeSync(UserExportJson)(yield* ops.exportData(CALLER, command.userId)), null, 2)
      case "erase":
        return json(Erased)(yield* ops.erase(CALLER, command.userId))
      case "opt-out":
        return json(PersonProfile)(yield* ops.optOut(CALLER, command.userId))
      case "opt-in":
        return json(PersonProfile)(yield* ops.optIn(CALLER, command.userId))
      case "set-tier":
        return json(PersonProfile)(yield* ops.setTier(CALLER, command.userId, command.tier))
      case "crisis-events":
        return json(CrisisEventList)(yield* ops.crisisEvents(CALLER, command))
      case "sb243-report":
        return json(Sb243Report)(yield* ops.sb243Report(CALLER, command.year))
      case "dead-letters":
        return json(DeadLetterList)(yield* ops.deadLetters(CALLER, command))
      case "retry-dead-letter":
        return json(DeadLetterRetried)(yield* ops.retryDeadLetter(CALLER, command.messageId))
      case "usage":
        return json(UsageReport)(yield* ops.usage(CALLER, command))
    }
  })
