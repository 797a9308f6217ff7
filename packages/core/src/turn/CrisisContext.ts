/**
 * Rule 2 of a turn, beyond the turn's own texts. Both come from what is
 * already stored, so there is no safety state to keep in step or to erase:
 *
 * - The person's recent texts, screened with the new ones
 *   (`screenConversation`): distress that builds over several texts is a
 *   concern even when no single text is.
 * - Safety mode: after a concern or imminent turn (the newest crisis event),
 *   the conversation keeps the safety rules for `safetyModePeriod`. The text
 *   after a crisis ("ok. thanks. can we talk about something else") reads as
 *   ordinary to the screen, but the person is the same person as a minute ago.
 *
 * Both are read with the rest of what a turn reads (`ConversationSnapshots`),
 * and the same lines go on to the model's reply.
 */
import { DateTime, Duration, Option } from "effect"
import type { CrisisAssessment, CrisisSeverity } from "../domain/Crisis.ts"
import type { ChatLine, InboundMessage } from "../domain/Message.ts"
import { screenConversation } from "../policy/CrisisScreen.ts"
import type { ConversationSnapshot } from "../ports/ConversationSnapshots.ts"

/**
 * Earlier texts count with the new ones only when this recent: distress from
 * last week is not building up tonight, and reading it into an ordinary text
 * would flag people for having once had a bad day.
 */
export const RECENT_TEXTS_WINDOW = Duration.hours(24)

export interface ConversationSoFar {
  /** The conversation's last `historyLines` lines, this turn's texts among them. */
  readonly history: ReadonlyArray<ChatLine>
  /** The person's texts before this turn's, oldest first, within `RECENT_TEXTS_WINDOW`. */
  readonly recentTexts: ReadonlyArray<string>
  /** A concern or imminent turn within `safetyModePeriod`. */
  readonly safetyMode: boolean
}

export const conversationSoFar = (options: {
  readonly snapshot: Pick<ConversationSnapshot, "history" | "lastCrisisAt">
  readonly inbound: ReadonlyArray<InboundMessage>
  readonly now: DateTime.Utc
  readonly safetyModePeriod: Duration.Duration
}): ConversationSoFar => {
  const { inbound, now, safetyModePeriod: period, snapshot: { history, lastCrisisAt } } = options
  const current = new Set<string>(inbound.map((m) => m.id))
  const since = DateTime.subtractDuration(now, RECENT_TEXTS_WINDOW)
  // Texts that arrived while this turn waited belong to the next turn, not to this one's past.
  const until = inbound.at(-1)?.receivedAt ?? now
  const recentTexts = history
    .filter((line) =>
      line.role === "user" && !current.has(line.messageId) &&
      DateTime.isGreaterThanOrEqualTo(line.at, since) && DateTime.isLessThanOrEqualTo(line.at, until)
    )
    .map((line) => line.text)

  const safetyMode = Duration.isPositive(period) && Option.isSome(lastCrisisAt) &&
    (!Duration.isFinite(period) || DateTime.isGreaterThan(lastCrisisAt.value, DateTime.subtractDuration(now, period)))
  return { history, recentTexts, safetyMode }
}

const rank: Record<CrisisSeverity, number> = { none: 0, concern: 1, imminent: 2 }

const graver = (a: CrisisAssessment, b: CrisisAssessment): CrisisAssessment =>
  rank[b.severity] > rank[a.severity] || (rank[b.severity] === rank[a.severity] && b.score > a.score) ? b : a

/**
 * The screen of a turn's texts (one, or a burst) after the person's recent
 * ones. The burst is read whole, so a plan split over two texts is still
 * imminent; its last text is also read after the ones before it, so distress
 * building within a burst counts as it does across turns.
 */
export const screenTurn = (
  texts: ReadonlyArray<string>,
  recent: ReadonlyArray<string>
): CrisisAssessment => {
  const whole = screenConversation(texts.join("\n"), recent)
  if (texts.length < 2) return whole
  return graver(whole, screenConversation(texts.at(-1)!, [...recent, ...texts.slice(0, -1)]))
}
