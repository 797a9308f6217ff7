/** Seeded randomness and cross-validation folds for the crisis model's training and evaluation. */
import type { Row } from "./crisis-data.ts"

/** Mulberry32: a small seeded generator. */
export const seeded = (seed: number): (() => number) => {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** Fisher-Yates, in place, drawing from `random`. */
export const shuffle = <A>(list: Array<A>, random: () => number): void => {
  for (let i = list.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1))
    const t = list[i]!
    list[i] = list[j]!
    list[j] = t
  }
}

/**
 * Seeded row folds for cross-validation, stratified by source and label (each
 * (source, label) group is shuffled and dealt round the folds from a random
 * offset). C-SSRS rows are users (one row each), so no user spans two folds.
 */
export const rowFolds = (rows: ReadonlyArray<Row>, k: number, seed: number): Int8Array => {
  const random = seeded(seed ^ 0x2545f491)
  const folds = new Int8Array(rows.length)
  const groups = new Map<string, Array<number>>()
  rows.forEach((row, i) => {
    const key = `${row.source}|${row.label}`
    const list = groups.get(key) ?? []
    list.push(i)
    groups.set(key, list)
  })
  let offset = 0
  for (const key of [...groups.keys()].sort()) {
    const list = groups.get(key)!
    shuffle(list, random)
    // continue dealing where the last group stopped, so small groups spread over the folds
    list.forEach((at, n) => (folds[at] = (n + offset) % k))
    offset = (offset + list.length) % k
  }
  return folds
}
