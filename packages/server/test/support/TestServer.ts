/**
 * The real server, in the test's process: built from an environment given by
 * the test (not the process's), listening on a free port, with its log lines
 * collected. Stopped when the scope closes.
 */
import type { ConsoleOutbox } from "@jules/adapters-sms"
import type { MessageId, PhoneNumber, StoragePorts, UserId } from "@jules/core"
import { MessageStore, UserStore } from "@jules/core"
import { ConfigProvider, Context, Duration, Effect, Layer, Option } from "effect"
import type { Scope } from "effect"
import { HttpServer } from "effect/http"
import type { SqlClient } from "effect/sql/SqlClient"
import { Composition } from "../../src/index.ts"

type Services = StoragePorts | SqlClient | ConsoleOutbox | HttpServer.HttpServer

export interface TestServer {
  /** `http://127.0.0.1:<port>` */
  readonly url: string
  /** Every log line so far (a live view). */
  readonly logs: ReadonlyArray<string>
  /** Runs an effect against the server's own stores and database. */
  readonly use: <A, E>(effect: Effect.Effect<A, E, Services>) => Effect.Effect<A, E>
}

export const start = (env: Record<string, string>): Effect.Effect<TestServer, unknown, Scope.Scope> =>
  Effect.gen(function*() {
    const logs: Array<string> = []
    const context = yield* Layer.build(
      Composition.layer({ logSink: (line) => logs.push(line) }).pipe(
        Layer.provide(ConfigProvider.layer(ConfigProvider.fromEnv({ env: { HOST: "127.0.0.1", PORT: "0", ...env } })))
      )
    )
    const address = Context.get(context, HttpServer.HttpServer).address
    const port = address._tag === "UnixPathAddress" ? 0 : address.port
    return {
      url: `http://127.0.0.1:${port}`,
      logs,
      use: (effect) => Effect.provideContext(effect, context as Context.Context<Services>)
    } satisfies TestServer
  })

/** Polls `check` until it returns `Some`, failing after `timeout`. */
export const eventually = <A, E, R>(
  check: Effect.Effect<Option.Option<A>, E, R>,
  timeout: Duration.Input = "20 seconds"
): Effect.Effect<A, E | Error, R> =>
  Effect.gen(function*() {
    const deadline = Date.now() + Duration.toMillis(Duration.fromInputUnsafe(timeout))
    while (true) {
      const result = yield* check
      if (Option.isSome(result)) return result.value
      if (Date.now() > deadline) return yield* Effect.fail(new Error(`condition not met within ${Duration.format(Duration.fromInputUnsafe(timeout))}`))
      yield* Effect.sleep("50 millis")
    }
  })

/** The turn that answered the inbound text `messageId` of `userId`, once it is recorded. */
export const answeredBy = (userId: UserId, messageId: MessageId) =>
  Effect.gen(function*() {
    const exported = yield* (yield* MessageStore).exportUser(userId)
    return Option.fromUndefinedOr(exported.turns.find((turn) => turn.inboundIds.includes(messageId)))
  })

/** The person with this number, once Jules knows them. */
export const userByPhone = (phone: PhoneNumber) =>
  Effect.gen(function*() {
    return yield* (yield* UserStore).findByPhone(phone)
  })
