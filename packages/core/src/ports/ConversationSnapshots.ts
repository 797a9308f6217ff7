/**
 * What a turn reads about the person before it decides, in one read: the
 * recent conversation (crisis screen and prompt), when the last crisis was
 * (safety mode), the quota counts, memory, and when the notices last went
 * out. Each comes from another port; read one by one they were five round
 * trips on every turn, and storage that can answer them together should.
 *
 * Every part is what the port it comes from would answer at that moment
 * (`MessageStore.history` and `quotaCounts`, `CrisisEventLog.list`,
 * `MemoryStore.recall`, `DisclosureLog.lastSent`); the contract suite holds
 * an implementation to exactly that. `layerFromStores` asks those ports, for
 * storage that has no faster way.
 */
import type { DateTime } from "effect"
import { Context, Effect, Layer, Option } from "effect"
import type { UserId } from "../domain/Ids.ts"
import type { ChatLine } from "../domain/Message.ts"
import { CrisisEventLog } from "./CrisisEventLog.ts"
import { DisclosureLog, type LastDisclosures } from "./DisclosureLog.ts"
import { MemoryStore, type Recollection } from "./MemoryStore.ts"
import { MessageStore, type QuotaCounts } from "./MessageStore.ts"
import type { StorageError } from "./StorageError.ts"

export interface SnapshotRequest {
  readonly userId: UserId
  /** How many lines of conversation (`MessageStore.history`'s limit). */
  readonly historyLines: number
  /** The windows of the quota counts (`MessageStore.quotaCounts`). */
  readonly quotaSince: { readonly day: DateTime.Utc; readonly recent: DateTime.Utc }
}

export interface ConversationSnapshot {
  /** The last `historyLines` lines, oldest first. */
  readonly history: ReadonlyArray<ChatLine>
  /** When the person's newest crisis event happened. */
  readonly lastCrisisAt: Option.Option<DateTime.Utc>
  readonly quota: QuotaCounts
  readonly memory: Recollection
  readonly lastDisclosures: LastDisclosures
}

export class ConversationSnapshots extends Context.Service<ConversationSnapshots, {
  readonly read: (request: SnapshotRequest) => Effect.Effect<ConversationSnapshot, StorageError>
}>()("@jules/core/ConversationSnapshots") {
  /** Each part from its own port, all at once. */
  static readonly layerFromStores: Layer.Layer<
    ConversationSnapshots,
    never,
    MessageStore | CrisisEventLog | MemoryStore | DisclosureLog
  > = Layer.effect(
    ConversationSnapshots,
    Effect.gen(function*() {
      const messages = yield* MessageStore
      const crises = yield* CrisisEventLog
      const memory = yield* MemoryStore
      const disclosures = yield* DisclosureLog
      return ConversationSnapshots.of({
        read: ({ historyLines, quotaSince, userId }) =>
          Effect.all({
            history: messages.history(userId, historyLines),
            lastCrisisAt: Effect.map(
              crises.list({ userId, limit: 1 }),
              (events) => Option.fromUndefinedOr(events[0]?.at)
            ),
            quota: messages.quotaCounts(userId, quotaSince),
            memory: memory.recall(userId),
            lastDisclosures: disclosures.lastSent(userId)
          }, { concurrency: "unbounded" })
      })
    })
  )
}
