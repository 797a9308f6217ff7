/**
 * The Twilio and Bandwidth gateways against the fake carrier servers, through
 * the same `SmsGateway` contract as testkit's `SmsGatewayFake`. What is only
 * Twilio's or Bandwidth's (the wire format, error codes kept) stays in
 * `TwilioGateway.test.ts` and `BandwidthGateway.test.ts`.
 */
import { SmsGateway } from "@jules/core"
import { SmsGatewayHarnesses, smsGatewayContract } from "@jules/testkit"
import { Context, Effect, Layer, Redacted } from "effect"
import { BandwidthGateway, TwilioGateway } from "../src/index.ts"

const gatewayOf = <E>(layer: Layer.Layer<SmsGateway, E>) =>
  Effect.map(Layer.build(layer), (context) => Context.get(context, SmsGateway))

smsGatewayContract(
  "Twilio",
  SmsGatewayHarnesses.twilio((endpoint) =>
    gatewayOf(TwilioGateway.layer({
      accountSid: endpoint.account,
      authToken: Redacted.make(endpoint.password),
      fromNumber: "+12028831111",
      apiBaseUrl: endpoint.baseURL
    }))
  )
)

smsGatewayContract(
  "Bandwidth",
  SmsGatewayHarnesses.bandwidth((endpoint) =>
    gatewayOf(BandwidthGateway.layer({
      accountId: endpoint.account,
      username: endpoint.username,
      password: Redacted.make(endpoint.password),
      applicationId: "93de2206-9669-4e07-948d-329f4b722ee2",
      fromNumber: "+12028831111",
      apiBaseUrl: endpoint.baseURL
    }))
  )
)
