/**
 * The word lists and patterns of the attribution suggester (`suggest.ts`). Every regular expression is
 * compiled once, here; what each one is for is said beside it.
 */

export const VERB_WORDS = [
  'say|says|said|saying',
  'tell|tells|told|telling',
  'add|adds|added|adding',
  'reported|reporting',
  'claimed|claiming',
  'confirm|confirms|confirmed|confirming',
  'deny|denies|denied|denying',
  'stated',
  'noted|noting',
  'explain|explains|explained|explaining',
  'wrote|writes|writing',
  'announce|announces|announced',
  'insist|insists|insisted|insisting',
  'warn|warns|warned|warning',
  'acknowledge|acknowledges|acknowledged',
  'stress|stresses|stressed',
  'emphasi[sz]e[sd]?',
  'argue|argues|argued|arguing',
  'stressing|acknowledging|contending|predicting|describing|complaining|maintaining that',
  'assert|asserts|asserted',
  'allege|alleges|alleged',
  'reveal|reveals|revealed',
  'disclose|discloses|disclosed',
  'describe|describes|described',
  // `has declared Venter-Lakes the winner`, `», declared Ilievski-Moor`; not `declared a state of
  // emergency` (NOT_SPOKEN, tested after a match: a lookaround here costs at every position).
  'declare|declares|declared',
  'commented',
  'estimated',
  'predict|predicts|predicted',
  'admit|admits|admitted',
  'recall|recalls|recalled',
  'repl(?:y|ies|ied)',
  'respond|responds|responded',
  'asked',
  'believe|believes|believed',
  'fear|fears|feared',
  'expect|expects',
  'welcome|welcomes|welcomed',
  'prais(?:e|es|ed)|hail(?:s|ed)|applaud(?:s|ed)|commend(?:s|ed)|laud(?:s|ed)',
  'denounc(?:e|es|ed)|decr(?:y|ies|ied)',
  'reject|rejects|rejected',
  'dismiss|dismisses|dismissed',
  'accuse|accuses|accused',
  'urge|urges|urged',
  'promise|promises|promised',
  'vow|vows|vowed',
  'recommend|recommends|recommended',
  'object|objects|objected',
  'complain|complains|complained',
  'agree|agrees|agreed(?= that| with)',
  'disagree|disagrees|disagreed',
  'advis(?:e|es|ed)(?= \\p{L}+ to| that)',
  // `briefed`, not `brief`: `filed a brief supporting the appeal` is a document, not a statement.
  'briefed',
  'concede|concedes|conceded|conceding',
  'contend|contends|contended',
  'countered',
  'maintain(?:s|ed)?(?= that)',
  'point(?:s|ed|ing)? (?:out|to)',
  'suggest|suggests|suggested|suggesting',
  'announcing|revealing|stating|urging|asserting|demanding',
  'observed(?= that)',
  'remarked',
  'testif(?:y|ies|ied)',
  'tweeted',
  'posted(?= on| that)',
  'cautioned',
  'reiterat(?:e|es|ed)',
  'underscor(?:e|es|ed)',
  // Not `profit beats forecasts` (NOT_SPOKEN).
  'forecasts|forecast(?= that)',
  'project(?:s|ed)?(?= that)',
  'criticis(?:e|es|ed)|criticiz(?:e|es|ed)',
  'condemn(?:s|ed)?',
  'blamed',
  'question(?:s|ed)?(?= whether| why| how)',
  'disputed',
  'ruled(?= that)',
  'informed',
  'mentioned',
  'lament(?:s|ed)?',
  'boast(?:s|ed)?',
  'quipped|joked',
  'wondered',
  'answered',
  'pledged|pledging',
  'threaten(?:s|ed)?(?= to)',
  'demanded',
  'think(?! tank)|thinks|reckon|reckons',
  'went further|went on to say',
].join('|')

/** Nouns that double as verbs: verbs only when no determiner precedes (`Reuters reports` vs `the reports`). */
export const NOUN_VERBS = 'reports|report|claims|claim|notes|remarks|comments|estimates|estimate'

export const DOCUMENT_VERBS =
  'found|finds|showed|shows|show|concluded|concludes|reached|puts?(?= [^.]{0,40} (?:at|on \\d))|indicates|indicated|projects|projected'
export const FORWARD_VERBS =
  /^(?:according to|as (?:described|stated|outlined|set out|detailed|noted|reported) in|(?:identified|named|described|listed|referred to) in|citing|cited|quoting|quoted|source:|sources:|with reference to)$/i

export const VERB = new RegExp(
  String.raw`(?<![\p{L}\p{N}-])(?:[Aa]ccording to|[Aa]s (?:described|stated|outlined|set out|detailed|noted|reported) in|[Ww]ith reference to|(?:[Cc]iting|cited|[Qq]uoting|quoted)|${VERB_WORDS}|(?<!\b(?:[Tt]he|[Aa]n?|[Aa]nother|[Oo]ne|[Tt]hese|[Tt]hose|[Tt]his|[Tt]hat|[Ii]ts|[Tt]heir|[Hh]is|[Hh]er|[Oo]ur|new|earlier|recent|media|press|news|such|any|no|of|and|annual|final|latest|full|separate)\s)(?<=(?:\p{Lu}[\p{L}.-]*|\p{L}+s|they|we|who|that|al\.|newspaper|paper|agency|outlet|weekly|daily|station)\s)(?:${NOUN_VERBS})|(?:${NOUN_VERBS})(?=\s+that\b)(?<=\p{L}\s\p{L}+)(?<!\b(?:[Tt]he|[Aa]n?|[Ii]ts|[Tt]heir|[Hh]is|[Hh]er|[Oo]ur|of)\s\p{L}+)|(?:${NOUN_VERBS})(?=,)(?<=\b[Aa]s\s(?:[\p{L}'’-]+\s){1,4}\p{L}+)|(?:${NOUN_VERBS})(?=\s+(?:that|the|a|an|its|their|his|her)\s)(?<=,\s\p{L}+)|(?<doc>${DOCUMENT_VERBS}))(?![\p{L}\p{N}-])`,
  'gu',
)
/**
 * An organisation's forecast or guidance cut, raised or reaffirmed is a forecast it states (guidelines 2:
 * *forecasts*): `Harrow raised its full-year profit forecast`, `reaffirmed its revenue guidance` (SUG17).
 * Apart from {@link VERB}, and run only when one of {@link FORECAST_WORDS} is in the sentence, as it is rare.
 */
export const FORECAST_VERB =
  /(?<![\p{L}\p{N}-])(?:cut|cuts|raised|raises|lowered|lowers|trimmed|trims|slashed|slashes|lifted|lifts|reaffirmed|reaffirms|reiterated|narrowed|narrows|revised|revises|upgraded|upgrades|downgraded|downgrades)(?= (?:its|their|the|his|her)? ?(?:[\p{L}\d/-]+ ){0,3}(?:forecasts?|guidance|outlook|projections?)\b)/gu
export const FORECAST_WORDS = ['forecast', 'guidance', 'outlook', 'projection']
/**
 * Rarer verbs of communication (SUG17, SUG4), apart from {@link VERB} and run only when one of
 * {@link RARE_VERB_NEEDLES} is in the sentence: every alternative of `VERB` costs at every position.
 * A court that holds that something is so states it (`the Court of Appeals held that`); `reminded …
 * that`; `Analysts had expected 94 cents`; `It cites sound readings` (a complaint citing evidence);
 * a document as the agent: `identified in court papers only as`.
 */
export const RARE_VERB =
  /(?<![\p{L}\p{N}-])(?:held(?= that)|holds(?= that)|remind|reminds|reminded(?=[^.;:]{0,60}\bthat\b)|(?<=\bha(?:d|ve|s) )expected|cites|(?<!\b[Aa]s )(?:identified|named|described|listed|referred to) in(?= (?:the |a |an |its |their |court |police |internal |sealed )*(?:papers|documents?|records|filings?|complaint|indictment|lawsuit|report|charging documents)))(?![\p{L}\p{N}-])/gu
/** Lower-case strings one of which is in every sentence {@link RARE_VERB} matches. */
export const RARE_VERB_NEEDLES = [
  'held that',
  'holds that',
  'remind',
  'd expected',
  've expected',
  's expected',
  'cites',
  'identified in',
  'named in',
  'described in',
  'listed in',
  'referred to in',
]
/** `called X "..."`: a verb of attribution only when a quotation follows. */
export const CALLED = /\b(?:called|dubbed|branded|labell?ed)\b(?=(?:[^.!?]|\.\d){0,60}["“«‘])/gu
export const SOURCE_HEADER = /^\s*(?:sources?|via)\s*:/iu

/** Spans where a reporting verb is used in another sense or without any source. */
export const NON_ATTRIBUTIVE = new RegExp(
  [
    // (These and the negation below end in any word: only a match that covers the verb counts.)
    // What is yet to be said is no attribution: an intention, an expectation or a modal (`is expected to
    // announce`, `too early to say`, `plans to address`, `will argue about`); `would` and `can` are left
    // alone (`would say only that`, `police can confirm`).
    String.raw`\b(?:(?:is|are|was|were|be|been|being)\s+)?(?:expected|scheduled|set|due|plans?|planned|planning|intends?|intended|intending|hopes?|hoped|hoping|wants?|wanted|going|likely|unlikely|early|soon|hard|difficult|impossible|premature|willing|afraid|poised|about|yet)\s+to\s+(?:\p{Ll}+ly\s+)?\p{L}+`,
    String.raw`\b(?:will|may|might|should|must|shall)\s+(?:\p{Ll}+ly\s+|also\s+|then\s+|still\s+)?\p{L}+`,
    String.raw`\b(?:that|having|this|all that|with that) said\b`,
    String.raw`\bneedless to say\b`,
    // Responding to an event and arguing about something are actions, not statements.
    String.raw`\brespond(?:s|ed|ing)?\s+to\s+(?:(?:a|an|the)\s+)?(?:[\p{Ll}\d-]+\s+){0,2}(?:crash|call|calls|fire|fires|collision|incident|scene|alarm|emergency|disturbance|accident|shooting|break-in|reports? of)\b`,
    String.raw`\bargu(?:e|es|ed|ing)\s+(?:about|over)\b`,
    String.raw`\bto tell\b`,
    // `reports results on Aug. 7`: a company publishing its figures is not a source being cited.
    String.raw`\b(?:report(?:s|ed|ing)?|announc(?:e|es|ed|ing))\s+(?:(?:its|their|a|an|the|quarterly|annual|full-year|[\p{Ll}]+-quarter)\s+)*(?:results|earnings|profits?|loss(?:es)?|revenues?|sales)\b`,
    // A passive reporting verb with no agent attributes nothing (`has been disputed since 1994`).
    String.raw`\b(?:is|are|was|were|been|being)\s+(?:\p{Ll}+ly\s+)?(?:disputed|critici[sz]ed|questioned|condemned|blamed|rejected|dismissed|welcomed|denied|confirmed|announced|described|claimed|estimated|predicted|forecast|expected|reported|told|warned|urged|asked|advised)\b(?!\s+(?:\p{Ll}+\s+){0,3}by\b)`,
    String.raw`\b(?:quick|slow|ready|eager|unable|able|failed|fail|fails|reluctant|hesitant)\s+to\s+\p{L}+`,
    // Declining or refusing to speak attributes nothing (`declined to comment`, `refused to confirm`).
    String.raw`\b(?:declin|refus)(?:e|es|ed|ing)\s+(?:again\s+)?to\s+(?:immediately\s+|publicly\s+)?\p{L}+`,
    String.raw`\b(?:not|never|n't)\s+(?:immediately|publicly|yet)\s+(?:say|said|comment|commented|confirm|confirmed|respond|responded|reply|replied|return)\b`,
    String.raw`\bno (?:immediate )?(?:comment|response)\b`,
    String.raw`\b(?:is|are|was|were|been|being|be)\s+(?:\p{Ll}+ly\s+)?said to\b`,
    String.raw`\b(?:the|aforesaid|above-said)\s+said\b`,
    String.raw`\baforesaid\b`,
    String.raw`\btell\s+(?:whether|if|the difference|apart|them apart)\b`,
    String.raw`\b(?:will|would|only time will|time will)\s+tell\b`,
    String.raw`\btold\s+(?:a|the|its|his|her|their)\s+(?:\p{Ll}+\s+)?(?:story|stories|tale|tales)\b`,
    String.raw`\bto say the least\b`,
    String.raw`\b(?:let's|let us)\s+say\b`,
    String.raw`\bso to speak\b`,
    // Any communication verb negated says nothing (`did not say`, `has not conceded`, `never confirmed`).
    String.raw`(?:\bnot|\bnever|n't|\bno longer)\s+(?:(?:yet|immediately|publicly|formally|officially|directly|explicitly|specifically)\s+)?(?:say|said|tell|told|comment|commented|confirm|confirmed|explain|explained|respond|responded|reply|replied|return|answer|answered|\p{L}+)\b`,
    String.raw`\bsaid\s+(?:little|nothing|much)\b`,
    String.raw`\b(?:are|is|was|were|be)\s+expected\b`,
    String.raw`\bas is known\b`,
    String.raw`\b(?:worth|it bears) (?:noting|mentioning|recalling|adding)\b`,
    String.raw`\b(?:accused|alleged|suspected|said|reported|believed)\s+(?:of|to have|to be)\b`,
    String.raw`\bit\s+(?:was|is|has been|had been|will be)\s+(?:\p{Ll}+ly\s+)?(?:said|reported|claimed|announced|noted|stated|alleged|believed|known|confirmed)\b`,
  ].join('|'),
  'gu',
)

export const SPOKESPERSON =
  /\b(?:spokes(?:man|woman|person|people|men|women)|press secretar(?:y|ies)|press (?:officer|office|service|attach[eé])|representatives?(?! of the people)|mouthpiece)\b/gu

/**
 * Lower-case nouns of people, each word also in its plural (`official` → `officials`, `witness` →
 * `witnesses`) unless it ends in `*`, when it is taken as written.
 */
function peopleNouns(list: string): Set<string> {
  const set = new Set<string>()
  for (const word of list.trim().split(/\s+/u)) {
    if (word.endsWith('*')) {
      set.add(word.slice(0, -1))
      continue
    }
    set.add(word)
    if (/(?:s|x|ch|sh)$/u.test(word)) set.add(`${word}es`)
    else if (/[^aeiou]y$/u.test(word)) set.add(`${word.slice(0, -1)}ies`)
    else set.add(`${word}s`)
  }
  return set
}

/** Unnamed people who are sources by their nature. */
export const STRONG_SOURCE_NOUNS = peopleNouns(
  'source official insider diplomat aide adviser advisor negotiator investigator staffer whistleblower',
)
/**
 * Nouns that are anonymous sources only when no name or affiliation identifies them: every unnamed
 * person who can speak, by occupation, role or circumstance (guidelines 2, `anonymous_official`).
 */
export const WEAK_SOURCE_NOUNS = peopleNouns(`
  person people* resident witness observer analyst expert employee worker owner critic lawmaker member
  executive trader economist banker neighbour neighbor activist campaigner scientist staff* spokespeople*
  doctor officer soldier parents* man* men* woman* women* evacuee passenger nurse father mother farmer
  driver commuter shopper voter student teacher patient fan supporter customer tenant grower survivor
  villager protester demonstrator lawyer attorney contractor captain physician prosecutor relative friend
  colleague firefighter paramedic engineer guard inspector mechanic pilot miner dockworker cashier manager
  user investor landlord locals* citizen participant player coach
  rider cyclist runner climber hiker skier swimmer athlete teammate volunteer rescuer responder medic
  surgeon dentist pharmacist clinician caregiver carer midwife* midwives* historian academics* scholar
  professor lecturer strategist consultant specialist physicist chemist statistician epidemiologist
  meteorologist seismologist geologist hydrologist biologist ecologist psychologist sociologist
  criminologist toxicologist virologist immunologist climatologist volcanologist cardiologist oncologist
  radiologist anthropologist archaeologist zoologist ornithologist entomologist pathologist
  opponent proponent backer sceptic skeptic detractor mediator lobbyist commentator pundit
  shopkeeper vendor merchant buyer seller bidder dealer broker diner baker builder plumber electrician
  technician labourer laborer trucker homeowner householder landowner renter borrower saver taxpayer
  ratepayer consumer client patron subscriber viewer reader listener motorist pedestrian traveller
  traveler tourist visitor spectator onlooker bystander mourner worshipper rancher herder fisherman*
  fishermen* fisher logger hunter sailor troops* veteran inmate prisoner detainee refugee migrant seeker
  pupil graduate alumni* children* kid teenager youth family survivor victim inhabitant townspeople*
  shareholder stockholder accountant detective architect planner designer programmer entrepreneur boss
  delegate legislator councillor councilor alderman* aldermen* juror picketer unionist researcher crew bondholder creditor
  caller exporter importer supervisor foreman* foremen* processor mayors*
`)
/**
 * A pattern source matching any of `words`, grouped by first letter (`a(?:ide|ides)|b(?:…)`): a long
 * alternation of words is several times faster when a mismatch on the first letter skips a whole group.
 */
function wordAlternation(words: Iterable<string>): string {
  const groups = new Map<string, string[]>()
  for (const w of [...words].sort((a, b) => b.length - a.length)) {
    const rest = groups.get(w[0]!) ?? []
    rest.push(w.slice(1))
    groups.set(w[0]!, rest)
  }
  return [...groups].map(([first, rest]) => `${first}(?:${rest.join('|')})`).join('|')
}
/**
 * A noun of either list above (group `noun`), or a phrase that says a source is not named (`familiar
 * with`, `on condition of anonymity`, `asked not to be named`, an indefinite pronoun that speaks:
 * `some said`, `others warned`), as whole words.
 */
export const SOURCE_NOUN = new RegExp(
  String.raw`\b(?:(?<noun>${wordAlternation([...STRONG_SOURCE_NOUNS, ...WEAK_SOURCE_NOUNS])})|(?:familiar with|close to|with (?:direct )?knowledge of|briefed on|on (?:the )?condition of anonymity|(?:asked|declined|refused|requested|did not want|agreed) not to be (?:named|identified)|(?:declined|refused) to be (?:named|identified)|(?:would not|declined to|did not|refused to) give (?:his|her|their) (?:full |last )?names?|asked that (?:his|her|their) names? (?:not be|be withheld)|requested anonymity|not authori[sz]ed to (?:speak|discuss|comment)|(?:some|others|many|several|most)(?=\s+(?:\p{Ll}+ly\s+)?(?:say|says|said|argue|argued|argues|warn|warns|warned|fear|fears|feared|believe|believes|believed|called|complained|told|wrote|noted|worry|worried)\b)))\b`,
  'gu',
)
/**
 * A lower-case word that can modify a role or organisation noun (`the county's budget director`): not a
 * common speech verb, determiner or preposition, so that `the school told the board` is not one phrase.
 * (The whole verb list would be exact but makes these patterns several times slower.)
 */
const MODIFIER = String.raw`(?:(?!(?:the|a|an|and|or|but|to|of|in|on|at|by|for|with|from|that|which|who|has|have|had|is|are|was|were|will|would|said|says|told|tells|wrote|writes|added|adds|asked|asks)\b)[\p{Ll}'’-]+\s+)`
/** Roles that single out one person or body: `the mayor`, `Ukraine's foreign minister`. */
export const ROLE = new RegExp(
  String.raw`\b(?:[Tt]he|[Ii]ts|[Hh]is|[Hh]er|[Tt]heir|\p{Lu}[\p{L}-]*['’]s)\s+${MODIFIER}{0,2}(?:chief (?:[\p{Ll}]+ )?officer|health officer|medical examiner|epidemiologist|auditor|treasurer|comptroller|controller|clerk|registrar|superintendent|commissioner|ombudsman|attorney general|solicitor general|surgeon general|district attorney|public defender|city manager|county executive|administrator|principal|dean|provost|rector|warden|archbishop|bishop|head coach|coach|manager|captain|founder|minister|president|mayor|governor|chancellor|secretary|ambassador|director|chief|chairman|chairwoman|chair|ceo|chief executive|senator|judge|prosecutors?|commander|general|head|leaders?|authors?|researchers?|scientists?|coroner|sheriff|premier|king|queen|pope)\b`,
  'gu',
)
/** Organisations referred to by a common noun: `the company`, `the fire service`, `police`. */
export const ORGANISATION_NOUN = new RegExp(
  String.raw`\b(?:(?:the|its|their|his|her|our|[\p{Ll}-]+['’]s)\s+${MODIFIER}{0,3}(?:coast guard|national guard|company|companies|firm|ministry|ministries|governments?|administration|authority|authorities|agency|department|council|committee|commission|court|union|operator|bank|campaign|embassy|regulators?|service|military|army|navy|police|prosecution|defen[cs]e|organi[sz]ers|county|city|town|municipality|district|team|hospital|school|centre|center|office|utility|airline|railway|board|panel|jury|palace|cabinet|presidency|party|opposition|coalition|club|insurer|manufacturer|developer|trust|clinic|lab|laboratory|prison|port|network|startup|retailer|lender|chain|airport|secretariat|tribunal|state|province|regime|junta|bloc|organi[sz]ation|institute|university|group|kremlin|pentagon|white house|treasury|club|league|parliament|delegation|association|federation|alliance|consultancy|foundation|charity)|police|authorities|regulators|organi[sz]ers|(?:both|the two|all) sides)\b`,
  'gu',
)
/** A descriptor that makes the capitalised name after it an outlet: `news site The Ledger`. */
export const OUTLET_DESCRIPTOR =
  /\b(?:newspaper|news site|news website|website|newsletter|magazine|broadcaster|news agency|channel|outlet|daily|weekly|monthly|tabloid|journal|publication|paper|station|radio|television|network|podcast|blog|site|portal|newsroom|wire service|(?:column|op-ed|opinion piece|guest essay) (?:in|for))\s+[«"“]?(?:The\s+)?$/u
/** Outlets referred to by a common noun: `the newspaper said`. */
export const OUTLET_NOUN =
  /\b(?:[Tt]he|[Tt]hat|[Tt]his)\s+(?:[\p{Ll}-]+\s+)?(?:newspaper|paper|outlet|magazine|broadcaster|news agency|publication|tabloid|daily|weekly|monthly|website|channel|station|radio station|network|news site|blog|podcast)\b|\b(?:[Jj]ournalists|[Rr]eporters|the media|[Mm]edia reports?|[Pp]ress reports?|[Ll]ocal media|[Ss]tate media)\b/gu
export const OUTLET_NAMES =
  /\b(?:Reuters|AP|AFP|Associated Press|Agence France-Presse|Bloomberg|CNN|BBC|TASS|Tass|RIA Novosti|RIA|Interfax|Xinhua|Politico|Axios|NPR|NBC(?: News)?|CBS(?: News)?|ABC News|Fox News|MSNBC|Sky News|Al Jazeera|Kommersant|Vedomosti|Meduza|Der Spiegel|Le Monde|Lancet|Nature|European Pravda|Ukrainska Pravda)\b/gu
/** A capitalised name whose first word makes it an outlet: `Radio Norte`, `TV Rain`, `Channel 4`. */
export const OUTLET_PREFIX = /^(?:The\s+)?(?:Radio|TV|Television|Channel|Canal|Rádio|Télé|Tele)\s+\S/u
/** What comes before an outlet that a source speaks *to* (`told`, `in an interview with`): a channel, not a subject. */
export const CHANNEL_BEFORE =
  /\b(?:told|tells|tell|telling|(?:speaking|spoke|speaks|talking|talked|talks|said|says|explained|confirmed|complained) (?:to|with)|interview (?:with|on|to|for)|interviewed by|remarks to|comments to|statement to|(?:said|spoke|speaking|appearing|appeared) on|(?:wrote|writing|written) (?:in|for)|(?:op-ed|column|article|letter) (?:in|for|to))\s+(?:(?:the|a|an)\s+)?(?:[\p{Ll}-]+\s+){0,2}[«"“]?$/iu
/**
 * The article's own outlet in its dateline (`PORT ASSEL, June 18 (Kestrel Wire) —`): speaking to it adds
 * nothing (SUG7). Group 1 is the name.
 */
export const OWN_OUTLET_DATELINE = /\((\p{Lu}[\p{L}&.'’ -]{1,40}?)\)\s*[—–-]/u
/** Several other outlets (`several newspapers`): run only when {@link SEVERAL_OUTLETS_NEEDLES} are in the sentence. */
export const SEVERAL_OUTLETS =
  /\b(?:several|two|three|four|other|various|local|foreign|national|regional|international)\s+(?:newspapers|outlets|broadcasters|news agencies|media outlets|television channels|radio stations)\b/gu
export const SEVERAL_OUTLETS_NEEDLES = [
  'newspapers',
  'outlets',
  'broadcasters',
  'agencies',
  'channels',
  'stations',
]
/** Outlets spoken to that are several others (`speaking to several newspapers`), whatever was named before. */
export const OTHER_OUTLETS =
  /^(?:several|two|three|four|other|various|local|foreign|national|regional|international)\s/u
/** A forward verb right before a source: its object ends at the next comma. */
export const FORWARD_BEFORE = /\b(?:according to|citing|cited|quoting|with reference to)\s+(?:\S+\s+){0,3}$/iu
/** Data nouns: credited to a named provider they are that provider's (`figures from the Statistics Office`). */
export const DATA = /^(?:\p{L}+\s+)*(?:data|figures|statistics|numbers)$/iu
/** A promise of anonymity is attribution to an unnamed source (`They spoke on condition of anonymity`). */
export const ANONYMITY_SPEECH =
  /\b(?:spoke|speaking|spoken|talked|talking|agreed to speak)\b[^.;]{0,40}?\b(?:on (?:the )?condition (?:of|that)|anonymously|without being (?:named|identified)|in exchange for anonymity)/u
/** An apposition that withholds the source's name (`who asked not to be named because …`). */
export const ANONYMITY_CLAUSE =
  /\b(?:not to be (?:named|identified)|anonymity|would not give (?:his|her|their) (?:full |last )?names?|names? (?:not be used|be withheld)|not authori[sz]ed to (?:speak|comment|discuss)|only (?:by )?(?:his|her|their) first name)\b/iu
/**
 * A verb of {@link VERB} used for an act, tested on the text around a match: `declared a state of
 * emergency`, `declared war`; `profit beats forecasts` (after a verb of comparison the forecasts are
 * someone else's figures).
 */
export const DECLARED_ACT = /^ (?:an?|war|bankruptcy|independence|martial|its|his|her|their|victory)\b/u
export const FORECASTS_COMPARED =
  /\b(?:beat|beats|beating|missed|misses|miss|topped|tops|exceeded|exceeds|exceed|above|below|than|of|with|on|to|cuts?|raised?|raises|lowered|lowers)\s$/u

/**
 * A refusal phrased with `said` (`said the company does not comment on market speculation`), tested right
 * after the verb: it attributes nothing (SUG10).
 */
export const SAID_REFUSAL =
  /^\s+(?:that\s+)?(?:[\p{L}'’-]+\s+){1,3}(?:does|do|did|would|will|could|can)(?:\s+not|n['’]t)\s+(?:comment|discuss|speculate|disclose|elaborate|respond)\b/u
/** A passive verb (`was reported by 9% of patients`) inside an attributed clause is its content. */
export const PASSIVE_BEFORE =
  /\b(?:is|are|was|were|been|being|be)\s+(?:(?:\p{Ll}+ly|first|also|not|later|then|initially|originally)\s+)?$/u
/** What joins a second attributed clause to the first (`…, while Jones said …`). */
export const CLAUSE_JOIN =
  /(?:;|,\s*(?:and|but|while|whereas|as|though|although)|\b(?:while|whereas))\s+(?:\S+\s+){0,4}$/u
/** A possessive between two source phrases: the right one is the head (`the city attorney's office`). */
export const POSSESSIVE_GAP = /^['’]s?\s+(?:[\p{Ll}\p{N}-]+\s+){0,3}$/u
/** `… and said`: a verb coordinated with an earlier one. */
export const COORDINATED = /\b(?:and|but|then)\s+(?:\p{Ll}+ly\s+)?$/u
/** A credit line of the outlet's own staff: `(Reporting by …; Editing by …)`. */
export const CREDIT_LINE =
  /^\s*\(?\s*(?:(?:additional\s+)?reporting|writing|editing|compiled|written)\s+by\b/iu
/** Between a document and whoever passed it on: `a copy of the email provided by a county employee`. */
export const RELAYED_BY =
  /^\s*,?\s*(?:provided|obtained|seen|shared|leaked|reviewed|given)\s+(?:to\s+\S+\s+)?by\s+(?:\S+\s+){0,2}$/u
/** A personal title at the start of a name (`Dr. Lena Ortiz`, `Sen. Ortega`). */
export const TITLE_AT_START =
  /^(?:Mr|Mrs|Ms|Dr|Prof|Gen|Sen|Rep|Gov|Lt|Col|Capt|Adm|Sgt|Maj|Cmdr|Rev|Hon)\.?\s/u
/** What follows a name that makes it an outlet: `Cadena SER radio`, `the Nikkei newspaper`. */
export const OUTLET_AFTER =
  /^\s+(?:radio|television|tv|newspaper|daily|weekly|broadcaster|channel|news agency|magazine|website|news site)\b/u
/** A capitalised name whose last word makes it an outlet: `The Evening Standard`, `the Easton Herald`. */
export const OUTLET_SUFFIX =
  /(?:Journal|Times|Post|Herald|Gazette|Tribune|Standard|Courier|Telegraph|Guardian|Independent|News|Press|Pravda|Novosti|Chronicle|Observer|Express|Mail|Mirror|Economist|Bulletin|Review|Insider|Daily|Weekly|Monitor|Wire|Today|Ledger|Sentinel|Dispatch|Register|Examiner|Inquirer|Enquirer|Reporter|Globe|Star|Sun|Clarion|Digest|Magazine|Radio|TV|Television|Broadcasting|Newswire|Online|News Agency|Press Agency|Pioneer|Advocate|Argus|Beacon|Gleaner|Free Press|Sentinel|Bee|Eagle|Current|Record|Recorder|Bugle|Courant|Messenger|Intelligencer|Statesman|Spectator|Almanac|Crier|Tidings|Newsroom|Quarterly|Zeitung|Nachrichten|Tageblatt|Kurier|Diario|Noticias|Prensa|Gazeta|Correio|Corriere|Giornale|Nouvelles|Dagblad|Posten|Tidende|Sanomat|Uutiset|Nyheter|Vesti|Izvestia|Shimbun|Ilbo)$/u
export const ORGANISATION_WORD =
  /\b(?:Ministry|Agency|Authority|Service|Department|Office|Commission|Council|Committee|Organi[sz]ation|Union|Bank|Institute|University|College|Corp|Corp\.|Inc|Inc\.|Ltd|Ltd\.|Co\.|Group|Company|Court|Party|Police|Army|Navy|Command|House|Pentagon|Kremlin|Treasury|Congress|Parliament|Nations|NATO|EU|UN|FBI|CIA|NASA|SpaceX|Senate|Cabinet|Government|Administration|Foundation|Association|Federation|Board|Bureau|Fund|Airlines|Motors|Logistics|Systems|Holdings|Partners|Labs?|Technologies|Campaign)\b/u
export const DOCUMENT =
  /\b(?:documents?|reports?|statements?|filings?|memos?|memorandum|letters?|study|studies|survey|poll|audit|review|analysis|findings|results|assessment|paper|records|cables?|e-?mails?|transcripts?|indictment|lawsuit|complaint|court papers|data|research|dossier|communiqu[eé]|figures|statistics|numbers|release|press release|minutes|ruling|verdict|judgment|judgement|affidavit|testimony|bulletin|advisory|forecast|projections?|law|laws|bill|statute|ordinance|regulations?|contract|treaty|citation|inspection records|records|decisions?|briefs?|summary|summaries|notices?|motions?|petitions?|estimates?|census|tally|inquiry|evaluation|drafts?|proposals?|guidance|guidelines|directives?|decrees?|resolutions?|declarations?|agreements?|accord|charter|constitution|plans?|budgets?|articles?|editorials?|preprints?|footage|videos?|recordings?|photos|photographs|images|logs|database|invoices?|receipts|depositions?|warrants?|exit polls?|trials?(?= (?:finds|found|shows|showed|suggests|concludes|concluded)\b))(?![\p{L}\p{N}])/gu
export const PRONOUN =
  /\b(?:he|she|they|it|(?:one|some|both|each|none|all|two|three|many|most|another) of them|(?:^|(?<=[“"]))one(?=,)|another(?=,))\b/gu

export const TITLE = String.raw`(?:Mr|Mrs|Ms|Dr|Prof|Gen|Sen|Rep|Gov|Lt|Col|Capt|Adm|Sgt|Maj|Cmdr|Rev|Hon|St|Inc|Corp|Ltd|Co|Jr|Sr)\.`
export const CAPITALISED_WORD = String.raw`(?:(?:\p{Lu}\.){2,}|\p{Lu}\.(?=\s+\p{Lu})|${TITLE}|\p{Lu}[\p{L}\p{M}\p{N}'’&-]*(?:–\p{Lu}[\p{L}\p{M}\p{N}'’&-]*)*)`
export const CAPITALISED = new RegExp(
  String.raw`(?<![\p{L}\p{N}])${CAPITALISED_WORD}(?:\s+(?:(?:of|de|del|da|van|von|bin|al|du|la|for|and)\s+)?${CAPITALISED_WORD})*`,
  'gu',
)
/** A name in camel case that starts in lower case (`eTrove`, `iLumen`): a brand, named like any other name. */
export const BRAND = /(?<![\p{L}\p{N}])\p{Ll}{1,3}\p{Lu}[\p{L}\p{M}\p{N}'’&-]*/gu
/** Cheap pre-test for {@link BRAND} (an ASCII scan: brands in camel case are written in ASCII). */
export const HAS_BRAND = /[a-z][A-Z]/
export const CAPITALISED_TOKEN = new RegExp(CAPITALISED_WORD, 'gu')
/** Capitalised words that open sentences or count things rather than name anyone. */
export const NOT_A_NAME = new Set(
  (
    'The A An This That These Those It Its He She They We I You His Her Their Our My Your There Here ' +
    'But And Or So Yet Nor In On At By For From With Without To Of As If When While After Before Since ' +
    'Although Though Because However Meanwhile Moreover Also Still Then Now Thus Instead Later Earlier ' +
    'Yesterday Today According Some Many Most Several Both All Each Such No Not Only Even What Who Why ' +
    'How Where Which Despite During Among Last Next Nonetheless Nevertheless Furthermore Nobody None ' +
    'Everyone Everybody Everything Someone Somebody Something Nothing Neither Either One Two Three Four ' +
    'Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec Five Six Seven Eight Nine Ten Another Other Another Local Senior Former Top Lead Asked Speaking Quote ' +
    'Source Sources Details Background Monday Tuesday Wednesday Thursday Friday Saturday Sunday January ' +
    'February March April May June July August September October November December Shares Under Over ' +
    'Until Unlike Like Given Once Unless Whether Whatever Whoever Specifically Indeed Overall Otherwise ' +
    'Please Yes Let Do Does Did Is Are Was Were Be Will Would Can Could Should May Might Must Has Have Had'
  ).split(' '),
)
export const SENTENCE_START_GAP = /^[\s"“‘'«(—–-]*$/u
export const VERB_AHEAD = new RegExp(
  String.raw`^\s*(?:,|(?:(?:has|have|had)\s+(?:long\s+|repeatedly\s+)?)?(?:also\s+|later\s+|then\s+|again\s+|previously\s+)?(?:${VERB_WORDS}|${DOCUMENT_VERBS}|reports|claims|notes)\b)`,
  'iu',
)
export const NAME_AHEAD = new RegExp(String.raw`^\s*,?\s*${CAPITALISED_WORD}`, 'u')
export const AFFILIATION_GAP =
  /^\s*(?:,\s*)?(?:(?:at|of|from|for|with|in|within|inside|on|by|to)\s+(?:the\s+)?(?:[\p{Ll}-]+\s+){0,2})?$/iu
/** Between data and whoever provides it: `data compiled by`, `figures released by the ministry`. */
export const PROVIDED_BY =
  /^\s*,?\s*(?:compiled|collected|gathered|published|released|provided|produced|issued|kept)\s+by\s+(?:the\s+)?$/iu
export const LEFT_GAP = /^(?:\s*|['’]s\s*|\s+(?:and\s+)?)$/u
export const PASSIVE_BY = /\bby\s+(?:[\p{L}\p{N}-]+\s+){0,3}$/iu
/** Counting and qualifying words before a source noun, lowercase. */
export const QUALIFIERS =
  /(?<![\p{L}\p{N}])(?:(?:an?|one|two|three|four|five|six|seven|eight|nine|ten|several|some|many|other|another|senior|junior|former|current|top|informed|local|western|european|american|\d+)\s+)+$/u
export const APPOSITION = /^\s*,\s*$/u
export const THAT = /\bthat\b/u
export const AFTER_QUOTE = /["”»’],?\s*$/u
export const CLAUSE_END = /^\s*(?:[,.;:!?)]|$)/u
export const INVERTED = /(?:[,”"»’]|["”»’],)\s*$/u
/**
 * What comes before a document that is how a speaker spoke, not who: `said in a statement`, and the
 * issuer's own document (`issued a joint statement pledging`, `filed a lawsuit alleging`). One pattern,
 * as it is tested before every document word.
 */
export const IN_MEDIUM =
  /\b(?:(?:in|on|via|through|with)\s+(?:a|an|the|its|his|her|their)|(?:issued|issues|released|releases|put out|published|publishes|filed|files|sent|posted)(?:\s+(?:a|an|the|its|their|his|her))?)\s+(?:[\p{Ll}-]+\s+){0,2}$/iu

export const MAX_SUBJECT_DISTANCE = 160
export const MAX_FORWARD_DISTANCE = 60

/** Runs a global regular expression over `text`, calling `each` for every non-empty match. */
export function collect(regex: RegExp, text: string, each: (m: RegExpExecArray) => void): void {
  regex.lastIndex = 0
  for (let m = regex.exec(text); m !== null; m = regex.exec(text)) {
    if (m[0].length === 0) regex.lastIndex++
    else each(m)
  }
}
