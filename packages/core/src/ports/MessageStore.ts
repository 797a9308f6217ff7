/**
 * The conversation: inbound texts, outbound texts with their delivery status,
 * and the record of each turn. Bodies are encrypted at rest by implementations.
 *
 * Every write is idempotent on its id, because turns run at least once.
 */
import type { DateTime, Effect, Option } from "effect"
import { Context } from "effect"
import type { MessageId, TurnId, UserId } from "../domain/Ids.ts"
import type {
  ChatLine,
  DeliveryStatus,
  InboundMessage,
  OutboundKind,
  OutboundMessage
} from "../domain/Message.ts"
import type { ConversationTurn } from "../domain/Turn.ts"
import type { StorageError } from "./StorageError.ts"

export interface OutboundUpdate {
  readonly status: DeliveryStatus
  readonly providerMessageId?: string | undefined
  readonly errorCode?: string | undefined
  readonly at: DateTime.Utc
}

/** A send attempt failed and will be tried again. */
export interface OutboundRetry {
  /** Failed attempts so far, this one included. */
  readonly attempts: number
  readonly nextAttemptAt: DateTime.Utc
  readonly errorCode?: string | undefined
  readonly at: DateTime.Utc
}

/** What the daily quota and the burst limit count, read together. */
export interface QuotaCounts {
  /** Turns the model answered (or tried to) since `day`: what the daily quota counts. */
  readonly repliedTurns: number
  /** Upgrade nudges planned since `day`. */
  readonly upgradeNudges: number
  /** Turns of any outcome since `recent`: what the burst rate limit counts. */
  readonly recentTurns: number
}

export class MessageStore extends Context.Service<MessageStore, {
  /** Returns false when a message with this id was already recorded. */
  readonly recordInbound: (message: InboundMessage) => Effect.Effect<boolean, StorageError>
  readonly findInbound: (id: MessageId) => Effect.Effect<Option.Option<InboundMessage>, StorageError>
  /** Records texts about to be sent (status `pending`); ids already present are left alone. */
  readonly recordOutbound: (messages: ReadonlyArray<OutboundMessage>) => Effect.Effect<void, StorageError>
  /** The outcome of a send attempt. The status only moves forward. */
  readonly updateOutbound: (id: MessageId, update: OutboundUpdate) => Effect.Effect<void, StorageError>
  /**
   * A provider's delivery callback. The status only moves forward, so late or
   * repeated callbacks change nothing. `None` when the id is unknown.
   */
  readonly updateDelivery: (
    providerMessageId: string,
    update: OutboundUpdate
  ) => Effect.Effect<Option.Option<OutboundMessage>, StorageError>
  /** The person's texts still in the outbox (`pending`), in the order they go out: by turn, then sequence. */
  readonly pendingOutbound: (userId: UserId) => Effect.Effect<ReadonlyArray<OutboundMessage>, StorageError>
  /** People with a pending text whose next attempt is due at `now`, most overdue first, at most `limit`. */
  readonly dueOutbound: (now: DateTime.Utc, limit: number) => Effect.Effect<ReadonlyArray<UserId>, StorageError>
  /** Keeps a pending text pending, counting the failed attempt and when to try again. */
  readonly postponeOutbound: (id: MessageId, retry: OutboundRetry) => Effect.Effect<void, StorageError>
  /**
   * Puts a failed or expired text back in the outbox as if recorded at `at`
   * (due then, no attempts counted, behind what is already pending): an
   * operator retrying a dead letter. False when the text is unknown or not
   * failed or expired.
   */
  readonly requeueOutbound: (id: MessageId, at: DateTime.Utc) => Effect.Effect<boolean, StorageError>
  /**
   * People with texts received in [`from`, `to`) that no turn answered: texts
   * whose durable turn was lost or gave up. At most `limit`.
   */
  readonly strandedInbound: (
    from: DateTime.Utc,
    to: DateTime.Utc,
    limit: number
  ) => Effect.Effect<ReadonlyArray<UserId>, StorageError>
  /** The texts planned for a turn, in sequence order. */
  readonly outboundForTurn: (turnId: TurnId) => Effect.Effect<ReadonlyArray<OutboundMessage>, StorageError>
  /** How many texts of this kind were planned for the user since `since`. */
  readonly countOutboundSince: (
    userId: UserId,
    kind: OutboundKind,
    since: DateTime.Utc
  ) => Effect.Effect<number, StorageError>
  /**
   * The user's texts received at or after `since` that no turn answered yet
   * (listed in no turn's `inboundIds`), oldest first. Only turns at or after
   * `since` are consulted: a turn always comes after the texts it answers.
   * What a durable turn answers: one text, or every text of a burst.
   */
  readonly unansweredInbound: (
    userId: UserId,
    since: DateTime.Utc
  ) => Effect.Effect<ReadonlyArray<InboundMessage>, StorageError>
  /**
   * The last `limit` lines of conversation, oldest first: inbound texts,
   * `reply` texts, and the fixed texts of `SENT_TEXT_KINDS_IN_HISTORY` once
   * sent (`inHistory`).
   */
  readonly history: (userId: UserId, limit: number) => Effect.Effect<ReadonlyArray<ChatLine>, StorageError>
  /**
   * Records the turn, and with it the texts it will send (as `recordOutbound`)
   * in the same write: a turn on record always has its texts, which is how a
   * second run knows to send only what is pending. Idempotent on the turn id
   * and on each text's id. Answers with the person's texts now in the outbox
   * (`pendingOutbound` after the record, these among them), so the send that
   * follows does not read them again.
   */
  readonly recordTurn: (
    turn: ConversationTurn,
    texts?: ReadonlyArray<OutboundMessage>
  ) => Effect.Effect<ReadonlyArray<OutboundMessage>, StorageError>
  readonly findTurn: (id: TurnId) => Effect.Effect<Option.Option<ConversationTurn>, StorageError>
  readonly quotaCounts: (
    userId: UserId,
    since: { readonly day: DateTime.Utc; readonly recent: DateTime.Utc }
  ) => Effect.Effect<QuotaCounts, StorageError>
  readonly exportUser: (userId: UserId) => Effect.Effect<{
    readonly inbound: ReadonlyArray<InboundMessage>
    readonly outbound: ReadonlyArray<OutboundMessage>
    readonly turns: ReadonlyArray<ConversationTurn>
  }, StorageError>
  readonly eraseUser: (userId: UserId) => Effect.Effect<void, StorageError>
}>()("@jules/core/MessageStore") {}
