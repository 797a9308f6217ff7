/**
 * `pnpm jules:admin <command>`: see `src/admin/AdminCli.ts` for the commands.
 * Exit codes: 0 done, 1 the operation was refused or failed (one line on
 * stderr says why), 2 the command line is wrong (usage on stderr).
 */
import { SmsConfig } from "@jules/adapters-sms"
import { CompanionSettings, Outbox, UserData } from "@jules/core"
import { Cause, Effect, Layer, Result } from "effect"
import * as AdminCli from "../src/admin/AdminCli.ts"
import { AdminOperations } from "../src/admin/AdminOperations.ts"
import { MailboxErasure } from "../src/admin/MailboxErasure.ts"
import * as Preflight from "../src/config/Preflight.ts"
import * as StorageLayer from "../src/database/StorageLayer.ts"
import * as JsonLogger from "../src/logging/JsonLogger.ts"

const stderr: JsonLogger.LogSink = (line) => void process.stderr.write(`${line}\n`)

const stdin = Effect.promise(async () => {
  const chunks: Array<Buffer> = []
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks).toString("utf8")
})

const parsed = AdminCli.parse(process.argv.slice(2))
if (Result.isFailure(parsed)) {
  process.stderr.write(`${parsed.failure}\n\n${AdminCli.USAGE}\n`)
  process.exit(2)
}

/** The same configuration and storage as the server, and the services the operations need; nothing listens. */
const operations = Layer.unwrap(Effect.map(Preflight.run, (startup) =>
  AdminOperations.layer.pipe(
    Layer.provide(Layer.mergeAll(UserData.layer, Outbox.layer, MailboxErasure.layer)),
    Layer.provide(Layer.mergeAll(
      StorageLayer.layer(startup.database, startup.keys),
      SmsConfig.layer(startup.sms),
      Layer.succeed(CompanionSettings, startup.companion)
    ))
  )))

const program = AdminCli.run(parsed.success, stdin).pipe(
  Effect.provide(operations),
  Effect.provide(JsonLogger.layer({ minimumLevel: "Warn", sink: stderr }))
)

Effect.runPromiseExit(program).then((exit) => {
  if (exit._tag === "Success") {
    process.stdout.write(`${exit.value}\n`)
    return
  }
  const error = Cause.findErrorOption(exit.cause)
  const message = error._tag === "Some" && typeof (error.value as { message?: unknown }).message === "string"
    ? (error.value as { message: string }).message
    : Cause.pretty(exit.cause).split("\n")[0]
  process.stderr.write(`jules:admin: ${message}\n`)
  process.exitCode = 1
})
