import { assert, describe, it } from "@effect/vitest"
import type { ModelPurpose } from "@jules/core"
import { Effect } from "effect"
import * as OfflineResponder from "../src/OfflineResponder.ts"
import { request } from "./fixtures.ts"

const offline = OfflineResponder.make()

describe("OfflineResponder", () => {
  it.effect("answers as the offline provider, free of charge, marked offline", () =>
    Effect.gen(function*() {
      const response = yield* offline.generate(request())
      assert.strictEqual(offline.name, "offline")
      assert.strictEqual(response.provider, "offline")
      assert.strictEqual(response.model, "offline")
      assert.isTrue(response.offline)
      assert.strictEqual(response.costMicros, 0)
      assert.strictEqual(response.usage.promptTokens + response.usage.outputTokens, 0)
    }))

  it.effect("says it is a placeholder without a language model, naming no configuration to the person", () =>
    Effect.gen(function*() {
      const { text } = yield* offline.generate(request({ messages: [{ role: "user", content: "hi" }] }))
      assert.include(text, "placeholder")
      assert.include(text, "without a language model")
      for (const purpose of ["reply", "safety_reply", "memory_extraction", "summary"] as const) {
        const { text } = yield* offline.generate(request({ purpose }))
        assert.notMatch(text, /[A-Z]+_[A-Z_]+|API|environment|variable/)
      }
    }))

  it.effect("never repeats what the person wrote", () =>
    Effect.gen(function*() {
      const secret = "my sister Zelda moved to Winnipeg"
      for (const purpose of ["reply", "safety_reply", "memory_extraction", "summary"] as const) {
        const { text } = yield* offline.generate(request({ purpose, messages: [{ role: "user", content: secret }] }))
        assert.notInclude(text, "Zelda")
        assert.notInclude(text, "Winnipeg")
      }
    }))

  it.effect("is deterministic, and shortens to a reminder once the explanation was sent", () =>
    Effect.gen(function*() {
      const first = yield* offline.generate(request({ messages: [{ role: "user", content: "hello?" }] }))
      const again = yield* offline.generate(request({ messages: [{ role: "user", content: "hello?" }] }))
      assert.strictEqual(first.text, again.text)
      const later = yield* offline.generate(request({
        messages: [
          { role: "user", content: "hello?" },
          { role: "assistant", content: first.text },
          { role: "user", content: "are you there" }
        ]
      }))
      assert.notStrictEqual(later.text, first.text)
      assert.include(later.text, "no language model")
    }))

  it.effect("a safety-mode reply stays gentle and makes no claim to be a conversation", () =>
    Effect.gen(function*() {
      const purposes: ReadonlyArray<ModelPurpose> = ["safety_reply"]
      for (const purpose of purposes) {
        const { text } = yield* offline.generate(request({ purpose }))
        assert.include(text, "automatic")
        assert.notInclude(text, "OPENAI_API_KEY")
      }
    }))
})
