/**
 * A local stand-in for OpenAI's moderation endpoint (`POST /v1/moderations`),
 * in OpenAI's wire format: point the `openai` SDK at `baseURL: fake.baseURL`.
 * It answers one result per input; by default nothing is flagged and every
 * score is low. Errors use `FakeOpenAiServer.error`.
 */
import { ModerationCategory } from "@jules/core"
import type { Effect, Scope } from "effect"
import * as FakeHttpServer from "./FakeHttpServer.ts"

/** Every category `omni-moderation-latest` reports (core's list: the port reads the same names). */
export const categories = ModerationCategory.literals
export type Category = ModerationCategory

/** `baseURL` is what to pass as the SDK's `baseURL` (`…/v1`; the SDK appends `/moderations`). */
export type FakeOpenAiModerationServer = FakeHttpServer.FakeHttpServer

export interface ResultOptions {
  /** Categories flagged (`categories[c] = true`). */
  readonly flagged?: ReadonlyArray<Category>
  /** Scores; unlisted categories score 0.0001. */
  readonly scores?: Partial<Record<Category, number>>
}

const oneResult = (options: ResultOptions) => {
  const flagged = new Set(options.flagged ?? [])
  return {
    flagged: flagged.size > 0,
    categories: Object.fromEntries(categories.map((c) => [c, flagged.has(c)])),
    category_scores: Object.fromEntries(categories.map((c) => [c, options.scores?.[c] ?? 0.0001])),
    category_applied_input_types: Object.fromEntries(categories.map((c) => [c, ["text"]]))
  }
}

/** A moderation answer with one result per entry of `results` (one, for one text). */
export const moderation = (
  ...results: ReadonlyArray<ResultOptions>
): FakeHttpServer.ScriptedResponse => ({
  status: 200,
  headers: { "x-request-id": "req_fake_mod" },
  body: {
    id: "modr-fake01",
    model: "omni-moderation-2024-09-26",
    results: (results.length === 0 ? [{}] : results).map(oneResult)
  }
})

/** The number of inputs of a request body: a string is one, an array is its length. */
const inputCount = (body: unknown): number => {
  const input = typeof body === "object" && body !== null && "input" in body ? body.input : undefined
  return Array.isArray(input) ? Math.max(1, input.length) : 1
}

export const make = (): Effect.Effect<FakeOpenAiModerationServer, never, Scope.Scope> =>
  FakeHttpServer.make({
    endpoint: (method, pathname) => method === "POST" && pathname === "/v1/moderations",
    notFound: {
      status: 404,
      headers: { "x-request-id": "req_fake_err" },
      body: { error: { message: "Unknown request URL", type: "invalid_request_error", param: null, code: "unknown_url" } }
    },
    parseBody: FakeHttpServer.parseJson,
    answer: (request) => moderation(...Array.from({ length: inputCount(request.body) }, () => ({}))),
    baseURL: (origin) => `${origin}/v1`
  })
