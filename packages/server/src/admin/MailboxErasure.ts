/**
 * The conversation mailbox (`effect/cluster`'s `cluster_messages` and
 * `cluster_replies`) keys messages by the person's user id. Jules's own
 * messages to a conversation are not persisted (the stored text is the
 * record), but a mailbox written by an earlier version, or a persisted
 * message added later, would hold the id: erasure must leave no row holding
 * it, so the person's mailbox goes too.
 */
import { ClusterSql } from "@jules/adapters-postgres"
import type { UserId } from "@jules/core"
import { Spans } from "@jules/core"
import { Context, Effect, Layer } from "effect"
import type { SqlError } from "effect/sql/SqlError"

export class MailboxErasure extends Context.Service<MailboxErasure, {
  readonly eraseUser: (userId: UserId) => Effect.Effect<void, SqlError>
}>()("@jules/server/MailboxErasure") {
  /** Needs `ClusterSql` (the cluster's database client). */
  static readonly layer = Layer.effect(
    MailboxErasure,
    Effect.gen(function*() {
      const sql = yield* ClusterSql.ClusterSql
      return MailboxErasure.of({
        eraseUser: Spans.fn("MailboxErasure.eraseUser")(function*(userId: UserId) {
          // A database the server never ran the cluster on has no mailbox yet.
          const [tables] = yield* sql<{ readonly messages: string | null; readonly replies: string | null }>`
            SELECT to_regclass('cluster_messages')::text AS messages, to_regclass('cluster_replies')::text AS replies`
          if (tables?.messages == null) return
          yield* sql.withTransaction(Effect.gen(function*() {
            if (tables.replies != null) {
              yield* sql`DELETE FROM cluster_replies WHERE request_id IN
                (SELECT id FROM cluster_messages WHERE entity_id = ${userId})`
            }
            yield* sql`DELETE FROM cluster_messages WHERE entity_id = ${userId}`
          }))
        })
      })
    })
  )

  static readonly layerNoop = Layer.succeed(MailboxErasure, MailboxErasure.of({ eraseUser: () => Effect.void }))
}
