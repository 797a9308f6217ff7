/**
 * The admin API's handlers: each reads the caller the bearer check found
 * (`AdminCaller`) and calls the matching `AdminOperations` method.
 */
import { Effect, Layer } from "effect"
import { HttpApiBuilder } from "effect/http-api"
import { AdminApi, AdminCaller } from "./AdminApi.ts"
import { AdminOperations } from "./AdminOperations.ts"

const caller = Effect.map(Effect.service(AdminCaller), (c) => c.id)

const people = HttpApiBuilder.group(AdminApi, "people", Effect.fn(function*(handlers) {
  const ops = yield* AdminOperations
  return handlers.handleAll({
    lookup: ({ payload }) => Effect.flatMap(caller, (id) => ops.lookup(id, payload.phone)),
    profile: ({ params }) => Effect.flatMap(caller, (id) => ops.profile(id, params.userId)),
    exportData: ({ params }) => Effect.flatMap(caller, (id) => ops.exportData(id, params.userId)),
    erase: ({ params }) => Effect.flatMap(caller, (id) => ops.erase(id, params.userId)),
    optOut: ({ params }) => Effect.flatMap(caller, (id) => ops.optOut(id, params.userId)),
    optIn: ({ params }) => Effect.flatMap(caller, (id) => ops.optIn(id, params.userId)),
    setTier: ({ params, payload }) => Effect.flatMap(caller, (id) => ops.setTier(id, params.userId, payload.tier))
  })
}))

const crisis = HttpApiBuilder.group(AdminApi, "crisis", Effect.fn(function*(handlers) {
  const ops = yield* AdminOperations
  return handlers.handleAll({
    events: ({ query }) => Effect.flatMap(caller, (id) => ops.crisisEvents(id, query))
  })
}))

const reports = HttpApiBuilder.group(AdminApi, "reports", Effect.fn(function*(handlers) {
  const ops = yield* AdminOperations
  return handlers.handleAll({
    sb243: ({ params }) => Effect.flatMap(caller, (id) => ops.sb243Report(id, params.year))
  })
}))

const deadLetters = HttpApiBuilder.group(AdminApi, "deadLetters", Effect.fn(function*(handlers) {
  const ops = yield* AdminOperations
  return handlers.handleAll({
    list: ({ query }) => Effect.flatMap(caller, (id) => ops.deadLetters(id, query)),
    retry: ({ params }) => Effect.flatMap(caller, (id) => ops.retryDeadLetter(id, params.messageId))
  })
}))

const usage = HttpApiBuilder.group(AdminApi, "usage", Effect.fn(function*(handlers) {
  const ops = yield* AdminOperations
  return handlers.handleAll({
    costs: ({ query }) => Effect.flatMap(caller, (id) => ops.usage(id, query))
  })
}))

/** Every group's handlers; needs `AdminOperations`. */
export const layer = Layer.mergeAll(people, crisis, reports, deadLetters, usage)
