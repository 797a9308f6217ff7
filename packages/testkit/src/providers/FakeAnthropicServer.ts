/**
 * A local stand-in for the Anthropic Messages API (`POST /v1/messages`), speaking
 * its wire format: point `@anthropic-ai/sdk` at `baseURL: fake.baseURL`.
 */
import type { Effect, Scope } from "effect"
import * as FakeHttpServer from "./FakeHttpServer.ts"

export interface AnthropicUsage {
  readonly input_tokens: number
  readonly output_tokens: number
  readonly cache_creation_input_tokens?: number | null
  readonly cache_read_input_tokens?: number | null
}

export type AnthropicErrorType =
  | "invalid_request_error"
  | "authentication_error"
  | "permission_error"
  | "not_found_error"
  | "rate_limit_error"
  | "api_error"
  | "overloaded_error"

/** `baseURL` is what to pass as the SDK's `baseURL` (the SDK appends `/v1/messages`). */
export type FakeAnthropicServer = FakeHttpServer.FakeHttpServer

/** A successful Messages API response. */
export const reply = (
  text: string,
  options: { readonly model?: string; readonly usage?: Partial<AnthropicUsage> } = {}
): FakeHttpServer.ScriptedResponse => ({
  status: 200,
  headers: { "request-id": "req_fake_ok" },
  body: {
    id: "msg_fake_01",
    type: "message",
    role: "assistant",
    model: options.model ?? "claude-fake-1",
    content: [{ type: "text", text, citations: null }],
    stop_reason: "end_turn",
    stop_sequence: null,
    usage: {
      input_tokens: 10,
      output_tokens: 5,
      cache_creation_input_tokens: 0,
      cache_read_input_tokens: 0,
      cache_creation: null,
      server_tool_use: null,
      service_tier: "standard",
      ...options.usage
    }
  }
})

/** An error in the API's shape: `{"type":"error","error":{"type":…,"message":…}}`. */
export const error: FakeHttpServer.ErrorResponse<AnthropicErrorType> = (status, type, options = {}) => ({
  status,
  headers: { "request-id": "req_fake_err", ...options.headers },
  body: { type: "error", error: { type, message: options.message ?? type }, request_id: "req_fake_err" }
})

export const make = (): Effect.Effect<FakeAnthropicServer, never, Scope.Scope> =>
  FakeHttpServer.make({
    endpoint: (method, pathname) => method === "POST" && pathname === "/v1/messages",
    notFound: error(404, "not_found_error", { message: "Not found" }),
    parseBody: FakeHttpServer.parseJson,
    answer: () => reply("Hello from the fake Anthropic server.")
  })
