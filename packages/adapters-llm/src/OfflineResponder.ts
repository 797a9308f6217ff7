/**
 * The provider Jules falls back to when no language model is configured, so a
 * fresh checkout answers texts without any key. Its replies are honest
 * placeholders: they say that no model is connected, never pretend to
 * converse, and never repeat what the person wrote. They speak to the person
 * texting, so they name no configuration (the startup log tells the operator
 * which variables connect a model). They are chosen only by the purpose of the call and by whether the
 * conversation already holds the full explanation, so they are deterministic.
 */
import type { ModelProvider, ModelRequest, ModelResponse } from "@jules/core"
import { TokenUsage } from "@jules/core"
import { Effect } from "effect"

export const name = "offline"

export const replies = {
  /** The first reply in a conversation: what is going on. */
  explanation:
    "This is an automatic placeholder, not a real reply: Jules is running without a language model, " +
    "so it can't hold a conversation yet. Please try again later, once the service is fully set up.",
  /** Later replies, once the explanation has been sent. */
  reminder:
    "Automatic placeholder: Jules still has no language model connected, so it can't reply properly yet.",
  /** A reply in safety mode: the turn appends the crisis resources after it. */
  safety:
    "This is an automatic message: Jules has no language model connected right now, so it can't talk " +
    "with you properly. What you're going through matters, and the people below are real and can help, any time.",
  /** Memory extraction, summaries and crisis second opinions: nothing to extract or judge without a model. */
  background: "(offline: no language model is connected, nothing was processed)"
} as const

const explanationMarker = "running without a language model"

export const replyFor = (request: Pick<ModelRequest, "purpose" | "messages">): string => {
  switch (request.purpose) {
    case "reply":
      // The sent text may have been reformatted or extended, so look for its gist.
      return request.messages.some((m) => m.role === "assistant" && m.content.includes(explanationMarker))
        ? replies.reminder
        : replies.explanation
    case "safety_reply":
      return replies.safety
    case "memory_extraction":
    case "summary":
    case "crisis_review":
      return replies.background
  }
}

export const make = (): ModelProvider => ({
  name,
  generate: (request) =>
    Effect.succeed<ModelResponse>({
      text: replyFor(request),
      provider: name,
      model: name,
      usage: TokenUsage.zero,
      costMicros: 0,
      offline: true
    })
})
