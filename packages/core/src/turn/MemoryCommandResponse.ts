/**
 * The person's control over what Jules remembers, by text (the commands are
 * in `policy/MemoryCommands`): read back, forget one thing, forget all.
 * Answered from the store, without the model. FORGET ALL also clears the
 * rolling summary, and is audited without any content.
 */
import { Context, DateTime, Effect, Layer } from "effect"
import { AuditEntry } from "../domain/Audit.ts"
import type { TurnId } from "../domain/Ids.ts"
import type { User } from "../domain/User.ts"
import type { MemoryCommand } from "../policy/MemoryCommands.ts"
import { factsMatching, inSecondPerson } from "../policy/MemoryCommands.ts"
import { AuditLog } from "../ports/AuditLog.ts"
import { MemoryStore } from "../ports/MemoryStore.ts"
import type { StorageError } from "../ports/StorageError.ts"
import * as SmsSegments from "../policy/SmsSegments.ts"
import { fitReply } from "./Formatting.ts"
import { CompanionSettings, tierLimits } from "./Settings.ts"
import type { Draft } from "./TurnPlan.ts"

const list = (facts: ReadonlyArray<string>) => facts.map((f) => `- ${inSecondPerson(f)}`).join("\n")

/**
 * As many facts, oldest first (the name usually leads), as fit the person's
 * reply length; the rest counted ("...and 12 more"), so a long memory is
 * never cut mid-sentence.
 */
const recallWithin = (facts: ReadonlyArray<string>, maxSegments: number): string => {
  for (let shown = facts.length; shown > 0; shown--) {
    const body = memoryCopy.recall(facts.slice(0, shown), facts.length - shown)
    if (SmsSegments.measure(SmsSegments.toGsmFriendly(body)).segments <= maxSegments) return body
  }
  return memoryCopy.recall([], facts.length)
}

export const memoryCopy = {
  nothing: "I don't have anything saved about you yet. As we talk, I'll remember things like your name or your pet's name.",
  recall: (facts: ReadonlyArray<string>, more = 0) =>
    `Here's what I remember about you:\n${list(facts)}${more > 0 ? `\n- ...and ${more} more` : ""}\n\n` +
    `Text "forget that ..." to remove something, or FORGET ALL to clear it all.`,
  forgot: (facts: ReadonlyArray<string>) => `Done, I've forgotten:\n${list(facts)}`,
  notFound: `I couldn't find that in what I remember. Text "what do you remember about me?" to see it all.`,
  forgotAll: "Done. I've forgotten everything I remembered about you, and the summary of our chats."
} as const

export class MemoryCommandResponse extends Context.Service<MemoryCommandResponse, {
  /** Does what the command asks and plans the answer. */
  readonly respond: (user: User, command: MemoryCommand, turnId: TurnId, now: DateTime.Utc) => Effect.Effect<Draft, StorageError>
}>()("@jules/core/MemoryCommandResponse") {
  static readonly layer = Layer.effect(
    MemoryCommandResponse,
    Effect.gen(function*() {
      const memory = yield* MemoryStore
      const audit = yield* AuditLog
      const settings = yield* CompanionSettings

      const respond = Effect.fnUntraced(function*(user: User, command: MemoryCommand, turnId: TurnId, now: DateTime.Utc) {
        const reply = (body: string): Draft => ({ kind: "reply", body: fitReply(body, tierLimits(settings, user.tier).maxReplySegments) })
        if (command._tag === "ForgetAll") {
          yield* memory.eraseUser(user.id)
          yield* audit.append(new AuditEntry({ id: `memory_cleared:${turnId}`, kind: "memory_cleared", userId: user.id, detail: {}, at: now }))
          yield* Effect.logInfo("memory cleared at the person's request").pipe(Effect.annotateLogs({ userId: user.id, turnId }))
          return reply(memoryCopy.forgotAll)
        }
        const facts = yield* memory.facts(user.id)
        if (command._tag === "Recall") {
          const maxSegments = tierLimits(settings, user.tier).maxReplySegments
          return reply(facts.length === 0 ? memoryCopy.nothing : recallWithin(facts.map((f) => f.text), maxSegments))
        }
        const newest = facts.at(-1)
        const matching = command.about === undefined
          ? facts.filter((f) => newest !== undefined && DateTime.Equivalence(f.at, newest.at)).map((f) => f.text)
          : factsMatching(command.about, facts.map((f) => f.text))
        if (matching.length === 0) return reply(memoryCopy.notFound)
        for (const text of matching) yield* memory.removeFact(user.id, text)
        yield* Effect.logInfo("facts forgotten at the person's request").pipe(
          Effect.annotateLogs({ userId: user.id, turnId, facts: matching.length })
        )
        return reply(memoryCopy.forgot(matching))
      })

      return MemoryCommandResponse.of({ respond })
    })
  )
}
