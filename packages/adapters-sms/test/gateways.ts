/** What the tests of each carrier's gateway share: a text to send, the gateway from its layer, its failure. */
import { assert } from "@effect/vitest"
import { type MessageId, type PhoneNumber, SmsError, SmsGateway } from "@jules/core"
import type { FakeHttpServer } from "@jules/testkit"
import { Context, Effect, Layer } from "effect"

export const smsWithId = (messageId: string) => ({
  messageId: messageId as MessageId,
  to: "+14155552671" as PhoneNumber,
  body: "Hi! I'm Jules — an AI companion. Reply STOP to opt out."
})

export const gatewayOf = <E>(layer: Layer.Layer<SmsGateway, E>) =>
  Effect.map(Layer.build(layer), (context) => Context.get(context, SmsGateway))

/** The `SmsError` of a send expected to fail. */
export const failureOf = <A>(effect: Effect.Effect<A, SmsError>) =>
  Effect.map(Effect.flip(effect), (error) => {
    assert.instanceOf(error, SmsError)
    return error
  })

/** The one request a send made: a POST with Basic credentials, as every carrier's API wants, and its body. */
export const assertPosted = (
  requests: ReadonlyArray<FakeHttpServer.RecordedRequest>,
  expected: {
    readonly path: string
    readonly basicAuth: FakeHttpServer.BasicAuth
    readonly contentType: RegExp
    readonly body: object
  }
) => {
  assert.strictEqual(requests.length, 1)
  const request = requests[0]!
  assert.strictEqual(request.method, "POST")
  assert.strictEqual(request.path, expected.path)
  assert.deepStrictEqual(request.basicAuth, expected.basicAuth)
  assert.match(request.headers["content-type"] ?? "", expected.contentType)
  assert.deepStrictEqual({ ...(request.body as object) }, expected.body)
}

/** What a carrier's failure is kept as: the reason, and the carrier's own code. */
export const reasonOf = (error: SmsError): ReadonlyArray<string | undefined> => [error.reason._tag, error.reason.code]

/** The reasons of `times` sends in a row, each expected to fail. */
export const failuresOf = <A>(send: Effect.Effect<A, SmsError>, times: number) =>
  Effect.forEach(Array.from({ length: times }), () => Effect.map(failureOf(send), reasonOf))
