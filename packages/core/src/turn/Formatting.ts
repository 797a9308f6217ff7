/**
 * Rule 9 of a turn: drafts become SMS. GSM-7 wherever that costs no meaning,
 * never past the provider's body limit, numbered in the order they go out.
 * Message ids derive from the turn, so a second run records the same texts.
 */
import type { DateTime } from "effect"
import type { TurnId } from "../domain/Ids.ts"
import { MessageId } from "../domain/Ids.ts"
import { OutboundMessage } from "../domain/Message.ts"
import type { User } from "../domain/User.ts"
import * as SmsSegments from "../policy/SmsSegments.ts"
import type { Draft } from "./TurnPlan.ts"

export const toOutboundMessages = (options: {
  readonly user: User
  readonly turnId: TurnId
  readonly drafts: ReadonlyArray<Draft>
  readonly maxBodyLength: number
  readonly now: DateTime.Utc
  /** When the outbox takes over texts this run did not manage to send. */
  readonly handoverAt?: DateTime.Utc | undefined
}): Array<OutboundMessage> =>
  options.drafts.map((draft, sequence) => {
    let body = SmsSegments.toGsmFriendly(draft.body)
    if (body.length > options.maxBodyLength) {
      body = SmsSegments.truncateToSegments(body, Math.floor(options.maxBodyLength / 160))
    }
    const { encoding, segments } = SmsSegments.measure(body)
    return new OutboundMessage({
      id: MessageId.make(`${options.turnId}.${sequence}`),
      userId: options.user.id,
      turnId: options.turnId,
      sequence,
      kind: draft.kind,
      body,
      encoding,
      segments,
      status: "pending",
      ...(draft.referral === true || draft.kind === "crisis_resources" ? { carriesReferral: true } : {}),
      ...(options.handoverAt === undefined ? {} : { nextAttemptAt: options.handoverAt }),
      createdAt: options.now,
      updatedAt: options.now
    })
  })

/** The model's reply cut to the tier's segment limit, plain-charactered where that keeps GSM-7. */
export const fitReply = (text: string, maxSegments: number): string =>
  SmsSegments.truncateToSegments(SmsSegments.toGsmFriendly(text), maxSegments)
