/**
 * How a worker hears of texts a `web` process stored: the web process does
 * not tell a worker of each text over the cluster (a message and its
 * encoding per webhook, about a fifth of an ack's CPU); the statement that
 * stores a batch of texts announces their people on `CHANNEL`
 * (`PgTextIntake.AnnounceTexts`), and every worker listens. Each worker
 * tells the conversation entities whose shards it holds, in its own process;
 * the others are another worker's.
 *
 * Nothing is lost that was not already covered: a notification no worker
 * heard (none was up, a listener was reconnecting, shards were moving) leaves
 * the texts stored, and the outbox loop answers them (`OutboxLoop`), as it
 * does a tell that failed. A lost listener connection is opened again with
 * backoff.
 */
import { UserId } from "@jules/core"
import { PgClient } from "@effect/sql-pg"
import { Duration, Effect, FiberSet, Layer, Queue, Schedule } from "effect"
import { EntityId, Sharding } from "effect/cluster"
import { Conversation } from "./ConversationEntity.ts"

/** The PostgreSQL channel a `web` process announces stored texts on. */
export const CHANNEL = "jules_texts_stored"

/** A worker that cannot take a person's text this soon leaves it to the outbox loop. */
const TELL_WITHIN = Duration.seconds(5)

/** Listening again after a lost connection: 1 s, 2 s, 4 s… at most 30 s apart. */
const relisten = Schedule.min([Schedule.exponential("1 second"), Schedule.spaced("30 seconds")])

export const layer = Layer.effectDiscard(Effect.gen(function*() {
  const pg = yield* PgClient.PgClient
  const sharding = yield* Sharding.Sharding
  const conversation = yield* Conversation.client

  const held = (userId: string) => {
    const entityId = EntityId.make(userId)
    return sharding.hasShardId(sharding.getShardId(entityId, Conversation.getShardGroup(entityId)))
  }

  const tell = (userId: UserId) =>
    conversation(userId).Answer({ userId }, { discard: true }).pipe(
      Effect.timeout(TELL_WITHIN),
      // A full worker (`MailboxFull`) or a shard moving away: the outbox loop answers the text.
      Effect.ignore
    )

  const telling = yield* FiberSet.make()

  /** The people of one notification, told at once: a slow tell does not hold up the next notification. */
  const tellAll = (payload: string) =>
    Effect.forEach(
      payload.split(",").filter((id) => id.length > 0 && held(id)),
      (id) => tell(UserId.make(id)),
      { concurrency: "unbounded", discard: true }
    )

  const listen = Effect.scoped(Effect.gen(function*() {
    const notifications = yield* pg.listen(CHANNEL)
    while (true) {
      const { payload } = yield* Queue.take(notifications)
      yield* FiberSet.run(telling, tellAll(payload))
    }
  }))

  yield* listen.pipe(
    Effect.tapError((error) =>
      Effect.logWarning("listening for stored texts failed; listening again").pipe(
        Effect.annotateLogs({ reason: error.reason._tag })
      )
    ),
    Effect.retry(relisten),
    Effect.forkScoped
  )
}))
