/**
 * `MessageStore` in memory: inbound texts, outbound texts with their delivery
 * status, and turn records. Every write is idempotent on its id.
 *
 * A status update that would move a text backwards (a late `sent` after
 * `delivered`) is ignored whole: its provider id and error code are not applied
 * either, so a stale callback cannot attach an error to a delivered text.
 */
import type {
  ConversationTurn,
  InboundMessage,
  MessageId,
  OutboundKind,
  OutboundUpdate,
  TurnId,
  UserId
} from "@jules/core"
import { advanceDeliveryStatus, ChatLine, inHistory, MessageStore, OutboundMessage } from "@jules/core"
import { DateTime, Effect, Layer, Option, Ref } from "effect"
import { isAtOrAfter, mapDeleteWhere, mapSet, sortByTime } from "../internal/Collections.ts"

interface State {
  readonly inbound: ReadonlyMap<MessageId, InboundMessage>
  readonly outbound: ReadonlyMap<MessageId, OutboundMessage>
  readonly turns: ReadonlyMap<TurnId, ConversationTurn>
}

/** Turns the daily quota counts: the model answered, or every model was tried and failed. */
const modelWasCalled = (turn: ConversationTurn) => turn.outcome === "replied" || turn.outcome === "apology"

const applyUpdate = (message: OutboundMessage, update: OutboundUpdate): OutboundMessage => {
  const status = advanceDeliveryStatus(message.status, update.status)
  if (status !== update.status) return message
  const providerMessageId = update.providerMessageId ?? message.providerMessageId
  const errorCode = update.errorCode ?? message.errorCode
  return new OutboundMessage({
    ...message,
    status,
    ...(providerMessageId === undefined ? {} : { providerMessageId }),
    ...(errorCode === undefined ? {} : { errorCode }),
    updatedAt: update.at
  })
}

/** `texts` added, those already recorded left alone. */
const withOutbound = (s: State, texts: ReadonlyArray<OutboundMessage>): State => {
  if (texts.length === 0) return s
  const outbound = new Map(s.outbound)
  for (const text of texts) {
    if (!outbound.has(text.id)) outbound.set(text.id, text)
  }
  return { ...s, outbound }
}

const byCreation = (a: OutboundMessage, b: OutboundMessage) =>
  DateTime.toEpochMillis(a.createdAt) - DateTime.toEpochMillis(b.createdAt) || a.sequence - b.sequence

const pendingOf = (s: State, userId: UserId): ReadonlyArray<OutboundMessage> =>
  [...s.outbound.values()].filter((m) => m.userId === userId && m.status === "pending").sort(byCreation)

export const make: Effect.Effect<MessageStore["Service"]> = Effect.gen(function*() {
  const state = yield* Ref.make<State>({ inbound: new Map(), outbound: new Map(), turns: new Map() })
  const read = <A>(f: (s: State) => A) => Effect.map(Ref.get(state), f)

  const countTurns = (userId: UserId, since: DateTime.Utc, counted: (turn: ConversationTurn) => boolean) =>
    read((s) =>
      [...s.turns.values()].filter((t) => t.userId === userId && isAtOrAfter(t.at, since) && counted(t)).length
    )

  return MessageStore.of({
    recordInbound: (message) =>
      Ref.modify(state, (s): [boolean, State] =>
        s.inbound.has(message.id)
          ? [false, s]
          : [true, { ...s, inbound: mapSet(s.inbound, message.id, message) }]),
    findInbound: (id) => read((s) => Option.fromUndefinedOr(s.inbound.get(id))),
    recordOutbound: (messages) => Ref.update(state, (s) => withOutbound(s, messages)),
    updateOutbound: (id, update) =>
      Ref.update(state, (s) => {
        const message = s.outbound.get(id)
        return message === undefined ? s : { ...s, outbound: mapSet(s.outbound, id, applyUpdate(message, update)) }
      }),
    updateDelivery: (providerMessageId, update) =>
      Ref.modify(state, (s): [Option.Option<OutboundMessage>, State] => {
        const message = [...s.outbound.values()].find((m) => m.providerMessageId === providerMessageId)
        if (message === undefined) return [Option.none(), s]
        const updated = applyUpdate(message, update)
        return [Option.some(updated), { ...s, outbound: mapSet(s.outbound, message.id, updated) }]
      }),
    pendingOutbound: (userId) => read((s) => pendingOf(s, userId)),
    dueOutbound: (now, limit) =>
      read((s) => {
        const due = new Map<UserId, number>()
        for (const m of s.outbound.values()) {
          if (m.status !== "pending") continue
          const at = DateTime.toEpochMillis(m.nextAttemptAt ?? m.createdAt)
          if (at > DateTime.toEpochMillis(now)) continue
          due.set(m.userId, Math.min(due.get(m.userId) ?? Infinity, at))
        }
        return [...due.entries()].sort((a, b) => a[1] - b[1]).slice(0, Math.max(0, limit)).map(([userId]) => userId)
      }),
    postponeOutbound: (id, retry) =>
      Ref.update(state, (s) => {
        const message = s.outbound.get(id)
        if (message === undefined || message.status !== "pending") return s
        const errorCode = retry.errorCode ?? message.errorCode
        return {
          ...s,
          outbound: mapSet(
            s.outbound,
            id,
            new OutboundMessage({
              ...message,
              ...(errorCode === undefined ? {} : { errorCode }),
              attempts: retry.attempts,
              nextAttemptAt: retry.nextAttemptAt,
              updatedAt: retry.at
            })
          )
        }
      }),
    requeueOutbound: (id, at) =>
      Ref.modify(state, (s): [boolean, State] => {
        const message = s.outbound.get(id)
        if (message === undefined || (message.status !== "failed" && message.status !== "expired")) return [false, s]
        const { attempts: _attempts, ...rest } = message
        const requeued = new OutboundMessage({ ...rest, status: "pending", nextAttemptAt: at, createdAt: at, updatedAt: at })
        return [true, { ...s, outbound: mapSet(s.outbound, id, requeued) }]
      }),
    strandedInbound: (from, to, limit) =>
      read((s) => {
        const answered = new Set<MessageId>()
        for (const turn of s.turns.values()) turn.inboundIds.forEach((id) => answered.add(id))
        const users = new Set<UserId>()
        for (const m of sortByTime(s.inbound.values(), (m) => m.receivedAt)) {
          if (isAtOrAfter(m.receivedAt, from) && !isAtOrAfter(m.receivedAt, to) && !answered.has(m.id)) {
            users.add(m.userId)
          }
        }
        return [...users].slice(0, Math.max(0, limit))
      }),
    outboundForTurn: (turnId) =>
      read((s) => [...s.outbound.values()].filter((m) => m.turnId === turnId).sort((a, b) => a.sequence - b.sequence)),
    countOutboundSince: (userId: UserId, kind: OutboundKind, since: DateTime.Utc) =>
      read((s) =>
        [...s.outbound.values()].filter((m) => m.userId === userId && m.kind === kind && isAtOrAfter(m.createdAt, since))
          .length
      ),
    unansweredInbound: (userId, since) =>
      read((s) => {
        const answered = new Set<MessageId>()
        for (const turn of s.turns.values()) {
          if (turn.userId === userId && isAtOrAfter(turn.at, since)) turn.inboundIds.forEach((id) => answered.add(id))
        }
        return sortByTime(
          [...s.inbound.values()].filter((m) =>
            m.userId === userId && isAtOrAfter(m.receivedAt, since) && !answered.has(m.id)
          ),
          (m) => m.receivedAt
        )
      }),
    history: (userId, limit) =>
      read((s) => {
        const lines = [
          ...[...s.inbound.values()].filter((m) => m.userId === userId).map((m) =>
            new ChatLine({ messageId: m.id, role: "user", text: m.body, at: m.receivedAt })
          ),
          ...[...s.outbound.values()].filter((m) => m.userId === userId && inHistory(m)).sort(byCreation).map((
            m
          ) => new ChatLine({ messageId: m.id, role: "assistant", text: m.body, at: m.createdAt }))
        ]
        return limit <= 0 ? [] : sortByTime(lines, (line) => line.at).slice(-limit)
      }),
    recordTurn: (turn, texts = []) =>
      Ref.modify(state, (s): [ReadonlyArray<OutboundMessage>, State] => {
        const recorded = withOutbound(s, texts)
        const next = recorded.turns.has(turn.id) ? recorded : { ...recorded, turns: mapSet(recorded.turns, turn.id, turn) }
        return [pendingOf(next, turn.userId), next]
      }),
    findTurn: (id) => read((s) => Option.fromUndefinedOr(s.turns.get(id))),
    quotaCounts: (userId, { day, recent }) =>
      Effect.all({
        repliedTurns: countTurns(userId, day, modelWasCalled),
        upgradeNudges: read((s) =>
          [...s.outbound.values()].filter((m) => m.userId === userId && m.kind === "upgrade_nudge" && isAtOrAfter(m.createdAt, day))
            .length
        ),
        recentTurns: countTurns(userId, recent, () => true)
      }),
    exportUser: (userId) =>
      read((s) => ({
        inbound: sortByTime([...s.inbound.values()].filter((m) => m.userId === userId), (m) => m.receivedAt),
        outbound: [...s.outbound.values()].filter((m) => m.userId === userId).sort(byCreation),
        turns: sortByTime([...s.turns.values()].filter((t) => t.userId === userId), (t) => t.at)
      })),
    eraseUser: (userId) =>
      Ref.update(state, (s) => ({
        inbound: mapDeleteWhere(s.inbound, (m) => m.userId === userId),
        outbound: mapDeleteWhere(s.outbound, (m) => m.userId === userId),
        turns: mapDeleteWhere(s.turns, (t) => t.userId === userId)
      }))
  })
})

export const layer: Layer.Layer<MessageStore> = Layer.effect(MessageStore, make)
