/**
 * Every port Jules needs, in memory or faked, in one layer: what a scenario
 * test provides to run whole conversation turns. The fakes' control services
 * are part of the output, so a test can script the model and read the outbox.
 */
import type {
  AgeVerification,
  Billing,
  Crypto,
  EscalationNotifier,
  LanguageModel,
  ModelFallback,
  SmsGateway,
  Tier
} from "@jules/core"
import { Layer } from "effect"
import * as AgeVerificationFake from "./fakes/AgeVerificationFake.ts"
import * as BillingFake from "./fakes/BillingFake.ts"
import * as CryptoFake from "./fakes/CryptoFake.ts"
import * as EscalationNotifierFake from "./fakes/EscalationNotifierFake.ts"
import * as ScriptedModel from "./fakes/ScriptedModel.ts"
import * as SmsGatewayFake from "./fakes/SmsGatewayFake.ts"
import * as StorageMemory from "./memory/StorageMemory.ts"

/** The fakes' control services. */
export type Controls =
  | SmsGatewayFake.SmsOutbox
  | ScriptedModel.ModelScripts
  | BillingFake.BillingControl
  | BillingFake.BillingHarness
  | AgeVerificationFake.AgeVerificationSessions
  | EscalationNotifierFake.Escalations

export type Services =
  | StorageMemory.StoragePorts
  | SmsGateway
  | LanguageModel
  | Billing
  | AgeVerification
  | EscalationNotifier
  | Crypto
  | Controls

export interface Options {
  readonly sms?: SmsGatewayFake.SmsGatewayFakeOptions
  /** Scripted providers in fallback order. Default `["primary", "secondary"]`. */
  readonly models?: readonly [string, ...Array<string>]
  /** Default `ScriptedModel.testFallbackPolicy` (no waiting). */
  readonly fallbackPolicy?: ModelFallback.FallbackPolicy
  readonly crypto?: CryptoFake.CryptoFakeOptions
  /** The tiers the billing fake sells; default `plus` and `pro`, none = billing not configured. */
  readonly billingTiers?: ReadonlyArray<Tier>
}

export const make = (options: Options = {}): Layer.Layer<Services> =>
  Layer.mergeAll(
    StorageMemory.layer,
    SmsGatewayFake.layer(options.sms),
    ScriptedModel.layer(options.models, options.fallbackPolicy),
    BillingFake.layerWith(options.billingTiers),
    AgeVerificationFake.layer,
    EscalationNotifierFake.layer,
    CryptoFake.layerWith(options.crypto ?? {})
  )

/** Fresh state every time it is built (each `Effect.provide`, each `layer(...)` block). */
export const memory: Layer.Layer<Services> = make()
