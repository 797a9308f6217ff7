/**
 * Model providers that answer what the test scripted, behind core's real
 * `ModelFallback`, so retries and fallback run exactly as in production.
 *
 * Each call of a provider takes the first queued step meant for its purpose
 * (steps queued without a purpose match any call); with nothing queued it
 * follows its default behaviour, which unless set is to reply `defaultReplyText`
 * with `defaultUsage` (100 input / 20 output tokens), priced at `testPrice`.
 * A scripted reply without text fails with `ModelMalformedResponse`, as a
 * real provider's would.
 */
import type { LanguageModelErrorReason, ModelProvider, ModelPurpose, ModelRequest, ModelResponse } from "@jules/core"
import {
  LanguageModel,
  LanguageModelError,
  ModelFallback,
  ModelMalformedResponse,
  ModelPrice,
  TokenUsage
} from "@jules/core"
import { Context, Effect, Layer, Ref } from "effect"

export const defaultReplyText = "Thanks for telling me. How are you feeling about it now?"

export const defaultUsage = new TokenUsage({ inputTokens: 100, outputTokens: 20, cacheReadTokens: 0, cacheWriteTokens: 0 })

/** US dollars per million tokens: 100 input + 20 output tokens cost 600 micro-dollars. */
export const testPrice = new ModelPrice({ input: 3, output: 15, cacheRead: 0.3, cacheWrite: 3.75 })

/**
 * Core's policy without waiting: no backoff, and a provider asking to wait
 * (`retryAfterMs` > 0) is skipped for the next one, so no test needs to move
 * the clock. The timeout only matters for `hang`, under `TestClock.adjust`.
 */
export const testFallbackPolicy: ModelFallback.FallbackPolicy = {
  timeout: "20 seconds",
  attemptsPerProvider: 2,
  backoff: 0,
  maxRetryAfter: 0
}

/** What a provider does with one call. */
export type ModelBehaviour =
  | { readonly _tag: "Reply"; readonly text: string; readonly usage: TokenUsage; readonly model?: string }
  | { readonly _tag: "Fail"; readonly reason: LanguageModelErrorReason }
  | { readonly _tag: "Hang" }

export const replyWith = (text: string, usage: TokenUsage = defaultUsage): ModelBehaviour => ({
  _tag: "Reply",
  text,
  usage
})
export const failWith = (reason: LanguageModelErrorReason): ModelBehaviour => ({ _tag: "Fail", reason })
/** Never answers: the fallback policy's timeout turns it into `ModelTimeout`. */
export const hang: ModelBehaviour = { _tag: "Hang" }

export interface RecordedModelCall {
  readonly provider: string
  readonly request: ModelRequest
}

export interface ScriptOptions {
  /** Only a call for this purpose takes the step. */
  readonly purpose?: ModelPurpose
}

export class ModelScripts extends Context.Service<ModelScripts, {
  /** Queues one reply from `provider`. */
  readonly reply: (
    provider: string,
    text: string,
    options?: ScriptOptions & { readonly usage?: TokenUsage; readonly model?: string }
  ) => Effect.Effect<void>
  /** Queues `times` (default 1) failures of `provider`. */
  readonly fail: (
    provider: string,
    reason: LanguageModelErrorReason,
    options?: ScriptOptions & { readonly times?: number }
  ) => Effect.Effect<void>
  /** Queues any behaviour, e.g. `hang`. */
  readonly enqueue: (provider: string, behaviour: ModelBehaviour, options?: ScriptOptions) => Effect.Effect<void>
  /** What `provider` does when nothing is queued for a call. */
  readonly setDefault: (
    provider: string,
    behaviour: ModelBehaviour | ((request: ModelRequest) => ModelBehaviour)
  ) => Effect.Effect<void>
  /** Every call received, in order, failed ones included; only `provider`'s when given. */
  readonly requests: (provider?: string) => Effect.Effect<ReadonlyArray<RecordedModelCall>>
  readonly calls: (provider: string) => Effect.Effect<number>
  /** Forgets queued steps, defaults and recorded calls. */
  readonly reset: Effect.Effect<void>
}>()("@jules/testkit/ModelScripts") {}

interface Step {
  readonly behaviour: ModelBehaviour
  readonly purpose: ModelPurpose | undefined
}

interface Script {
  readonly steps: ReadonlyArray<Step>
  readonly fallback: (request: ModelRequest) => ModelBehaviour
}

const standardDefault = (): ModelBehaviour => replyWith(defaultReplyText)

const respond = (provider: string, behaviour: ModelBehaviour) => {
  switch (behaviour._tag) {
    case "Reply":
      // As a real provider does with an answer that holds no text.
      if (behaviour.text.trim() === "") {
        return Effect.fail(
          new LanguageModelError({ provider, reason: new ModelMalformedResponse({ message: "the response holds no text" }) })
        )
      }
      return Effect.succeed<ModelResponse>({
        text: behaviour.text,
        provider,
        model: behaviour.model ?? `${provider}-test-model`,
        usage: behaviour.usage,
        costMicros: testPrice.costMicros(behaviour.usage),
        offline: false
      })
    case "Fail":
      return Effect.fail(new LanguageModelError({ provider, reason: behaviour.reason }))
    case "Hang":
      return Effect.never
  }
}

const make = (names: readonly [string, ...Array<string>]) =>
  Effect.gen(function*() {
    const fresh = (): ReadonlyMap<string, Script> =>
      new Map(names.map((name) => [name, { steps: [], fallback: standardDefault }]))
    const scripts = yield* Ref.make(fresh())
    const recorded = yield* Ref.make<ReadonlyArray<RecordedModelCall>>([])

    const known = (provider: string) =>
      names.includes(provider)
        ? Effect.void
        : Effect.die(new Error(`ScriptedModel has no provider "${provider}" (it has ${names.join(", ")})`))

    const editScript = (provider: string, edit: (script: Script) => Script) =>
      known(provider).pipe(
        Effect.andThen(Ref.update(scripts, (all) => new Map(all).set(provider, edit(all.get(provider)!))))
      )

    const enqueue = (provider: string, behaviour: ModelBehaviour, options?: ScriptOptions, times = 1) =>
      editScript(provider, (script) => ({
        ...script,
        steps: [...script.steps, ...Array.from({ length: times }, () => ({ behaviour, purpose: options?.purpose }))]
      }))

    // Takes the step for this call atomically, so concurrent calls never share one.
    const nextBehaviour = (provider: string, request: ModelRequest) =>
      Ref.modify(scripts, (all): [ModelBehaviour, ReadonlyMap<string, Script>] => {
        const script = all.get(provider)!
        const index = script.steps.findIndex((s) => s.purpose === undefined || s.purpose === request.purpose)
        if (index < 0) return [script.fallback(request), all]
        const steps = script.steps.filter((_, i) => i !== index)
        return [script.steps[index]!.behaviour, new Map(all).set(provider, { ...script, steps })]
      })

    const provider = (name: string): ModelProvider => ({
      name,
      generate: (request) =>
        Ref.update(recorded, (all) => [...all, { provider: name, request }]).pipe(
          Effect.andThen(nextBehaviour(name, request)),
          Effect.flatMap((behaviour) => respond(name, behaviour))
        )
    })

    const control = ModelScripts.of({
      reply: (name, text, options) =>
        enqueue(name, { ...replyWith(text, options?.usage), ...(options?.model ? { model: options.model } : {}) }, options),
      fail: (name, reason, options) => enqueue(name, failWith(reason), options, options?.times ?? 1),
      enqueue: (name, behaviour, options) => enqueue(name, behaviour, options),
      setDefault: (name, behaviour) =>
        editScript(name, (script) => ({
          ...script,
          fallback: typeof behaviour === "function" ? behaviour : () => behaviour
        })),
      requests: (name) =>
        Effect.map(Ref.get(recorded), (all) => name === undefined ? all : all.filter((c) => c.provider === name)),
      calls: (name) => Effect.map(Ref.get(recorded), (all) => all.filter((c) => c.provider === name).length),
      reset: Effect.all([Ref.set(scripts, fresh()), Ref.set(recorded, [])], { discard: true })
    })

    const [first, ...rest] = names
    const providers: readonly [ModelProvider, ...Array<ModelProvider>] = [provider(first), ...rest.map(provider)]
    return { providers, control }
  })

/**
 * Core's `LanguageModel` over scripted providers named `names`, in fallback
 * order, with the `ModelScripts` that drives them.
 */
export const layer = (
  names: readonly [string, ...Array<string>] = ["primary", "secondary"],
  policy: ModelFallback.FallbackPolicy = testFallbackPolicy
): Layer.Layer<LanguageModel | ModelScripts> =>
  Layer.effectContext(
    Effect.map(make(names), ({ control, providers }) =>
      Context.make(ModelScripts, control).pipe(Context.add(LanguageModel, ModelFallback.make(providers, policy))))
  )
