/**
 * Self-harm: hurting oneself without (stated) intent to die - cutting,
 * burning, hitting oneself, and eating disorders - and worry about someone
 * else doing it. Phrases follow the "Direct self-injury" construct of the
 * Suicide Risk Lexicon v1.0 (Apache-2.0; see NOTICE.md).
 */
import { oneOf, rule } from "./Rule.ts"
import { F, RELATION, SELF, THEMSELF } from "./Vocabulary.ts"

const HARM_VERB = oneOf(
  "cut", "cuts", "cutting", "burn", "burns", "burning", "burned", "burnt", "hurt", "hurts", "hurting", "harm",
  "harms", "harming", "harmed", "scratch", "scratching", "scratched", "carve", "carving", "carved", "slice",
  "slicing", "sliced", "stab", "stabbing", "stabbed", "punch", "punching", "punched", "hit", "hitting", "bite",
  "biting", "bit", "mutilate", "mutilating", "mutilated", "starve", "starving", "starved", "bruise",
  "bruising", "bruised", "bang", "banging", "bash", "bashing", "choke", "choking", "choked", "whip", "whipping",
  "wound", "wounding", "wounded", "injure", "injuring", "flay", "flaying", "bleed", "bleeding", "gut", "gutting",
  "skin", "brand", "branding", "scar", "scarring", "punish", "punishing", "slash",
  "slashing", "slap", "slapping", "pinch", "pinching", "claw", "clawing"
)
const BODY = oneOf(
  "wrist", "wrists", "arm", "arms", "forearm", "forearms", "thigh", "thighs", "leg", "legs", "skin", "stomach",
  "hip", "hips", "body", "ankle", "ankles", "chest", "shoulder", "shoulders", "belly", "face", "head", "hands"
)
const NOT_AN_ACT = String.raw` (?:out|to sleep|in the foot|laughing|over (?:it|this|that|him|her|nothing|it all|a|the|my)|by (?:not|being|eating|staying|working|doing|trying|procrastinating|overthinking|worrying|staying|thinking)|(?:shaving|cooking|chopping|baking|ironing)|(?:on|with) (?:a|the|some|my) (?:paper|stove|oven|pan|iron|kettle|knife while|glass|nail|can|grill|curling)|(?:at|in) (?:the gym|practice|training|the game|football|soccer|basketball)|(?:while|when) (?:i was |)(?:running|playing|lifting|working|moving|falling|skiing|skating|riding|cooking|shaving|cleaning|exercising|hiking|climbing)|free|off|short|down to size|some slack|in line|for (?:letting|being so|trusting|believing|thinking|falling)|with (?:questions|worry|guilt|doubts|work)|about (?:it|this|that))`
/** What a person cuts or burns themself with. */
const INSTRUMENT = String.raw`(?:razor|razors|blade|blades|razor blade|razor blades|knife|knives|scissors|glass|broken glass|sharpener|pencil sharpener|compass|box cutter|lighter|safety pin)`
const PAST = String.raw`\b(?:years? ago|months? ago|last (?:year|month|summer|winter|spring|fall)|when i was (?:a|younger|little|in|\d+)|in (?:high school|middle school|college)|used to|in the past|back then|as a (?:teen|kid|child|teenager))\b`

export const SELF_HARM_RULES = [
  rule("self_harm.act", "self_harm", "concern", 0.8, String.raw`\b${HARM_VERB} ${SELF}\b|\b(?:cut|cuts|cutting|burn|burning|burned|burnt|carve|carving|carved|slice|slicing|sliced|slash|slashing|scratch|scratching|scratched|stab|stabbing|stabbed|mutilate|mutilating|pierce|piercing)${F} (?:my|my own)${F} ${BODY}\b(?=(?: [a-z]+)? (?:open|up|again|until|till|with (?:a|the|my) (?:razor|blade|knife|lighter|scissors|sharpener|glass|pencil|compass)|to (?:feel|cope|numb|punish|release|see|make)|because|when|deep|deeper|on purpose|intentionally|deliberately|with (?:a|the|my) (?:cigarette|lighter|match|hot)|\.|,)|$)|\b(?:my )?(?:wrist|wrists) (?:is|are|keeps|keep|will not stop|won t stop|wont stop|started) bleeding\b`, {
    anchors: "myself self wrist wrists arm arms forearm forearms thigh thighs leg legs skin stomach hip hips body ankle ankles chest shoulder shoulders belly face head hands",
    guards: ["negation", "accident"],
    notAfter: NOT_AN_ACT,
    notBefore: String.raw`\b(?:accidentally|almost|nearly|told (?:me|you) to|go) `
  }),
  rule("self_harm.term", "self_harm", "concern", 0.8, String.raw`\bself (?:harm|harming|harmed|harmer|harmers|injury|injuring|injurious|injure|injured|mutilation|mutilate|mutilating|inflicted|inflict|punishment|hurt|hurting|destruct|destructive|destruction)\b|\bnssi\b|\bblood ?letting\b|\bbloodlet(?:ting|s|ted)?\b|\b(?:sh|s h) (?:again|urges|urge|scars|scar|wounds|wound|cuts|relapse|relapsed|free|clean|recovery|tools|blade|blades|kit|habit|habits|community|twitter|tw|cw)\b|(?<=\b(?:relapsed on|relapse on|urge to|urges to|my|i|did|do|from|stopped|quit|started|start|of|into|cw|tw|so|with|about|and|but|that|for|no|any|use|using|to) )sh\b(?! (?:t|it|up|the|a|an|my|his|her|your|be|is it)\b)|\bshtwt\b`, {
    anchors: "self nssi blood bloodletting bloodlet bloodlets bloodletted sh h shtwt",
    guards: ["negation"],
    notAfter: String.raw` (?:sealed|extinguisher|serving)|(?:(?: [a-z]+)? (?:tax|taxes|exemption|employment))`
  }),
  rule("self_harm.cutting", "self_harm", "concern", 0.75, String.raw`(?:\b(?:i|i have|i have been|i am|i was|been|started|start|can not stop|cannot stop|could not stop|can t stop|cant stop|stopped|stop|quit|relapsed|relapse|keep|kept|still|back to|went back to|go back to|going back to|urge to|urges to|want to|wanna|need to|tempted to|thinking about|think about|miss|craving|crave|resist)${F} cutting|\b(?:i|i still|i also|urge to|urges to|want to|wanna|need to|tempted to|started to|going to|gonna|ready to|used to|would)${F} cut)\b(?= again| myself| my self| my (?:wrists?|arms?|thighs?|legs?|skin|stomach|hips?|body|ankles?|forearms?)| deep| deeper| to (?:cope|feel|numb|release|punish|relieve)| for (?:years|months|\d+|the longest time|a long time|a while)| when| since| because| and| but| or| lately| so much| every| whenever| \.| ,|$)|\b(?:relapsed|relapse|relapsing)(?: and| on| with)?${F} (?:cut|cutting|burned|burning|sh|self harmed)\b|\b(?:fresh|new|deep|my|open|old|bleeding|healing) (?:cuts|scars|wounds|cut|scar) (?:on|from|across) (?:my|the) (?:wrists?|arms?|thighs?|legs?|skin|stomach|hips?|forearms?)\b|\b(?:razor|blade|blades|razors|box cutter|sharpener|pencil sharpener) (?:to|on|against|across) (?:my|the) (?:wrists?|arms?|thighs?|legs?|skin|forearms?)\b`, {
    anchors: "cutting cut cuts scars wounds scar razor blade blades razors cutter sharpener relapsed relapse relapsing",
    guards: ["negation", "accident"],
    notAfter: String.raw`(?: myself| my self)? (?:off|out|back|down|loose|short|some slack|corners|ties|class|school|it close|in line)\b`,
    notBefore: String.raw`\b(?:hair|grass|carbs|sugar|class|classes|school|ties|back|corners) `
  }),
  rule("self_harm.eating_disorder", "self_harm", "concern", 0.65, String.raw`\b(?:anorexia|anorexic|bulimia|bulimic|binge and purge|binging and purging|bingeing and purging|purging|pro ana|proana|pro mia|thinspo|meanspo|bonespo|edtwt|eating disorder|eating disorders|arfid|orthorexia|ednos|osfed)\b|\bmy ed\b|\b(?:make|made|making|makes) myself (?:throw up|puke|vomit|sick after)\b|\b(?:not|have not|did not|have not been) eat(?:en|ing)? (?:in|for) (?:days|\d+ days|a week|weeks|two days|three days)\b(?<=\bi\b.{0,40})|\bstarv(?:e|ing) myself\b|\b(?:purged|purge|purging) (?:again|after (?:eating|dinner|lunch|breakfast|every meal|meals|i ate)|everything i ate|on purpose|my (?:dinner|lunch|breakfast|food|meal))\b(?<=\bi\b.{0,40})|\b(?:threw up|throw up|puked|vomited|throwing up) (?:on purpose|after every meal|everything i eat)\b|\bbinge (?:eat|eating|eats) (?:to (?:cope|feel|numb|try|make myself)|and purge|disorder)\b`, {
    anchors: "anorexia anorexic bulimia bulimic binge binging bingeing purging purged purge threw throw puked vomited pro proana thinspo meanspo bonespo edtwt eating arfid orthorexia ednos osfed ed myself eat eaten",
    guards: ["negation"],
    notAfter: String.raw` (?:documentary|awareness week|(?:is|are) (?:a|an) (?:serious|mental))`
  }),
  rule("self_harm.other_at_risk", "self_harm", "concern", 0.6, String.raw`\b(?:my|our|her|his|a)(?: [a-z]+){0,2} ${RELATION}(?: [a-z]+){0,7}? (?:cut|cuts|cutting|hurt|hurts|hurting|harm|harms|harming|burn|burns|burning|starve|starves|starving) (?:${THEMSELF})\b|\b(?:he|she|they)${F} (?:is|are|was|has been|have been|keeps|kept|started|starts) (?:cutting|hurting|harming|burning|starving) (?:${THEMSELF})\b|\b(?:my|our)(?: [a-z]+){0,2} ${RELATION}(?: [a-z]+){0,5}? self (?:harms|harm|harming|harmed|injures|injuring)\b`, {
    anchors: "himself herself themselves themself self",
    guards: ["negation", "story", "accident"],
    notAfter: NOT_AN_ACT
  }),
  // texts drop the subject: "cut again last night, deeper this time", "burned again. worse than before"
  rule("self_harm.dropped_subject", "self_harm", "concern", 0.7, String.raw`(?:^|\. )(?:just |and |so )?(?:cut|cutting|burned|burnt|burning|scratched|carved|sliced|slashed)(?: myself)?(?: (?:again|deeper|deep|worse))+\b(?! (?:by|in|into|from|the|a|an|of|on|to|at|for)\b)|(?:^|\. )(?:cut|burned|burnt|carved|sliced|scratched)(?: myself)? (?:last night|tonight|today|this morning|yesterday)\b(?=.{0,30}\b(?:again|deeper|deep|worse|bleeding|bled|scars?|blade|razor)\b)`, {
    anchors: "cut cutting burned burnt burning scratched carved sliced slashed",
    guards: ["negation", "accident", "hyperbole", "story"]
  }),
  // first-person accounts told without "myself" or a body part, past or habitual:
  // "i cut last night", "i've been burning with a lighter again", "i used to cut every night"
  rule("self_harm.told_act", "self_harm", "concern", 0.7, String.raw`\bi(?: have| had)?(?: been| was| were| would| used to| started| start| began| keep| kept| still| also| sometimes| often| even| again)*${F} (?:cut|cutting|carved|carving|sliced|slicing|slashed|slashing)(?= again\b| (?:last night|yesterday|today|tonight|this (?:morning|week|weekend)|every (?:day|night|time|week)|for (?:years|months|weeks|a (?:year|while|long time)))\b| (?:with|using) (?:a |the |my )?${INSTRUMENT}\b| until (?:i|it) (?:bled|bleed|bleeds)\b)|\bi(?: have| had)?(?: been| was| were| would| used to| started| start| began| keep| kept| still| also| sometimes| often| even| again)*${F} (?:burned|burnt|burning|burn|scratched|scratching)(?: again)? (?:with|using) (?:a |the |my )?(?:lighter|lighters|cigarette|cigarettes|match|matches|hot (?:knife|metal|iron|spoon|coin)|razor|blade|blades|glass)\b`, {
    anchors: "cut cutting carved carving sliced slicing slashed slashing burned burnt burning burn scratched scratching",
    guards: ["negation", "accident", "story"],
    notBefore: String.raw`\b(?:accidentally|almost|nearly) `,
    notAfter: String.raw`(?: [a-z]+){0,4} (?:for|in|at) (?:the|a|my|our|an) (?:art|arts|craft|crafts|class|project|kitchen|recipe|school|garden|yard|salon|shop|job|work|restaurant)\b`
  }),
  rule("self_harm.scars", "self_harm", "weak", 0.45, String.raw`\b(?:my|the) (?:cuts|scars)\b|\b(?:my|the) cutting\b(?! (?:board|boards|edge|room|floor|tool|tools|machine|mat|process|of|back|down|costs|staff|hours|crew|list|plan|deal))|\b(?:relapsed|relapse|relapsing)\b|\bclean (?:for|since) (?:\d+|a|one|two|three|six)${F} ?(?:days|weeks|months|years|day|week|month|year)\b|\b(?:razor|razors|blade|blades)\b`, {
    anchors: "cuts scars cutting relapsed relapse relapsing clean razor razors blade blades",
    guards: ["negation"]
  }),

  rule("self_harm.bleeding", "self_harm", "imminent", 0.92, String.raw`\bcut${F} (?:too |so |really |very |way too )?deep(?:er)?\b(?<=\bi\b.{0,40})|\b(?:can not|will not|won t|does not|it will not|it won t) stop bleeding\b|\bbleeding (?:a lot|so much|everywhere|heavily|out|badly|through|like crazy|really bad)\b(?<=\b(?:i|my|me)\b.{0,60})|\b(?:need|needs|might need|going to need|probably need|think i need) stitches\b|\b(?:cutting|burning|hurting|harming) myself (?:right now|now|as we speak|as i type)\b|\b(?:about to|going to|gonna|ready to) (?:cut|burn|hurt|harm) (?:myself|my (?:wrists?|arms?|thighs?|legs?))${F} (?:tonight|right now|now)?\b(?=.{0,30}\b(?:blade|razor|knife|tonight|now)\b)`, {
    anchors: "deep deeper bleeding stitches now cut burn hurt harm",
    guards: ["negation", "accident"],
    past: PAST
  })
]
