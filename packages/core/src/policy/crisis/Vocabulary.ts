/**
 * Word classes shared by the rule files, as regular-expression sources over
 * normalised text (Normalize.ts). Each is a non-capturing group without
 * surrounding spaces; rules put the spaces between them.
 */
import { oneOf } from "./Rule.ts"

/** Reflexive first person. */
export const SELF = oneOf("myself", "my self", "my own self")
/** Reflexive third person, for someone worried about another. */
export const THEMSELF = oneOf("himself", "herself", "themselves", "themself", "him self", "her self")

/** Fillers that can sit between the words of a phrase ("i just really want to die"). */
export const FILLER = oneOf(
  "just", "really", "seriously", "literally", "honestly", "actually", "fucking", "finally", "even", "totally",
  "probably", "definitely", "still", "truly", "kind of", "sort of", "so", "simply", "sometimes", "always",
  "often", "already", "also", "then", "maybe", "all", "genuinely", "lowkey", "highkey", "like", "almost",
  "constantly", "occasionally", "frequently", "secretly", "badly", "desperately", "quite", "very", "more",
  "now", "again", "kinda", "legit", "deadass"
)
/** Up to three fillers, each with its leading space. */
export const F = `(?: ${FILLER}){0,3}`

/** Future, decision or attempt: turns a thought into an intent. */
export const INTENT = oneOf(
  "going to", "will", "shall", "about to", "plan to", "planning to", "planned to", "decided to",
  "have decided to", "ready to", "intend to", "intending to", "gonna", "ill", "have to", "need to", "got to",
  "must", "try to", "trying to", "tried to", "attempted to", "attempt to", "preparing to", "prepared to",
  "should", "can not wait to", "am done waiting to", "want to", "wanna", "would love to", "would like to",
  "feel like", "am tempted to", "tempted to", "wish i could", "urge to", "urges to", "am allowed to"
)

/** Thinking of it: ideation rather than intent. */
export const THINKING = oneOf(
  "thinking about", "thinking of", "think about", "think of", "thought about", "thought of", "thoughts about",
  "thoughts of", "considering", "contemplating", "fantasize about", "fantasizing about", "fantasise about",
  "fantasising about", "fantasies about", "fantasies of", "dream about", "dreaming about", "dreaming of",
  "obsessing over", "obsessed with", "imagine", "imagining", "picture", "picturing", "planning on",
  "keep thinking about", "can not stop thinking about"
)

/** Words of time that, beside an intent, make it imminent. */
export const WHEN = oneOf(
  "tonight", "today", "right now", "now", "tomorrow", "this weekend", "this week", "this morning",
  "this afternoon", "this evening", "this time", "soon", "in a few minutes", "in a few hours", "in an hour",
  "in a minute", "in (?:a |\\d+ |a few |few |couple |a couple of )?(?:minutes|mins|hours|hrs|hour|days)",
  "before (?:morning|sunrise|dawn|the night is over|anyone wakes up)", "at midnight",
  "on (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|my birthday|the weekend)",
  "(?:when|after|once|as soon as) (?:he|she|they|everyone|everybody|my [a-z]+) (?:gets|get|comes|come|is|are|goes|go|falls|fall) (?:home|back|here|in|asleep|to sleep|to bed|out)",
  "when (?:he|she|they) (?:gets|get) off work", "after (?:school|work|class|the funeral|dinner)"
)

/** People one could hurt, or who could hurt one. */
export const RELATION = oneOf(
  "husband", "wife", "boyfriend", "girlfriend", "partner", "ex", "ex husband", "ex wife", "ex boyfriend",
  "ex girlfriend", "fiance", "fiancee", "spouse", "dad", "father", "mom", "mother", "step dad", "step mom",
  "step father", "step mother", "parents", "parent", "brother", "sister", "stepbrother", "stepsister", "uncle",
  "aunt", "grandpa", "grandfather", "grandma", "grandmother", "cousin", "family", "teacher", "coach", "boss",
  "manager", "roommate", "neighbor", "neighbour", "pastor", "priest", "babysitter", "guardian",
  "foster (?:dad|mom|father|mother|parents|brother|sister)", "mom s boyfriend", "moms boyfriend",
  "dad s girlfriend", "dads girlfriend", "son", "daughter", "kid", "kids", "child", "children", "baby", "friend",
  "best friend", "bestie", "classmate", "classmates", "coworker", "co worker", "colleague", "landlord",
  "cousins", "brothers", "sisters", "friends", "bully", "bullies", "trainer", "tutor", "doctor",
  "therapist", "youth pastor", "pimp", "john", "neighbors", "in laws", "mother in law", "father in law",
  "brother in law", "sister in law", "stepson", "stepdaughter", "nephew", "niece", "grandson", "granddaughter",
  "little brother", "little sister", "big brother", "big sister", "older brother", "older sister",
  "younger brother", "younger sister", "twin", "mum", "papa", "student", "students", "client", "patient",
  "son s father", "kids dad", "kids father", "baby daddy", "baby mama", "baby s father", "husbands", "wifes"
)

/** Nouns for people, groups of people included. */
export const PERSON_NOUN = oneOf(
  "guy", "guys", "man", "men", "woman", "women", "girl", "girls", "boy", "boys", "dude", "dudes", "lady",
  "ladies", "person", "persons", "people", "folks", "kid", "kids", "child", "children", "baby", "babies",
  "bitch", "bitches", "bastard", "bastards", "asshole", "assholes", "fucker", "fuckers", "motherfucker",
  "motherfuckers", "prick", "cunt", "idiot", "idiots", "jerk", "dick", "hoe", "hoes", "whore", "whores", "slut",
  "sluts", "teacher", "teachers", "cop", "cops", "officer", "officers", "student", "students", "classmate",
  "classmates", "coworker", "coworkers", "family", "families", "neighbor", "neighbors", "neighbour",
  "neighbours", "president", "senator", "politician", "politicians", "judge", "immigrant", "immigrants",
  "refugee", "refugees", "muslim", "muslims", "jew", "jews", "christian", "christians", "gays",
  "lesbian", "lesbians", "blacks", "whites", "trans", "tranny", "trannies", "migrant",
  "migrants", "foreigner", "foreigners", "nigger", "niggers", "nigga", "niggas", "faggot", "faggots", "fag",
  "fags", "retard", "retards", "mexican", "mexicans", "arab", "arabs", "asian", "asians", "hindu", "hindus",
  "liberal", "liberals", "conservative", "conservatives", "republican", "republicans", "democrat",
  "democrats", "pig", "pigs", "human", "humans", "everyone", "bully", "bullies", "stranger", "strangers",
  "nurse", "nurses", "doctor", "doctors", "victim", "victims", "homeless", "worker", "workers", RELATION
)

/** Determiners before a person noun: "that guy", "all those immigrants", "a gay person". */
export const DET = oneOf(
  "a", "an", "the", "that", "this", "those", "these", "all", "all the", "all of the", "all of those",
  "all of these", "every", "every single", "any", "any of the", "some", "my", "his", "her", "their", "your",
  "our", "each", "each and every", "every last", "all those", "all these", "those kinds of", "these kinds of",
  "such"
)

/** A person as the object of a verb: pronoun, or determiner + up to two adjectives + person noun. */
export const PERSON = `(?:${oneOf(
  "him", "her", "them", "you", "you all", "ya", "everyone", "everybody", "someone", "somebody", "anyone",
  "anybody", "people", "others", "another person", "another human", "a human", "a human being", "human beings",
  "my [a-z]+(?: s)? (?:husband|wife|boyfriend|girlfriend|dad|mom|father|mother|brother|sister|son|daughter|kid|kids)"
)}|${DET}(?: [a-z]+){0,2}? ${PERSON_NOUN})\\b`

/** Possessive before a body part: "his neck", "your throat". */
export const THEIR = oneOf("his", "her", "their", "your", "ur", "that guy s", "that guys", "that bitch s", "that bitches", "my (?!own\\b)[a-z]+")

/** Someone who could be hurting the person texting. */
export const AGENT = `(?:\\b(?:he|she|they)|\\b(?:my|our|this|that|a|some) (?:${RELATION}|${oneOf(
  "man", "guy", "woman", "girl", "boy", "stranger", "strangers", "person", "kids", "people", "guys", "girls",
  "boys", "dude", "men", "adult", "adults", "older man", "older guy"
)})|\\b(?:someone|somebody|everyone|people))`

/** Lethal means, for the means boosters and act-under-way rules. */
export const MEANS = oneOf(
  "gun", "guns", "pistol", "handgun", "rifle", "shotgun", "revolver", "firearm", "9mm", "rope", "noose",
  "pills", "pill", "tablets", "meds", "medication", "medications", "razor", "razors", "razor blade",
  "razor blades", "blade", "blades", "knife", "knives", "helium", "charcoal", "bleach", "antifreeze", "poison",
  "rat poison", "pesticide", "sleeping pills", "painkillers", "pain killers", "tylenol", "paracetamol",
  "acetaminophen", "xanax", "oxy", "oxycodone", "fentanyl", "heroin", "insulin", "antidepressants",
  "benzos", "opioids", "opiates", "cyanide", "exit bag", "suicide bag", "belt", "cord", "bullets", "bullet",
  "ammo", "sertraline", "prozac", "lithium", "seroquel", "ambien", "morphine", "codeine", "ibuprofen",
  "advil", "aspirin", "benadryl", "klonopin", "valium", "ativan", "adderall", "percocet", "vicodin",
  "hydrocodone", "barbiturates", "nembutal"
)

/** Drugs and pills that are counted or swallowed in an overdose. */
export const DOSE_NOUN = oneOf(
  "pills", "tablets", "meds", "medication", "medications", "medicine", "bottle", "pill bottle",
  "sleeping pills", "painkillers", "pain killers", "tylenol", "paracetamol", "acetaminophen", "advil",
  "ibuprofen", "aspirin", "xanax", "oxy", "oxys", "percs", "percocets", "insulin", "antidepressants", "ssris",
  "benzos", "opioids", "sertraline", "prozac", "lithium", "seroquel", "ambien", "benadryl", "klonopin",
  "valium", "ativan", "adderall", "vicodin", "codeine", "morphine", "prescription", "prescriptions",
  "sleeping tablets", "capsules", "caps", "bars", "xans"
)
