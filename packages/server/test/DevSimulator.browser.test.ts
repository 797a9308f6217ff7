/**
 * Acceptance 1, second half: the dev simulator page round-trips a text in a
 * real (headless) Chromium: type, send, and read Jules's answers as they
 * arrive over server-sent events. Skipped, saying so, where Chromium is absent.
 */
import { assert, describe, layer } from "@effect/vitest"
import { defaultSettings, makeCopy } from "@jules/core"
import { Context, Effect, Layer } from "effect"
import { existsSync } from "node:fs"
import type { Browser } from "playwright-core"
import { chromium } from "playwright-core"
import { databaseEnv } from "./support/Databases.ts"
import type { TestServer } from "./support/TestServer.ts"
import { start } from "./support/TestServer.ts"

const CHROMIUM = "/usr/bin/chromium"
const hasChromium = existsSync(CHROMIUM)
const copy = makeCopy(defaultSettings)

class Setup extends Context.Service<Setup, { readonly server: TestServer; readonly browser: Browser }>()(
  "test/DevSimulator/Setup"
) {}

const setup = Layer.effect(
  Setup,
  Effect.gen(function*() {
    const server = yield* start({ ...(yield* databaseEnv("pglite")), BURST_WINDOW_MS: "200" })
    const browser = yield* Effect.acquireRelease(
      Effect.promise(() =>
        chromium.launch({
          executablePath: CHROMIUM,
          args: [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run"
          ]
        })
      ),
      (browser) => Effect.promise(() => browser.close())
    )
    return { server, browser }
  })
)

const title = hasChromium
  ? "the dev simulator in Chromium"
  : `the dev simulator in Chromium (SKIPPED: no browser at ${CHROMIUM}; install Debian's chromium to run it)`

describe.skipIf(!hasChromium)(title, () => {
  layer(setup, { excludeTestServices: true, timeout: "90 seconds" })((it) => {
    it.effect("a text typed on the page reaches Jules, and the replies appear on the page", () =>
      Effect.gen(function*() {
        const { browser, server } = yield* Setup
        const page = yield* Effect.promise(() => browser.newPage())
        yield* Effect.promise(async () => {
          await page.goto(`${server.url}/dev`)
          await page.locator("#connection", { hasText: "connected" }).waitFor({ timeout: 15_000 })
          await page.fill("#phone", "+15555550160")
          await page.dispatchEvent("#phone", "change")
          await page.locator("#connection", { hasText: "connected" }).waitFor({ timeout: 15_000 })
          await page.fill("#message", "hi Jules, it's my first time here")
          await page.click("#send")
          await page.locator(".from-jules").nth(1).waitFor({ timeout: 30_000 })
        })
        const replies = yield* Effect.promise(() => page.locator(".from-jules").allInnerTexts())
        assert.strictEqual(replies[0], copy.aiNotice)
        assert.include(replies[1]!, "without a language model")
        const mine = yield* Effect.promise(() => page.locator(".from-you").allInnerTexts())
        assert.deepStrictEqual(mine, ["hi Jules, it's my first time here"])
        const status = yield* Effect.promise(() => page.locator(".status").first().innerText())
        assert.strictEqual(status, "delivered to Jules")

        // A second text: one more reply, no second AI notice.
        yield* Effect.promise(async () => {
          await page.fill("#message", "still me")
          await page.click("#send")
          await page.locator(".from-jules").nth(2).waitFor({ timeout: 30_000 })
        })
        assert.strictEqual((yield* Effect.promise(() => page.locator(".from-jules").count())), 3)

        // A reload shows the conversation's replies again (recent texts are replayed).
        yield* Effect.promise(async () => {
          await page.reload()
          await page.fill("#phone", "+15555550160")
          await page.dispatchEvent("#phone", "change")
          await page.locator(".from-jules").nth(2).waitFor({ timeout: 15_000 })
        })
      }))
  })
})
