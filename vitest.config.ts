import { defineConfig } from "vitest/config"

// Workspace packages resolve to their TypeScript sources, so tests never
// depend on a stale dist/. Vite applies `resolve.conditions` to the client
// environment only; tests run in the SSR environment.
const conditions = ["@jules/source"]

export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions } },
  test: {
    include: ["packages/*/test/**/*.test.ts"],
    // As the server does (packages/server/src/RegexpTierUp.ts): the crisis rules compile in 0.2 s, not 2-4 s.
    execArgv: ["--no-regexp-tier-up"],
    testTimeout: 30_000,
    hookTimeout: 60_000
  }
})
