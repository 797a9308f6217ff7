/** OpenAI's moderation endpoint, through the official SDK against a local fake of it, keeps the port's promises. */
import type { ModerationSituation } from "@jules/testkit"
import { crisisModerationContract, FakeOpenAiModerationServer, FakeOpenAiServer } from "@jules/testkit"
import { Effect, Redacted } from "effect"
import * as OpenAiModeration from "../src/OpenAiModeration.ts"

crisisModerationContract(
  "OpenAI",
  Effect.map(FakeOpenAiModerationServer.make(), (fake) => ({
    moderation: OpenAiModeration.make({
      apiKey: Redacted.make("sk-contract"),
      baseURL: fake.baseURL,
      model: undefined,
      timeoutMs: 5_000
    }),
    arrange: (situation: ModerationSituation) =>
      Effect.sync(() => {
        switch (situation._tag) {
          case "Flags":
            return fake.enqueue(FakeOpenAiModerationServer.moderation({
              flagged: situation.flagged,
              scores: Object.fromEntries(situation.flagged.map((c) => [c, situation.score]))
            }))
          case "Clean":
            return fake.enqueue(FakeOpenAiModerationServer.moderation({}))
          case "RateLimited":
            return fake.enqueue(FakeOpenAiServer.error(429, "requests", {
              code: "rate_limit_exceeded",
              headers: { "retry-after-ms": String(situation.retryAfterMs) }
            }))
          case "ServerError":
            return fake.enqueue(FakeOpenAiServer.error(500, "server_error"))
          case "Unauthorized":
            return fake.enqueue(FakeOpenAiServer.error(401, "invalid_request_error", { code: "invalid_api_key" }))
          case "Malformed":
            return fake.enqueue({ status: 200, body: { id: "modr-x", results: "nope" } })
        }
      })
  }))
)
