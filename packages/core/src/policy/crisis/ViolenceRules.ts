/**
 * Violence: intent to hurt others. The rules want a first-person (or "we",
 * "let's", "someone should") subject with an intent or wish, a violent verb
 * and a person as its object: "i'm going to stab him", "we should hang them
 * all", "sometimes i think about hurting her". Verbs with things as objects
 * ("kill a python process", "murder a burger", "shoot a video") never match,
 * and neither does news about third parties ("the gunman killed three").
 *
 * "kys" / "kill yourself" aimed at someone else is harassment, not a threat
 * of physical violence and not a crisis of the sender: it is not flagged here.
 * Someone reporting that others tell them to kill themselves is abuse
 * (AbuseRules.ts `abuse.told_to_die`).
 */
import { firstWords, oneOf, rule, words } from "./Rule.ts"
import { F, INTENT, PERSON, PERSON_NOUN, THEIR, THINKING } from "./Vocabulary.ts"

const HURT_BASE_WORDS = [
  "kill", "murder", "stab", "shoot", "strangle", "choke", "hurt", "beat up", "beat", "bash", "punch", "attack",
  "slaughter", "massacre", "execute", "hang", "lynch", "torture", "rape", "burn", "poison", "run over", "drown",
  "behead", "decapitate", "gut", "eradicate", "exterminate", "annihilate", "wipe out", "gas", "butcher", "maim",
  "mutilate", "shank", "smother", "suffocate", "cripple", "assault", "kidnap", "curb stomp", "stomp",
  "knock out", "pistol whip", "put down", "eliminate", "slit", "castrate", "dismember", "bludgeon",
  "harm", "hunt down", "snipe", "hit", "slap", "smack", "kick",
  "put an end to"
]
const HURT_ING_WORDS = [
  "killing", "murdering", "stabbing", "shooting", "strangling", "choking", "hurting", "beating up", "beating",
  "bashing", "punching", "attacking", "slaughtering", "massacring", "executing", "hanging", "lynching",
  "torturing", "raping", "burning", "poisoning", "running over", "drowning", "beheading", "gutting",
  "eradicating", "exterminating", "gassing", "butchering", "maiming", "mutilating", "smothering",
  "suffocating", "assaulting", "kidnapping", "harming", "hitting", "slapping", "stomping", "ending"
]
const HURT_PASSIVE_WORDS = [
  "killed", "die", "shot", "hanged", "hung", "executed", "exterminated", "eradicated", "gassed", "burned",
  "burnt", "slaughtered", "murdered", "raped", "stabbed", "drowned", "strangled", "beaten", "lynched",
  "wiped out", "massacred", "butchered", "tortured", "eliminated", "annihilated", "culled",
  "hurt", "attacked", "beheaded", "shot dead", "burned alive", "burnt alive", "locked up and killed", "sterilized", "sterilised", "deported and killed", "dead", "removed from existence",
  "wiped off the face of the earth", "wiped off the map", "destroyed", "punished with death"
]
const HURT_BASE = oneOf(...HURT_BASE_WORDS)
const HURT_ING = oneOf(...HURT_ING_WORDS)
const HURT_PASSIVE = oneOf(...HURT_PASSIVE_WORDS)
const BODY_VERB_WORDS = [
  "snap", "break", "slit", "cut", "wring", "smash", "bash", "cave in", "rip out", "blow out", "blow off",
  "kick in", "punch in", "beat in", "bash in", "crush", "stomp on", "slice open", "gouge out", "tear off",
  "rip off", "fracture", "shatter", "cut off", "chop off"
]
const BODY_PART = String.raw`(?:neck|necks|throat|throats|head|heads|face|faces|skull|skulls|jaw|legs|arms|teeth|brains|heart|hearts|guts|eyes|spine|fingers|hands|knees|kneecaps|ribs|nose|windpipe|bones)`
const BODY_VERB = oneOf(...BODY_VERB_WORDS)
const BODY_HARM = String.raw`(?:${BODY_VERB} (?:${THEIR}|that|this|those|these|the)(?: [a-z]+)? ${BODY_PART}|${BODY_VERB} the ${BODY_PART} of ${PERSON}|beat (?:the (?:shit|crap|hell|life|living daylights|fuck)) out of ${PERSON}|(?:beat|kick|whoop|whip) ${THEIR} (?:ass|butt)|put (?:a bullet|a knife|a blade|one|two|a hole|holes) (?:in|through) ${PERSON}|(?:end|take) ${THEIR} li(?:fe|ves)|end (?:every|each|all|that|this|those|these|his|her|their|your|the)(?: [a-z]+){0,3} li(?:fe|ves)|make ${PERSON} (?:suffer|bleed|scream in pain)|wipe ${PERSON} (?:out|off the (?:map|face of the earth))|put ${PERSON} (?:in the ground|six feet under|in a body bag|in the hospital|in a coffin))`
const SUBJECT = String.raw`\b(?:i|we|lets|let us|me and (?:my|the) [a-z]+|my (?:friends|brother|boys) and i)\b(?: (?:am|are|will|would|really|just|honestly|seriously|literally|fucking|totally|definitely|probably|actually|so|also|still|one day|someday|eventually|soon|swear|swear to god|promise|am so|i|do|all)){0,4}`
const NOT_VIOLENT_USE = String.raw` (?:at|in|on) (?:chess|the game|fortnite|minecraft|call of duty|cod|among us|gta|valorant|pubg|overwatch|league|roblox|smash|mario kart|a game|game|this game|that game|scrabble|monopoly|uno|cards|poker|pool|tennis|basketball|football|soccer|court|debate|trivia|arm wrestling|a race|the race|the polls|the election|sales|karaoke|bowling|golf|ping pong|checkers|the finals|math|the test|ranked|the leaderboard)| with (?:kindness|love|compliments|questions|my (?:cooking|jokes|dance|outfit|looks))| feelings| s feelings| for (?:eating|taking|using|drinking|stealing|finishing|breaking|forgetting|not|being|leaving|spoiling|telling|making|ruining|showing|posting|waking|borrowing|losing|changing)| if (?:he|she|they|you) (?:eat|eats|take|takes|touch|touches|forget|forgets|spoil|spoils|tell|tells|drink|drinks|use|uses|finish|finishes|post|posts|show|shows|break|breaks|is late|are late|do not|does not|did not|wake|wakes|lose|loses)| (?:a|an) (?:text|message|msg|email|dm|pm|note|line|call|pic|photo|picture|video|look|glance|smile|question|favor|favour|hug|kiss|high five|wave|compliment)| up\b| back\b| out\b| off\b| around\b| to (?:it|the punch|the finish|the top|first)| with (?:a|the) (?:question|news|truth|facts|bill)| in (?:a|the) (?:dream|game)`

const HURT_ANCHORS = firstWords(HURT_BASE_WORDS)
const HURT_ING_ANCHORS = firstWords(HURT_ING_WORDS)
const PASSIVE_ANCHORS = firstWords(HURT_PASSIVE_WORDS)
const BODY_ANCHORS = [
  ...firstWords(BODY_VERB_WORDS), "beat", "kick", "whoop", "whip", "bullet", "knife", "blade", "hole", "holes",
  "life", "lives", "suffer", "bleed", "scream", "wipe", "ground", "feet", "bag", "hospital", "coffin"
]
const GUARDS_FIRST_PERSON = ["laughter", "quoted", "story"] as const
const GUARDS_NORMATIVE = ["negation", "negatedSubject", "quoted", "story"] as const
/** Counter-speech about a threat is not a threat: "threatening to kill all X will get you jailed". */
const REPORTED = String.raw`\b(?:threatening|threaten|threatens|threatened|threats|threat|saying|say|said|says|calling|call|calls|joke about|joking about|jokes about|advocating|advocate|condone|condoning|support|supporting|justify|justifying|against|wrong|never|not|okay|ok|acceptable|right|allowed|illegal|crime|urge|urging) (?:[a-z]+ ){0,2}`
const GROUP = String.raw`(?:(?:all|those|these|every|each|any|the|every last)(?: [a-z]+){0,3}? ${PERSON_NOUN})`
const SHOULD = oneOf(
  "should", "must", "need to", "needs to", "deserve to", "deserves to", "ought to", "have to", "has to", "better",
  "all need to", "all deserve to", "all should", "should all", "must all"
)
const PASSIVE_FATE = String.raw`(?:be )?${F}(?:${HURT_PASSIVE})\b`

export const VIOLENCE_RULES = [
  // --- first person: "i'm going to stab him", "we should hang them all"
  rule("violence.intent", "violence", "concern", 0.75, String.raw`${SUBJECT} ${INTENT}${F} (?:${HURT_BASE}) ${PERSON}|${SUBJECT} ${INTENT}${F} (?:keep|start|continue|go on|go around|begin|get to|go) (?:${HURT_ING}) ${PERSON}`, {
    anchors: [...HURT_ANCHORS, ...HURT_ING_ANCHORS],
    guards: GUARDS_FIRST_PERSON,
    notAfter: NOT_VIOLENT_USE
  }),
  rule("violence.intent_bodily", "violence", "concern", 0.75, String.raw`${SUBJECT} ${INTENT}${F} ${BODY_HARM}`, {
    anchors: BODY_ANCHORS,
    guards: GUARDS_FIRST_PERSON,
    notAfter: NOT_VIOLENT_USE
  }),
  rule("violence.wish_suffering", "violence", "concern", 0.7, String.raw`${SUBJECT}(?: (?:${INTENT}|would|would really))?${F} (?:love|like|want|wanna|wish|hope|enjoy|get) to (?:see|watch|hear) ${PERSON}${words(2)} (?:suffer|die|dead|burn|bleed|hang|hanged|shot|killed|beaten|tortured|in pain|get hurt|getting hurt|scream|raped|murdered|executed|slaughtered)\b`, {
    anchors: "see watch hear",
    guards: GUARDS_FIRST_PERSON
  }),
  rule("violence.mass_attack", "violence", "concern", 0.8, String.raw`${SUBJECT} ${INTENT}${F} (?:go on a (?:killing|shooting|stabbing) spree|commit (?:murder|a murder|a massacre|genocide)|(?:shoot|shooting|shoot up|bomb|blow up|burn down|attack|set fire to) (?:the|my|a|our|this|that|his|her|their) (?:school|class|classroom|office|work|workplace|church|mosque|synagogue|temple|mall|store|concert|party|building|campus|hospital|station|airport|plane|bus|train|club|bar|stadium|house|home|apartment|car|job))\b|\bi${words(5)} (?:school shooter|mass shooter|school shooting|mass shooting|killing spree|shooting spree)\b(?<=\b(?:going to|will|gonna|want to|wanna|plan|planning|be the next|become)\b.{0,60})`, {
    anchors: "spree murder massacre genocide shoot shooting bomb blow burn attack fire shooter",
    guards: GUARDS_FIRST_PERSON
  }),
  rule("violence.armed_for_someone", "violence", "concern", 0.7, String.raw`\b(?:bought|got|have|grabbed|loaded|brought|took|taking|sharpened|carrying|packed|hid)${F} (?:a|my|the|dad s|his|this)${words(1)} (?:gun|pistol|rifle|shotgun|knife|machete|bat|axe|hammer|crowbar|weapon)\b.{0,80}\b(?:i know where (?:he|she|they|that [a-z]+|my [a-z]+) (?:lives|live|works|work|sleeps|stays|is)|(?:he|she|they|that [a-z]+) (?:will|is going to|gonna|are going to) (?:pay|regret|be sorry|get what (?:is|s) coming)|(?:waiting|wait) for (?:him|her|them) (?:outside|at|to)|going (?:over )?(?:to|there) (?:his|her|their) (?:house|place|work|school))\b(?<=\b(?:i|we)\b.{0,140})`, {
    anchors: "gun pistol rifle shotgun knife machete bat axe hammer crowbar weapon",
    guards: ["negation", "story", "laughter", "quoted"]
  }),
  rule("violence.ideation", "violence", "concern", 0.7, String.raw`\b${THINKING}${F} (?:${HURT_ING}) ${PERSON}(?<=\b(?:i|me|we)\b.{0,120})|\b(?:homicidal|murderous) (?:thoughts|urges|fantasies|impulses|ideation|rage|feelings)\b|\bi${F} (?:am|feel|have been|get|been) (?:so |really |very )?(?:homicidal|murderous)\b|\bviolent (?:thoughts|urges|fantasies|impulses) (?:about|towards|toward|of hurting|of killing) (?:${PERSON}|others|people)\b|\b(?:urge|urges|impulse|impulses|need|desire) to (?:${HURT_BASE}) (?:someone|somebody|people|others|anyone|a person)\b`, {
    anchors: [...HURT_ING_ANCHORS, ...HURT_ANCHORS, "homicidal", "murderous", "violent"],
    guards: ["negation", "laughter", "quoted", "story"],
    notAfter: NOT_VIOLENT_USE
  }),

  // --- normative threats against people or groups: "they should all be shot", "death to ..."
  rule("violence.group_should_die", "violence", "concern", 0.65, String.raw`\b${SHOULD}(?<=\b(?:${PERSON_NOUN}|they|them|you|you all)\b(?: (?!not\b|never\b|no\b)[a-z]+){0,2}? ${SHOULD})${F} ${PASSIVE_FATE}|\b(?:i wish|i hope|if only|in a (?:just|perfect|better|fair|good) world)(?: ,)?${words(5)} (?:would|will|were|could|got|get) (?:all )?${PASSIVE_FATE}(?<=\b(?:${PERSON_NOUN}|they|them|you)\b.{0,60})|\b(?:will|is going to|are going to|shall) (?:die|be killed|suffer)${words(4)} (?:at|by) my (?:hands|hand)\b`, {
    anchors: [...PASSIVE_ANCHORS, "hands", "hand"],
    guards: GUARDS_NORMATIVE,
    notAfter: NOT_VIOLENT_USE + String.raw`| (?:of|from) (?:old age|natural causes|laughter|embarrassment|boredom|cancer)| (?:out|down|in) (?:of )?(?:the|a) (?:game|match|round)`,
    notBefore: REPORTED
  }),
  rule("violence.legitimised", "violence", "concern", 0.65, String.raw`\b(?:${HURT_ING})${F} (?:${PERSON}|${PERSON_NOUN})${words(3)} (?:should|must|ought to|would|will|is|needs to) (?:be |not be |become )?(?:legal|illegal|allowed|decriminali[sz]ed|encouraged|mandatory|a sport|fine|okay|ok|permitted|rewarded|celebrated|compulsory|the law|a public service|a good thing|justified|acceptable|a national holiday)\b|\b(?:execution|extermination|genocide|death|killing them|killing them all|a bullet|bullets|the gas chamber|gas chambers|the noose|lynching|mass murder|slaughter|the rope|eradication|a final solution)${F} (?:is|are|would be|will be|seems like)${F} (?:the )?(?:only |best |final |real |right |perfect )?(?:solution|answer|option|cure|way|treatment|thing) (?:for|to)\b|\bdeath to${F} (?:(?:all|the|every|those|these|any) )?(?:[a-z]+ )?${PERSON_NOUN}\b|\bdeath to${F} (?:all (?:of )?)?${PERSON}`, {
    anchors: [...HURT_ING_ANCHORS, "execution", "extermination", "genocide", "death", "bullet", "bullets", "chamber", "chambers", "noose", "lynching", "murder", "slaughter", "rope", "eradication", "solution"],
    guards: GUARDS_NORMATIVE,
    notBefore: REPORTED
  }),
  rule("violence.call_to_harm", "violence", "concern", 0.65, String.raw`\b(?:someone|somebody|anyone|anybody|someone else|more people|people|society|the government|the police|if only (?:someone|somebody|we|i|they|people))${F} (?:should|would|will|needs to|need to|has to|have to|must|ought to|could|can|better)${F} (?:(?:${HURT_BASE}) ${PERSON}|${BODY_HARM})|\b(?:to|just|gotta|got to)${F} (?:${HURT_BASE}) ${GROUP}\b`, {
    anchors: [...HURT_ANCHORS, ...BODY_ANCHORS],
    guards: GUARDS_NORMATIVE,
    notAfter: NOT_VIOLENT_USE,
    notBefore: REPORTED
  }),
  rule("violence.wish_gone", "violence", "concern", 0.6, String.raw`\b(?:if only|i wish|i hope|hope|wish)${words(5)} (?:had|have|get|got|gets) (?:their|his|her|your) ${BODY_PART} (?:cut|slit|snapped|broken|blown off|smashed|bashed in|cut off|crushed|ripped out)\b|\bget rid of (?:all |every |those |these |the )?(?:[a-z]+ )?${PERSON_NOUN}(?: [a-z]+){0,3} (?:once and for all|for good|permanently|forever|one by one)\b|\b(?:world|country|society|planet|earth|this country|we|everyone|humanity)${words(2)} (?:would|will) be (?:better|safer|happier|a better place|cleaner)(?: off)? without (?:(?:all|those|these|the|any) )?(?:[a-z]+ )?${PERSON_NOUN}\b|\b(?:better off|be better|a better place|be a better place|be happier|be safer) if${F} (?:${PERSON}|${PERSON_NOUN})${words(2)} (?:were|was|are|got|get|all|would be)${F} (?:dead|killed|eradicated|exterminated|wiped out|gone for good|executed|shot|murdered|slaughtered|gassed|hanged|lynched|burned)\b`, {
    anchors: "cut slit snapped broken blown smashed bashed crushed ripped rid without dead killed eradicated exterminated wiped gone executed shot murdered slaughtered gassed hanged lynched burned",
    guards: GUARDS_NORMATIVE,
    notBefore: REPORTED
  })
]
