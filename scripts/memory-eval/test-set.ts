/**
 * The final check: exchanges written before the last round of rule changes
 * (made looking at `held-out.ts` misses), and never looked at while changing
 * the rules: precision 0.920, recall 0.742 before that round. Written by the
 * same team as the rules, so still an optimistic estimate. Same format and kinds.
 */
import type { Exchange, Kind } from "./exchanges.ts"

const x = (kind: Kind, them: string, facts: ReadonlyArray<string> = []): Exchange => ({ kind, them, facts })

export const testSet: ReadonlyArray<Exchange> = [
  x("plain", "My name is Oliver.", ["Their name is Oliver."]),
  x("plain", "I live in Kansas City.", ["They live in Kansas City."]),
  x("plain", "I work as a librarian.", ["They work as a librarian."]),
  x("plain", "My wife is called Grace.", ["Their wife is called Grace."]),
  x("plain", "I have three cats.", ["They have three cats."]),
  x("plain", "I'm gluten intolerant.", ["They are gluten intolerant."]),
  x("casual", "hii im Sofia", ["Their name is Sofia."]),
  x("casual", "Marco here lol", ["Their name is Marco."]),
  x("casual", "my lab Duke keeps stealing socks", ["Their lab is called Duke."]),
  x("casual", "im a line cook", ["They work as a line cook."]),
  x("casual", "i'm an icu nurse", ["They work as an ICU nurse."]),
  x("casual", "they/them pls", ["They use they/them pronouns."]),
  x("casual", "keep ur texts short", ["They prefer short replies."]),
  x("casual", "livin in austin these days", ["They live in Austin."]),
  x("casual", "my bf Chris is asleep", ["Their boyfriend is called Chris."]),
  x("casual", "my nephew Tyler is staying over", ["Their nephew is called Tyler."]),
  x("casual", "we adopted a kitten!!", ["They have a kitten."]),
  x("misspelt", "my nmae is Hannah", ["Their name is Hannah."]),
  x("misspelt", "im a pharmasist", ["They work as a pharmacist."]),
  x("misspelt", "i live in pheonix", ["They live in Pheonix."]),
  x("misspelt", "my brothr is called Luke", ["Their brother is called Luke."]),
  x("misspelt", "im alergic to cats", ["They are allergic to cats."]),
  x("indirect", "closing shift at Target again ugh", ["They work at Target."]),
  x("indirect", "feeding Mochi, my cat, then bed", ["Their cat is called Mochi."]),
  x("indirect", "it's raining again here in Seattle", ["They live in Seattle."]),
  x("indirect", "being a teacher is exhausting this time of year", ["They work as a teacher."]),
  x("indirect", "I'm Rosa and I live in Miami", ["Their name is Rosa.", "They live in Miami."]),
  x("corrected", "I live in Tampa, sorry I mean Orlando", ["They live in Orlando."]),
  x("corrected", "my dog is called Bo. oops, Beau", ["Their dog is called Beau."]),
  x("corrected", "I'm a teacher - I mean a teaching assistant", ["They work as a teaching assistant."]),
  x("none", "I'm Tired of this"),
  x("none", "hey I'm here"),
  x("none", "where do you live?"),
  x("none", "my friend lives in Denver"),
  x("none", "I might move to Austin"),
  x("none", "I don't have any pets"),
  x("none", "I'm a little stressed"),
  x("none", "I used to work at Target"),
  x("none", "I'm Confused"),
  x("none", "my coworker is a nurse")
]
