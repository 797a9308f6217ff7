/**
 * Passages of a long text, for the model: risk in a long message (a burst of
 * texts, a pasted post) sits in its worst passage, and averaging over the whole
 * text dilutes it. Texts up to `LONG_TEXT` characters are read whole; longer
 * ones also passage by passage: runs of whole sentences of up to `PASSAGE`
 * characters, each starting halfway through the previous one.
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

/** The passages of a normal form (Normalize.ts) longer than `LONG_TEXT`; none for shorter ones. */
export const passagesOf = (normal: string): Array<string> => {
  if (normal.length <= LONG_TEXT) return []
  const sentences = sentencesOf(normal)
  const passages: Array<string> = []
  let i = 0
  while (i < sentences.length) {
    let length = sentences[i]!.length
    let j = i + 1
    while (j < sentences.length && length + SENTENCE.length + sentences[j]!.length <= PASSAGE) length += SENTENCE.length + sentences[j++]!.length
    passages.push(sentences.slice(i, j).join(SENTENCE))
    if (j >= sentences.length) break
    // the next passage starts halfway through this one, so a sign across the boundary is read whole
    i = Math.max(i + 1, Math.floor((i + j) / 2))
  }
  if (passages.length <= MAX_PASSAGES) return passages
  const step = passages.length / MAX_PASSAGES
  return Array.from({ length: MAX_PASSAGES }, (_, k) => passages[Math.floor(k * step)]!)
}
