/**
 * OpenAI's moderation endpoint (`POST /v1/moderations`, free with an API key)
 * behind core's `CrisisModeration` port, on the official `openai` SDK: a second
 * opinion on the crisis screen (`CRISIS_MODERATION=openai`).
 *
 * Privacy: every text it reads leaves the operator's infrastructure for
 * OpenAI. It is off unless the operator turns it on.
 *
 * One attempt per call (`maxRetries: 0`) within `timeoutMs`: the crisis review
 * waits for nothing longer, and a late answer is no answer. Errors carry the
 * status, OpenAI's error type and code and its request id, never the text.
 */
import type { ModerationVerdict } from "@jules/core"
import {
  CrisisModeration,
  CrisisModerationError,
  ModerationCategory,
  ModerationMalformedResponse,
  ModerationRefused,
  ModerationTimeout,
  ModerationUnavailable,
  Spans
} from "@jules/core"
import { Clock, Effect, Layer, Redacted, Schema } from "effect"
import { APIConnectionError, APIConnectionTimeoutError, APIError } from "openai"
import * as OpenAiClient from "./OpenAiClient.ts"
import * as ProviderErrors from "./ProviderErrors.ts"

export const defaultModel = "omni-moderation-latest"

export interface OpenAiModerationOptions {
  readonly apiKey: Redacted.Redacted<string>
  /** `https://api.openai.com/v1` by default. */
  readonly baseURL?: string | undefined
  /** Default `omni-moderation-latest`. */
  readonly model?: string | undefined
  /** Per request, enforced by the SDK. */
  readonly timeoutMs: number
}

export const provider = "openai"

/** The fields we read from a moderation: the first result's flags and scores. */
const ModerationBody = Schema.Struct({
  results: Schema.Array(Schema.Struct({
    categories: Schema.Record(Schema.String, Schema.NullOr(Schema.Boolean)),
    category_scores: Schema.Record(Schema.String, Schema.NullOr(Schema.Number))
  }))
})
const decodeModeration = Schema.decodeUnknownEffect(ModerationBody)

const classify = ProviderErrors.classify(
  { timeout: APIConnectionTimeoutError, connection: APIConnectionError, api: APIError },
  (error) => error.code
)

const failure = (reason: CrisisModerationError["reason"]) => new CrisisModerationError({ provider, reason })

/** An SDK failure as the port's error: 429, 5xx, 408, 409 and connection failures are retryable. */
export const toModerationError = (sdk: ProviderErrors.SdkFailure, nowMs: number): CrisisModerationError => {
  switch (sdk._tag) {
    case "Timeout":
      return failure(new ModerationTimeout({ message: "the request timed out" }))
    case "Connection":
      return failure(new ModerationUnavailable({ message: sdk.detail }))
    case "Unreadable":
      return failure(new ModerationMalformedResponse({ message: sdk.detail }))
    case "Http": {
      const fields = { message: sdk.detail, status: sdk.status }
      if (sdk.status === 408) return failure(new ModerationTimeout(fields))
      if (sdk.status === 429 || sdk.status === 409 || sdk.status >= 500) {
        return failure(
          new ModerationUnavailable({ ...fields, retryAfterMs: ProviderErrors.retryAfterMs(sdk.headers, nowMs) })
        )
      }
      if (sdk.status >= 400) return failure(new ModerationRefused(fields))
      return failure(new ModerationMalformedResponse(fields))
    }
  }
}

/** The first result of a moderation body as a verdict; categories we do not know are left out. */
export const toVerdict = (body: typeof ModerationBody.Type): ModerationVerdict | undefined => {
  const result = body.results[0]
  if (result === undefined) return undefined
  const flagged: Array<ModerationCategory> = []
  const scores: Partial<Record<ModerationCategory, number>> = {}
  for (const name of ModerationCategory.literals) {
    if (result.categories[name] === true) flagged.push(name)
    const score = result.category_scores[name]
    if (typeof score === "number" && Number.isFinite(score)) scores[name] = score
  }
  return { flagged, scores }
}

export const make = (options: OpenAiModerationOptions): CrisisModeration["Service"] => {
  const model = options.model ?? defaultModel
  const client = OpenAiClient.make(options)

  const moderate = Spans.fn("OpenAiModeration.moderate")(
    function*(text: string): Effect.fn.Return<ModerationVerdict, CrisisModerationError> {
      yield* Effect.annotateCurrentSpan({ provider, model })
      const raw = yield* Effect.tryPromise({
        try: (signal) => client.moderations.create({ model, input: text }, { signal }),
        catch: classify
      }).pipe(
        Effect.catch((sdk) => Effect.flatMap(Clock.currentTimeMillis, (now) => Effect.fail(toModerationError(sdk, now))))
      )
      const malformed = failure(new ModerationMalformedResponse({ message: "the response is not a moderation" }))
      const body = yield* decodeModeration(raw).pipe(Effect.mapError(() => malformed))
      const verdict = toVerdict(body)
      if (verdict === undefined) return yield* malformed
      return verdict
    }
  )

  return CrisisModeration.of({ provider, moderate })
}

export const layer = (options: OpenAiModerationOptions): Layer.Layer<CrisisModeration> =>
  Layer.sync(CrisisModeration, () => make(options))
