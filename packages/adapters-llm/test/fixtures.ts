/** Requests and helpers shared by this package's tests. */
import type { LanguageModelError, ModelRequest, SystemBlock } from "@jules/core"
import { Tier } from "@jules/core"
import { Effect, Logger, References, Schema } from "effect"

export const tier = (name: string): Tier => Schema.decodeUnknownSync(Tier)(name)

export const systemBlocks: ReadonlyArray<SystemBlock> = [
  { text: "You are Jules, an AI companion who texts with people.", cache: false },
  { text: "Persona: warm, brief, curious. Never claim to be human.", cache: true },
  { text: "What you remember about this person: likes hiking.", cache: true },
  { text: "Today is Tuesday.", cache: false }
]

export const request = (overrides: Partial<ModelRequest> = {}): ModelRequest => ({
  system: systemBlocks,
  messages: [
    { role: "user", content: "hey, it's me again" },
    { role: "assistant", content: "Hi! How was the hike?" },
    { role: "user", content: "muddy but great" }
  ],
  maxOutputTokens: 300,
  purpose: "reply",
  tier: tier("free"),
  ...overrides
})

/** The failure of an effect expected to fail, or a test failure when it succeeded. */
export const failureOf = <A>(effect: Effect.Effect<A, LanguageModelError>) =>
  Effect.flip(effect)

export interface LogEntry {
  readonly level: string
  readonly message: string
  readonly annotations: Readonly<Record<string, unknown>>
}

/** A logger that keeps what it is given, for asserting on logs. */
export const captureLogs = () => {
  const entries: Array<LogEntry> = []
  const logger = Logger.make((options) => {
    const parts = Array.isArray(options.message) ? options.message : [options.message]
    entries.push({
      level: options.logLevel,
      message: parts.map(String).join(" "),
      annotations: options.fiber.getRef(References.CurrentLogAnnotations)
    })
  })
  return { entries, layer: Logger.layer([logger]) }
}
