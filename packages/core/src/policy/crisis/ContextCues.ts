/**
 * Words that mean little in one text but carry on a distress the person has
 * already voiced: "i've been thinking about how i'd do it", "i'm so tired of
 * everything", "i'm done". `screenConversation` (CrisisScreen.ts) counts a
 * text with one of them as distressed; alone they never flag anything.
 * Tiredness or loneliness alone ("so tired", "alone") is not on the list: it
 * is everyday, and three such texts in a row must not make a concern.
 * Expressions over the normal form (Normalize.ts).
 */
const CUES = [
  // the act, said of oneself: "how i'd do it", "i'm going to end it", never "who did it"
  String.raw`how i (?:would|will|could|might|am going to|would ever) (?:do|end) it`,
  String.raw`\bi (?:am |was )?(?:going to|gonna|want to|wanna|will|could|might|should|just want to) (?:just )?(?:do|end|go through with|finish) it\b`,
  String.raw`\b(?:end|ending|ended) it all\b`,
  String.raw`\b(?:my plan|i have a plan|i made a plan)\b`,
  String.raw`it (?:will|would) (?:all )?be over|be over soon|(?:will|would) not be (?:here|around)`,
  String.raw`\bi am (?:so |just )?done\b(?! with\b)(?! for\b)|done with (?:everything|it all|all of it|life|living)`,
  String.raw`can not (?:do this anymore|take it anymore|take this anymore|go on|keep going)`,
  String.raw`tired of (?:everything|it all|all of it|trying|fighting|being alive|living)`,
  String.raw`what is the point of (?:living|anything|going on|trying|it all)|no point (?:in )?(?:living|going on|trying|anymore)`,
  String.raw`(?:this is|saying) goodbye|goodbye (?:forever|everyone)`,
  String.raw`(?:nobody|no one) (?:cares|would (?:even )?(?:care|notice|miss)|will (?:even )?(?:notice|miss))`,
  String.raw`hate (?:myself|my life|being alive)`,
  String.raw`\bi am (?:so |such )?(?:worthless|hopeless|a burden|trapped)|feel (?:so |really |very |completely )?(?:numb|empty|hopeless|trapped|worthless|like a burden)`,
  String.raw`giv(?:e|ing)(?: it all)? up on (?:life|everything|myself|living)|gave up on (?:life|everything|myself|living)`,
  String.raw`(?:want|wish i could|wanna) (?:to )?disappear|not wake up|sleep forever`,
  String.raw`if i (?:just )?(?:disappeared|vanished|was gone|were gone|was not here|were not here|was not around)`,
  String.raw`nothing (?:i do )?matters`,
  String.raw`(?:everyone|everybody|they) (?:would|will) be (?:fine|better|happier)(?: off)? (?:without me|if i)`,
  String.raw`(?:the|my) pain (?:will|would) (?:finally )?stop`
]

/**
 * Each cue is said of oneself or of life as a whole, never an everyday phrase
 * that shares its words ("who did it", "the plan for saturday", "goodbye!").
 */
export const CONTEXT_CUE = new RegExp(`(?:${CUES.join("|")})`)
