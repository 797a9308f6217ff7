/**
 * Exchanges written after the offline rules were tuned on `exchanges.ts`.
 * First scored unseen (precision 0.950, recall 0.594); a second round of rule
 * changes then looked at their misses, so they are no longer unseen:
 * `test-set.ts` is. Same format and kinds.
 */
import type { Exchange, Kind } from "./exchanges.ts"

const x = (kind: Kind, them: string, facts: ReadonlyArray<string> = []): Exchange => ({ kind, them, facts })

export const heldOut: ReadonlyArray<Exchange> = [
  x("plain", "My name is Harriet.", ["Their name is Harriet."]),
  x("plain", "I live in Sacramento.", ["They live in Sacramento."]),
  x("plain", "I work as an electrician.", ["They work as an electrician."]),
  x("plain", "My brother is named Felix.", ["Their brother is called Felix."]),
  x("plain", "I have two dogs.", ["They have two dogs."]),
  x("plain", "I'm allergic to bees.", ["They are allergic to bees."]),
  x("casual", "heya, im Dominic", ["Their name is Dominic."]),
  x("casual", "Wren here, hi!", ["Their name is Wren."]),
  x("casual", "me n my cat Noodle are chilling", ["Their cat is called Noodle."]),
  x("casual", "my husky Thor howls at sirens lmao", ["Their husky is called Thor."]),
  x("casual", "im a paramedic so my hours are wild", ["They work as a paramedic."]),
  x("casual", "i'm a 911 dispatcher", ["They work as a 911 dispatcher."]),
  x("casual", "pronouns she/they", ["They use she/they pronouns."]),
  x("casual", "pls keep replies short", ["They prefer short replies."]),
  x("casual", "i live in nyc", ["They live in NYC."]),
  x("casual", "just moved to Tucson!!", ["They live in Tucson."]),
  x("casual", "my fiance Alex is making dinner", ["Their fiance is called Alex."]),
  x("casual", "grandma June is visiting", ["Their grandma is called June."]),
  x("misspelt", "my name is Bethanny", ["Their name is Bethanny."]),
  x("misspelt", "im a docter", ["They work as a doctor."]),
  x("misspelt", "i live in san fransisco", ["They live in San Fransisco."]),
  x("misspelt", "my daugther is called Ivy", ["Their daughter is called Ivy."]),
  x("misspelt", "im vegen", ["They are vegan."]),
  x("indirect", "night shifts at the ER are killing me, nursing is hard", ["They work as a nurse."]),
  x("indirect", "taking Pepper, my beagle, to the vet", ["Their beagle is called Pepper."]),
  x("indirect", "the snow here in Anchorage is no joke", ["They live in Anchorage."]),
  x("indirect", "as a nurse, I see a lot", ["They work as a nurse."]),
  x("indirect", "I'm Joel, 28, from Texas", ["Their name is Joel.", "They are from Texas."]),
  x("corrected", "I'm in Reno - no wait, I live in Sparks", ["They live in Sparks."]),
  x("corrected", "my son is called Max, sorry, Maxwell", ["Their son is called Maxwell."]),
  x("corrected", "I work as a nurse, I mean a midwife", ["They work as a midwife."]),
  x("none", "I'm Hungry lol"),
  x("none", "hey I'm back"),
  x("none", "do you know where I live?"),
  x("none", "my cousin lives in Toronto"),
  x("none", "I'm thinking of getting a cat"),
  x("none", "I'd love to live in Hawaii"),
  x("none", "I'm not vegan"),
  x("none", "I'm a little nervous"),
  x("none", "my boss is driving me nuts"),
  x("none", "I used to be a teacher"),
  x("none", "I'm Worried about my exam")
]
