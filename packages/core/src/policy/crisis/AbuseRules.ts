/**
 * Abuse: being hurt by someone else - a partner, a parent, a stranger -
 * physically, sexually or by threats, and someone telling of another person
 * being hurt that way. "Physical abuse & violence" and "Sexual abuse &
 * harassment" constructs of the Suicide Risk Lexicon v1.0 (Apache-2.0; see
 * NOTICE.md) inform the verbs.
 *
 * The agent must be a person ("he", "my dad", "someone"): "it hit me",
 * "reality hit me", "the song touched me" are not abuse.
 */
import { firstWords, oneOf, rule, words } from "./Rule.ts"
import { AGENT, F, RELATION } from "./Vocabulary.ts"

/** Words between the agent and the verb: "he always", "my dad has been", "she keeps". */
const GAP = `(?: ${oneOf(
  "always", "sometimes", "often", "still", "keeps", "kept", "keep", "started", "starts", "start", "has", "have",
  "had", "used", "to", "would", "will", "tried", "tries", "try", "likes", "wants", "just", "again", "even",
  "once", "twice", "also", "then", "constantly", "repeatedly", "literally", "actually", "physically",
  "sexually", "is", "was", "were", "are", "been", "be", "gonna", "going", "did", "does", "do", "almost",
  "nearly", "finally", "got", "gets", "get", "yesterday", "today", "drunk", "high", "really", "and", "begins",
  "began", "begun", "ended", "up", "like", "threatened", "every", "time", "last", "night", "when", "he", "she"
)}){0,5}`
const ABUSE_VERB_WORDS = [
  "hits", "hit", "hitting", "beats", "beat", "beating", "beat up", "beats up", "beating up", "punches",
  "punched", "punching", "slaps", "slapped", "slapping", "kicks", "kicked", "kicking", "chokes", "choked",
  "choking", "strangles", "strangled", "strangling", "shoved", "shoving", "throws", "threw", "throwing", "grabs", "grabbed", "grabbing", "drags", "dragged", "dragging",
  "burns", "burned", "burnt", "bites", "bit", "biting", "stabs", "stabbed", "stabbing", "attacks", "attacked",
  "attacking", "smacks", "smacked", "smacking", "whips", "whipped", "whipping", "abuses", "abused", "abusing",
  "rapes", "raped", "raping", "molests", "molested", "molesting", "assaults", "assaulted", "assaulting",
  "gropes", "groped", "groping", "locks", "locked", "pins", "pinned",
  "ties up", "tied up", "threatens", "threatened", "threatening", "stalks", "stalked", "stalking",
  "batters", "battered", "tortures", "tortured", "headbutted", "headbutts", "slams", "slammed", "spits on",
  "spit on", "spat on", "suffocates", "suffocated", "smothered", "drugged", "roofied", "trafficked", "pimps",
  "pimped", "kidnapped", "tased", "shot", "shoots", "cuts", "poisons", "poisoned", "starves", "starved",
  "belts", "belted", "whooped", "whoops", "broke", "breaks", "fractured", "bruised", "busted", "beats on", "beat on", "put hands on", "puts hands on",
  "put his hands on", "put her hands on", "puts his hands on", "laid hands on", "lays hands on",
  "forced himself on", "forced herself on", "forces himself on", "sexually assaulted", "sexually abused",
  "sexually harassed", "harasses", "harassed", "harassing"
]
const ABUSE_VERB = oneOf(...ABUSE_VERB_WORDS)
const NOT_ABUSE = String.raw` (?:up\b|back\b|down\b|in the back\b(?! with)|(?:a|an|some) (?!lot\b|few\b|couple\b|bunch\b|dozen\b|hundred\b|thousand\b|million\b|second\b|third\b|fourth\b|fifth\b|more\b|ton\b)[a-z]+|with (?:the|a|some|that|this|news|question|questions|facts|truth|a (?:joke|compliment|song))|at (?:chess|cards|the game|games|scrabble|pool|tennis|monopoly|uno|mario|smash|fortnite|everything|racing)|in (?:a|the) (?:race|game|match|contest|debate|election)|to (?:it|the (?:punch|bathroom|finish|door|top|car|store))|to (?:be|do|study|go|try|work|clean|eat|apply|finish|take|get|wait|stay|sign|pay|see|talk|call|come|leave|buy|move|quit|write|join|watch|play)\b|into (?:a|the|this|that|doing|going|studying|therapy|applying|trying|taking)|too hard to|away\b|aside|off\b|out\b(?! of (?:bed|my|the) (?:hair|neck))|a (?:party|bone|curveball|look|text|message|lifeline|surprise|favor|favour|smile|line|birthday)|an (?:email|invite|idea)|for a loop|under the bus|so (?:much|deeply)|deeply|emotionally|my heart|with (?:his|her|their) (?:words|story|song|kindness|music)|laughing|in (?:the|my) (?:feelings|heart|soul)|in the (?:right|wrong) direction|along|forward|through|past|over the (?:line|edge))`
const PAST = String.raw`\b(?:always|keeps|kept|constantly|every (?:day|time|night|week)|used to|all the time|sometimes|often|whenever|when (?:he|she|they) (?:drinks|drank|gets|got|is|was)|years? ago|months? ago|last (?:year|month|week)|as a (?:kid|child|teen|teenager)|when i was)\b`
const WEAPON = oneOf("gun", "knife", "weapon", "pistol", "rifle", "shotgun", "machete", "axe", "bat", "baseball bat", "hammer", "crowbar", "blade", "razor", "box cutter")

export const ABUSE_RULES = [
  rule("abuse.physical", "abuse", "concern", 0.8, String.raw`${AGENT}${GAP} ${ABUSE_VERB} (?:me|my (?:face|head|arm|arms|neck|body|stomach|back|chest|throat|hair|legs|wrist|wrists|mouth|eye|ribs|breasts|butt|private parts|privates))\b|${AGENT}${GAP} (?:pushed|pushes|pushing|shoved|shoves|shoving|threw|throws|slammed|slams) me (?:down|against|into (?:a|the) (?:wall|door|table|floor|ground|car|mirror|window|counter|stairs|closet)|off|onto|over|to the (?:ground|floor)|out of (?:the|a|my) (?:car|bed|window)|across|down the stairs)\b|${AGENT}${GAP} (?:touches|touched|touching|groped|gropes|fondled|fondles|fondling|felt up|feels up|rubbed|rubs) (?:me(?= (?:inappropriately|there|down there|without|at night|when i was|while i was|in my sleep|while i slept|under|against my will|every time|again|sexually|in places)| \.| ,|$)|my (?:breasts|butt|chest|privates|private parts|crotch|thighs|genitals|vagina|penis|boobs|ass))`, {
    anchors: [...firstWords(ABUSE_VERB_WORDS), "pushed", "pushes", "pushing", "shoved", "shoves", "shoving", "threw", "throws", "slammed", "slams", "touches", "touched", "touching", "groped", "gropes", "fondled", "fondles", "fondling", "felt", "feels", "rubbed", "rubs"],
    guards: ["negation", "story", "laughter"],
    notAfter: NOT_ABUSE,
    notBefore: String.raw`\b(?:it|that|this|reality|life|the truth|the news|the song|the movie|karma|the thought|the realization|the wave|the ball|a car|a truck|the car) `
  }),
  rule("abuse.danger_signs", "abuse", "concern", 0.65, String.raw`${AGENT}${GAP} (?:throws|threw|throwing|hurls|hurled|hurling|swung|swings|swinging) (?:things|stuff|shit|a [a-z]+|the [a-z]+|his [a-z]+|her [a-z]+|plates|bottles|chairs|knives) at (?:me|my (?:head|face))\b|\b(?:someone|somebody|a (?:man|guy|woman|stranger|car|van|truck)|some (?:man|guy|dude|men|guys)|he|she|they|my ex)${F} (?:is|are|keeps|kept|has been|have been|was)${F} (?:following|stalking|watching) me\b|${AGENT}${GAP} (?:sends|sent|sending|texts|texted|texting|asks|asked|asking|keeps asking|shows|showed)${F} me (?:for )?(?:inappropriate|sexual|dirty|nude|naked|explicit|porn|private)${F} ?(?:messages|texts|pictures|pics|photos|videos|stuff|things|snaps|nudes)?\b|${AGENT}${GAP} (?:asks|asked|asking|keeps asking|wants|wanted|begs|pressures|pressured) me for (?:nudes|pics|naked pictures|naked pics)\b|\b(?:afraid|scared|terrified|frightened) of (?:my )?(?:husband|wife|boyfriend|girlfriend|partner|ex|ex husband|ex boyfriend|fiance|dad|father|mom|mother|step dad|step father|step mom|stepfather|uncle|brother|parents)\b(?! s\b)`, {
    anchors: "throws threw throwing hurls hurled hurling swung swings swinging following stalking watching sends sent sending texts texted texting asks asked asking shows showed wants wanted begs pressures pressured afraid scared terrified frightened",
    guards: ["negation", "story", "laughter"],
    notAfter: String.raw` (?:reaction|reactions|opinion|opinions|driving|cooking|singing|judgement|judgment|finding out|knowing|being disappointed|being mad|being upset|dying|getting sick|health|cancer)`
  }),
  rule("abuse.sexual_force", "abuse", "concern", 0.85, String.raw`${AGENT}${GAP} (?:forced|forces|forcing|made|makes|pressured|pressures|coerced|coerces|tricked) me (?:to |into )?(?:have sex|having sex|sex|do (?:sexual|things|stuff)|doing (?:sexual|things|stuff)|touch (?:him|her|them|it)|touching (?:him|her|them)|watch porn|give (?:him|her) (?:head|a blowjob|oral)|suck|undress|strip|send (?:nudes|pics|pictures|photos)|perform|sleep with|kiss (?:him|her)|get naked)\b|\b(?:non consensual|nonconsensual|not consensual|without (?:my|her|his) consent|against my will|when i was (?:asleep|passed out|drunk|unconscious|blackout drunk)|while i was (?:asleep|passed out|drunk|unconscious|sleeping))\b(?<=\b(?:sex|touched|raped|had sex|took|did|forced|kissed|filmed|photos|pictures|videos|happened)\b.{0,60})|\b(?:rape|raped|rapes|raping|molested|molest|molestation|sexually assaulted|sexual assault|sexually abused|sexual abuse|date rape|date raped|incest|groomed|grooming)\b(?<=\b(?:i was|i got|i have been|i had been|me|my|survived|survivor of|after (?:the|my|being))\b.{0,60})`, {
    anchors: "me consensual nonconsensual consent will asleep passed drunk unconscious sleeping rape raped rapes raping molested molest molestation sexually sexual incest groomed grooming",
    guards: ["negation", "story", "quoted"],
    notAfter: String.raw` (?:jokes|joke|culture|statistics|case|cases|kit|kits|charges|trial|allegations|scene)`,
    notBefore: String.raw`\b(?:prevent|about|of the|the|a|his|her|their|report on|news about|ted talk on) `
  }),
  rule("abuse.victim", "abuse", "concern", 0.8, String.raw`\b(?:i was|i am|i got|i get|i have been|i had been|i keep getting|i been|i am being|i was being|i m being|i have gotten|i had gotten|i ve been)${F} (?:raped|date raped|molested|sexually (?:assaulted|abused|harassed|exploited)|assaulted|abused|beaten|beat up|beaten up|strangled|choked|groped|trafficked|kidnapped|attacked|drugged|roofied|groomed|touched inappropriately|touched sexually|touched|pimped|tortured|violated|jumped|mugged|stabbed|shot|battered|whipped|held at gunpoint|held at knifepoint|locked in|locked up|tied up|hit|slapped|punched|kicked|pushed|shoved|burned|spanked|hurt)\b(?! (?:down|out|off|back|on|up|by (?:my|a|the) (?:crush|boss|girl|guy|teacher|team|coach|school|college|company|bank|landlord))\b)(?! (?:by (?:a|the|an) (?:car|bus|truck|ball|train|bike|bicycle|wave|branch|door|dog|bear|bee|bees|wasp|wasps|snake|shark|storm|virus|flu|cold|bill|fine|ticket|tree|rock|hail|lightning|horse|cow|goose|swan|cat|spider|mosquito|jellyfish|deer)|with (?:a|an) (?:bill|fine|fee|ticket|charge|virus|cold|flu|question|idea|lawsuit)|in (?:the|a) (?:game|match|head by a ball)|on (?:the|my) (?:head by|way)|up (?:in|by) (?:traffic|work|meetings)|in (?:traffic|a meeting)|by (?:the|this|that) (?:news|song|movie|video|post|comment|thought|feeling|realization|heat|sun)|as a kid playing|playing|while playing|at (?:the|a) (?:game|concert)|up on|up with))`, {
    anchors: "raped molested sexually assaulted abused beaten beat strangled choked groped trafficked kidnapped stalked attacked drugged roofied groomed touched pimped tortured violated jumped mugged stabbed shot battered whipped held locked tied hit slapped punched kicked pushed shoved burned spanked hurt",
    guards: ["negation", "story", "accident"]
  }),
  rule("abuse.relationship", "abuse", "concern", 0.75, String.raw`\b(?:abusive|violent)${F} (?:relationship|marriage|home|household|partner|husband|wife|boyfriend|girlfriend|dad|father|mom|mother|parents|parent|family|ex|step dad|step mom|step father|step mother|brother|sister|uncle|spouse|fiance|childhood|man|guy|person)\b|${AGENT}${GAP} (?:is|are|was|were|has been|have been|gets|get|got|becomes|can be|turned|becomes)${F} (?:so |very |really |extremely |physically |sexually |emotionally |verbally |super |increasingly )?(?:abusive|violent)\b|\bso abusive\b|\b(?:domestic|family|intimate partner|dating) (?:violence|abuse)\b(?<=\b(?:i|me|my|we|our)\b.{0,80})|\b(?:my|our) (?:abuser|abusers|rapist|molester|attacker|attackers|stalker)\b|\bi am (?:a |an )?(?:abuse|rape|sexual assault|domestic violence|incest|trafficking) (?:victim|survivor)\b|\bi (?:live|lived|am living|grew up|was living) (?:with|in) (?:an? )?(?:abuse|abusive|violent)\b`, {
    anchors: "abusive violent abuse violence abuser abusers rapist molester attacker attackers stalker",
    guards: ["negation", "story"],
    notBefore: String.raw`\b(?:not|never|no) `
  }),
  rule("abuse.threat", "abuse", "concern", 0.8, String.raw`${AGENT}${GAP} (?:threatened|threatens|threatening|swore|swears|promised|promises|keeps saying|kept saying|told me|texted|texts|yelled|screamed|said|says|wrote)${words(2)} (?:to |that |he |she |they |would |will |is going to |was going to |gonna |going to |wants to |want to |is |might |could |can )*(?:kill|hurt|beat|stab|shoot|strangle|choke|rape|burn|murder|end|break|hit|slap|punch|kidnap|take|bury) (?:me|my (?:life|neck|face|legs|arms|kids|children|son|daughter|dog|cat|family|mom|mother|sister|brother)|us|the kids)\b|${AGENT}${GAP} (?:is trying to|tried to|try to|tries to|wants to|want to|attempted to|almost|nearly|is going to try to|will try to)${F} (?:kill|murder|stab|shoot|strangle|choke|rape|drown|suffocate|poison|run over) me\b|\b(?:said|says|told me|texted|yelled|screamed|threatened|wrote)${F} (?:" )?(?:i will|i am going to|i am gonna|ill|i should|i could|i want to|i swear i will|i swear ill) (?:kill|hurt|beat|stab|shoot|strangle|choke|rape|murder|end|break) (?:you|ya|u|your)\b`, {
    anchors: "kill hurt beat stab shoot strangle choke rape burn murder end break hit slap punch kidnap take bury drown suffocate poison run",
    guards: ["negation", "story", "laughter"],
    notBefore: String.raw`\b(?:if|when) `
  }),
  rule("abuse.told_to_die", "abuse", "concern", 0.7, String.raw`\b(?:told|tell|tells|telling|said|says|say|saying|texted|texting|messaged|commented|keep telling|keeps telling|kept telling|keep saying|keeps saying|dm|dmed|dms|comments)(?: (?:me|to me|that i|i|that|everyone|online|at school))?${F} (?:to |that i should |i should |i need to |to go |that i need to |go |" )?(?:kill (?:myself|yourself|urself|your self)|go die|just die|die in a hole|hang (?:myself|yourself)|end (?:my|your) life|commit suicide|drink bleach)\b|\b(?:people|they|everyone|kids|he|she|classmates|someone|somebody)${F} (?:keep|keeps|kept|always|constantly)? ?(?:calling|call|called|tell|telling|told) me (?:to )?(?:kys|kill yourself|kill myself)\b`, {
    anchors: "myself yourself urself self die life suicide bleach kys",
    guards: ["negation", "story"],
    notBefore: String.raw`\b(?:i|we|you)${F} `
  }),
  rule("abuse.unsafe_home", "abuse", "concern", 0.6, String.raw`\b(?:afraid|scared|terrified|frightened) (?:to go|of going) (?:back )?home\b|\b(?:do not|does not|never|can not) feel safe (?:at home|with (?:him|her|them|my)|around (?:him|her|them|my)|in my (?:home|house|own home|own house)|in (?:this|my|our) (?:house|home|apartment))\b|\bnot safe (?:at home|in my (?:home|house)|with (?:him|her|my))\b|${AGENT}${GAP} (?:will not|does not|do not|would not|never) let me (?:leave|go out|see my|talk to|have (?:money|my phone|a phone)|out of (?:his|her) sight|go anywhere)\b|\b(?:locked me in|lock me in|locks me in|locked me up|locks me up|keeps me locked)\b|\b(?:i am|i was|i have been) (?:hiding|locked) (?:from|in)(?: [a-z]+){0,3} (?:him|her|them|my ${RELATION})\b`, {
    anchors: "home safe let locked lock locks hiding",
    guards: ["negation", "story"]
  }),
  rule("abuse.other_victim", "abuse", "concern", 0.65, String.raw`\b(?:my|our|her|his|their)(?: [a-z]+){0,2} ${RELATION}${GAP} (?:hits|hit|beats|beat|beat up|beats up|punches|punched|slaps|slapped|kicks|kicked|chokes|choked|strangles|strangled|abuses|abused|rapes|raped|molests|molested|touches|touched|burns|burned|whips|whipped|belts|assaults|assaulted|throws|threw|shoves|shoved|pushes|pushed) (?:my|her|him|them|the kids|the children|us|our)(?: [a-z]+){0,2}?\b(?! (?:at|in|to|up the|on the|off|out|with (?:the|a) (?:news|question)|back)\b)|\b(?:he|she|they) (?:hits|beats|abuses|rapes|molests|chokes|strangles|punches|whips) (?:my|her|his|their) (?:kids|children|son|daughter|baby|wife|girlfriend|mom|mother|sister|brother|little [a-z]+)\b|\b(?:being|getting|is being|was being|were being|are being) (?:abused|molested|raped|beaten|hit|hurt)\b(?<=\b(?:my|our)(?: [a-z]+){1,3} (?:being|getting|is being|was being|were being|are being) [a-z]+)|\b(?:child|sexual|physical|domestic) abuse (?:at|in) (?:my|our|their|her|his) (?:home|house|family)\b`, {
    anchors: "hits hit beats beat punches punched slaps slapped kicks kicked chokes choked strangles strangled abuses abused rapes raped molests molested touches touched burns burned whips whipped belts assaults assaulted throws threw shoves shoved pushes pushed being getting abuse",
    guards: ["negation", "story", "laughter"]
  }),
  rule("abuse.weak_signs", "abuse", "weak", 0.45, String.raw`\b(?:scared|afraid|terrified|frightened|fearful) (?:of|that) (?:him|her|them|my ${RELATION}|he|she|they)\b|\b(?:bullied|bullying me|bullies me|harassed|harassing me|stalking me|threatened me|threatening me|yells at me|screams at me|controls me|controlling|manipulates me|gaslights me|gaslighting me)\b|${AGENT}${GAP} (?:is going to|will|would|gonna|is gonna) (?:kill|murder|beat|hurt) me\b|${AGENT}${GAP} (?:hurts|hurt|hurting) me\b|\b(?:child|physical|emotional|verbal|psychological|sexual) abuse\b|\babusive\b|\b(?:bruises|bruised|black eye|broken (?:nose|rib|ribs|arm|wrist))\b(?<=\b(?:he|she|my)\b.{0,60})`, {
    anchors: "scared afraid terrified frightened fearful bullied bullying bullies harassed harassing stalking threatened threatening yells screams controls controlling manipulates gaslights gaslighting kill murder beat hurt hurts hurting abuse abusive bruises bruised black broken",
    guards: ["negation", "story", "laughter"],
    notAfter: NOT_ABUSE + String.raw`| if| when| for`
  }),

  // --- imminent: the abuser is here, armed, or the attack is under way
  rule("abuse.attack_now", "abuse", "imminent", 0.92, String.raw`${AGENT}${GAP} (?:is|are|s)${F} (?:hitting|beating|choking|strangling|attacking|hurting|raping|kicking|punching|stabbing|dragging|slapping|smothering|threatening) me\b|${AGENT}${GAP} (?:is|are|s|was)${F} (?:outside|at|banging on|pounding on|kicking|breaking|trying to (?:break|get|kick|force)(?: (?:in|into|down))?|inside|in)(?: [a-z]+){0,2} (?:my|the|our) (?:door|house|window|apartment|place|room|home|car|bedroom|bathroom|building|work)\b(?=.{0,40}\bwith (?:a|his|her|the|their)${words(1)} ${WEAPON}\b|.{0,40}\b(?:threatening|screaming|yelling|drunk|trying|says|said|going to|gonna|will|kill|hurt)\b)|${AGENT}${GAP} (?:has|had|is holding|is waving|pulled|pulled out|is pointing|pointed|grabbed|got|is carrying|took out|brought|is swinging)${F} (?:a|the|his|her|my|their)${words(1)} ${WEAPON}\b(?=.{0,30}\b(?:on|at|to|against) (?:me|my)\b)|\b(?:trying to|is trying to|are trying to) (?:break|get|kick|force (?:his|her|their) way) (?:in|into|down)(?: (?:my|the|our)\b|(?= \.| ,|$))(?<=\b(?:he|she|they|someone|somebody|${RELATION})\b.{0,40})|${AGENT}${GAP} (?:is|are|s) (?:coming|on (?:his|her|their) way|driving|heading)(?: [a-z]+){0,3} (?:to |and )?(?:kill|hurt|get|beat|find|take|shoot|stab) me\b|\b(?:breaking|broke|kicking|kicked) (?:down )?(?:my|the|our) (?:door|window)\b(?<=\b(?:he|she|they|someone|somebody)\b.{0,30})`, {
    anchors: "hitting beating choking strangling attacking hurting raping kicking punching stabbing dragging slapping smothering threatening door house window apartment place room home car bedroom bathroom building work gun knife weapon pistol rifle shotgun machete axe bat hammer crowbar blade razor cutter trying coming way driving heading breaking broke kicked",
    guards: ["negation", "story"],
    past: PAST
  })
]
