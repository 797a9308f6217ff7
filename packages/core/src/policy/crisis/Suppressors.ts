/**
 * What makes a matching phrase mean nothing: negation ("i would never kill
 * myself"), hyperbole ("this lecture is so long i want to die"), laughter ("kill me lol"),
 * stories, games, history and news ("in the movie he kills them all"),
 * quotations, and accidents ("cut myself while cooking").
 *
 * Each is a precompiled expression over normalised text, applied only to the
 * rules that opt into it (Rule.ts `Guard`): a negation of "want to die" is
 * reassurance, a negation of "want to live" is the signal itself.
 */

/**
 * A negation right before the matched phrase, with only auxiliaries and
 * fillers between them: "i do not want to die", "i would never kill myself",
 * "i am not going to hurt him", "no intention to hurt myself". "I can not stop
 * thinking about killing myself" is not one: "stop thinking about" sits between.
 */
export const NEGATION_BEFORE = new RegExp(
  String.raw`(?:\b(?:not|never|no longer|nor|without|nothing like)(?: (?:want|wanna|wanted|going|gonna|plan|planning|planned|intend|intending|try|trying|to|ever|really|actually|even|be|been|being|feel|feeling|am|have|had|would|will|could|should|just|that|i|seriously|truly|anymore|again|wish|desire|need|like|do|did|so|a|an|the|thinking|think|about|of|allowed|supposed|able|ready|currently|at all|in any way|any|considering|actively|tempted|gonna|got|get|getting|go|anywhere near))*|\bno (?:intention|intentions|plan|plans|desire|thoughts|thought|urge|urges|wish|reason|need|way i would|way i will)(?: (?:of|to|at all|whatsoever|about))*(?: [a-z]+){0,1}|\bdo not (?:think|believe) i (?:would|will|could|want to)(?: ever| really| actually)?|\b(?:stopped|quit) (?:wanting to|thinking about)) ?$`
)

/** Words after a negated phrase that undo the negation: "i have not killed myself yet", "i had not cut in a year until last night". */
export const NEGATION_UNDONE = /^ (?:yet|until|till|before|again|but i (?:want|wish|think about|need|might|will))\b/

/** A negation a few words before the match, for statements about others ("nobody deserves to be hurt like that"). */
export const NEGATION_NEAR = /\b(?:no|not|never|nobody|none|no one|nothing|against)(?: [a-z]+){0,3}$/

/** Laughter, normalised to "lol" (lmao, haha, jk, 😂, 💀 ...), and play: "as a joke", "messing around". */
export const LAUGHTER = /\blol\b|(?<!\bnot )\b(?:as a joke|jokingly|playfully|just kidding|just joking|messing around|horsing around|play fighting|play fight|pillow fight)\b/

/**
 * A trivial cause or an exaggeration in the same sentence: "this lecture is
 * so long i want to die", "i could die of embarrassment", "if i have to hear
 * that song again i want to die".
 */
export const HYPERBOLE = new RegExp(
  String.raw`\b(?:so|too|really|very|super|extremely|sooo|such a|this|that) (?:boring|bored|embarrassing|embarrassed|awkward|cringe|cringey|cringy|funny|hilarious|cute|adorable|hot|hungry|full|good|tasty|delicious|excited|slow|long|loud|cold|sweaty|sleepy|stuffed|jealous|beautiful|gorgeous|amazing|ugly|annoying|dumb|stupid|lame|tedious|dull|itchy|much homework|many emails|nervous)\b|\b(?:of|from|with) (?:embarrassment|boredom|laughter|laughing|cuteness|happiness|excitement|hunger|thirst|heat|jealousy|envy|shame|cringe|joy|starvation|the heat|the cold)\b|\bif i (?:have to|hear|see|watch|listen|sit|read|eat|go|get|do) (?:[a-z]+ ){0,5}(?:again|more|another|one more)\b|\b(?:this|that|the) (?:song|movie|show|game|meme|class|lecture|meeting|homework|traffic|heat|weather|commute|queue|line|exam|test|quiz|presentation|video|episode|joke|pun|outfit|food|pizza|cake|taco|burger)\b|\b(?:dying|die|died) laughing\b|\blaughing\b`
)

/**
 * The text is about a story, a game, history or the news rather than the
 * person texting: applied to rules about others (violence, third parties),
 * never to a first-person statement about oneself.
 */
export const STORY = new RegExp(
  String.raw`\b(?:movie|movies|film|films|book|books|novel|novels|tv show|the show|this show|that show|series|episode|season \d+|story|stories|fanfic|fan fiction|fiction|fictional|character|characters|protagonist|villain|villains|narrator|chapter|plot|scene|game|games|video game|gameplay|npc|npcs|minecraft|fortnite|call of duty|cod|among us|gta|roblox|skyrim|the sims|dnd|campaign|poem|lyrics|song|songs|rap|anime|manga|comic|comics|history|historical|historically|century|centuries|ancient|medieval|world war|ww2|wwii|ww1|the war|civil war|holocaust|in (?:1[5-9]|20)\d\d|(?:years|decades|centuries) ago|according to|reported|reportedly|reports|the news|news|article|headline|officials|authorities|suspect|suspects|defendant|trial|sentenced|jury|prosecutors|historians|dream|dreamed|dreamt|nightmare|hypothetically|hypothetical|roleplay|role play|rp|script|screenplay|actor|actress|documentary|podcast|true crime|serial killer|zombie|zombies|vampire|vampires|dragon|enemy|enemies|soldiers|army|troops|battle|king|queen|empire|emperor)\b`
)

/** An accident in the sentence: "cut myself shaving", "burned myself on the stove". */
export const ACCIDENT = new RegExp(
  String.raw`\b(?:accident|accidental|accidentally|by mistake|by accident|on accident|oops|whoops|clumsy|while (?:cooking|shaving|chopping|cutting (?:vegetables|veggies|onions|bread|meat|the)|working|playing|running|skating|skiing|biking|riding|driving|lifting|moving|cleaning|gardening|exercising|working out|hiking|climbing|dancing|baking|ironing|fixing|opening|carving the|doing)|fell|fall|falling|tripped|trip|slipped|stubbed|at the gym|in the gym|playing (?:football|soccer|basketball|baseball|hockey|rugby|tennis|sports|volleyball)|on the (?:stove|oven|grill|pan|iron|kettle|curling iron|straightener)|with the (?:iron|kettle|curling iron)|shaving|paper cut|sprained|sprain|injury|injured my)\b`
)

/** Whether the quotation marks before `index` leave it inside a quotation. */
export const insideQuotes = (text: string, index: number): boolean => {
  let open = false
  for (let i = text.indexOf("\"") ; i !== -1 && i < index; i = text.indexOf("\"", i + 1)) open = !open
  return open
}
