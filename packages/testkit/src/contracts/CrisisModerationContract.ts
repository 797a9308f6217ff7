/**
 * What every `CrisisModeration` must do: read flags and 0..1 scores for one
 * text, and fail each way a vendor fails as the port's error, with the right
 * retryability and never the text in the message. Each implementation brings a
 * harness that arranges the next call's situation in its own terms (a scripted
 * fake, a fake vendor server).
 */
import { assert, describe, it } from "@effect/vitest"
import type { CrisisModeration, ModerationCategory } from "@jules/core"
import type { Scope } from "effect"
import { Effect } from "effect"

export type Situation =
  | { readonly _tag: "Flags"; readonly flagged: ReadonlyArray<ModerationCategory>; readonly score: number }
  | { readonly _tag: "Clean" }
  | { readonly _tag: "RateLimited"; readonly retryAfterMs: number }
  | { readonly _tag: "ServerError" }
  | { readonly _tag: "Unauthorized" }
  | { readonly _tag: "Malformed" }

export interface ModerationHarness {
  readonly moderation: CrisisModeration["Service"]
  /** What the next call meets. */
  readonly arrange: (situation: Situation) => Effect.Effect<void>
}

const TEXT = "i keep thinking about not being here anymore"

export const crisisModerationContract = (
  name: string,
  harness: Effect.Effect<ModerationHarness, never, Scope.Scope>
): void => {
  describe(`CrisisModeration contract (${name})`, () => {
    it.live("flags and scores of one text, scores within 0..1", () =>
      Effect.gen(function*() {
        const { arrange, moderation } = yield* harness
        yield* arrange({ _tag: "Flags", flagged: ["self-harm", "self-harm/intent"], score: 0.9 })
        const verdict = yield* moderation.moderate(TEXT)
        assert.includeMembers([...verdict.flagged], ["self-harm", "self-harm/intent"])
        assert.isAtLeast(verdict.scores["self-harm/intent"] ?? 0, 0.5)
        for (const score of Object.values(verdict.scores)) {
          assert.isAtLeast(score!, 0)
          assert.isAtMost(score!, 1)
        }
      }))

    it.live("a clean text: nothing flagged", () =>
      Effect.gen(function*() {
        const { arrange, moderation } = yield* harness
        yield* arrange({ _tag: "Clean" })
        assert.deepStrictEqual((yield* moderation.moderate("see you at practice")).flagged, [])
      }))

    const failures: ReadonlyArray<readonly [Situation, string, boolean]> = [
      [{ _tag: "RateLimited", retryAfterMs: 2000 }, "ModerationUnavailable", true],
      [{ _tag: "ServerError" }, "ModerationUnavailable", true],
      [{ _tag: "Unauthorized" }, "ModerationRefused", false],
      [{ _tag: "Malformed" }, "ModerationMalformedResponse", false]
    ]
    for (const [situation, reason, retryable] of failures) {
      it.live(`${situation._tag}: ${reason}, ${retryable ? "retryable" : "not retryable"}, without the text`, () =>
        Effect.gen(function*() {
          const { arrange, moderation } = yield* harness
          yield* arrange(situation)
          const error = yield* Effect.flip(moderation.moderate(TEXT))
          assert.strictEqual(error.reason._tag, reason)
          assert.strictEqual(error.isRetryable, retryable)
          assert.notInclude(error.message, TEXT)
        }))
    }
  })
}
