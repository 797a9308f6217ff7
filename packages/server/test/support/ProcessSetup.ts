/**
 * What the tests that run the server as a child process share: a database
 * that outlives the process (so it can be killed and started again on it), a
 * fake Twilio and the echo model, and waits that fail with what the server
 * said (its output holds no personal data) instead of a bare timeout.
 */
import { FakeTwilioServer } from "@jules/testkit"
import type { Scope } from "effect"
import { Effect } from "effect"
import { mkdtemp, rm } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import type { ChildServer } from "./ChildServer.ts"
import type { DatabaseKind } from "./Databases.ts"
import { ENCRYPTION_KEYS, postgresUrl, scratchPostgres } from "./Databases.ts"
import * as EchoModel from "./EchoModel.ts"
import * as P from "./Providers.ts"

/** Each kind of database a process test runs on; PostgreSQL only when `TEST_DATABASE_URL` is set. */
export const databases: ReadonlyArray<{ readonly kind: DatabaseKind; readonly name: string; readonly skip: boolean }> = [
  { kind: "pglite", name: "embedded PGlite", skip: false },
  { kind: "postgres", name: "PostgreSQL", skip: postgresUrl === undefined }
]

/** A short outbox schedule, so an outage of seconds is "longer than the turn's attempts". */
export const FAST_OUTBOX = { OUTBOX_RETRY_MIN: "200 millis", OUTBOX_RETRY_MAX: "1 second" }

/** A file-backed PGlite directory or a scratch PostgreSQL database, removed with the scope. */
export const durableDatabase = (kind: DatabaseKind): Effect.Effect<Record<string, string>, unknown, Scope.Scope> =>
  kind === "postgres"
    ? Effect.map(scratchPostgres(postgresUrl!), (url) => ({ DATABASE_URL: url }))
    : Effect.acquireRelease(
      Effect.promise(() => mkdtemp(join(tmpdir(), "jules-process-"))),
      (dir) => Effect.promise(() => rm(dir, { recursive: true, force: true }))
    ).pipe(Effect.map((dir) => ({ JULES_DATA_DIR: dir })))

export interface TwilioProcess {
  readonly fakeTwilio: FakeTwilioServer.FakeTwilioServer
  readonly model: EchoModel.EchoModel
  /** The whole environment of a server on `database`, the fakes, and `env`. */
  readonly env: Record<string, string>
  /** A signed inbound text to `server`; a fresh message sid unless the test repeats one. */
  readonly text: (server: { readonly url: string }, from: string, body: string, sid?: string) => Effect.Effect<P.Response>
}

export const twilioProcess = (
  database: Record<string, string>,
  env: Record<string, string>
): Effect.Effect<TwilioProcess, never, Scope.Scope> =>
  Effect.gen(function*() {
    const fakeTwilio = yield* FakeTwilioServer.make()
    const model = yield* EchoModel.make
    return {
      fakeTwilio,
      model,
      env: {
        ...database,
        ...P.twilioEnv(fakeTwilio),
        ...model.env,
        ...env,
        JULES_ENCRYPTION_KEYS: ENCRYPTION_KEYS,
        HOST: "127.0.0.1",
        PORT: "0"
      },
      text: (server, from, body, sid = P.messageSid()) =>
        P.postTwilio(server.url, "/webhooks/twilio/sms", P.inboundParams({ sid, from, body }), {
          authToken: fakeTwilio.authToken
        })
    }
  })

const outputOf = (servers: ChildServer | ReadonlyArray<ChildServer>): ReadonlyArray<string> =>
  "output" in servers ? servers.output : servers.flatMap((s) => s.output)

/** Waits at most `seconds`, failing with the servers' output if what it waits for never comes. */
export const explained = <A, E, R>(
  effect: Effect.Effect<A, E, R>,
  servers: ChildServer | ReadonlyArray<ChildServer>,
  seconds = 60
) =>
  effect.pipe(
    Effect.timeoutOrElse({
      duration: `${seconds} seconds`,
      orElse: () =>
        Effect.fail(new Error(`timed out; the server said:\n${outputOf(servers).join("\n")}`))
    })
  )
