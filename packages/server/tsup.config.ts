import { defineConfig } from "tsup"
import base from "../../tsup.config.base.ts"

// The shared build, plus the entry point `node dist/main.js` runs and the turn thread's (`TurnThread`).
export default defineConfig({ ...base, entry: ["src/index.ts", "src/main.ts", "src/TurnThreadMain.ts"] })
