import { defineConfig } from "vitest/config"

export default defineConfig({
  resolve: {
    // Workspace packages resolve to their TypeScript sources, so tests never
    // depend on a stale dist/.
    conditions: ["@jules/source"]
  },
  test: {
    include: ["packages/*/test/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000
  }
})
