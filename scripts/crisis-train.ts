/**
 * Trains the crisis model and writes it as a TypeScript data module,
 * packages/core/src/policy/crisis/ModelWeights.ts.
 *
 *   pnpm crisis:train [--seed N] [--data path.csv.gz] [--out path.ts]
 *
 * Learns only from the sources marked "train" in the data README (see
 * TRAIN_SOURCES); the Twitter sets and TroFi are never read for training.
 * The lexicon constructs come from the Suicide Risk Lexicon CSVs beside the
 * data. Deterministic: the same seed and data give a byte-identical module.
 * Prints figures only, never text.
 */
import { writeFileSync } from "node:fs"
import { resolve } from "node:path"
import { parseArgs } from "node:util"
import { DEFAULT_DATA, isTrainSource, readLexicon, readRows } from "../packages/core/scripts/crisis-data.ts"
import { DEFAULT_SEED, examplesOf, makeSpace, trainModel } from "../packages/core/scripts/crisis-learn.ts"
import { renderModule } from "../packages/core/scripts/crisis-module.ts"

const { values } = parseArgs({
  options: {
    seed: { type: "string", default: String(DEFAULT_SEED) },
    data: { type: "string", default: DEFAULT_DATA },
    out: { type: "string", default: resolve(import.meta.dirname, "..", "packages/core/src/policy/crisis/ModelWeights.ts") }
  }
})
const seed = Number(values.seed)
if (!Number.isInteger(seed) || seed < 0) {
  process.stderr.write("crisis:train: --seed must be a non-negative integer\n")
  process.exit(2)
}

const started = performance.now()
const constructs = readLexicon()
const rows = readRows(resolve(values.data)).filter((row) => isTrainSource(row.source))
const space = makeSpace(constructs)
const examples = examplesOf(space, rows)
const featured = performance.now()
const model = trainModel(space, constructs, examples, seed)
const trained = performance.now()
const module = renderModule(model)
writeFileSync(values.out, module)

const sources = new Map<string, number>()
for (const row of rows) sources.set(row.source, (sources.get(row.source) ?? 0) + 1)
process.stdout.write(
  [
    `crisis:train  seed ${seed}`,
    `train rows: ${[...sources].map(([s, n]) => `${s} ${n}`).join(", ")}`,
    `lexicon: ${constructs.length} constructs, ${constructs.reduce((n, [, p]) => n + p.length, 0)} phrases`,
    `features ${((featured - started) / 1000).toFixed(1)} s, training ${((trained - featured) / 1000).toFixed(1)} s`,
    ...model.heads.map((h) => `head ${h.name}: threshold ${h.threshold}, bias ${h.bias}`),
    `wrote ${values.out} (${(Buffer.byteLength(module) / 1024).toFixed(0)} KiB)`
  ].join("\n") + "\n"
)
