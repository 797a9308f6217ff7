/** Texts, replies and turns for the message store contracts: fresh ids, plausible bodies. */
import type { DeliveryStatus, OutboundKind, TurnOutcome, UserId } from "@jules/core"
import { ConversationTurn, InboundMessage, MessageStore, OutboundMessage } from "@jules/core"
import type { DateTime } from "effect"
import { Effect } from "effect"
import * as F from "./Fixtures.ts"

export const inbound = (userId: UserId, body: string, at: DateTime.Utc, providerMessageId?: string) =>
  Effect.map(F.messageId, (id) =>
    new InboundMessage({
      id,
      userId,
      body,
      receivedAt: at,
      ...(providerMessageId === undefined ? {} : { providerMessageId })
    }))

export const outbound = (
  userId: UserId,
  fields: {
    readonly turnId?: OutboundMessage["turnId"]
    readonly sequence?: number
    readonly kind?: OutboundKind
    readonly body?: string
    readonly at?: DateTime.Utc
    readonly providerMessageId?: string
    readonly status?: DeliveryStatus
    readonly nextAttemptAt?: DateTime.Utc
  } = {}
) =>
  Effect.gen(function*() {
    const at = fields.at ?? F.base
    return new OutboundMessage({
      id: yield* F.messageId,
      userId,
      turnId: fields.turnId ?? (yield* F.turnId),
      sequence: fields.sequence ?? 0,
      kind: fields.kind ?? "reply",
      body: fields.body ?? "Glad you wrote. How did it go?",
      encoding: "GSM-7",
      segments: 1,
      status: fields.status ?? "pending",
      ...(fields.providerMessageId === undefined ? {} : { providerMessageId: fields.providerMessageId }),
      ...(fields.nextAttemptAt === undefined ? {} : { nextAttemptAt: fields.nextAttemptAt }),
      createdAt: at,
      updatedAt: at
    })
  })

export const turn = (userId: UserId, outcome: TurnOutcome, at: DateTime.Utc) =>
  Effect.gen(function*() {
    return new ConversationTurn({
      id: yield* F.turnId,
      userId,
      inboundIds: [yield* F.messageId],
      outcome,
      crisisCategory: null,
      crisisSeverity: "none",
      at
    })
  })

/** Records one outbound text already handed to the provider under a fresh provider id. */
export const sentMessage = (userId: UserId) =>
  Effect.gen(function*() {
    const store = yield* MessageStore
    const providerMessageId = `SM${(yield* F.uuid).replaceAll("-", "")}`
    const message = yield* outbound(userId)
    yield* store.recordOutbound([message])
    yield* store.updateOutbound(message.id, { status: "sent", providerMessageId, at: F.plusMinutes(F.base, 1) })
    return { message, providerMessageId }
  })

export const statusOf = (message: OutboundMessage) =>
  Effect.gen(function*() {
    const store = yield* MessageStore
    const [found] = (yield* store.outboundForTurn(message.turnId)).filter((m) => m.id === message.id)
    return found
  })

export const permutations = <A>(items: ReadonlyArray<A>): Array<Array<A>> =>
  items.length <= 1
    ? [[...items]]
    : items.flatMap((item, i) => permutations(items.filter((_, j) => j !== i)).map((rest) => [item, ...rest]))
