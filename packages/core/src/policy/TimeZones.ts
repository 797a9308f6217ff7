/**
 * The person's time zone, for the local time in the prompt and the day of
 * daily limits. Until they say where they are, a new person's zone is their
 * area code's when the whole area keeps one zone (`AreaCodes`), else the
 * operator's (`JULES_TIME_ZONE`). What they say wins from then on:
 *
 * - a place they say they are in or live in ("I'm in Denver", "I live in
 *   Austin", "we moved to Toronto", "here in Phoenix"), when the place is
 *   in the table below - cities and single-zone states and provinces; names
 *   shared by cities in different zones (Aurora, Arlington, Jackson...) are
 *   left out. A place outside it ("I'm in a meeting", "I'm in Springfield")
 *   changes nothing;
 * - the time it is for them ("it's 2 a.m. here", "its 11:30pm"): the offset
 *   from UTC, read as the zone they already have if it has that offset now,
 *   else the first North American zone that does.
 *
 * Pure: `now` is given.
 */
import { DateTime, Option } from "effect"

const PLACES: Readonly<Record<string, string>> = Object.fromEntries(Object.entries({
  "America/New_York": [
    "new york|nyc|new york city|brooklyn|queens|the bronx|bronx|manhattan|staten island|long island",
    "buffalo|rochester|albany|syracuse|boston|worcester|providence|hartford|new haven",
    "philadelphia|philly|pittsburgh|harrisburg|newark|jersey city|hoboken|trenton|baltimore|washington dc",
    "dc|d.c.|norfolk|virginia beach|charlotte|raleigh|durham|greensboro|asheville|charleston",
    "atlanta|savannah|miami|orlando|tampa|jacksonville|st petersburg|fort lauderdale",
    "tallahassee|gainesville|cleveland|columbus|cincinnati|toledo|akron|dayton|portland maine",
    "new york state|new jersey|pennsylvania|massachusetts|connecticut|rhode island",
    "vermont|new hampshire|maine|delaware|maryland|virginia|west virginia|north carolina|south carolina",
    "georgia|ohio|florida|ny|nj|pa|ma|ct|ri|vt|nh|me|de|md|va|wv|nc|sc|ga|oh|fl|the east coast|east coast"
  ],
  "America/Detroit": ["detroit|ann arbor|grand rapids|lansing|flint|michigan|mi"],
  "America/Indiana/Indianapolis": ["indianapolis|indy|fort wayne|bloomington indiana"],
  "America/Kentucky/Louisville": ["louisville"],
  "America/Chicago": [
    "chicago|milwaukee|madison|minneapolis|st paul|saint paul|des moines|st louis|saint louis|kansas city",
    "omaha|memphis|nashville|new orleans|baton rouge|houston|dallas|austin|san antonio|fort worth|plano",
    "corpus christi|lubbock|amarillo|waco|oklahoma city|tulsa|little rock|birmingham|montgomery",
    "huntsville|wichita|sioux falls|fargo|illinois|wisconsin|minnesota|iowa|missouri",
    "arkansas|louisiana|mississippi|alabama|oklahoma|texas|il|wi|mn|ia|mo|ar|ms|al|ok|tx|winnipeg",
    "manitoba"
  ],
  "America/Denver": [
    "denver|boulder|colorado springs|fort collins|salt lake city|salt lake|provo|ogden|albuquerque",
    "santa fe|las cruces|el paso|billings|missoula|bozeman|helena|cheyenne|casper|boise|colorado|utah",
    "new mexico|montana|wyoming|co|ut|nm|mt|wy"
  ],
  "America/Edmonton": ["calgary|edmonton|alberta|ab"],
  "America/Phoenix": ["phoenix|tucson|mesa|scottsdale|tempe|chandler|flagstaff|arizona|az"],
  "America/Los_Angeles": [
    "los angeles|la|l.a.|san francisco|sf|san fransisco|bay area|oakland|san jose|san diego|sacramento",
    "fresno|long beach|santa monica|pasadena|berkeley|irvine|anaheim|riverside|bakersfield|santa barbara",
    "seattle|tacoma|spokane|bellevue|olympia|portland|portland oregon|eugene|las vegas|vegas",
    "henderson|reno|california|washington state|oregon|nevada|ca|wa|or|nv|the west coast|west coast"
  ],
  "America/Vancouver": ["vancouver|victoria|british columbia|bc"],
  "America/Toronto": ["toronto|ottawa|montreal|quebec city|hamilton|mississauga|ontario|quebec|on|qc"],
  "America/Halifax": ["halifax|nova scotia|new brunswick|pei|ns|nb"],
  "America/St_Johns": ["st johns|st. john's|newfoundland"],
  "America/Anchorage": ["anchorage|fairbanks|juneau|alaska|ak"],
  "Pacific/Honolulu": ["honolulu|hawaii|maui|oahu|hi"],
  "America/Puerto_Rico": ["puerto rico|san juan|pr"],
  "Europe/London": ["london|manchester uk|birmingham uk|glasgow|edinburgh|uk|england|scotland|wales|the uk"],
  "Europe/Dublin": ["dublin|ireland"],
  "Europe/Paris": ["paris|france"],
  "Europe/Berlin": ["berlin|germany|munich"],
  "America/Mexico_City": ["mexico city|guadalajara|monterrey"],
  "Australia/Sydney": ["sydney"],
  "Australia/Melbourne": ["melbourne"]
}).flatMap(([zone, lines]) => lines.join("|").split("|").map((name) => [name, zone])))

/** State and province abbreviations are only read in capitals ("Portland, OR"), never as words ("or", "me", "hi"). */
const ABBREVIATIONS = new Set(Object.keys(PLACES).filter((name) => /^[a-z]{2}$/.test(name) && name !== "la"))

/** The zone of a place named at the start of `rest` ("Denver", "Portland, Oregon", "nyc rn"), if the table knows it. */
export const placeTimeZone = (rest: string): string | undefined => {
  const words = rest.replace(/[!?;:()"]+/g, " ").split(/\s+/).filter((w) => w !== "").slice(0, 5)
  // Longest first: "portland oregon" before "portland", "new york city" before "new york".
  for (let n = Math.min(4, words.length); n >= 1; n--) {
    const raw = words.slice(0, n).join(" ").replace(/,/g, "")
    const key = raw.toLowerCase().replace(/[.']+$/u, "")
    const zone = PLACES[key]
    if (zone === undefined) continue
    if (ABBREVIATIONS.has(key) && raw !== raw.toUpperCase()) continue
    // "Portland, OR": a state after the city settles it.
    const state = words[n]?.replace(/[,.]/g, "")
    if (state !== undefined && /^[A-Z]{2}$/.test(state) && PLACES[state.toLowerCase()] !== undefined) {
      return PLACES[state.toLowerCase()]
    }
    return zone
  }
  return undefined
}

const SAYS_PLACE = /(?<![\p{L}'])(?:i'm|im|i am|we're|we are)\s+(?:now\s+|currently\s+|still\s+)?(?:in|based in|living in|located in|staying in|out in|over in|down in|up in)\s+|(?<![\p{L}'])(?:i|we)\s+(?:now\s+|currently\s+)?live\s+in\s+|(?<![\p{L}'])(?:i|we)\s+(?:just\s+|recently\s+)?moved\s+to\s+|(?<![\p{L}'])here\s+in\s+|^(?:living|based)\s+in\s+/giu

/** Clauses that do not say where someone is now. */
const NOT_NOW = /(?<![\p{L}'])(?:not|never|used to|going to|gonna|will be|next|flying|visiting|trip|vacation|wish|want|if|would|was|were|moving to|might|maybe|dreaming)(?![\p{L}'])|n't(?![\p{L}])|\?/iu

const SAYS_TIME =
  /(?<![\p{L}'])(?:it's|its|it is)\s+(?:almost\s+|nearly\s+|like\s+|already\s+|just\s+past\s+|past\s+)?(\d{1,2})(?::(\d{2}))?\s*(a\.?\s?m\.?|p\.?\s?m\.?)(?![\p{L}])/iu

/** Zones tried, in order, for an offset read from the person's clock. */
const CANDIDATES = [
  "America/New_York",
  "America/Chicago",
  "America/Denver",
  "America/Phoenix",
  "America/Los_Angeles",
  "America/Anchorage",
  "Pacific/Honolulu",
  "America/Halifax",
  "America/Puerto_Rico",
  "Europe/London",
  "Europe/Paris",
  "Europe/Athens"
]

const offsetMinutes = (now: DateTime.Utc, zone: string): number | undefined =>
  Option.getOrUndefined(Option.map(DateTime.makeZoned(now, { timeZone: zone }), (z) => DateTime.zonedOffset(z) / 60_000))

/** The zone whose local time now is `hour:minute`, preferring `current`. */
const zoneAtClock = (now: DateTime.Utc, hour: number, minute: number | undefined, current: string): string | undefined => {
  const parts = DateTime.toPartsUtc(now)
  const utc = parts.hour * 60 + parts.minute
  const stated = hour * 60 + (minute ?? 0)
  // "2 a.m." is said from 2:00 to 2:59; "2:30" is said at 2:30, give or take.
  const raw = stated - utc + (minute === undefined ? 30 : 0)
  let offset = Math.round(raw / 60) * 60
  offset = ((offset + 12 * 60) % (24 * 60) + 24 * 60) % (24 * 60) - 12 * 60
  if (offsetMinutes(now, current) === offset) return current
  return CANDIDATES.find((zone) => offsetMinutes(now, zone) === offset)
}

/**
 * The zone `text` says the person is in, when it says so and it differs
 * from `current`; `undefined` otherwise.
 */
export const timeZoneFromText = (text: string, now: DateTime.Utc, current: string): string | undefined => {
  const normalised = text.replace(/[\u2018\u2019\u02BC`´]/gu, "'").slice(0, 2000)
  let found: string | undefined
  for (const clause of normalised.split(/[.!;\n]+|,\s+(?:but|and|so)\s+/u)) {
    if (NOT_NOW.test(clause)) continue
    for (const match of clause.matchAll(SAYS_PLACE)) {
      const zone = placeTimeZone(clause.slice(match.index + match[0].length))
      if (zone !== undefined) found = zone
    }
  }
  if (found === undefined) {
    const clock = SAYS_TIME.exec(normalised)
    if (clock !== null && !/\?/.test(normalised.slice(clock.index, clock.index + clock[0].length + 20))) {
      const hour12 = Number(clock[1])
      const minute = clock[2] === undefined ? undefined : Number(clock[2])
      if (hour12 >= 1 && hour12 <= 12 && (minute === undefined || minute < 60)) {
        const pm = clock[3]!.toLowerCase().startsWith("p")
        found = zoneAtClock(now, (hour12 % 12) + (pm ? 12 : 0), minute, current)
      }
    }
  }
  return found === undefined || found === current ? undefined : found
}

/** The zone of the place in a remembered fact ("They live in Austin."), if the table knows it. */
export const factTimeZone = (fact: string): string | undefined => {
  const match = /^They live in (.+)\.$/u.exec(fact)
  return match === null ? undefined : placeTimeZone(match[1]!)
}
