/**
 * What the dev simulator's phone screen shows for a number, read back from the
 * database: both sides of the thread, in order, and whether the number is
 * opted out. It survives a reload and a restart because it is what the stores
 * hold, not what the page or the console gateway remember.
 *
 * Numbers and bodies, as on a phone screen: for development only, never logged.
 */
import type { ConsentState, InboundMessage, MessageId, OutboundMessage, PhoneNumber } from "@jules/core"
import { MessageStore, Spans, UserStore } from "@jules/core"
import { DateTime, Option } from "effect"

export interface ThreadText {
  /** The inbound or outbound message id (the page's key for texts it already shows). */
  readonly id: MessageId
  readonly from: "you" | "jules"
  readonly body: string
  /** ISO 8601. */
  readonly at: string
}

export interface DevHistory {
  /** `null`: Jules does not know this number yet. */
  readonly consent: ConsentState | null
  readonly texts: ReadonlyArray<ThreadText>
}

/** The newest texts a screen shows; older ones are left out. */
export const HISTORY_LIMIT = 500

/** Texts the carrier took: what the phone really received (pending, failed or skipped ones it never saw). */
const RECEIVED_BY_PHONE: ReadonlySet<OutboundMessage["status"]> = new Set(["sent", "delivered"])

const inbound = (message: InboundMessage): ThreadText => ({
  id: message.id,
  from: "you",
  body: message.body,
  at: DateTime.formatIso(message.receivedAt)
})

const outbound = (message: OutboundMessage): ThreadText => ({
  id: message.id,
  from: "jules",
  body: message.body,
  at: DateTime.formatIso(message.createdAt)
})

/**
 * Both sides merged in order. Each side comes from the store already in its
 * order (inbound by arrival, outbound by turn then sequence); at equal
 * instants the person's text goes first, since a turn answers texts before it.
 */
export const mergeThread = (
  received: ReadonlyArray<InboundMessage>,
  sent: ReadonlyArray<OutboundMessage>
): ReadonlyArray<ThreadText> => {
  const texts: Array<ThreadText> = []
  let i = 0
  let o = 0
  while (i < received.length || o < sent.length) {
    const nextIn = received[i]
    const nextOut = sent[o]
    if (nextIn !== undefined && (nextOut === undefined || !DateTime.isGreaterThan(nextIn.receivedAt, nextOut.createdAt))) {
      texts.push(inbound(nextIn))
      i++
    } else {
      texts.push(outbound(nextOut!))
      o++
    }
  }
  return texts
}

export const read = Spans.fn("DevHistory.read")(function*(phone: PhoneNumber) {
  const user = yield* (yield* UserStore).findByPhone(phone)
  if (Option.isNone(user)) return { consent: null, texts: [] } satisfies DevHistory
  const exported = yield* (yield* MessageStore).exportUser(user.value.id)
  const texts = mergeThread(exported.inbound, exported.outbound.filter((text) => RECEIVED_BY_PHONE.has(text.status)))
  return { consent: user.value.consent, texts: texts.slice(-HISTORY_LIMIT) } satisfies DevHistory
})
