/**
 * Acceptance 1, second half: the dev simulator page in a real (headless)
 * Chromium, used as a new user would, against the server as `pnpm start` runs
 * it (a child process on file-backed PGlite under a temporary `JULES_DATA_DIR`):
 *
 * - the first text gets the AI notice and the offline explanation, later ones
 *   one reply each;
 * - twenty exchanges: the thread scrolls, the page does not grow, the text box
 *   and the newest text stay in view;
 * - a reload, then a server restart on the same data: both sides of the thread
 *   come back from the database, in order;
 * - STOP shows that the number opted out (also after a reload); START clears it.
 *
 * Skipped, saying so, where Chromium is absent.
 */
import { assert, describe, it } from "@effect/vitest"
import { defaultSettings, makeCopy } from "@jules/core"
import { Effect } from "effect"
import { existsSync } from "node:fs"
import { mkdtemp, rm } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import type { Browser, Page } from "playwright-core"
import { chromium } from "playwright-core"
import type * as DevHistory from "../src/dev/DevHistory.ts"
import type { ChildServer } from "./support/ChildServer.ts"
import { spawnServer } from "./support/ChildServer.ts"
import { ENCRYPTION_KEYS } from "./support/Databases.ts"

const CHROMIUM = "/usr/bin/chromium"
const hasChromium = existsSync(CHROMIUM)
const copy = makeCopy(defaultSettings)
const PHONE = "+15555550160"
const EXCHANGES = 20
const SCREENSHOT = join(tmpdir(), "jules-dev-simulator.png")

const launch = Effect.acquireRelease(
  Effect.promise(() =>
    chromium.launch({
      executablePath: CHROMIUM,
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync"
      ]
    })
  ),
  (browser) => Effect.promise(() => browser.close())
)

/** A phone-sized window, so twenty exchanges cannot fit without scrolling. */
const openPage = (browser: Browser) =>
  Effect.acquireRelease(
    Effect.promise(() => browser.newPage({ viewport: { width: 420, height: 720 } })),
    (page) => Effect.promise(() => page.close())
  )

const promise = <A>(run: () => Promise<A>) => Effect.promise(run)

const waitConnected = (page: Page) =>
  page.locator("#connection", { hasText: /^connected$/ }).waitFor({ timeout: 15_000 })

/** Opens the page for `phone`, once both the history and the live feed are there. */
const openThread = (page: Page, url: string, phone?: string) =>
  promise(async () => {
    await page.goto(`${url}/dev`)
    if (phone !== undefined) {
      await page.fill("#phone", phone)
      await page.dispatchEvent("#phone", "change")
    }
    await waitConnected(page)
    await page.locator("#send:enabled").waitFor({ timeout: 15_000 })
  })

/** Sends a text; waits until Jules's texts on the page number `julesTexts`. */
const exchange = (page: Page, body: string, julesTexts: number) =>
  promise(async () => {
    await page.fill("#message", body)
    await page.click("#send")
    await page.locator(".from-jules").nth(julesTexts - 1).waitFor({ timeout: 15_000 })
  })

/** The thread as shown: `you: …` / `jules: …`, top to bottom. */
const threadOf = (page: Page) =>
  promise(() =>
    page.locator("#thread .bubble").evaluateAll((nodes) =>
      nodes.map((node) => `${node.classList.contains("from-you") ? "you" : "jules"}: ${node.textContent}`)
    )
  )

interface Layout {
  readonly pageHeight: number
  readonly windowHeight: number
  readonly boxTop: number
  readonly boxBottom: number
  readonly threadTop: number
  readonly threadBottom: number
  readonly lastTop: number
  readonly lastBottom: number
  readonly threadScrolls: boolean
}

// Runs in the page (the test compiles without the DOM library, hence a string).
const LAYOUT = `(() => {
  const thread = document.getElementById("thread").getBoundingClientRect()
  const box = document.getElementById("message").getBoundingClientRect()
  const bubbles = document.querySelectorAll("#thread .bubble")
  const last = bubbles[bubbles.length - 1].getBoundingClientRect()
  const scroller = document.getElementById("thread")
  return {
    pageHeight: document.documentElement.scrollHeight, windowHeight: window.innerHeight,
    boxTop: box.top, boxBottom: box.bottom, threadTop: thread.top, threadBottom: thread.bottom,
    lastTop: last.top, lastBottom: last.bottom, threadScrolls: scroller.scrollHeight > scroller.clientHeight
  }
})()`

/** The page fits the window and the thread scrolls inside it, the text box and the newest text in view. */
const assertScrollsLikeAPhone = (page: Page) =>
  Effect.gen(function*() {
    // Scrolling to the newest text happens right after it is added; give layout a frame.
    yield* promise(() => page.waitForTimeout(50))
    const layout = yield* promise(() => page.evaluate<Layout>(LAYOUT))
    const where = JSON.stringify(layout)
    assert.isAtMost(layout.pageHeight, layout.windowHeight, `the page grew past the window: ${where}`)
    assert.isTrue(layout.threadScrolls, `the thread should overflow and scroll: ${where}`)
    assert.isAtLeast(layout.boxTop, 0, `text box out of view: ${where}`)
    assert.isAtMost(layout.boxBottom, layout.windowHeight, `text box out of view: ${where}`)
    assert.isAtLeast(layout.lastTop, layout.threadTop - 1, `newest text out of view: ${where}`)
    assert.isAtMost(layout.lastBottom, layout.threadBottom + 1, `newest text out of view: ${where}`)
  })

const getJson = (url: string) =>
  promise(async () => {
    const response = await fetch(url)
    const text = await response.text()
    return { status: response.status, json: (response.ok ? JSON.parse(text) : undefined) as DevHistory.DevHistory }
  })

const bannerShown = (page: Page) => promise(() => page.locator("#opted-out").isVisible())

/** Nothing the person typed, nor their number, reaches the server's output. */
const assertNothingLogged = (servers: ReadonlyArray<ChildServer>, bodies: ReadonlyArray<string>) => {
  for (const line of servers.flatMap((server) => server.output)) {
    assert.notInclude(line, PHONE)
    assert.notInclude(line, PHONE.slice(2))
    for (const body of bodies) assert.notInclude(line, body)
  }
}

const title = hasChromium
  ? "the dev simulator in Chromium"
  : `the dev simulator in Chromium (SKIPPED: no browser at ${CHROMIUM}; install Debian's chromium to run it)`

describe.skipIf(!hasChromium)(title, () => {
  it.live("a thread of twenty exchanges scrolls, survives a reload and a restart, and shows an opt-out", () =>
    Effect.gen(function*() {
      const dataDir = yield* Effect.acquireRelease(
        promise(() => mkdtemp(join(tmpdir(), "jules-simulator-"))),
        (dir) => promise(() => rm(dir, { recursive: true, force: true }))
      )
      const env = {
        PORT: "0",
        HOST: "127.0.0.1",
        JULES_DATA_DIR: dataDir,
        JULES_ENCRYPTION_KEYS: ENCRYPTION_KEYS,
        BURST_WINDOW_MS: "0"
      }
      // Starting the server (creating the database) is most of the test's time: launch the browser meanwhile.
      const [browser, first] = yield* Effect.all([launch, spawnServer({ env })], { concurrency: 2 })
      const page = yield* openPage(browser)
      yield* openThread(page, first.url, PHONE)
      assert.deepStrictEqual(yield* threadOf(page), [])
      assert.isFalse(yield* bannerShown(page))

      // The first text: the AI notice, then the offline explanation.
      const bodies = Array.from({ length: EXCHANGES }, (_, i) => `exchange ${i + 1}: how is your day going?`)
      yield* exchange(page, bodies[0]!, 2)
      const opening = yield* threadOf(page)
      assert.strictEqual(opening[0], `you: ${bodies[0]}`)
      assert.strictEqual(opening[1], `jules: ${copy.aiNotice}`)
      assert.include(opening[2]!, "without a language model")
      yield* promise(() => page.locator(".status", { hasText: /^delivered to Jules$/ }).waitFor({ timeout: 5_000 }))

      // Nineteen more: one reply each, no second AI notice, and the thread scrolls like a phone's.
      for (let i = 1; i < EXCHANGES; i++) yield* exchange(page, bodies[i]!, i + 2)
      const thread = yield* threadOf(page)
      assert.strictEqual(thread.length, 2 * EXCHANGES + 1)
      assert.deepStrictEqual(thread.filter((line) => line.startsWith("you: ")), bodies.map((body) => `you: ${body}`))
      assert.strictEqual(thread.filter((line) => line === `jules: ${copy.aiNotice}`).length, 1)
      // Only the latest text says how its sending went.
      const oneStatus = `document.querySelectorAll("#thread .status").length === 1`
      yield* promise(() => page.waitForFunction(oneStatus, undefined, { timeout: 5_000 }))
      yield* assertScrollsLikeAPhone(page)

      // A reload: the number is remembered, and both sides come back in order.
      yield* promise(() => page.reload())
      yield* promise(async () => {
        await waitConnected(page)
        await page.locator("#send:enabled").waitFor({ timeout: 15_000 })
      })
      assert.strictEqual(yield* promise(() => page.inputValue("#phone")), PHONE)
      assert.deepStrictEqual(yield* threadOf(page), thread)
      yield* assertScrollsLikeAPhone(page)

      // A restart on the same data directory: nothing in memory, everything from the database.
      first.kill("SIGTERM")
      assert.strictEqual((yield* first.exited).code, 0)
      const second = yield* spawnServer({ env })
      yield* openThread(page, second.url, PHONE)
      assert.deepStrictEqual(yield* threadOf(page), thread)
      yield* assertScrollsLikeAPhone(page)
      assert.isFalse(yield* bannerShown(page))
      // What the page read: `/dev/history`, from the stores.
      const history = yield* getJson(`${second.url}/dev/history?phone=${encodeURIComponent(PHONE)}`)
      assert.strictEqual(history.status, 200)
      assert.strictEqual(history.json.consent, "opted_in")
      assert.deepStrictEqual(history.json.texts.map((text) => `${text.from}: ${text.body}`), thread)
      assert.deepStrictEqual((yield* getJson(`${second.url}/dev/history?phone=%2B15555550199`)).json, {
        consent: null,
        texts: []
      })
      assert.strictEqual((yield* getJson(`${second.url}/dev/history?phone=nope`)).status, 400)

      // STOP: confirmed once, and the page says the number opted out, also after a reload.
      yield* exchange(page, "STOP", EXCHANGES + 2)
      yield* promise(() => page.locator("#opted-out").waitFor({ state: "visible", timeout: 15_000 }))
      assert.strictEqual((yield* threadOf(page)).at(-1), `jules: ${copy.optOutConfirmation}`)
      assert.include(yield* promise(() => page.locator("#opted-out").innerText()), "START to rejoin")
      yield* assertScrollsLikeAPhone(page)
      yield* promise(() => page.screenshot({ path: SCREENSHOT }))
      yield* promise(() => page.reload())
      yield* promise(() => page.locator("#opted-out").waitFor({ state: "visible", timeout: 15_000 }))
      assert.deepStrictEqual(
        (yield* threadOf(page)).slice(-2),
        ["you: STOP", `jules: ${copy.optOutConfirmation}`]
      )
      yield* assertScrollsLikeAPhone(page)

      // START: welcomed back, and the banner goes.
      yield* exchange(page, "START", EXCHANGES + 3)
      yield* promise(() => page.locator("#opted-out").waitFor({ state: "hidden", timeout: 15_000 }))
      assert.strictEqual((yield* threadOf(page)).at(-1), `jules: ${copy.optInConfirmation}`)

      assertNothingLogged([first, second], bodies)
    }), { timeout: 120_000 })
})
