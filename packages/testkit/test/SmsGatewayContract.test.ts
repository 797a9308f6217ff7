/** The in-memory `SmsGatewayFake` keeps the same promises as the real gateways. */
import { SmsGatewayHarnesses, smsGatewayContract } from "@jules/testkit"

smsGatewayContract("SmsGatewayFake", SmsGatewayHarnesses.fake())
