/**
 * Suicide: thoughts of ending one's own life, from passive wishes ("i wish i
 * wasn't here") to acts under way ("i already took the whole bottle"), and
 * worry about someone else's life.
 *
 * Several phrases come from the Suicide Risk Lexicon v1.0 (Low, Nock, Ghosh
 * et al., Apache-2.0; see NOTICE.md in this folder): passive and active
 * ideation, lethal means, other suicidal language. They are generalised here
 * (any filler between the words, SMS spellings via Normalize.ts) rather than
 * matched as fixed strings.
 */
import { oneOf, rule, words } from "./Rule.ts"
import { DOSE_NOUN, F, INTENT, RELATION, SELF, THEMSELF, THINKING } from "./Vocabulary.ts"

const KILL_SELF = oneOf(
  "kill", "killing", "killed", "kills", "end", "ending", "off", "offing", "offed", "murder", "murdering", "erase"
)
const METHOD_SELF = oneOf(
  "hang", "hanging", "hanged", "hung", "shoot", "shooting", "shot", "drown", "drowning", "drowned", "poison",
  "poisoning", "poisoned", "gas", "gassing", "suffocate", "suffocating", "suffocated", "electrocute",
  "electrocuting", "strangle", "strangling", "smother", "smothering", "impale", "impaling", "behead",
  "decapitate", "throw", "throwing", "threw", "bleed out", "starve to death", "burn alive", "burning alive"
)
const TOLD_TO = String.raw`(?:(?:told|tell|tells|telling|said|says|say|saying|texted|messaged|commented) (?:me |us )?|(?:wants|want|wanted) (?:me|us) )(?:to |i should |that i should |i need to |that i need to )(?:go |just )?`
/** "if i looked like you i would kill myself": an insult, not a wish. */
const COUNTERFACTUAL = String.raw`\bif i (?:were|was|looked like|had|woke up as|became|turned into|ever became|had to be|had to look like|was born)(?: [a-z]+){1,5} (?:i would|i d|i will|id)(?: just)? `
const FIGURATIVE_EFFORT = String.raw` (?:laughing|with laughter|in the foot|to (?:get|finish|make|please|meet|pay|keep|impress|study|work)|trying|over (?:this|it|work|that|nothing|a)|at (?:work|the gym|school|practice)|working|studying|for (?:nothing|work|money|a job|this job|grades)|with (?:this|that|my|the|all|these|all this|all these|so much) (?:schedule|work|workload|job|studying|homework|training|workout|workouts|diet|hours|overtime|stress|worry|project|projects|classes|exercise|shifts|deadlines)|in (?:work|my work|books|coffee|chocolate|netflix|studying|homework|debt|paperwork|alcohol|sorrow|tears))`
const PAST = String.raw`\b(?:years? ago|months? ago|weeks ago|last (?:year|month|summer|winter|spring|fall|autumn)|when i was (?:a|younger|little|in|\d+)|in (?:high school|middle school|college|grade|19\d\d|20\d\d)|once before|back then|as a (?:teen|kid|child|teenager)|used to|in the past|at \d+ years old)\b`
const WISH_DEAD = oneOf(
  "die", "be dead", "not exist", "not be alive", "stop existing", "cease to exist", "not wake up",
  "never wake up", "sleep forever", "disappear forever", "stop living", "not live", "not be here anymore",
  "not be here any more", "not be around anymore", "be gone forever", "rest in peace", "go to sleep forever",
  "fall asleep forever", "fall asleep and (?:never|not) wake up", "go to sleep and (?:never|not) wake up",
  "be with (?:my )?(?:grandma|grandpa|mom|dad|mother|father|brother|sister|son|daughter|baby|friend) in heaven",
  "join (?:my )?(?:grandma|grandpa|mom|dad|mother|father|brother|sister|son|daughter|baby|friend)", "not be here",
  "vanish forever", "not be born", "have never been born", "never have been born", "drop dead",
  "just die", "die already", "die in my sleep"
)
const LIVE = oneOf(
  "live", "be alive", "exist", "wake up", "be here anymore", "be here any more", "be on this earth",
  "be in this world", "be part of this world", "be a part of this world", "go on", "keep going", "keep living",
  "continue living", "be me anymore", "exist anymore", "be around anymore", "see tomorrow", "wake up tomorrow",
  "be here tomorrow", "live anymore", "be alive anymore", "live like this", "do life", "do life anymore",
  "stay alive", "keep existing", "be here", "breathe"
)

export const SUICIDE_RULES = [
  // --- active ideation: the person names ending their life
  rule("suicide.kill_self", "suicide", "concern", 0.85, String.raw`\b${KILL_SELF} ${SELF}\b`, {
    anchors: "myself self",
    guards: ["negation"],
    notAfter: FIGURATIVE_EFFORT,
    notBefore: `${TOLD_TO}|${COUNTERFACTUAL}`
  }),
  rule("suicide.method_self", "suicide", "concern", 0.8, String.raw`\b${METHOD_SELF} ${SELF}\b|\bset(?:ting)? ${SELF} (?:on fire|alight|ablaze)\b`, {
    anchors: "myself self",
    guards: ["negation", "accident"],
    notAfter: FIGURATIVE_EFFORT + String.raw`| (?:out|together|at|into (?:work|my|the)|a (?:party|bone)|on (?:the )?(?:couch|bed|floor|sofa|ground)|down on)`,
    notBefore: String.raw`(?:almost|nearly|accidentally|could have|could of) |${TOLD_TO}`
  }),
  rule("suicide.end_life", "suicide", "concern", 0.85, String.raw`\b(?:end|ending|ended|ends|take|taking|took|takes|finish|finishing) (?:my|my own) li(?:fe|ves)\b|\bend(?:ing)? it all\b|\bend my existence\b`, {
    anchors: "life lives all existence",
    guards: ["negation"],
    notAfter: String.raw` (?:to|by|with|in) (?:a|the|this|that) (?:new|better|different|job|career|school|city|country|adventure|direction|level)| back| into my own hands| seriously| for granted| one day at a time| in (?:my|our) hands`,
    notBefore: TOLD_TO
  }),
  rule("suicide.end_it", "suicide", "concern", 0.75, String.raw`\b(?:${INTENT}|${THINKING})${F} (?:end|ending) (?:it|things|everything|this|this life|it for good|it once and for all|it tonight|it today|it now|my suffering|the suffering|the pain|my pain)\b`, {
    anchors: "end ending",
    guards: ["negation", "hyperbole"],
    notAfter: String.raw` (?:with|between|here|on a|on good|early|already|before (?:it|things) (?:gets|get)|by (?:saying|telling|texting)|(?:for|with) (?:him|her|them|my (?:boyfriend|girlfriend|husband|wife|partner|ex|bf|gf)))|(?: [a-z]+)? (?:relationship|friendship|marriage|engagement|contract|lease|call|conversation|chat|meeting|game|season|semester|year|subscription|show|series|book|story|argument|fight|feud|drama|beef)`
  }),
  rule("suicide.suicide_self", "suicide", "concern", 0.85, String.raw`(?<=\b(?:i|me|my|im)\b(?: [a-z0-9]+){0,5} )(?:suicidal|suicide)\b|\b(?:commit|committing|attempt|attempting|attempted|contemplate|contemplating|considering|consider|plan|planning|planned) suicide\b(?<=\b(?:i|me|my)\b.{0,80})|\bmy (?:[a-z]+ )?(?:suicide|suicide attempt|suicide attempts|suicidal thoughts|suicidal feelings|suicidal ideation|death wish)\b|\b(?:after|since|before|during|following) (?:the|my|that) (?:first |second |third |last |failed |latest )?suicide attempts?\b`, {
    anchors: "suicidal suicide suicid wish attempt attempts",
    guards: ["negation"],
    notAfter: String.raw` (?:squad|prevention (?:week|month|day|training|course|class)|awareness (?:week|month|day)|hotline number is|rate|rates|statistics)`,
    notBefore: String.raw`\b(?:about|on|for|of|the|a|his|her|their|friend s|sister s|brother s|mom s|dad s) `
  }),
  rule("suicide.suicidal_thoughts", "suicide", "concern", 0.8, String.raw`\bsuicidal (?:thoughts|ideation|ideations|feelings|urges|tendencies|thinking|episode|episodes|crisis|again|lately|thoughts again|spell|spells|phase|period|periods|streak|depression|mood|moods)\b|\bthoughts of (?:suicide|killing myself|ending (?:it|my life|things))\b|\b(?:ctb|commit suicide)\b(?<=\bi\b.{0,40})`, {
    anchors: "suicidal suicide suicid killing ending",
    guards: ["negation"]
  }),
  rule("suicide.thinking_of_death", "suicide", "concern", 0.75, String.raw`\b${THINKING}${F} (?:suicide|killing myself|ending (?:it|my life|things|it all)|dying|being dead|my death|taking my (?:own )?life|not being (?:here|alive|around)|not existing|not waking up|ways to die|how to die|how i would die|jumping|hanging myself|overdosing|my funeral|being killed|getting killed|being hurt or (?:even )?killed|death (?:a lot|all the time|constantly|every day|everyday|daily|often)|killing me)\b`, {
    anchors: "suicide suicid killing ending dying dead death life existing waking ways how jumping hanging overdosing funeral being killed",
    guards: ["negation", "hyperbole"],
    notAfter: String.raw` (?:of (?:a|an|old age|natural causes)|in (?:a|the|an) (?:game|movie|book|accident|crash|plane|car)|from (?:a|an|the) (?:virus|disease|covid|cancer)|into (?:the|a) (?:pool|lake|water|ocean|sea|river)|on (?:a|the) (?:trampoline|bed)|out of (?:a|the) plane)`
  }),

  // --- passive ideation: wishing not to be alive
  rule("suicide.wish_dead", "suicide", "concern", 0.75, String.raw`\b(?:want|wanted|wanting|wish|wished|would like|need|needed|ready|longing|long|begging|beg|praying|pray|hoping|hope|am meant|was meant|going to have to)${F} to${F} ${WISH_DEAD}\b|\bi${F} (?:should|must|might as well|may as well|deserve to|need to|am ready to|ought to|wanna|want to)${F} (?:die|be dead)\b`, {
    anchors: "die dead exist existing alive wake forever living live here around gone peace sleep heaven join born vanish already",
    guards: ["negation", "hyperbole", "quoted"],
    notAfter: String.raw` (?:of|from) (?:embarrassment|boredom|laughter|cuteness|happiness|old age|natural causes)| for (?:a|an|this|that|the|it|them|him|her|you|your|my (?:country|family|kids|children|faith))| (?:happy|laughing|rich|famous|old|young|fighting|trying|in (?:a|my) (?:bed|sleep|home) (?:at|when) (?:ninety|\d+))| on (?:this|that) hill| at (?:ninety|a hundred|\d+)| (?:together|with (?:you|him|her|them))| doing what i love`,
    notBefore: String.raw`\b(?:do not|does not|did not|never|dont|nobody|no one|who|people|everyone|i will|i would|would rather|i d rather|rather) `
  }),
  rule("suicide.wish_it_over", "suicide", "concern", 0.7, String.raw`\b(?:want|wanted|wish|need|needed|just want|ready for)${F} (?:it all|everything|all of (?:this|it)|all this|this life|my life|life|the pain|my pain|the suffering|it) to${F} (?:end|be over|stop|just end|finally end|go away forever)\b(?<=\b(?:it all|everything|all of this|all of it|all this|this life|my life|life|the pain|my pain|the suffering|it) to(?: [a-z]+){0,3} [a-z]+)(?<!\bit to (?:end|stop|be over))|\bwish it would all (?:end|stop)\b|\b(?:want|wanna|wish i could|just want|need) to${F} (?:disappear|vanish)(?: forever| for good| from (?:this|the) (?:world|earth)| and never come back)?(?= \.| ,|$| forever| for good| from| and never)|\b(?:might|going to|gonna|will|about to|afraid i will|scared i will|scared i might|afraid i might|worried i will|worried i might|think i might|think i will) do something (?:stupid|drastic|to myself|i will regret|i regret|bad to myself|permanent|irreversible)\b`, {
    anchors: "end over stop away disappear vanish something",
    guards: ["negation", "hyperbole"]
  }),
  rule("suicide.wish_never_born", "suicide", "concern", 0.75, String.raw`\bwish(?:ed|ing)? (?:that )?i (?:was|were|had been|could be|would be|am|d be) (?:dead|never born|not born|not alive|gone|not here|not around|dead already)\b|\bwish(?:ed|ing)? (?:that )?i (?:had |d )?never (?:been born|existed|woke up|woken up|wake up)\b|\bwish(?:ed|ing)? (?:that )?i (?:could|would|can)${F} (?:die|disappear|(?:vanish|fade away)(?! (?:for|into|in|to|on|at|from|with)\b)|stop existing|not exist|not wake up|never wake up|fall asleep and (?:never|not) wake up|go to sleep and (?:never|not) wake up|be dead|cease to exist|stop breathing|end it)\b|\bwish(?:ing)? for (?:my )?death\b|\bhope i (?:die|do not wake up|never wake up|get hit by|get killed|crash|dont wake up|don t wake up)\b|\bwish (?:someone|somebody|something|a car|a truck|a bus|god|the universe) would${F} (?:kill|end|take|hit|run over|shoot) me\b`, {
    anchors: "wish wished wishing hope",
    guards: ["negation", "hyperbole"]
  }),
  rule("suicide.better_off_dead", "suicide", "concern", 0.8, String.raw`\bworth more dead than alive\b|\b(?:better|best) off (?:dead|without me|if i (?:was|were|am) (?:dead|gone|not here|not around|never born)|if i (?:died|disappeared|did not exist|was never born))\b|\b(?:everyone|everybody|my family|the world|they|people|my kids|my parents)${words(2)} (?:would|will) be (?:better|happier)${words(2)} (?:without me|if i (?:was|were|am|died|disappeared|left|was gone|were gone))\b`, {
    anchors: "off better happier worth",
    guards: ["negation"]
  }),
  rule("suicide.nobody_would_care", "suicide", "concern", 0.7, String.raw`\b(?:would not|will not|do not|does not|did not|never) (?:even )?(?:care|notice|miss me|matter|cry) (?:if|when) i (?:died|die|was gone|am gone|were gone|disappeared|disappear|killed myself|was dead|were dead|was not here|was not around|left this world)\b|\b(?:no one|nobody|noone|no body) (?:would|will|is going to|gonna)${F} (?:miss me|care if i (?:die|died|was gone|disappeared|killed)|notice if i (?:die|died|was gone|disappeared)|care when i (?:die|am gone)|come to my funeral)\b|\bwon t matter if i die\b|\bwill not matter if i die\b|\b(?:no one|nobody|noone|no body|not a single person|not one person)${F} (?:cares|would care|will care|gives a shit|would notice|would even notice|would miss me|will miss me) (?:if|when|whether) i (?:die|died|was gone|am gone|disappeared|disappear|killed myself|live or die|was dead|left)\b`, {
    anchors: "care notice miss matter cry funeral die cares",
    guards: ["negation"]
  }),
  rule("suicide.no_will_to_live", "suicide", "concern", 0.75, String.raw`\b(?:do not know|not sure|unsure|can not decide|cannot decide|wonder) (?:if|whether) i (?:even )?(?:want|wanna|still want) to (?:live|be alive|keep living|go on|stay alive|keep going|be here anymore|exist)\b|\b(?:do not|does not|never|no longer|not)${F} (?:want|wanna|wish|feel like|have the will|have the strength|have a reason|see a reason|see the point|see any reason|see any point) to${F} ${LIVE}\b`, {
    anchors: "not never longer unsure wonder",
    notAfter: String.raw` (?:a|an|the|that|this|with|on|in|to|at|for|my|his|her|their|your|like that|vacation|holiday|tour|trip|stage|tv|social|break|diet|date|dates|here (?:alone|today|tonight|by myself|at work|at school|either|with)|at (?:this|that)|while|until|when|if|without)\b`
  }),
  rule("suicide.tired_of_living", "suicide", "concern", 0.65, String.raw`\b(?:hate|despise|loathe) (?:being alive|existing|living|my existence|waking up every day|waking up)\b|\bwhat if i (?:just )?(?:stopped existing|stop existing|disappeared|died|was gone|killed myself|was not here|did not wake up|ended it)\b|\bi (?:feel|felt) like (?:dying|just dying|i want to die|i should die|i should just die)\b|\b(?:tired|sick|exhausted|weary) of (?:living|being alive|life|existing|breathing|waking up|being here|this life|my life)\b|\b(?:done|finished) with (?:life|living|being alive|existing|this world|this life|my life)\b`, {
    anchors: "tired sick exhausted weary done finished hate despise loathe what feel felt",
    guards: ["negation", "hyperbole"],
    notAfter: String.raw` (?:in|on|at|being|of|without|with|as|like|style|paycheck|here in)\b`
  }),
  rule("suicide.no_reason_to_live", "suicide", "concern", 0.75, String.raw`\b(?:no|not any|nothing|no more|lost (?:my|the|all)) (?:reason|reasons|point|purpose|will|desire|motivation)${F} (?:to|in|for) (?:live|living|go on|going on|keep going|keep living|be alive|being alive|exist|existing|stay alive|staying alive|life|wake up|waking up|carry on|carrying on|continue|continuing|be here|breathe|being here)\b|\b(?:life|living|my life|existence) (?:is not|is no longer|isnt|is not even|ain t|has never been|will never be) worth (?:it|living|anything|the pain|the effort|the fight|fighting for)\b|\bnothing (?:left )?to live for\b|\b(?:do not|no longer|can not|could not|dont) see (?:the|any) point (?:anymore|any more|in (?:anything|living|life|going on|being alive|trying anymore|any of it)|of (?:living|life|going on|being alive|any of it))\b|\bwhat is the point (?:of|in) (?:living|life|going on|being alive|existing|staying alive|even being alive|my life|waking up|me being here)\b|\bwhy (?:am i|am i even|should i|do i|would i|bother|even|do i even|should i even) (?:still )?(?:alive|living|exist|existing|keep living|go on|stay alive|breathing|be alive|being alive)\b|\bi (?:do not|dont) (?:see|have) (?:a|any) (?:future|point in living|reason to live)\b`, {
    anchors: "reason reasons point purpose will desire motivation worth nothing why future",
    guards: ["negation"],
    notBefore: String.raw`\b(?:a|an|the|their|his|her|your|whose|its)(?: [a-z]+)? `
  }),
  rule("suicide.cannot_last", "suicide", "concern", 0.6, String.raw`\b(?:do not|dont|not sure|no idea) (?:know )?how (?:much )?(?:longer|long) i (?:can|will be able to|could)${F} (?:take|do|keep|go on|hold on|last|survive|live|cope|handle|fight)\b|\bi (?:can not|will not|won t) (?:last|survive|hold on) (?:much|any) longer\b`, {
    anchors: "longer long",
    guards: ["negation", "hyperbole"],
    notAfter: String.raw` (?:this|it|the|my)? ?(?:job|class|heat|cold|traffic|line|queue|meeting|commute|noise|weather|semester|diet|shift|drive|flight|wait|waiting)\b`
  }),
  rule("suicide.let_me_die", "suicide", "concern", 0.6, String.raw`\b(?:let me|make me|allow me to)${F} die\b|\b(?:want|wish|need|hope|praying|pray|waiting for|begging|beg) (?:for )?(?:someone|somebody|something|god|a car|a truck|a bus|a train|it|cancer|death|the universe|a bullet|a stray bullet|a meteor)${F} (?:to |would |will |could )${F}(?:kill|end|take|hit|run over|shoot|claim) me\b|\bi (?:hope|pray) (?:to )?(?:die|god takes me|death comes)\b`, {
    anchors: "die kill end take hit over shoot claim takes comes",
    guards: ["negation", "hyperbole"]
  }),
  rule("suicide.farewell", "suicide", "concern", 0.7, String.raw`\b(?:will not|wont|won t|am not going to|might not) be (?:here|around|alive) (?:tomorrow|much longer|for much longer|anymore|any more|to see|by (?:morning|tomorrow|the end of the (?:week|day|night)|then|next week))\b|\bwhen i am (?:dead|no longer here|six feet under)\b|\bafter i (?:am gone|die|am dead|kill myself)\b|\b(?:take care of|look after) (?:my|the) (?:cat|dog|kids|children|pets|family|mom|dad) (?:for me )?(?:when|after|once) i (?:am gone|die|go)\b|\bsay goodbye to (?:everyone|everybody|my family|the world|my friends)\b(?<=\bi\b.{0,30})`, {
    anchors: "alive dead longer feet die goodbye here around care after",
    guards: ["negation", "story"]
  }),
  rule("suicide.means_inquiry", "suicide", "concern", 0.75, String.raw`\b(?:how many|how much)\b(?: [a-z0-9]+){0,8} (?:to die|to kill (?:myself|yourself|urself|oneself|a person|someone|me|you)|kill (?:me|you|someone|a person)|to overdose|to od|overdose on|be (?:fatal|lethal|deadly)|is (?:fatal|lethal|deadly)|would be (?:fatal|lethal|deadly)|a lethal dose|to not wake up|to never wake up|to stop (?:my|your) heart)\b|\b(?:lethal|fatal|deadly) (?:dose|doses|amount|overdose|quantity|amounts|combination)\b|\b(?:painless|peaceful|quick|quickest|easiest|easy|best|fastest|surest|least painful|most effective|most reliable|quiet|quietest|simplest|cleanest|good|effective|reliable|sure)${F} (?:way|ways|method|methods|means) (?:to|of) (?:die|dying|kill (?:myself|yourself|oneself|urself)|commit suicide|suicide|end (?:it|it all|my life|your life|one s life)|overdose|od|commit)\b|\bhow (?:do|can|should|would|could|to|does|long does it take to|long would it take to|long to)${words(2)} (?:kill (?:myself|yourself|oneself|urself)|commit suicide|hang (?:myself|yourself|oneself)|overdose|od|slit (?:my|your|one s) wrists?|end (?:my|your|one s) life|die painlessly|die quickly|die in (?:my|your) sleep|bleed out|suicide)\b|\b(?:suicide|exit) (?:methods|method|bag|plan|pact|forum|note|notes|letter|hotline|line)\b|\b(?:where|how) (?:can|do|could) i (?:buy|get|find|obtain)${words(2)} (?:a gun|a rope|a noose|helium|nembutal|cyanide|enough pills|pentobarbital)\b(?<=\bi\b.{0,60})`, {
    anchors: "many much lethal fatal deadly way ways method methods means how suicide exit where",
    guards: ["negation"],
    notAfter: String.raw` (?:of (?:caffeine|water|vitamin|vitamins|sugar|salt|alcohol for a (?:dog|cat))|for (?:my|a|the) (?:dog|cat|horse|pet|plant|plants|weeds))`
  }),
  rule("suicide.method_intent", "suicide", "concern", 0.8, String.raw`\b(?:${INTENT}|${THINKING})${F} (?:jump|jumping|crash my car|crashing my car|drive (?:my car |off )?(?:into|off)|driving (?:my car )?(?:into|off)|step in front of|stepping in front of|walk into traffic|walking into traffic|run into traffic|walk in front of|throw myself|throwing myself|slit my wrists?|slitting my wrists?|slash my wrists?|cut my wrists?|cutting my wrists?|cut my throat|overdose|overdosing|od|take (?:all|all of) (?:my|the|these) ${DOSE_NOUN}|swallow (?:all|a bottle of|the bottle of)|put a bullet|pull the trigger|eat a bullet|blow my brains out|drown myself|drowning myself|swallow a bullet|hang myself|hanging myself)\b(?! (?:into (?:the|a) (?:pool|lake|water|ocean|sea|river|pile|bed|conversation|project|work)|on (?:a|the|this) (?:trampoline|bed|opportunity|call|bandwagon|train)|out of (?:a|the) (?:plane|helicopter)|in (?:the|a) (?:pool|lake|water|ocean|sea|river|shower|conversation)|up and down|for joy|rope|over|around|at the chance|ship|to (?:conclusions|it)|in|out|onto|back|with|off (?:the )?(?:diving board|high dive|dock|boat|pier)))|\bjump(?:ing|ed)? (?:off|from|in front of|into|out of|onto)${words(1)} (?:a |the |my |this |that )?(?:bridge|building|roof|rooftop|cliff|ledge|balcony|train|subway|bus|truck|overpass|window|skyscraper|highway|freeway|tracks|train tracks|tall building|parking garage)\b(?<=\b(?:i|me|my)\b.{0,80})|\bslit(?:ting)? my (?:wrists?|throat)\b|\bblow my (?:brains|head) (?:out|off)\b|\bput a bullet (?:in|through) my (?:head|brain|skull|mouth)\b|\bpull the trigger\b(?<=\bi\b.{0,40})|\b(?:aim|aimed|aiming|point|pointed|pointing|put|putting|hold|holding|held|press|pressed|pressing)${F} (?:it|the gun|a gun|the barrel|the pistol|the knife|the blade|the razor) (?:at|to|against|in|into) my (?:head|temple|mouth|throat|wrists?|chest|heart)\b`, {
    anchors: "jump jumping jumped crash crashing drive driving step stepping walk walking run throw throwing slit slitting slash cut cutting overdose overdosing take swallow put pull eat blow drown drowning hang hanging swallow aim aimed aiming point pointed pointing putting hold holding held press pressed pressing",
    guards: ["negation", "story"],
    notBefore: TOLD_TO + String.raw`|\b(?:go|you should|you can|u should|should just|you could) `
  }),

  // a past attempt told by its method or as a fact, without "myself": "i tried hanging when i was 19",
  // "i attempted to overdose in 2019", "i slit my wrists in 2018", "i survived an attempt", "i've attempted twice"
  rule("suicide.attempt_told", "suicide", "concern", 0.8, String.raw`\bi(?: have| had)?(?: once| already| even| also| actually| first)? (?:tried|attempted) (?:to (?:hang|overdose|od|drown|suffocate|gas|slit my wrists?)|hanging|overdosing|drowning|suffocating|gassing|slitting my wrists?)\b(?= (?:when|last|in|at|once|twice|before|again|and|but|after|years?|months?|a (?:few|couple)|with|by|\d)\b| \.| ,|$)|\bi(?: have| had)? (?:slit|slashed) my wrists?\b|\bi(?: have| had)?(?: barely| only just| just)? survived (?:an|my|a|two|three|several|multiple|both) (?:suicide )?attempts?\b(?! (?:at|to|on) )|\bi(?: have| had) attempted (?:twice|once|before|three times|\d+ times|multiple times|several times|many times)\b`, {
    anchors: "tried attempted slit slashed survived",
    // no story guard: "years ago" reads as a story elsewhere, and a past attempt is told that way
    guards: ["negation", "hyperbole"],
    notAfter: String.raw` (?:with|by) (?:my|the|a) (?:sorrows|feelings|problems|music|work)`
  }),

  // --- imminent: an act under way, means in hand, a plan in motion
  rule("suicide.overdose_taken", "suicide", "imminent", 0.95, String.raw`\b(?:took|taken|take|swallowed|swallow|downed|ate|popped|taking|swallowing|chugged|drank|took like)${F} (?:all|all of|the whole|a whole|an entire|the entire|the rest of|a handful of|handfuls of|a bunch of|too many|so many|way too many|like [1-9][0-9]+|[1-9][0-9]+|twenty|thirty|forty|fifty|sixty|a hundred|hundred|a dozen|dozens of|two bottles of|a bottle of|a full bottle of|a whole bottle of|the bottle of|all the|all my|all of my|every|double|triple)${F} (?:of )?(?:my |the |his |her |mom s |dad s |these |those |them |the )?${DOSE_NOUN}\b|\b(?:i|i have|i just|i already|i think i)${F} (?:overdosed|oded|od)\b|\bi am${F} overdosing\b|\b(?:drank|swallowed|ingested|chugged|drinking|swallowing)${F} (?:some |a bottle of |the |a cup of |a glass of |a bunch of )?(?:bleach|antifreeze|poison|rat poison|pesticide|drain cleaner|lighter fluid|cyanide|weed killer)\b`, {
    anchors: "took taken take swallowed swallow downed ate popped taking swallowing chugged drank overdosed oded od overdosing drinking ingested",
    guards: ["negation", "accident"],
    notAfter: String.raw` (?:of (?:wine|beer|vodka|whiskey|water|soda|coke|juice|champagne|rum|tequila|gin|milk|ketchup|sauce|lotion|shampoo|vitamins|gummies|gatorade|ranch|kombucha|tea|coffee)|today|this morning|tonight as|as prescribed|like (?:i am|i was) supposed to|on time|with (?:food|water|breakfast|dinner)|for (?:my|the|a) (?:headache|cold|flu|pain|back|tooth|allergies|cramps|fever|migraine)|at once is (?:bad|dangerous)|in my bag|to school|with me|back|off)`,
    past: PAST
  }),
  // "i have the pills and i'm going to take them all": the dose named earlier, the intent after
  rule("suicide.dose_intent", "suicide", "concern", 0.8, String.raw`(?<=\b${DOSE_NOUN}\b.{0,80})\b(?:${INTENT})${F} (?:take|swallow|down|pop|overdose on|od on) (?:them all|all of them|every (?:one|last one|single one)(?: of them)?|the (?:whole|entire) (?:bottle|lot|thing|pack|packet)|the rest of them)\b`, {
    anchors: "take swallow down pop overdose od",
    guards: ["negation", "story"]
  }),
  rule("suicide.means_in_hand", "suicide", "imminent", 0.9, String.raw`\b(?:noose|rope) (?:is |was )?(?:ready|tied|up|around my neck|hanging|set up|in place)\b|\b(?:tied|made|tying|making|set up|setting up) (?:a|the|my) noose\b|\b(?:the |my |a )?(?:gun|pistol|rifle|shotgun|revolver|handgun) is (?:loaded|in my (?:hand|mouth|lap))\b|\bloaded (?:the|my|a|dad s|his|her) (?:gun|pistol|rifle|shotgun|revolver|handgun)\b|\b(?:gun|pistol|barrel|muzzle|knife|blade|razor|rifle|shotgun) (?:is |was )?(?:to|against|in) my (?:head|mouth|temple|throat|wrist|wrists|chest|neck|heart)\b|(?<=\bi\b(?: [a-z]+){0,3} )(?:holding|hold|have|put|pressed|pressing|pointing|got)${F} (?:a|the|my|this|dad s|his)${words(1)} (?:gun|pistol|knife|blade|razor|rifle|shotgun|revolver) (?:to|against|in|at) my (?:head|mouth|temple|throat|wrist|wrists|chest|neck|heart)\b`, {
    anchors: "noose rope gun pistol rifle shotgun revolver handgun barrel muzzle knife blade razor loaded",
    guards: ["negation", "story"],
    past: PAST
  }),
  rule("suicide.on_the_edge", "suicide", "imminent", 0.9, String.raw`\b(?:i am${F} )?(?:standing|sitting|stood|sat|perched|climbing|climbed) (?:on|at|onto|over) (?:the |a |this )?(?:edge of (?:the |a )?)?(?:bridge|ledge|roof|rooftop|railing|rail|cliff|tracks|train tracks|overpass|balcony railing|platform edge|guard rail)\b(?<=\b(?:i|me|my)\b.{0,60})|\bi am${F} (?:on|at) (?:the |a )?(?:ledge|bridge|train tracks|tracks|edge of (?:the |a )?(?:roof|bridge|building|cliff|platform)|top of (?:the |a )?(?:bridge|building|parking garage|cliff))\b(?! (?:with|for|to (?:meet|see|get))|street|club|game)`, {
    anchors: "ledge bridge roof rooftop railing rail cliff tracks overpass edge top",
    guards: ["negation", "story", "laughter"],
    past: PAST
  }),
  rule("suicide.final_goodbye", "suicide", "imminent", 0.9, String.raw`\b(?:this is|this will be|consider this|here is|heres|this is my) (?:my |the )?(?:final |last )?(?:goodbye|farewell)\b(?! (?:to (?:my|the|this) (?:old|job|house|apartment|school|hometown|city|car|team|coworkers|class|twenties|thirties|teens)))|\bgoodbye (?:forever|everyone|world|cruel world|for good|for ever)\b|\b(?:wrote|written|writing|left|leaving|finished|finishing|signed|typed|typing)${F} (?:a |my |the |out a |out my |up my |up a )?(?:suicide|goodbye|farewell|final) (?:note|notes|letter|letters|message|messages|text|video)\b|\b(?:these are|this is) my last (?:words|text|message|night|day|breath)\b|\bby the time (?:you|anyone|someone|they) (?:read|reads|see|sees|get|gets|find|finds) this\b|\bi will not be alive (?:tomorrow|by|when|much longer|in)\b`, {
    anchors: "goodbye farewell note notes letter letters message messages text video last time alive",
    guards: ["negation", "story", "laughter"]
  }),

  // --- someone else at risk
  rule("suicide.other_at_risk", "suicide", "concern", 0.65, String.raw`\b(?:my|our|her|his|a)(?: [a-z]+){0,2} ${RELATION}(?: [a-z]+){0,7}? (?:kill|killing|end|ending|hang|hanging|shoot|shooting|off|offing|overdose|overdosing) (?:${THEMSELF}|(?:his|her|their) (?:own )?li(?:fe|ves))\b|\b(?:my|our)(?: [a-z]+){0,2} ${RELATION}(?: [a-z]+){0,6}? (?:suicidal|suicide)\b|\b(?:he|she|they)${F} (?:is|are|was|has been|have been|keeps|kept|said|says|told me|talks|talked|is talking|texted|wants|wanted|is going|is gonna|is planning|tried|is trying|threatened|threatens|is threatening)(?: [a-z]+){0,5}? (?:kill|killing|end|ending|hang|hanging|shoot|shooting|off|offing) (?:${THEMSELF}|(?:his|her|their) (?:own )?li(?:fe|ves))\b|\b(?:he|she|they) (?:is|are|has been|have been|seems|seem|sounds|sound|might be|may be|could be) (?:so |really |very |extremely |actively )?suicidal\b|\b(?:worried|scared|afraid|terrified|concerned|freaking out)${words(8)} (?:suicid[a-z]*|kill (?:${THEMSELF})|end (?:his|her|their) (?:own )?life|do something to (?:${THEMSELF}))\b`, {
    anchors: "himself herself themselves themself self life lives suicidal suicide suicid",
    guards: ["negation", "story"],
    notBefore: String.raw`\b(?:the|a) (?:movie|book|show|song|character|game) `
  }),
  rule("suicide.bereaved", "suicide", "concern", 0.55, String.raw`\b(?:my |our )?${RELATION}(?: [a-z]+){0,3}? (?:killed ${THEMSELF}|hung ${THEMSELF}|hanged ${THEMSELF}|shot ${THEMSELF}|overdosed|committed suicide|died by suicide|took (?:his|her|their) (?:own )?li(?:fe|ves)|ended (?:his|her|their) (?:own )?li(?:fe|ves))\b|\b(?:lost|losing) (?:my|our)(?: [a-z]+){0,2} ${RELATION} to suicide\b`, {
    anchors: "himself herself themselves themself self overdosed suicide life lives",
    guards: ["negation", "story"],
    notBefore: String.raw`\b(?:the|a|his|her|their|your) `
  }),
  rule("suicide.alive_for_now", "suicide", "concern", 0.7, String.raw`\b(?:have not|did not|have never|haven t) (?:killed|kill|ended) (?:myself|it all|my life) (?:yet|already)\b|\b(?:only|main|one) (?:thing|things|reason|reasons|one|ones|person|people)${words(4)} (?:keeping|keeps|kept|stopping|stops|stopped|holding) me (?:alive|here|going|from (?:killing|ending|doing it))\b|\b(?:only|main) reason (?:i am|why i am) (?:still )?(?:alive|here|breathing)\b|\breason i (?:have not|did not|have never) (?:killed myself|ended it|ended my life|done it)\b|\b(?:keeping|keeps|kept) me alive\b`, {
    anchors: "myself all life alive here going from breathing reason",
    guards: ["story"]
  }),
  rule("suicide.euphemism", "suicide", "weak", 0.55, String.raw`\b(?:close to|came close to|so close to|almost|nearly|on the verge of|about to) (?:doing it|ending it|going through with it|giving up for good|ending things)\b|\b(?:reason|reasons|why) not to (?:do it|end it|kill myself|go through with it)\b|\bgo through with it\b|\b(?:looking at|staring at|holding|have|got|bought)${F} (?:a|the|my|dad s)? ?(?:gun|rope|noose|pills|blade|razor|bottle of pills)\b(?<=\bi\b.{0,60})|\b(?:crisis|suicide) (?:center|centre|hotline|hotlines|line|text line|team|prevention line|helpline)\b|\b(?:988|741741)\b`, {
    anchors: "doing ending through things do end kill gun rope noose pills blade razor bottle center centre hotline hotlines line team helpline 988 741741",
    guards: ["negation", "story"]
  }),
  rule("suicide.means_ready", "suicide", "weak", 0.5, String.raw`\b(?:have|got|bought|counted|counting|lined up|saved|saving|stockpiled|stockpiling|hoarded|hoarding|collected|collecting|hid|hidden|stashed)${F} (?:up |out )?(?:a |the |my |all my |all the |enough |some )?(?:gun|rope|noose|pills|blade|blades|razor|razors|sleeping pills|bottle of pills|helium|charcoal)${F} (?:ready|counted out|lined up|saved up|out|up|in my room|in my bag|in my drawer|hidden|stashed|for (?:tonight|tomorrow|when|later))\b(?<=\bi\b.{0,60})|\b(?:i am|im|i will be|i am going to be|going to be) (?:doing|going to do|gonna do) it (?:tonight|today|now|right now|tomorrow|this weekend|soon)\b`, {
    anchors: "gun rope noose pills blade blades razor razors helium charcoal bottle doing do",
    guards: ["negation", "story"]
  }),
  rule("suicide.loss", "suicide", "weak", 0.45, String.raw`\b(?:killed|kills|kill) ${THEMSELF}\b|\b(?:committed|commit|commits|died by|death by|lost (?:him|her|them) to) suicide\b|\btook (?:his|her|their) (?:own )?li(?:fe|ves)\b`, {
    anchors: "himself herself themselves themself self suicide life lives",
    guards: ["negation", "story"]
  }),

  // --- weak signs that add up (hopelessness, burdensomeness, entrapment; lexicon constructs)
  rule("suicide.mention", "suicide", "weak", 0.4, String.raw`\bsuicid[a-z]*\b|\bkill myself\b|\bend my life\b`, {
    anchors: "suicid myself life",
    guards: ["negation", "story"]
  }),
  rule("suicide.cannot_go_on", "suicide", "weak", 0.55, String.raw`\bi${F} (?:can not|could not|will not be able to|am not able to|am unable to)${F} (?:go on|keep going|keep living|live like this|do this anymore|do this any more|take (?:it|this|any more of this|much more|the pain|this pain|it any) ?(?:anymore|any more|much longer)?|handle (?:it|this|life|anything) anymore|cope anymore|keep doing this|carry on|keep fighting|fight (?:it|this) anymore|hold on (?:anymore|any longer|much longer)|do life)\b`, {
    anchors: "not unable",
    guards: ["negation", "hyperbole"],
    notAfter: String.raw` (?:at|with) (?:this|that|my) (?:job|work|class|school|company|pace|schedule|hours|boss)`
  }),
  rule("suicide.hopeless", "suicide", "weak", 0.4, String.raw`\b(?:hopeless|hopelessness|no hope|lost all hope|losing hope|lost hope|without hope|no future|no way out|no escape|trapped|beyond help|nothing (?:will|is going to|can) (?:ever )?(?:help|change|get better|fix)|never (?:going to )?get (?:any )?better|will never get better|it is never going to get better|never be happy|no light at the end|the end of my rope|at the end of my rope|breaking point|nothing matters anymore|no reason for me)\b`, {
    anchors: "hopeless hopelessness hope future out escape trapped help nothing never light rope point matters reason",
    guards: ["negation"]
  }),
  rule("suicide.burden_to_all", "suicide", "concern", 0.6, String.raw`\b(?:i am|i feel like|i feel|i am just|i have become|i will always be|i am nothing but|i am only)${F} (?:a|such a|the|nothing but a|just a|only a)${F} burden (?:to|on|for) (?:everyone|everybody|my family|them|others|you|my friends|the people|my parents|my kids|everyone around me|the people i love)\b`, {
    anchors: "burden",
    guards: ["negation"]
  }),
  rule("suicide.burden", "suicide", "weak", 0.5, String.raw`\b(?:i am|i feel like|i feel|i am just|i have become|being|i m|i will always be|im) (?:a|such a|the|nothing but a|just a|only a)${F} (?:burden|waste of (?:space|air|oxygen|life)|mistake|failure|disappointment|problem for everyone|drain on everyone)\b|\bburden (?:to|on|for) (?:everyone|everybody|my family|them|others|you|my friends|the people|my parents|my kids)\b|\b(?:sorry|apologize) for (?:existing|being alive|being born|being me)\b|\bi (?:ruin|ruined|make) (?:everything|everyone s life|everyones life|things worse|everyone miserable)\b`, {
    anchors: "burden waste mistake failure disappointment problem drain sorry apologize ruin ruined make",
    guards: ["negation"]
  }),
  rule("suicide.worthless", "suicide", "weak", 0.35, String.raw`\bi${F} (?:am|feel|feel so|am so|am just|feel like i am|have always been|m|have been|feel completely|am completely)${F} (?:worthless|useless|unlovable|unwanted|empty|numb|hopeless|broken|pathetic|nothing|dead inside|a failure|a loser|unworthy|invisible|disposable|lonely|alone|miserable|lost|defeated|exhausted of everything)\b|\b(?:hate|loathe|despise) (?:myself|my self|my life|being alive|existing|who i am|everything about myself|my existence)\b|\bself (?:hatred|loathing|hate)\b`, {
    anchors: "worthless useless unlovable unwanted empty numb hopeless broken pathetic nothing dead failure loser unworthy invisible disposable lonely alone miserable lost defeated exhausted hate loathe despise self",
    guards: ["negation", "hyperbole"]
  }),
  rule("suicide.want_out", "suicide", "weak", 0.5, String.raw`\b(?:want|wanna|wish|need|would love|like) to${F} (?:disappear|vanish|escape (?:it all|this life|everything|my life|this world|from everything|from life)|fade away|not feel anything|stop feeling|stop feeling anything|give up|give up on (?:life|everything|myself))\b|\b(?:giving|given|gave|give) up on (?:life|everything|living|myself|ever being happy)\b|\bi (?:give up|gave up|have given up|am giving up)\b(?! on (?:the|this|that|my|it|trying to|getting))|\bi${F} (?:want|need|wish|just want)${F} (?:it|this|everything|all of this|the pain|the suffering|it all|this life) to (?:end|stop|be over|go away)\b|\bdo not want to be alive\b`, {
    anchors: "disappear vanish escape fade feel feeling give gave giving given end stop over away alive",
    guards: ["negation", "hyperbole"],
    notAfter: String.raw` (?:for (?:a|the) (?:day|weekend|week|bit|while|few)|into (?:my|the) (?:room|bed|blanket|hoodie|floor)|to (?:a|an|the) (?:island|beach|cabin|mountains|country)|on (?:a|vacation|holiday))`
  }),
  rule("suicide.distress_language", "suicide", "weak", 0.45, String.raw`\bi am not safe\b|\b(?:do not|dont) know how (?:much )?(?:longer|long) i can (?:take|do|keep|go on|hold on|last|survive|live)\b|\blife (?:is|feels|seems) (?:so )?(?:pointless|meaningless|worthless|shit|hell|unbearable|not worth)\b|\b(?:care|matters?|know) (?:if|whether) i live or die\b|\b(?:my|it is my) time to go\b|\bnothing (?:left )?to lose\b|\bsafety plan\b|\b(?:severe|severely|crippling|suicidal|major) depress(?:ion|ed)\b|\bi should (?:just )?disappear\b|\bi take up space\b|\b(?:psych|psychiatric|mental) (?:ward|hospital|unit|hold|facility|floor)\b|\b(?:inpatient|hospitalized|hospitalised|committed|admitted)\b(?<=\bi\b.{0,40})(?=.{0,60}\b(?:psych|suicid|overdose|attempt|depress|mental)\b)|\b(?:72 hour|5150|involuntary) hold\b|\b(?:so |really |very |completely |totally )?(?:lonely|alone) it hurts\b|\b(?:dark|bad|scary|intrusive|those) thoughts (?:again|lately|coming back|are back|about (?:dying|death|ending|not being here|hurting myself))\b|\bhaving (?:dark|bad|scary) thoughts\b|\bi am${F} (?:so |just |completely |officially )?done(?: with (?:everything|it all|life|this|all of it|trying|fighting))?(?= \.| ,|$)`, {
    anchors: "safe longer long life die time lose plan depression depressed disappear space ward hospital unit hold facility floor inpatient hospitalized hospitalised committed admitted hurts thoughts done",
    guards: ["negation", "hyperbole"]
  }),
  rule("suicide.goodbye", "suicide", "weak", 0.4, String.raw`\bgoodbye\b(?! (?:to (?:my|the|our|this|that) (?:old|job|house|apartment|school|hometown|city|car|team|coworkers|class|summer|winter|holidays))|(?: [a-z]+)? party)`, {
    anchors: "goodbye",
    guards: ["laughter", "story"]
  }),
  rule("suicide.death_thoughts", "suicide", "weak", 0.45, String.raw`\b(?:i think about|i keep thinking about|i dream about|obsessed with|i fantasize about|i romanticize|romanticizing) (?:death|dying|being dead|my funeral|not existing)\b|\b(?:death|dying) (?:sounds|seems|feels) (?:nice|good|peaceful|better|like (?:a relief|an escape|the only))\b|\bcry myself to sleep\b|\bi (?:am|feel) (?:so )?(?:depressed|suicidal)\b|\bmy depression\b|\bdepression is (?:killing|eating|winning)\b`, {
    anchors: "death dying dead funeral existing romanticize romanticizing sleep depressed suicidal depression",
    guards: ["negation", "hyperbole"]
  })
]
