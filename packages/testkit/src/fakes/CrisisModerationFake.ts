/**
 * A moderation service that answers what the test set: a verdict, a failure,
 * or nothing at all (to provoke the crisis review's timeout). By default
 * nothing is flagged. `ModerationScripts` sets the behaviour and counts calls.
 *
 * ```ts
 * const fake = CrisisModerationFake.layerWithControl
 * const scenario = Scenario.layer({
 *   crisisSecondOpinion: CrisisSecondOpinion.layer({}).pipe(Layer.provide(fake))
 * }).pipe(Layer.provideMerge(fake)) // one fake: layers are shared by reference within a build
 * ```
 */
import type { CrisisModerationErrorReason, ModerationCategory, ModerationVerdict } from "@jules/core"
import {
  CrisisModeration,
  CrisisModerationError,
  ModerationMalformedResponse,
  ModerationRefused,
  ModerationUnavailable
} from "@jules/core"
import type { Situation } from "../contracts/CrisisModerationContract.ts"
import { Context, Effect, Layer, Ref } from "effect"

export type ModerationBehaviour =
  | { readonly _tag: "Verdict"; readonly verdict: ModerationVerdict }
  | { readonly _tag: "Fail"; readonly reason: CrisisModerationErrorReason }
  | { readonly _tag: "Hang" }

export const clean: ModerationVerdict = { flagged: [], scores: {} }

/** Flags `categories`, each with a score of 0.9. */
export const flagging = (...categories: ReadonlyArray<ModerationCategory>): ModerationBehaviour => ({
  _tag: "Verdict",
  verdict: { flagged: categories, scores: Object.fromEntries(categories.map((c) => [c, 0.9])) }
})
export const verdict = (value: ModerationVerdict): ModerationBehaviour => ({ _tag: "Verdict", verdict: value })
export const failWith = (reason: CrisisModerationErrorReason): ModerationBehaviour => ({ _tag: "Fail", reason })
export const hang: ModerationBehaviour = { _tag: "Hang" }

export class ModerationScripts extends Context.Service<ModerationScripts, {
  /** What every later call does. */
  readonly set: (behaviour: ModerationBehaviour) => Effect.Effect<void>
  /** How many texts were sent to moderation. */
  readonly calls: Effect.Effect<number>
}>()("@jules/testkit/ModerationScripts") {}

const make = Effect.gen(function*() {
  const behaviour = yield* Ref.make<ModerationBehaviour>(verdict(clean))
  const calls = yield* Ref.make(0)
  const moderate = (_text: string) =>
    Effect.andThen(Ref.update(calls, (n) => n + 1), Ref.get(behaviour)).pipe(
      Effect.flatMap((current) => {
        switch (current._tag) {
          case "Verdict":
            return Effect.succeed(current.verdict)
          case "Fail":
            return Effect.fail(new CrisisModerationError({ provider: "fake", reason: current.reason }))
          case "Hang":
            return Effect.never
        }
      })
    )
  return {
    moderation: CrisisModeration.of({ provider: "fake", moderate }),
    scripts: ModerationScripts.of({ set: (next) => Ref.set(behaviour, next), calls: Ref.get(calls) })
  }
})

/** The fake and its control, sharing state; fresh each time it is built. */
export const layerWithControl: Layer.Layer<CrisisModeration | ModerationScripts> = Layer.effectContext(
  Effect.map(make, ({ moderation, scripts }) =>
    Context.make(CrisisModeration, moderation).pipe(Context.add(ModerationScripts, scripts)))
)

/** The fake as a contract harness: each situation becomes the verdict or failure it stands for. */
export const harness = Effect.gen(function*() {
  const { moderation, scripts } = yield* make
  const arrange = (situation: Situation) => {
    switch (situation._tag) {
      case "Flags":
        return scripts.set(verdict({
          flagged: situation.flagged,
          scores: Object.fromEntries(situation.flagged.map((c) => [c, situation.score]))
        }))
      case "Clean":
        return scripts.set(verdict(clean))
      case "RateLimited":
        return scripts.set(failWith(new ModerationUnavailable({ message: "429", status: 429, retryAfterMs: situation.retryAfterMs })))
      case "ServerError":
        return scripts.set(failWith(new ModerationUnavailable({ message: "500", status: 500 })))
      case "Unauthorized":
        return scripts.set(failWith(new ModerationRefused({ message: "401", status: 401 })))
      case "Malformed":
        return scripts.set(failWith(new ModerationMalformedResponse({ message: "not a moderation" })))
    }
  }
  return { moderation, arrange }
})
