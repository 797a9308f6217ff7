/**
 * What a turn writes once it has decided, and what its send needs next, in
 * one exchange with storage: the model's usage for the reply
 * (`UsageLedger.record`), the turn with its texts and the marks on the texts
 * it answered (`MessageStore.recordTurn`), then the person's pending texts
 * and the person as they are now (`UserStore.findById`): consent may have
 * changed while the model wrote (a carrier's report, an operator), and the
 * send that follows must see it. Written one by one they were three round
 * trips on every turn, and storage that can do them together should.
 *
 * Every part is what the port it belongs to would do or answer at that
 * moment; the contract suite holds an implementation to exactly that.
 * `layerFromStores` asks those ports, for storage that has no faster way.
 */
import { Context, Effect, Layer } from "effect"
import type { Option } from "effect"
import type { OutboundMessage } from "../domain/Message.ts"
import type { ConversationTurn } from "../domain/Turn.ts"
import type { UsageRecord } from "../domain/Usage.ts"
import type { User } from "../domain/User.ts"
import { MessageStore } from "./MessageStore.ts"
import type { StorageError } from "./StorageError.ts"
import { UsageLedger } from "./UsageLedger.ts"
import { UserStore } from "./UserStore.ts"

export interface TurnRecord {
  readonly turn: ConversationTurn
  /** The texts the turn will send (`MessageStore.recordTurn`'s). */
  readonly texts: ReadonlyArray<OutboundMessage>
  /** The reply's usage, when a model wrote it: recorded once, like `UsageLedger.record`. */
  readonly usage?: UsageRecord | undefined
}

export interface RecordedTurn {
  /** The person's pending texts after the record, as `MessageStore.recordTurn` answers them. */
  readonly pending: ReadonlyArray<OutboundMessage>
  /** The person as `UserStore.findById` answers after the record (`None`: erased meanwhile). */
  readonly person: Option.Option<User>
}

export class TurnRecords extends Context.Service<TurnRecords, {
  readonly record: (record: TurnRecord) => Effect.Effect<RecordedTurn, StorageError>
}>()("@jules/core/TurnRecords") {
  /** Each part through its own port, in order. */
  static readonly layerFromStores: Layer.Layer<TurnRecords, never, MessageStore | UserStore | UsageLedger> = Layer
    .effect(
      TurnRecords,
      Effect.gen(function*() {
        const messages = yield* MessageStore
        const users = yield* UserStore
        const ledger = yield* UsageLedger
        return TurnRecords.of({
          record: ({ texts, turn, usage }) =>
            Effect.gen(function*() {
              if (usage !== undefined) yield* ledger.record(usage)
              const pending = yield* messages.recordTurn(turn, texts)
              const person = yield* users.findById(turn.userId)
              return { pending, person }
            })
        })
      })
    )
}
