import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { createServer } from "node:net"
import * as TurnThread from "../src/TurnThread.ts"

describe("TurnThread.runnerPort", () => {
  it.effect("one database, one port at every start (a restart takes over its runner entry); another when it is taken", () =>
    Effect.gen(function*() {
      const port = yield* TurnThread.runnerPort("db.internal:5432/jules")
      assert.strictEqual(yield* TurnThread.runnerPort("db.internal:5432/jules"), port)
      assert.notStrictEqual(yield* TurnThread.runnerPort("db.internal:5432/jules_eu"), port)
      assert.isBelow(port, 32_768, "below the kernel's ephemeral ports")

      const taken = createServer()
      yield* Effect.callback<void>((resume) => void taken.listen(port, "127.0.0.1", () => resume(Effect.void)))
      const other = yield* TurnThread.runnerPort("db.internal:5432/jules").pipe(
        Effect.ensuring(Effect.callback<void>((resume) => void taken.close(() => resume(Effect.void))))
      )
      assert.notStrictEqual(other, port)
      assert.isAbove(other, 0)
    }))
})
