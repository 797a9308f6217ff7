/**
 * What turns a concern into imminent danger (the C-SSRS questions on plan,
 * means and timing): a time beside an intent ("tonight", "when he gets
 * home"), means in hand ("i bought a rope", "i have the pills saved up"), a
 * plan ("i picked the date", "i gave my cat away"), an attack going on now.
 *
 * A booster alone flags nothing ("i bought a rope for camping"); it only
 * promotes a concern of the categories it lists.
 */
import { booster, oneOf, words } from "./Rule.ts"
import { F, MEANS, WHEN } from "./Vocabulary.ts"

const TIMED_INTENT = oneOf(
  "going to", "will", "gonna", "about to", "planning to", "plan to", "ready to", "decided to", "doing it",
  "do it", "ill", "am done", "it ends", "it will end", "is going to", "is gonna", "said (?:he|she|they) would",
  "says (?:he|she|they) will", "is coming", "comes home", "gets home", "is planning"
)

/** Verbs of the act a time can attach to: "going to *stab* him when he gets home". */
const ACT = oneOf(
  "kill", "killing", "end", "ending", "die", "jump", "jumping", "overdose", "od", "cut", "cutting", "hurt",
  "hurting", "stab", "stabbing", "shoot", "shooting", "hang", "hanging", "do it", "doing it", "take", "taking",
  "swallow", "hit", "beat", "attack", "strangle", "choke", "murder", "burn", "slit", "drown", "come", "coming",
  "break", "get me", "rape", "bomb", "blow up", "go through with it", "finish it", "leave this world", "be gone"
)

export const BOOSTERS = [
  booster("boost.timing", ["suicide", "self_harm", "violence", "abuse"], "sentence", String.raw`\b${TIMED_INTENT}${F} ${ACT}\b(?: [a-z0-9]+){0,6}? ${WHEN}\b|\b${WHEN}(?: [a-z0-9]+){0,3}? (?:i|we|he|she|they)(?: am| are| is)? (?:${TIMED_INTENT})${F} ${ACT}\b|\b(?:tonight|today) is the (?:night|day)\b|\b(?:kill(?:ing)? myself|end(?:ing)? (?:it all|my life|it|things)|do(?:ing)? it|tak(?:e|ing) my (?:own )?life|jump(?:ing)?|cut(?:ting)? myself|overdos(?:e|ing))${F}(?: [a-z0-9]+){0,3}? ${WHEN}\b`),
  booster("boost.about_to", ["suicide", "self_harm", "violence"], "sentence", String.raw`\b(?:i am|im|i m) about to\b|\b(?:i am|im) (?:doing it|ending it|going through with it) (?:now|right now|tonight)\b`, ["negation", "laughter"]),
  booster("boost.means", ["suicide", "self_harm"], "text", String.raw`\b(?:have|got|bought|buying|bought myself|ordered|holding|saved|saving|stockpiled|stockpiling|collected|collecting|hoarding|hoarded|hid|hidden|stashed|found|grabbed|loaded|sharpened|tied|counted|lined up)${F} (?:up )?(?:a |the |my |some |enough |all (?:my|the) |all of (?:my|the) |a bottle of |a box of |a bunch of |\d+ |dad s |mom s )?(?:${MEANS})\b(?! (?:for|to) (?:my|the|a) (?:headache|cold|flu|pain|dog|cat|camping|hunting|garden|trip))|\benough (?:${MEANS}) to\b`),
  booster("boost.plan", ["suicide", "self_harm"], "text", String.raw`\bi${F} (?:have|made|came up with|worked out|figured out|got)${F} (?:a|the|my) (?:plan|date|method)\b|\bmy plan is to\b|\bplanned (?:it|everything|how|when|where|the day|the date|my death|my suicide|it all out|it out)\b|\b(?:picked|chose|set|chosen) (?:a|the) (?:date|day|spot|place|method|time|bridge)\b|\bdecided (?:how|when|where) i\b|\bknow (?:how|when|where) i (?:will|am going to|would|gonna) do it\b|\b(?:gave|giving|given|give) away${words(2)} (?:my|all my|all of my|most of my) (?:stuff|things|belongings|possessions|clothes|pets|cat|dog|games|money|savings)\b|\b(?:said|saying) (?:my )?goodbyes?\b|\bwrote (?:my|a) will\b|\bupdated my will\b|\bmade (?:my|a) will\b`),
  booster("boost.weapon", ["violence", "abuse"], "sentence", String.raw`\bwith (?:a|my|the|his|her|dad s|this|their)${words(1)} (?:gun|pistol|rifle|shotgun|knife|blade|machete|bat|baseball bat|hammer|axe|crowbar|weapon|bomb)\b|\b(?:i|i have|i just|i already)${F} (?:have|got|bought|grabbed|loaded|brought|sharpened|hid|am holding|packed|carry|am carrying)${F} (?:a|the|my|his|dad s|this)${words(1)} (?:gun|pistol|rifle|shotgun|knife|blade|machete|bat|hammer|axe|crowbar|weapon|bullets|ammo)\b|\b(?:gun|pistol|rifle) is loaded\b`),
  booster("boost.now", ["abuse", "violence"], "sentence", String.raw`\b(?:right now|as we speak|at this moment|as i type|outside my (?:door|house|window|room)|is here|is home|in the next room|downstairs|upstairs)\b`),
  booster("boost.hiding", ["abuse"], "text", String.raw`\b(?:hiding|locked myself|barricaded|hid) (?:from|in)\b|\bcall (?:911|the police|the cops)\b|\bplease help\b`)
]
