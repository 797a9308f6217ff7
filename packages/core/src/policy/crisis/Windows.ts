/**
 * Passages of a long text, for the model: risk in a long message (a burst of
 * texts, a pasted post) sits in its worst passage, and averaging over the whole
 * text dilutes it. Texts up to `LONG_TEXT` characters are read whole; longer
 * ones also passage by passage: runs of whole sentences of up to `PASSAGE`
 * characters, each starting halfway through the previous one. A sign that
 * recurs in passages apart (`recurrence`) counts for more than one read once.
 */

/** Texts longer than this (in normalised characters) are also read in passages. */
export const LONG_TEXT = 600
/** About how long a passage is. */
export const PASSAGE = 280
/** At most this many passages are read (evenly spread), so the cost of a huge text stays bounded. */
export const MAX_PASSAGES = 48

const SENTENCE = " . "

/** Sentences of a normal form; a sentence longer than `PASSAGE` is cut into pieces on spaces. */
const sentencesOf = (normal: string): Array<string> => {
  const out: Array<string> = []
  for (const sentence of normal.split(SENTENCE)) {
    let rest = sentence
    while (rest.length > PASSAGE) {
      const cut = rest.lastIndexOf(" ", PASSAGE)
      const at = cut <= 0 ? PASSAGE : cut
      out.push(rest.slice(0, at))
      rest = rest.slice(at + 1)
    }
    if (rest.length > 0) out.push(rest)
  }
  return out
}

/** A passage and the sentences it spans (indexes into the text's sentences, `last` included). */
export interface Passage {
  readonly text: string
  readonly first: number
  readonly last: number
}

/** The passages of a normal form (Normalize.ts) longer than `LONG_TEXT`, with their sentence spans; none for shorter ones. */
export const passageSpansOf = (normal: string): Array<Passage> => {
  if (normal.length <= LONG_TEXT) return []
  const sentences = sentencesOf(normal)
  const passages: Array<Passage> = []
  let i = 0
  while (i < sentences.length) {
    let length = sentences[i]!.length
    let j = i + 1
    while (j < sentences.length && length + SENTENCE.length + sentences[j]!.length <= PASSAGE) length += SENTENCE.length + sentences[j++]!.length
    passages.push({ text: sentences.slice(i, j).join(SENTENCE), first: i, last: j - 1 })
    if (j >= sentences.length) break
    // the next passage starts halfway through this one, so a sign across the boundary is read whole
    i = Math.max(i + 1, Math.floor((i + j) / 2))
  }
  if (passages.length <= MAX_PASSAGES) return passages
  const step = passages.length / MAX_PASSAGES
  return Array.from({ length: MAX_PASSAGES }, (_, k) => passages[Math.floor(k * step)]!)
}

/** The passages of a normal form (Normalize.ts) longer than `LONG_TEXT`; none for shorter ones. */
export const passagesOf = (normal: string): Array<string> => passageSpansOf(normal).map((passage) => passage.text)

/**
 * How strongly a sign recurs in a long text: the largest `r` such that two
 * passages that share no sentence each score at least `r` (0 with fewer than
 * two such passages). One sentence read twice by overlapping passages does
 * not recur; the same worry told in two places of a post does.
 */
export const recurrence = (passages: ReadonlyArray<Passage>, scores: ArrayLike<number>): number => {
  let best = 0
  for (let a = 0; a < passages.length; a++) {
    const sa = scores[a]!
    if (sa <= best) continue
    for (let b = a + 1; b < passages.length; b++) {
      if (passages[b]!.first <= passages[a]!.last) continue
      const both = Math.min(sa, scores[b]!)
      if (both > best) best = both
    }
  }
  return best
}
