/**
 * The calls a turn makes outside the process: the model, the moderation
 * vendor, the carrier. Each lends the turn's working place to another turn
 * while it waits (`TurnSlots.awayFromSlot`): a hosted model's second is not
 * the process's work. Outside a turn (the outbox loop's sends) a call runs as
 * it is.
 */
import { CrisisModeration, LanguageModel, SmsGateway } from "@jules/core"
import { Effect, Layer } from "effect"
import { awayFromSlot } from "./TurnSlots.ts"

export const languageModel = <E, R>(model: Layer.Layer<LanguageModel, E, R>): Layer.Layer<LanguageModel, E, R> =>
  Layer.effect(
    LanguageModel,
    Effect.map(Effect.service(LanguageModel), (inner) =>
      LanguageModel.of({ ...inner, generate: (request) => awayFromSlot(inner.generate(request)) }))
  ).pipe(Layer.provide(model))

export const moderation = <E, R>(vendor: Layer.Layer<CrisisModeration, E, R>): Layer.Layer<CrisisModeration, E, R> =>
  Layer.effect(
    CrisisModeration,
    Effect.map(Effect.service(CrisisModeration), (inner) =>
      CrisisModeration.of({ ...inner, moderate: (text) => awayFromSlot(inner.moderate(text)) }))
  ).pipe(Layer.provide(vendor))

/** The carrier's sends; whatever else the layer provides (the console outbox) passes through. */
export const smsGateway = <A, E, R>(carrier: Layer.Layer<SmsGateway | A, E, R>): Layer.Layer<SmsGateway | A, E, R> =>
  Layer.effect(
    SmsGateway,
    Effect.map(Effect.service(SmsGateway), (inner) =>
      SmsGateway.of({ ...inner, send: (sms) => awayFromSlot(inner.send(sms)) }))
  ).pipe(Layer.provideMerge(carrier))
