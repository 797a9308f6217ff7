/**
 * A local stand-in for OpenAI Chat Completions (`POST /v1/chat/completions`), the
 * wire format OpenAI and compatible servers (Ollama, llama.cpp, vLLM) speak:
 * point the `openai` SDK at `baseURL: fake.baseURL`.
 */
import type { Effect, Scope } from "effect"
import * as FakeHttpServer from "./FakeHttpServer.ts"

export interface OpenAiUsage {
  readonly prompt_tokens: number
  readonly completion_tokens: number
  readonly total_tokens: number
  readonly prompt_tokens_details?: {
    readonly cached_tokens?: number
    readonly cache_write_tokens?: number
    readonly audio_tokens?: number
  }
}

/** `baseURL` is what to pass as the SDK's `baseURL` (`…/v1`; the SDK appends `/chat/completions`). */
export type FakeOpenAiServer = FakeHttpServer.FakeHttpServer

/** A successful chat completion; `usage: null` leaves usage out, as some local servers do. */
export const reply = (
  text: string,
  options: { readonly model?: string; readonly usage?: OpenAiUsage | null } = {}
): FakeHttpServer.ScriptedResponse => ({
  status: 200,
  headers: { "x-request-id": "req_fake_ok" },
  body: {
    id: "chatcmpl-fake01",
    object: "chat.completion",
    created: 1_790_000_000,
    model: options.model ?? "gpt-fake-1",
    choices: [{
      index: 0,
      message: { role: "assistant", content: text, refusal: null },
      logprobs: null,
      finish_reason: "stop"
    }],
    ...(options.usage === null ? {} : {
      usage: options.usage ?? {
        prompt_tokens: 10,
        completion_tokens: 5,
        total_tokens: 15,
        prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 }
      }
    })
  }
})

/** An error in OpenAI's shape: `{"error":{"message","type","param","code"}}`. */
export const error: FakeHttpServer.ErrorResponse<
  string,
  FakeHttpServer.ErrorOptions & { readonly code?: string | null }
> = (status, type, options = {}) => ({
  status,
  headers: { "x-request-id": "req_fake_err", ...options.headers },
  body: { error: { message: options.message ?? type, type, param: null, code: options.code ?? null } }
})

export const make = (): Effect.Effect<FakeOpenAiServer, never, Scope.Scope> =>
  FakeHttpServer.make({
    endpoint: (method, pathname) => method === "POST" && pathname === "/v1/chat/completions",
    notFound: error(404, "invalid_request_error", { code: "unknown_url", message: "Unknown request URL" }),
    parseBody: FakeHttpServer.parseJson,
    answer: () => reply("Hello from the fake OpenAI server."),
    baseURL: (origin) => `${origin}/v1`
  })
