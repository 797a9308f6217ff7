import { assert, describe, it } from "@effect/vitest"
import * as fc from "fast-check"
import * as RecentlyUsed from "../src/RecentlyUsed.ts"

describe("RecentlyUsed", () => {
  it("keeps at least the last `size` keys used, with their latest value, and never invents one (property)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 8 }),
        fc.array(fc.tuple(fc.boolean(), fc.integer({ min: 0, max: 20 }), fc.integer()), { maxLength: 200 }),
        (size, steps) => {
          const memory = RecentlyUsed.make<number, number>(size)
          const latest = new Map<number, number>()
          const used: Array<number> = []
          for (const [isSet, key, value] of steps) {
            if (isSet) {
              assert.strictEqual(memory.set(key, value), value)
              latest.set(key, value)
              used.push(key)
            } else {
              const found = memory.get(key)
              if (found !== undefined) {
                assert.strictEqual(found, latest.get(key))
                used.push(key)
              }
            }
            // The last `size` distinct keys used are all still there.
            const lastKeys = [...new Set([...used].reverse())].slice(0, size)
            for (const k of lastKeys) assert.strictEqual(memory.get(k), latest.get(k))
          }
        }
      ),
      { numRuns: 300 }
    )
  })

  it("a value read between others stays, however many others come and go", () => {
    const memory = RecentlyUsed.make<string, string>(2)
    memory.set("number", "indexes")
    for (let i = 0; i < 50; i++) {
      memory.set(`other ${i}`, "…")
      assert.strictEqual(memory.get("number"), "indexes", `after ${i + 1} others`)
    }
    assert.strictEqual(memory.get("other 0"), undefined)
  })
})
