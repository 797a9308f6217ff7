/**
 * A database dump after a conversation holds no phone number, no body, no
 * name and no memory in clear. The conversation runs through
 * core's real turn (crisis screen, model, memory, delivery) over these
 * repositories; the model and the carrier are testkit's fakes. Runs `pg_dump`
 * against a real PostgreSQL; skipped without `TEST_DATABASE_URL` or `pg_dump`.
 */
import { assert, describe, layer } from "@effect/vitest"
import type { PhoneNumber } from "@jules/core"
import {
  BillingLinks,
  CompanionSettings,
  ConversationTurns,
  CrisisSecondOpinion,
  Crypto,
  MemoryStore,
  ReceiveText,
  UserStore,
  VerificationLinks
} from "@jules/core"
import {
  AgeVerificationFake,
  BillingFake,
  EscalationNotifierFake,
  ModelScripts,
  ScriptedModel,
  SmsGatewayFake,
  SmsOutbox
} from "@jules/testkit"
import { Effect, Layer, Option, Redacted } from "effect"
import { execFile } from "node:child_process"
import { promisify } from "node:util"
import * as Databases from "./support/Databases.ts"
import * as Storage from "./support/Storage.ts"

const run = promisify(execFile)

const pgDumpAvailable = await run("pg_dump", ["--version"]).then(() => true, () => false)

/** What must never appear in clear: the number in every common spelling, and the words said. */
export interface Secrets {
  readonly phoneFormats: ReadonlyArray<string>
  readonly texts: ReadonlyArray<string>
}

const phone = "+14155552671" as PhoneNumber

/** The turn's own world around the repositories: settings, use cases, and fakes for the model and the carrier. */
const turnLayer = Layer.mergeAll(ConversationTurns.layer, ReceiveText.layer).pipe(
  Layer.provideMerge(BillingLinks.layer({ baseUrl: "https://jules.test" })),
  Layer.provideMerge(VerificationLinks.layer({ baseUrl: "https://jules.test" })),
  Layer.provideMerge(Layer.mergeAll(
    CompanionSettings.layer(),
    CrisisSecondOpinion.layerNoDeps,
    SmsGatewayFake.layer(),
    ScriptedModel.layer(),
    BillingFake.layer,
    AgeVerificationFake.layer,
    EscalationNotifierFake.layer
  ))
)

const texts = (body: string) =>
  Effect.gen(function*() {
    const inbound = yield* (yield* ReceiveText).receive({ from: phone, body })
    return yield* (yield* ConversationTurns).run({ userId: inbound.userId, messageIds: [inbound.id] })
  })

/** A first conversation: a name, a disclosure of abuse and of not wanting to live, and something to remember. */
export const conversation = Effect.gen(function*() {
  const scripts = yield* ModelScripts
  const crisisText = "Hi, it's Marisol Quintero. My brother Teodoro hits me and I don't want to live anymore"
  const reply = "Marisol, I'm really glad you told me. You deserve to be safe from Teodoro."
  const factText = "my dog is called Biscuit"
  yield* scripts.reply("primary", reply)
  yield* texts(crisisText)
  yield* scripts.reply("primary", "Biscuit sounds like a good friend to have around.")
  yield* texts(factText)
  const sent = yield* (yield* SmsOutbox).sent
  assert.isTrue(sent.some((s) => s.body.startsWith(reply)), "the reply went out")
  const user = Option.getOrThrow(yield* (yield* UserStore).findByPhone(phone))
  const facts = yield* (yield* MemoryStore).facts(user.id)
  assert.deepStrictEqual(facts.map((f) => f.text), ["Their dog is called Biscuit."])
  return {
    phoneFormats: ["+14155552671", "14155552671", "4155552671", "(415) 555-2671", "415-555-2671", "415.555.2671"],
    texts: [crisisText, reply, factText, "Their dog is called Biscuit", "Marisol", "Quintero", "Teodoro", "want to live"]
  } satisfies Secrets
})

const dump = (url: Redacted.Redacted<string>) =>
  Effect.promise(() => run("pg_dump", ["--no-owner", Redacted.value(url)], { maxBuffer: 64 * 1024 * 1024 }))

const skip = Databases.postgresUrl === undefined || !pgDumpAvailable

describe.skipIf(skip)("Privacy at rest (PostgreSQL, pg_dump)", () => {
  const base = Databases.postgresUrl ?? ""
  // The scratch database's URL, known once the layer has made it.
  let url: Redacted.Redacted<string> | undefined
  const database: Databases.TestDatabase = Layer.unwrap(
    Effect.map(Databases.scratchDatabase(base), (name) => {
      url = Databases.urlOfDatabase(base, name)
      return Storage.databaseAt(url)
    })
  )

  layer(Layer.provideMerge(turnLayer, Storage.layer(database)), { excludeTestServices: true })((it) => {
    it.effect("a pg_dump after a conversation holds no phone number, body, name or memory in clear", () =>
      Effect.gen(function*() {
        const secrets = yield* conversation
        const { stdout } = yield* dump(url!)
        const primary = (yield* Crypto).primaryKeyId
        // The conversation is in the dump, encrypted (the phone, bodies, memory, audit detail).
        assert.isAtLeast(stdout.split(`v1.${primary}.`).length - 1, 8)
        const lower = stdout.toLowerCase()
        for (const format of secrets.phoneFormats) assert.notInclude(stdout, format, `phone as ${format}`)
        for (const text of secrets.texts) assert.notInclude(lower, text.toLowerCase(), "text in clear")
      }))
  })
})
