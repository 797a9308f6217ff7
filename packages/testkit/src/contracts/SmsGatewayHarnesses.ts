/**
 * `SmsGatewayHarness`es for the carriers testkit can fake: the Twilio and
 * Bandwidth fake servers (a gateway pointed at them by the adapter's test,
 * since testkit does not depend on the adapters) and `SmsGatewayFake`.
 */
import type { PhoneNumber } from "@jules/core"
import {
  InvalidRecipient,
  SmsGateway,
  RecipientOptedOut,
  SmsNotAuthorized,
  SmsProviderUnavailable,
  SmsRateLimited,
  SmsRejected
} from "@jules/core"
import type { Scope } from "effect"
import { Context, Effect, Layer } from "effect"
import * as SmsGatewayFake from "../fakes/SmsGatewayFake.ts"
import { SmsOutbox } from "../fakes/SmsGatewayFake.ts"
import * as FakeBandwidthServer from "../providers/FakeBandwidthServer.ts"
import type { ScriptedResponse } from "../providers/FakeHttpServer.ts"
import * as FakeTwilioServer from "../providers/FakeTwilioServer.ts"
import { unusedPort } from "../providers/unusedPort.ts"
import type { SmsScenario } from "./SmsGatewayContract.ts"
import { SmsGatewayHarness } from "./SmsGatewayContract.ts"

type Gateway = SmsGateway["Service"]

/** Where a gateway under test sends: the fake's base URL and the credentials it expects. */
export interface CarrierEndpoint {
  readonly baseURL: string
  readonly username: string
  readonly password: string
  /** Twilio's account SID, Bandwidth's account id. */
  readonly account: string
}

/** Builds the adapter's gateway for an endpoint (called for the fake, and for an address where nothing listens). */
export type GatewayFor = (endpoint: CarrierEndpoint) => Effect.Effect<Gateway, unknown, Scope.Scope>

const retryAfter = (seconds: number | undefined) =>
  seconds === undefined ? {} : { headers: { "Retry-After": String(seconds) } }

const quoting = (to: PhoneNumber) => `The 'To' number ${to} is not a valid phone number.`

/** The part of a fake server a harness drives. */
interface ScriptableServer {
  readonly enqueue: (...responses: ReadonlyArray<ScriptedResponse>) => void
  readonly reset: () => void
  readonly requests: ReadonlyArray<unknown>
}

const serverHarness = (options: {
  readonly fake: ScriptableServer
  readonly endpoint: CarrierEndpoint
  readonly gatewayFor: GatewayFor
  readonly refusesOptedOutAtSend: boolean
  /** The carrier's answer to a scenario (`undefined`: its own answer). */
  readonly script: (scenario: SmsScenario) => ScriptedResponse | undefined
  readonly accepted: () => ReadonlyArray<{ readonly to: string; readonly body: string }>
}) =>
  Effect.gen(function*() {
    const gateway = yield* options.gatewayFor(options.endpoint)
    const unreachable = yield* options.gatewayFor({
      ...options.endpoint,
      baseURL: `http://127.0.0.1:${yield* unusedPort}`
    })
    return SmsGatewayHarness.of({
      refusesOptedOutAtSend: options.refusesOptedOutAtSend,
      arrange: (scenario) =>
        Effect.sync(() => {
          options.fake.reset()
          const scripted = options.script(scenario)
          if (scripted !== undefined) options.fake.enqueue(scripted)
          return scenario._tag === "Unreachable" ? unreachable : gateway
        }),
      attempts: Effect.sync(() => options.fake.requests.length),
      accepted: Effect.sync(() => options.accepted().map(({ body, to }) => ({ to, body })))
    })
  })

/** The harness on `FakeTwilioServer`: opted-out numbers are refused with 21610 at send time. */
export const twilio = (gatewayFor: GatewayFor): Layer.Layer<SmsGatewayHarness, unknown> =>
  Layer.effect(
    SmsGatewayHarness,
    Effect.gen(function*() {
      const fake = yield* FakeTwilioServer.make()
      const script = (scenario: SmsScenario): ScriptedResponse | undefined => {
        switch (scenario._tag) {
          case "RateLimited":
            return FakeTwilioServer.error(429, 20429, retryAfter(scenario.retryAfterSeconds))
          case "Unavailable":
            return { status: 503, rawBody: "<html>upstream error</html>", headers: { "content-type": "text/html" } }
          case "NotAuthorized":
            return FakeTwilioServer.error(401, 20003, { message: "Authenticate" })
          case "InvalidRecipient":
            return FakeTwilioServer.error(400, 21211, { message: quoting(scenario.to) })
          case "Rejected":
            return FakeTwilioServer.error(400, 21408, { message: "Permission to send an SMS has not been enabled" })
          case "OptedOut":
            fake.optOut(scenario.to)
            return undefined
          default:
            return undefined
        }
      }
      return yield* serverHarness({
        fake,
        endpoint: { baseURL: fake.baseURL, username: fake.accountSid, password: fake.authToken, account: fake.accountSid },
        gatewayFor,
        refusesOptedOutAtSend: true,
        // `arrange` resets the fake (opt-outs included) before scripting, so `optOut` above sticks.
        script,
        accepted: () => fake.sent
      })
    })
  )

/** The harness on `FakeBandwidthServer`: Bandwidth takes texts to opted-out numbers and reports 4775 later. */
export const bandwidth = (gatewayFor: GatewayFor): Layer.Layer<SmsGatewayHarness, unknown> =>
  Layer.effect(
    SmsGatewayHarness,
    Effect.gen(function*() {
      const fake = yield* FakeBandwidthServer.make()
      const script = (scenario: SmsScenario): ScriptedResponse | undefined => {
        switch (scenario._tag) {
          case "RateLimited":
            return FakeBandwidthServer.error(429, "max-message-queue-size-exceeded", retryAfter(scenario.retryAfterSeconds))
          case "Unavailable":
            return { status: 500, body: { type: "internal-error", description: "oops" } }
          case "NotAuthorized":
            return FakeBandwidthServer.error(401, "unauthorized", { message: "Authentication Failed" })
          case "InvalidRecipient":
            return FakeBandwidthServer.error(400, "request-validation", {
              fieldErrors: [{ fieldName: "to", description: `'${scenario.to}' must be a valid E164 telephone number` }]
            })
          case "Rejected":
            return FakeBandwidthServer.error(400, "request-validation", {
              fieldErrors: [{ fieldName: "applicationId", description: "not a valid application" }]
            })
          default:
            return undefined
        }
      }
      return yield* serverHarness({
        fake,
        endpoint: { baseURL: fake.baseURL, username: fake.username, password: fake.password, account: fake.accountId },
        gatewayFor,
        refusesOptedOutAtSend: false,
        script,
        accepted: () => fake.sent.flatMap((message) => message.to.map((to) => ({ to, body: message.text })))
      })
    })
  )

/** The harness on `SmsGatewayFake`: each scenario is the reason the fake fails the next send with. */
export const fake = (options: SmsGatewayFake.SmsGatewayFakeOptions = {}): Layer.Layer<SmsGatewayHarness> =>
  Layer.effect(
    SmsGatewayHarness,
    Effect.gen(function*() {
      const context = yield* Layer.build(SmsGatewayFake.layer(options))
      const gateway = Context.get(context, SmsGateway)
      const outbox = Context.get(context, SmsOutbox)
      const reasonOf = (scenario: SmsScenario) => {
        switch (scenario._tag) {
          case "RateLimited":
            return new SmsRateLimited({
              message: "rate limited",
              ...(scenario.retryAfterSeconds === undefined ? {} : { retryAfterMs: scenario.retryAfterSeconds * 1000 })
            })
          case "Unavailable":
          case "Unreachable":
            return new SmsProviderUnavailable({ message: "unavailable" })
          case "NotAuthorized":
            return new SmsNotAuthorized({ message: "not authorized" })
          case "InvalidRecipient":
            return new InvalidRecipient({ message: "invalid recipient" })
          case "Rejected":
            return new SmsRejected({ message: "rejected" })
          case "OptedOut":
            return new RecipientOptedOut({ message: "opted out", code: "21610" })
          case "Accept":
            return undefined
        }
      }
      return SmsGatewayHarness.of({
        refusesOptedOutAtSend: true,
        arrange: (scenario) =>
          Effect.gen(function*() {
            yield* outbox.clear
            const reason = reasonOf(scenario)
            if (reason !== undefined) yield* outbox.failNext(reason)
            return gateway
          }),
        attempts: Effect.map(Effect.all([outbox.sent, outbox.failed]), ([sent, failed]) => sent.length + failed.length),
        accepted: Effect.map(outbox.sent, (sent) => sent.map(({ body, to }) => ({ to, body })))
      })
    })
  )
