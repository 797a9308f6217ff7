/**
 * Deterministic everyday conversation for long-running tests and benchmarks:
 * what people text a companion, short and long, the same every run. Made here,
 * from no external data.
 */

/** A seeded pseudo-random source in [0, 1) (mulberry32): the same sequence for the same seed. */
export const seededRandom = (seed: number): () => number => {
  let state = seed
  return () => {
    state = (state + 0x6d2b79f5) | 0
    let t = Math.imul(state ^ (state >>> 15), 1 | state)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

export const pick = <A>(random: () => number, items: ReadonlyArray<A>): A => items[Math.floor(random() * items.length)]!

export const SHORT_TEXTS = ["ok", "lol yeah", "haha true", "same", "good night!", "morning :)", "ugh mondays", "thanks", "nice", "hmm maybe"]

export const SENTENCES = [
  "Work was long today and the new schedule has everyone a bit on edge.",
  "I finally tried that ramen place downtown and the broth was amazing.",
  "My neighbor keeps practicing the trumpet at odd hours, which is kind of funny honestly.",
  "We went for a long walk by the river and watched the geese for a while.",
  "I have been reading a mystery novel and I cannot figure out who did it.",
  "The weather turned cold so I pulled out all my sweaters from the closet.",
  "I am trying to get better at cooking, tonight it was a lentil soup that came out okay.",
  "A friend from college called out of the blue and we talked for an hour.",
  "I keep thinking about signing up for a pottery class on weekends.",
  "The bus was late again and I ended up walking most of the way."
]

/**
 * `opening` first, then until `turns` texts: a long text (several sentences)
 * with probability `longShare`, else a short one or a single sentence.
 */
export const everydayTexts = (options: {
  readonly turns: number
  readonly opening: ReadonlyArray<string>
  readonly seed: number
  readonly longShare: number
  readonly longSentences: { readonly min: number; readonly max: number }
}): ReadonlyArray<string> => {
  const random = seededRandom(options.seed)
  const { max, min } = options.longSentences
  const texts = [...options.opening]
  while (texts.length < options.turns) {
    const roll = random()
    texts.push(
      roll < options.longShare
        ? Array.from({ length: min + Math.floor(random() * (max - min + 1)) }, () => pick(random, SENTENCES)).join(" ")
        : roll < options.longShare + (1 - options.longShare) / 2
        ? pick(random, SHORT_TEXTS)
        : pick(random, SENTENCES)
    )
  }
  return texts
}
