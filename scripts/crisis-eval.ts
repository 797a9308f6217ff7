/**
 * Evaluates the crisis screen on a labelled, gzipped CSV
 * (columns id, source, label, proposed_class, n_chars, text).
 *
 *   pnpm crisis:eval [path] [--loso | --cv] [--folds K] [--seed N] [--ids]
 *     path     default: ../shared/data/crisis/dev.csv.gz
 *     --loso   leave one source out: for each train source, train the model on
 *              the other train sources only (same seed as the shipped model)
 *              and screen the left-out source with it.
 *     --cv     within-source cross-validation, the estimate of how the shipped
 *              model does on held-out rows of the same sources: the rows of
 *              every train source are dealt into K seeded folds (default 5),
 *              stratified by source and label; for each fold the model is
 *              retrained on the other folds with the shipped training code
 *              (its thresholds chosen by inner folds of that training part
 *              only) and screens the held-out fold; results pool over folds.
 *     In both modes eval-only sources (the Twitter sets, TroFi) are never
 *     trained on: they are screened by the shipped model.
 *     --ids    list misses of positive targets and flags of negative targets, by id
 *
 * Per source it reports, for crisis-labelled rows (proposed_class starting with
 * suicide_selfharm, violence or abuse), recall (any severity but none), how
 * often the predicted category matches, and the imminent share; for rows
 * labelled none, the flag rate; then the acceptance targets and a confusion
 * table. Rows whose class is unknown(...), review or harmful_request are
 * reported apart ("other"); C-SSRS Supportive/Indicator users as "watch".
 *
 * The rows are real people's words: this script prints figures and ids only, never text.
 */
import { resolve } from "node:path"
import { parseArgs } from "node:util"
import { makeCrisisScreen, screenCrisis } from "../packages/core/src/policy/CrisisScreen.ts"
import { loadModel } from "../packages/core/src/policy/crisis/Model.ts"
import { normalizeForScreen } from "../packages/core/src/policy/crisis/Normalize.ts"
import { DEFAULT_DATA, isTrainSource, readLexicon, readRows } from "../packages/core/scripts/crisis-data.ts"
import type { Row } from "../packages/core/scripts/crisis-data.ts"
import { DEFAULT_SEED, examplesOf, makeSpace, rowFolds, trainModel } from "../packages/core/scripts/crisis-learn.ts"
import { Report } from "../packages/core/scripts/crisis-report.ts"

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    loso: { type: "boolean", default: false },
    cv: { type: "boolean", default: false },
    folds: { type: "string", default: "5" },
    ids: { type: "boolean", default: false },
    seed: { type: "string", default: String(DEFAULT_SEED) }
  }
})
const path = resolve(positionals[0] ?? DEFAULT_DATA)
const rows = readRows(path)
const report = new Report()
const started = performance.now()
if (values.loso && values.cv) {
  process.stderr.write("crisis:eval: --loso and --cv are separate modes; pass one\n")
  process.exit(2)
}
const k = Number(values.folds)
if (!Number.isInteger(k) || k < 2) {
  process.stderr.write("crisis:eval: --folds must be an integer of at least 2\n")
  process.exit(2)
}
const mode = values.loso ? "leave one source out" : values.cv ? `${k}-fold cross-validation within sources` : "shipped model"
const lines: Array<string> = [`crisis:eval  ${path}  mode: ${mode}`]

const screenAll = (screen: (text: string) => ReturnType<typeof screenCrisis>, subset: ReadonlyArray<Row>): void => {
  for (const row of subset) report.add(row, screen(row.text))
}

if (!values.loso && !values.cv) {
  screenAll(screenCrisis, rows)
  lines.push("train sources are in-sample for the shipped model when this is the data it was trained on: see --cv and --loso")
} else {
  const seed = Number(values.seed)
  const constructs = readLexicon()
  const space = makeSpace(constructs)
  const trainRows = rows.filter((row) => isTrainSource(row.source))
  const examples = examplesOf(space, trainRows)
  /** Trains on the examples `inTrain` keeps and screens the train rows it does not. */
  const heldOut = (name: string, inTrain: (i: number) => boolean): void => {
    const foldStarted = performance.now()
    const model = trainModel(space, constructs, examples.filter((_, i) => inTrain(i)), seed)
    const screen = makeCrisisScreen(loadModel(model, normalizeForScreen))
    screenAll(screen.screenCrisis, trainRows.filter((_, i) => !inTrain(i)))
    lines.push(
      `${name.padEnd(40)} thresholds ${model.heads.map((h) => `${h.name} ${h.threshold}`).join(", ")}` +
        `  (${((performance.now() - foldStarted) / 1000).toFixed(1)} s)`
    )
  }
  if (values.loso) {
    for (const left of [...new Set(trainRows.map((row) => row.source))].sort()) {
      heldOut(`left out ${left}`, (i) => trainRows[i]!.source !== left)
    }
  } else {
    const folds = rowFolds(trainRows, k, seed)
    for (let fold = 0; fold < k; fold++) heldOut(`held-out fold ${fold + 1}/${k}`, (i) => folds[i] !== fold)
    lines.push(`train sources: pooled over the ${k} held-out folds (seed ${seed})`)
  }
  screenAll(screenCrisis, rows.filter((row) => !isTrainSource(row.source)))
  lines.push("eval-only sources (never trained on): the shipped model")
}

lines.push(`${rows.length} rows in ${((performance.now() - started) / 1000).toFixed(1)} s`)
lines.push("")
lines.push(report.render({ ids: values.ids }))
lines.push("")
lines.push("recall: crisis rows flagged (any severity but none); cat.ok: predicted category matches;")
lines.push("flag: none rows flagged; other: unknown(...)/review/harmful_request classes, counted in neither;")
lines.push("watch: C-SSRS Supportive/Indicator users, not crisis for recall.")
process.stdout.write(lines.join("\n") + "\n")
