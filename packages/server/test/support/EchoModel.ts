/**
 * A stand-in for the Anthropic Messages API (the testkit's fake HTTP server)
 * whose reply names the text it answers: `Got it (#u3m2).` for a person's text
 * carrying the tag `#u3m2` (the last tag of the last user message, so a burst
 * is answered by its newest text). Tests read the order of replies from it.
 * It can be made slow, to hold a turn in flight.
 */
import { FakeAnthropicServer, FakeHttpServer } from "@jules/testkit"
import type { Scope } from "effect"
import { Effect } from "effect"

export interface EchoModel {
  readonly fake: FakeHttpServer.FakeHttpServer
  /** Every later answer waits this long (0: answer at once). */
  readonly setDelay: (ms: number) => void
  readonly env: Record<string, string>
}

const TAG = /#[A-Za-z0-9]+/g

/** The tag of the text a reply answers, or `undefined`. */
export const replyTag = (reply: string): string | undefined => /\((#[A-Za-z0-9]+)\)/.exec(reply)?.[1]

const lastUserText = (body: unknown): string => {
  const messages = (body as { readonly messages?: ReadonlyArray<{ readonly role: string; readonly content: unknown }> })
    ?.messages ?? []
  const last = messages.filter((m) => m.role === "user").at(-1)
  if (last === undefined) return ""
  if (typeof last.content === "string") return last.content
  return Array.isArray(last.content)
    ? last.content.map((part: { readonly text?: unknown }) => (typeof part.text === "string" ? part.text : "")).join("\n")
    : ""
}

export const make: Effect.Effect<EchoModel, never, Scope.Scope> = Effect.gen(function*() {
  let delayMs = 0
  const fake = yield* FakeHttpServer.make({
    endpoint: (method, pathname) => method === "POST" && pathname === "/v1/messages",
    notFound: FakeAnthropicServer.error(404, "not_found_error"),
    parseBody: FakeHttpServer.parseJson,
    answer: (request) => {
      const tag = lastUserText(request.body).match(TAG)?.at(-1)
      const reply = FakeAnthropicServer.reply(tag === undefined ? "I'm here. Tell me more?" : `Got it (${tag}).`)
      return delayMs > 0 ? { ...reply, delayMs } : reply
    }
  })
  return {
    fake,
    setDelay: (ms) => {
      delayMs = ms
    },
    env: {
      LLM_PROVIDERS: "anthropic",
      ANTHROPIC_API_KEY: "test-anthropic-key",
      ANTHROPIC_BASE_URL: fake.baseURL,
      ANTHROPIC_MODEL: "claude-fake-1",
      LLM_TIMEOUT_MS: "60000",
      LLM_ATTEMPTS_PER_PROVIDER: "1"
    }
  }
})
