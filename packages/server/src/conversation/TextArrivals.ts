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
 * does a tell that failed. But the outbox loop waits two minutes, so the
 * usual gaps are closed sooner. A lost listener connection is opened again
 * with backoff, and once it listens again the worker looks for the texts it
 * may have missed (unanswered, stored since a little before the loss) and
 * tells those people's entities: a database that was away for seconds delays
 * the replies by seconds. Likewise, when people move to this worker (it
 * gains shards: a worker started or stopped), their unanswered texts of the
 * last few minutes are looked for and answered here (`ShardGains`).
 */
import { MessageStore, UserId } from "@jules/core"
import { PgClient } from "@effect/sql-pg"
import { Cause, DateTime, Duration, Effect, FiberSet, Layer, Queue, Schedule } from "effect"
import { EntityId, Sharding, ShardId } from "effect/cluster"
import { SHARDS_PER_GROUP } from "../cluster/ClusterLayer.ts"
import * as AnswerPacing from "./AnswerPacing.ts"
import { Conversation } from "./ConversationEntity.ts"
import * as ShardGains from "./ShardGains.ts"

/** The PostgreSQL channel a `web` process announces stored texts on. */
export const CHANNEL = "jules_texts_stored"

/** Listening again after a lost connection: 1 s, 2 s, 4 s… at most 30 s apart. */
const relisten = Schedule.min([Schedule.exponential("1 second"), Schedule.spaced("30 seconds")])

/**
 * After listening again, texts stored this long before the loss was noticed
 * are looked for too: a connection can die some time before its reader
 * hears of it.
 */
const MISSED_MARGIN = Duration.minutes(1)
/** People looked up after listening again; more are left to the outbox loop. */
const MISSED_PEOPLE = 1_000
/**
 * When a worker gains shards, texts stored this far back are looked for: the
 * outbox loop answers older ones (left unanswered two minutes, looked for
 * every 30 s).
 */
const GAINED_LOOKBACK = Duration.minutes(3)

export const layer = Layer.effectDiscard(Effect.gen(function*() {
  const pg = yield* PgClient.PgClient
  const messages = yield* MessageStore
  const sharding = yield* Sharding.Sharding
  const conversation = yield* Conversation.client

  const shardOf = (userId: string) => {
    const entityId = EntityId.make(userId)
    return sharding.getShardId(entityId, Conversation.getShardGroup(entityId))
  }
  const held = (userId: string) => sharding.hasShardId(shardOf(userId))

  // A broadcast answered by thousands: their conversations are told a thousand at a time (`AnswerPacing`).
  const pacing = yield* AnswerPacing.make({
    pressure: undefined,
    maxAnswering: AnswerPacing.MAX_ANSWERING,
    answer: (userId) =>
      conversation(userId).Answer({ userId }).pipe(
        // A full worker (`MailboxFull`) or a shard moving away: the outbox loop answers the text.
        Effect.catchCause((cause) => Cause.hasInterruptsOnly(cause) ? Effect.interrupt : Effect.void)
      )
  })
  const tell = (userId: UserId) => pacing.stored(userId, undefined)

  const telling = yield* FiberSet.make()

  /** The people of one notification. */
  const tellAll = (payload: string) =>
    Effect.forEach(
      payload.split(",").filter((id) => id.length > 0 && held(id)),
      (id) => tell(UserId.make(id)),
      { discard: true }
    )

  /** When the listener was lost (the first loss since it last listened), if it was. */
  let lostAt: DateTime.Utc | undefined

  /**
   * The people with texts stored since `since` that no turn answered, those
   * `ours` told. A failure is only logged: the outbox loop finds them later.
   */
  const tellStranded = (since: DateTime.Utc, ours: (userId: UserId) => boolean, why: string) =>
    Effect.gen(function*() {
      const people = yield* messages.strandedInbound(since, yield* DateTime.now, MISSED_PEOPLE)
      const mine = people.filter(ours)
      if (mine.length > 0) {
        yield* Effect.logInfo(`${why}: answering unanswered texts`).pipe(Effect.annotateLogs({ people: mine.length }))
      }
      yield* Effect.forEach(mine, tell, { discard: true })
    }).pipe(
      Effect.catch((error) =>
        Effect.logWarning(`${why}: looking for unanswered texts failed`).pipe(
          Effect.annotateLogs({ reason: error.reason._tag })
        )
      )
    )

  /** Texts stored while the listener was lost (since a little before the loss). */
  const tellMissed = (since: DateTime.Utc) => tellStranded(since, held, "listening for stored texts again")

  /** People who just moved here (`ShardGains`). */
  const tellArrived = (shards: ReadonlySet<string>) =>
    Effect.flatMap(DateTime.now, (now) =>
      tellStranded(
        DateTime.subtractDuration(now, GAINED_LOOKBACK),
        (userId) => shards.has(ShardId.toString(shardOf(userId))),
        "people moved here"
      ))

  const group = Conversation.getShardGroup(EntityId.make(""))
  const shards = Array.from({ length: SHARDS_PER_GROUP }, (_, i) => ShardId.make(group, i + 1))
  yield* ShardGains.watch({
    held: () => new Set(shards.filter(sharding.hasShardId).map((shard) => ShardId.toString(shard))),
    gained: tellArrived
  }).pipe(Effect.forkScoped)

  const listen = Effect.scoped(Effect.gen(function*() {
    const notifications = yield* pg.listen(CHANNEL)
    if (lostAt !== undefined) {
      yield* FiberSet.run(telling, tellMissed(DateTime.subtractDuration(lostAt, MISSED_MARGIN)))
      lostAt = undefined
    }
    while (true) {
      const { payload } = yield* Queue.take(notifications)
      yield* tellAll(payload)
    }
  }))

  yield* listen.pipe(
    Effect.tapError((error) =>
      Effect.gen(function*() {
        lostAt ??= yield* DateTime.now
        yield* Effect.logWarning("listening for stored texts failed; listening again").pipe(
          Effect.annotateLogs({ reason: error.reason._tag })
        )
      })
    ),
    Effect.retry(relisten),
    Effect.forkScoped
  )
}))
