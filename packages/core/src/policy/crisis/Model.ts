/**
 * The crisis model: two logistic regressions over the features of
 * Features.ts, one for self-directed risk (suicide or self-harm) and one for
 * violence against others. Trained offline by `pnpm crisis:train` on the data
 * sources marked "train" only, and shipped as data (ModelWeights.ts): the
 * hashed weights quantised to int8 (base64), the dense weights as numbers.
 *
 * Abuse has too few labelled examples to learn from; the rules alone find it.
 */
import type { DocumentData, DocumentLayout } from "./Document.ts"
import { documentLayout } from "./Document.ts"
import type { Constructs, FeatureSpace, SparseVector } from "./Features.ts"
import { featureSpace } from "./Features.ts"

export type HeadName = "self" | "violence"

/** One head as shipped: `hashed` is base64 of int8 weights, each times `scale`. */
export interface HeadData {
  readonly name: HeadName
  readonly bias: number
  readonly scale: number
  readonly hashed: string
  readonly dense: ReadonlyArray<number>
  /** Probability at or above which the head alone makes a concern (chosen on held-out training rows). */
  readonly threshold: number
}

export interface CrisisModelData {
  readonly version: 1
  /** Seed of the training run (shuffles and folds). */
  readonly seed: number
  readonly bits: number
  readonly constructs: Constructs
  readonly heads: ReadonlyArray<HeadData>
  /** The document stage for long texts (Document.ts); absent in older models. */
  readonly document?: DocumentData | undefined
}

export interface Head {
  readonly name: HeadName
  readonly bias: number
  /** Dequantised weights over the whole feature space (hashed, then dense). */
  readonly weights: Float32Array
  readonly threshold: number
}

export interface CrisisModel {
  readonly space: FeatureSpace
  readonly self: Head
  readonly violence: Head
  /** The document stage, when the model has one that may speak. */
  readonly document: { readonly data: DocumentData; readonly layout: DocumentLayout } | undefined
}

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
const DECODE = new Int16Array(128).fill(-1)
for (let i = 0; i < ALPHABET.length; i++) DECODE[ALPHABET.charCodeAt(i)] = i

/** Standard base64 (padding optional) to bytes; characters outside the alphabet are skipped. */
export const decodeBase64 = (text: string): Uint8Array => {
  const out = new Uint8Array(Math.floor((text.length * 3) / 4))
  let bits = 0
  let buffer = 0
  let size = 0
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i)
    const value = code < 128 ? DECODE[code]! : -1
    if (value < 0) continue
    buffer = (buffer << 6) | value
    bits += 6
    if (bits >= 8) {
      bits -= 8
      out[size++] = (buffer >>> bits) & 0xff
    }
  }
  return out.subarray(0, size)
}

/** Bytes to standard base64 with padding. */
export const encodeBase64 = (bytes: Uint8Array): string => {
  let out = ""
  let i = 0
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!
    out += ALPHABET[n >>> 18]! + ALPHABET[(n >>> 12) & 63]! + ALPHABET[(n >>> 6) & 63]! + ALPHABET[n & 63]!
  }
  const rest = bytes.length - i
  if (rest === 1) {
    const n = bytes[i]! << 16
    out += ALPHABET[n >>> 18]! + ALPHABET[(n >>> 12) & 63]! + "=="
  } else if (rest === 2) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8)
    out += ALPHABET[n >>> 18]! + ALPHABET[(n >>> 12) & 63]! + ALPHABET[(n >>> 6) & 63]! + "="
  }
  return out
}

const loadHead = (data: HeadData, space: FeatureSpace): Head => {
  const weights = new Float32Array(space.denseStart + space.denseCount)
  const bytes = decodeBase64(data.hashed)
  const n = Math.min(bytes.length, space.denseStart)
  for (let i = 0; i < n; i++) weights[i] = ((bytes[i]! << 24) >> 24) * data.scale
  data.dense.forEach((w, i) => {
    if (i < space.denseCount) weights[space.denseStart + i] = w
  })
  return { name: data.name, bias: data.bias, weights, threshold: data.threshold }
}

/** Builds a usable model from its shipped data; `normalize` is the screen's normaliser (for the lexicon). */
export const loadModel = (data: CrisisModelData, normalize: (text: string) => string): CrisisModel => {
  const space = featureSpace(data.bits, data.constructs, normalize)
  const head = (name: HeadName): Head => {
    const found = data.heads.find((h) => h.name === name)
    return found === undefined
      ? { name, bias: -20, weights: new Float32Array(space.denseStart + space.denseCount), threshold: 1 }
      : loadHead(found, space)
  }
  const document = data.document !== undefined && data.document.threshold < 1
    ? { data: data.document, layout: documentLayout(space.constructs) }
    : undefined
  return { space, self: head("self"), violence: head("violence"), document }
}

/** The logistic probability of a head for a feature vector. */
export const probability = (head: Head, features: SparseVector): number => {
  let z = head.bias
  const { indices, values, size } = features
  const { weights } = head
  for (let i = 0; i < size; i++) z += weights[indices[i]!]! * values[i]!
  return 1 / (1 + Math.exp(-z))
}
