import { assert, describe, it } from "@effect/vitest"
import { type MessageId, type PhoneNumber, SmsGateway } from "@jules/core"
import { Console, Effect, Fiber, Stream } from "effect"
import { ConsoleGateway, ConsoleOutbox } from "../src/index.ts"

/** A console that keeps what is printed. */
const capturingConsole = () => {
  const lines: Array<string> = []
  const console: Console.Console = Object.assign(Object.create(globalThis.console), {
    log: (...args: ReadonlyArray<unknown>) => lines.push(args.map(String).join(" "))
  })
  return { console, lines }
}

const to = "+14155552671" as PhoneNumber

describe("ConsoleGateway", () => {
  it.effect("prints each text with the number masked, never in full", () =>
    Effect.gen(function*() {
      const { console, lines } = capturingConsole()
      const gateway = yield* SmsGateway
      assert.strictEqual(gateway.provider, "console")
      assert.isFalse(gateway.repliesToOptOutKeywords)
      assert.strictEqual(gateway.maxBodyLength, 1600)

      const first = yield* gateway.send({ messageId: "m-1" as MessageId, to, body: "Hello from Jules" }).pipe(
        Effect.provideService(Console.Console, console)
      )
      const second = yield* gateway.send({ messageId: "m-2" as MessageId, to, body: "Second text" }).pipe(
        Effect.provideService(Console.Console, console)
      )

      assert.strictEqual(first.providerMessageId, "console-1")
      assert.strictEqual(second.providerMessageId, "console-2")
      assert.strictEqual(lines.length, 2)
      assert.include(lines[0], "+1••••••2671")
      assert.include(lines[0], "Hello from Jules")
      for (const line of lines) assert.notInclude(line.replace(/\D/g, ""), "4155552671")
    }).pipe(Effect.provide(ConsoleGateway.layerWithOutbox)))

  it.effect("publishes each text to the outbox: live subscribers and the recent list", () =>
    Effect.gen(function*() {
      const gateway = yield* SmsGateway
      const outbox = yield* ConsoleOutbox
      const feed = yield* outbox.subscribe
      const received = yield* Stream.take(feed, 2).pipe(Stream.runCollect, Effect.forkChild)

      yield* gateway.send({ messageId: "m-1" as MessageId, to, body: "one" })
      yield* gateway.send({ messageId: "m-2" as MessageId, to: "+447700900123" as PhoneNumber, body: "two" })

      const live = yield* Fiber.join(received)
      assert.deepStrictEqual(live.map((sms) => [sms.providerMessageId, sms.messageId, sms.to, sms.body]), [
        ["console-1", "m-1", "+14155552671", "one"],
        ["console-2", "m-2", "+447700900123", "two"]
      ])
      const recent = yield* outbox.recent
      assert.deepStrictEqual(recent.map((sms) => sms.body), ["one", "two"])
    }).pipe(Effect.provideService(Console.Console, capturingConsole().console), Effect.provide(ConsoleGateway.layerWithOutbox)))
})
