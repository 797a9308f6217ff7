/**
 * Conversations as tests: a person texts Jules and the test reads what came
 * back, through the real turn use case with every port in memory or faked.
 *
 * ```ts
 * it.effect("first message", () =>
 *   Effect.gen(function*() {
 *     const alex = yield* Scenario.person()
 *     const exchange = yield* alex.texts("hi")
 *     assert.deepStrictEqual(exchange.kinds, ["ai_notice", "reply"])
 *   }).pipe(Effect.provide(Scenario.layer())))
 * ```
 */
import type {
  CompanionSettingsShape,
  ConversationTurn,
  LanguageModel,
  UsageLedger,
  OutboundMessage,
  PhoneNumber,
  TurnOutcome,
  User
} from "@jules/core"
import {
  AgeDecisions,
  BillingLinks,
  CompanionSettings,
  ConversationTurns,
  CrisisSecondOpinion,
  defaultSettings,
  Outbox,
  OutboxPasses,
  ReceiveText,
  Subscriptions,
  UserData,
  UserStore,
  VerificationLinks
} from "@jules/core"
import type { OutboundKind } from "@jules/core"
import { Effect, Layer, Option } from "effect"
import * as TestLayers from "./TestLayers.ts"

export interface Options {
  readonly settings?: Partial<CompanionSettingsShape>
  readonly testLayers?: TestLayers.Options
  /**
   * The model the turn calls instead of the scripted one, e.g. a real adapter
   * pointed at a fake server (`ModelFallback.layer([AnthropicProvider.make(…)])`).
   * `ModelScripts` is still provided but no longer drives anything.
   */
  readonly languageModel?: Layer.Layer<LanguageModel>
  /**
   * Second opinions on the crisis screen; default `CrisisSecondOpinion.layerNoDeps`
   * (none). E.g. `CrisisSecondOpinion.layer({ model: { timeout: "2 seconds" } })`,
   * with a `CrisisModeration` fake provided to it for moderation.
   */
  readonly crisisSecondOpinion?: Layer.Layer<CrisisSecondOpinion, never, LanguageModel | UsageLedger>
}

/** Where scenario links point (`<base>/b/<token>`), as `PUBLIC_BASE_URL` would. */
export const BASE_URL = "https://jules.test"

export type Services =
  | TestLayers.Services
  | BillingLinks
  | Subscriptions
  | VerificationLinks
  | AgeDecisions
  | CompanionSettings
  | ConversationTurns
  | CrisisSecondOpinion
  | Outbox
  | ReceiveText
  | UserData

/**
 * Every port in memory, the settings, and the use cases (the outbox too, for
 * the passes the server's outbox loop would make); fresh state each time it is built.
 */
export const layer = (options: Options = {}): Layer.Layer<Services> =>
  Layer.mergeAll(
    ConversationTurns.layer,
    ReceiveText.layer,
    UserData.layer,
    Subscriptions.layer,
    AgeDecisions.layer.pipe(Layer.provide(UserData.layer))
  ).pipe(
    // No outbox loop runs beside a scenario: passes asked for outside a turn run at once.
    Layer.provide(OutboxPasses.layerInline),
    Layer.provideMerge(Outbox.layer),
    Layer.provideMerge(BillingLinks.layer({ baseUrl: BASE_URL })),
    Layer.provideMerge(VerificationLinks.layer({ baseUrl: BASE_URL })),
    Layer.provideMerge(options.crisisSecondOpinion ?? CrisisSecondOpinion.layerNoDeps),
    Layer.provideMerge(CompanionSettings.layer(scenarioSettings(options.settings))),
    Layer.provideMerge(
      options.languageModel === undefined
        ? TestLayers.make(options.testLayers)
        // In a merge the later layer's services win.
        : Layer.merge(TestLayers.make(options.testLayers), options.languageModel)
    )
  )

/**
 * The operator's defaults, except that memory is found by the rules unless a
 * test asks for the model (`memory.modelFacts`): otherwise every turn would
 * make a second, background model call that tests about other rules would
 * have to script and count.
 */
const scenarioSettings = (settings: Partial<CompanionSettingsShape> = {}): Partial<CompanionSettingsShape> => ({
  ...settings,
  memory: settings.memory ?? { ...defaultSettings.memory, modelFacts: false }
})

/** What one turn did. */
export interface Exchange {
  readonly outcome: TurnOutcome | undefined
  readonly turn: ConversationTurn | undefined
  /** Texts that went out in this turn, in order. */
  readonly sent: ReadonlyArray<OutboundMessage>
  readonly kinds: ReadonlyArray<OutboundKind>
  readonly bodies: ReadonlyArray<string>
}

export interface Person {
  readonly phone: PhoneNumber
  /** Texts arriving together (one, or a burst) and the turn that answers them. */
  readonly texts: (...bodies: readonly [string, ...Array<string>]) => Effect.Effect<Exchange, unknown, Services>
  /** Jules's current view of the person; fails if they were never seen. */
  readonly user: Effect.Effect<User, unknown, Services>
}

let counter = 0

/** A person with a fresh phone number in the fictional 555 range. */
export const person = (phone?: PhoneNumber): Effect.Effect<Person> =>
  Effect.sync(() => {
    const number = phone ?? (`+1555${String(1_000_000 + (counter++ % 9_000_000)).padStart(7, "0")}` as PhoneNumber)
    const user = Effect.gen(function*() {
      const users = yield* UserStore
      return Option.getOrThrow(yield* users.findByPhone(number))
    })
    const texts = Effect.fnUntraced(function*(...bodies: readonly [string, ...Array<string>]) {
      const receive = yield* ReceiveText
      const turns = yield* ConversationTurns
      const received = yield* Effect.forEach(bodies, (body) => receive.receive({ from: number, body }))
      const first = received[0]!
      const result = yield* turns.run({
        userId: first.userId,
        messageIds: [first.id, ...received.slice(1).map((m) => m.id)]
      })
      const sent = Option.match(result, { onNone: () => [], onSome: (r) => r.sent })
      const turn = Option.getOrUndefined(Option.map(result, (r) => r.turn))
      return {
        outcome: turn?.outcome,
        turn,
        sent,
        kinds: sent.map((m) => m.kind),
        bodies: sent.map((m) => m.body)
      } satisfies Exchange
    })
    return { phone: number, texts, user }
  })
