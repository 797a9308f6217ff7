/**
 * Issue 14: `/admin/docs` (Swagger UI over `/admin/openapi.json`) in headless
 * Chromium (`/usr/bin/chromium`, skipped with a message when absent): the
 * page renders every route of the admin API, with nothing fetched from
 * another origin.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { existsSync } from "node:fs"
import { chromium } from "playwright-core"
import { TOKEN } from "./support/Admin.ts"
import { databaseEnv } from "./support/Databases.ts"
import { start } from "./support/TestServer.ts"

const CHROMIUM = "/usr/bin/chromium"
const hasChromium = existsSync(CHROMIUM)
if (!hasChromium) console.warn(`AdminDocs browser test skipped: no Chromium at ${CHROMIUM} (apt-get install chromium)`)

describe.skipIf(!hasChromium)("the admin docs page in Chromium", () => {
  it.live("renders the admin API's routes from the server alone", () =>
    Effect.gen(function*() {
      const server = yield* Effect.flatMap(databaseEnv("pglite"), (db) => start({ ...db, ADMIN_API_TOKEN: TOKEN }))
      const browser = yield* Effect.acquireRelease(
        Effect.promise(() =>
          chromium.launch({ executablePath: CHROMIUM, args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"] })
        ),
        (b) => Effect.promise(() => b.close())
      )
      const page = yield* Effect.promise(() => browser.newPage())
      const origins = new Set<string>()
      const errors: Array<string> = []
      page.on("request", (request) => void origins.add(new URL(request.url()).origin))
      page.on("pageerror", (error) => void errors.push(error.message))
      const response = yield* Effect.promise(() => page.goto(`${server.url}/admin/docs`))
      assert.strictEqual(response?.status(), 200)
      yield* Effect.promise(() => page.locator(".swagger-ui .opblock").first().waitFor({ timeout: 20_000 }))
      const paths = yield* Effect.promise(() => page.locator(".opblock-summary-path").allInnerTexts())
      const shown = new Set(paths.map((p) => p.replace(/\u200b/g, "").trim()))
      for (const path of ["/admin/people/lookup", "/admin/people/{userId}/export", "/admin/reports/sb243/{year}", "/admin/usage"]) {
        assert.isTrue(shown.has(path), `${path} is on the page (shown: ${[...shown].join(", ")})`)
      }
      assert.strictEqual(yield* Effect.promise(() => page.locator(".opblock").count()), 12)
      assert.deepStrictEqual([...origins], [server.url])
      assert.deepStrictEqual(errors, [])
    }).pipe(Effect.scoped), { timeout: 120_000 })
})
