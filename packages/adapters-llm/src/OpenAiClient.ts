/**
 * The official `openai` SDK client as every OpenAI adapter here builds it: no
 * retries of its own (retries are `ModelFallback`'s, and the crisis review
 * has a strict budget), nothing read from the environment behind our config,
 * a log level pinned so that `OPENAI_LOG=debug` can never put texts,
 * prompts or replies in logs, and requests sent through `HttpFetch`.
 */
import type { Redacted } from "effect"
import { Redacted as R } from "effect"
import OpenAI from "openai"
import { httpFetch } from "./HttpFetch.ts"

export const defaultBaseURL = "https://api.openai.com/v1"

export const make = (options: {
  readonly apiKey: Redacted.Redacted<string>
  readonly baseURL?: string | undefined
  readonly timeoutMs: number
}): OpenAI =>
  new OpenAI({
    apiKey: R.value(options.apiKey),
    baseURL: options.baseURL ?? defaultBaseURL,
    organization: null,
    project: null,
    maxRetries: 0,
    timeout: options.timeoutMs,
    logLevel: "warn",
    fetch: httpFetch
  })
