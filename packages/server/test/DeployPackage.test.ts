/**
 * Issue 14, acceptance 4: the deployment package, built by
 * `scripts/build-image-contents.sh` (the script the Dockerfile runs), starts
 * on PostgreSQL as the image starts it (`node dist/main.js`, production
 * settings) and answers `/health/ready`, a text and an admin call.
 *
 * CI builds the package in `.ci/run` and names it in `JULES_DEPLOY_DIR`;
 * without it (or without `TEST_DATABASE_URL`) the test is skipped, saying why.
 */
import { assert, describe, it } from "@effect/vitest"
import { FakeTwilioServer } from "@jules/testkit"
import { Effect } from "effect"
import { existsSync, readdirSync, readFileSync } from "node:fs"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { call, TOKEN } from "./support/Admin.ts"
import { spawnServer } from "./support/ChildServer.ts"
import { ENCRYPTION_KEYS, postgresUrl, scratchPostgres } from "./support/Databases.ts"
import * as EchoModel from "./support/EchoModel.ts"
import * as P from "./support/Providers.ts"

const ROOT = fileURLToPath(new URL("../../../", import.meta.url))
const deployDir = process.env["JULES_DEPLOY_DIR"] || undefined
const skipReason = deployDir === undefined
  ? "JULES_DEPLOY_DIR is not set: run scripts/build-image-contents.sh <dir> and set JULES_DEPLOY_DIR=<dir> (.ci/run does)"
  : postgresUrl === undefined
  ? "TEST_DATABASE_URL is not set: the deployment package is started on PostgreSQL"
  : undefined
if (skipReason !== undefined) console.warn(`DeployPackage skipped: ${skipReason}`)

describe("the Dockerfile's build steps", () => {
  it("live in scripts/build-image-contents.sh, which the image runs and which produces dist/main.js", () => {
    const dockerfile = readFileSync(join(ROOT, "Dockerfile"), "utf8")
    assert.match(dockerfile, /^RUN scripts\/build-image-contents\.sh \/app$/m)
    assert.match(dockerfile, /^CMD \["node", "dist\/main\.js"\]$/m)
    assert.match(dockerfile, /^USER node$/m)
    assert.match(dockerfile, /^HEALTHCHECK .*\n?.*\/health\/ready/m)
    assert.match(readFileSync(join(ROOT, "scripts/build-image-contents.sh"), "utf8"), /deploy --prod/)
  })
})

describe.skipIf(skipReason !== undefined)("the deployment package", () => {
  it("holds compiled JavaScript and production dependencies only", () => {
    const dir = deployDir!
    assert.isTrue(existsSync(join(dir, "dist/main.js")))
    assert.isFalse(existsSync(join(dir, "src")), "no TypeScript sources")
    const modules = readdirSync(join(dir, "node_modules/.pnpm"))
    for (const dev of ["vitest@", "typescript@", "tsup@", "@jules+testkit", "playwright-core@", "@readme+openapi-parser@"]) {
      assert.isFalse(modules.some((name) => name.startsWith(dev)), `${dev} is a development dependency`)
    }
    assert.isTrue(existsSync(join(dir, "node_modules/@jules/core/dist/index.js")))
    assert.isFalse(existsSync(join(dir, "node_modules/@jules/core/src")))
  })

  it.live("starts on PostgreSQL with a production configuration: ready, answers a text and an admin call, stops cleanly", () =>
    Effect.gen(function*() {
      const fakeTwilio = yield* FakeTwilioServer.make()
      const model = yield* EchoModel.make
      const server = yield* spawnServer({
        args: ["dist/main.js"],
        cwd: deployDir!,
        env: {
          DATABASE_URL: yield* scratchPostgres(postgresUrl!),
          JULES_ENCRYPTION_KEYS: ENCRYPTION_KEYS,
          ...P.twilioEnv(fakeTwilio),
          ...model.env,
          NODE_ENV: "production",
          JULES_SUPPORT_CONTACT: "help@jules.example",
          ADMIN_API_TOKEN: TOKEN,
          BURST_WINDOW_MS: "100",
          HOST: "127.0.0.1",
          PORT: "0"
        }
      })
      const ready = yield* P.request(`${server.url}/health/ready`, {})
      assert.strictEqual(ready.status, 200, server.output.join("\n"))
      const phone = "+15555550166"
      const text = yield* P.postTwilio(server.url, "/webhooks/twilio/sms", P.inboundParams({ from: phone, body: "hi #deploy" }), {
        authToken: fakeTwilio.authToken
      })
      assert.strictEqual(text.status, 200)
      const sent = yield* fakeTwilio.awaitSent(2).pipe(Effect.timeout("30 seconds"))
      assert.isTrue(sent.some((m) => m.to === phone && m.body.includes("(#deploy)")))
      const year = new Date().getUTCFullYear()
      const report = yield* call(server, "GET", `/admin/reports/sb243/${year}`)
      assert.strictEqual(report.status, 200, report.body)
      assert.strictEqual((yield* call(server, "GET", "/admin/openapi.json", { token: null })).status, 200)
      server.kill("SIGTERM")
      assert.strictEqual((yield* server.exited).code, 0)
      for (const line of server.output) {
        assert.notInclude(line, phone.slice(2))
        assert.notInclude(line, TOKEN)
      }
    }).pipe(Effect.scoped), { timeout: 120_000 })
})
