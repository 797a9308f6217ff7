/**
 * Words that mean little in one text but carry on a distress the person has
 * already voiced: "i've been thinking about how i'd do it", "i'm so tired of
 * everything", "i'm done". `screenConversation` (CrisisScreen.ts) counts a
 * text with one of them as distressed; alone they never flag anything.
 * Tiredness or loneliness alone ("so tired", "alone") is not on the list: it
 * is everyday, and three such texts in a row must not make a concern.
 * Expressions over the normal form (Normalize.ts).
 */
export const CONTEXT_CUE = new RegExp(
  String.raw`\b(?:(?:do|doing|did|end|ending|go through with|going through with|finish|finishing) it\b|how i (?:would|will|could|might|am going to) do it|(?:the|my|a) plan\b|it (?:will|would) (?:all )?be over|be over soon|(?:will|would) not be (?:here|around)|not be around|i am (?:so )?done\b|done with (?:everything|it all|all of it|life|this)|can not (?:do this|take it|take this|go on|keep going|anymore)|tired of (?:everything|it all|all of it|this|trying|fighting|being)|what is the point|no point\b|goodbye|say bye|one last|last time i|nobody (?:cares|would care|would notice|will notice)|no one (?:cares|would care|would notice|will notice)|hate (?:myself|my life|being alive)|worthless|a burden|give up|giving up|gave up|disappear|not wake up|sleep forever|feel (?:so |really |very |completely )?(?:numb|empty|hopeless|trapped|worthless)|hopeless|trapped|nothing (?:i do )?matters|(?:everyone|everybody|they) (?:would|will) be (?:fine|better|happier)|(?:the|my) pain (?:will|would) stop)`
)
