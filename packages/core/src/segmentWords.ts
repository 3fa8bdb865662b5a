/**
 * Word classes the segmenter ({@link ./segment.ts}) consults at a period: what the word before it is
 * (an abbreviation of which kind) and whether the word after it opens a sentence. These are closed
 * classes of English news copy (titles, company suffixes, AP state names, determiners and pronouns),
 * not lists of words seen in any test text.
 */

/**
 * How an abbreviation behaves before a capitalised word (SEG4):
 * - `title`: before a name, never ends a sentence (`Sen. Ortega`, `ST. PAUL`);
 * - `prefix`: introduces more of the same sentence (`e.g.`, `v.`);
 * - `number`: before a number it continues (`No. 1`, `p. 12`), before a word it is a word (`No.`);
 * - `month`: a month or weekday: before a day or year it continues (`Jan. 6`, `Wed. 14 Feb.`), else
 *   it is `final`;
 * - `time`: `a.m.`, `p.m.`: like `final`, but a weekday, month or time zone continues (`9 p.m. Monday`);
 * - `initial`: a single capital (`M.`, `F.`): ends a sentence only before a sentence opener;
 * - `final`: often the last word of a sentence (`Inc.`, `et al.`, `Ph.D.`, `Ave.`): a capitalised
 *   word that is not a name continuing (`Shares fell`) starts a new sentence;
 * - `name`: part of a name or citation (`U.S.`, `D.C.`, `Calif.`, `Fed.`, `Civ.`): only a sentence
 *   opener after it starts a new sentence (`the U.S. Army` vs `the U.S. The Kremlin`); after a
 *   comma it ends a place name and is `final` (`Washington, D.C. Officials said`).
 */
export type AbbreviationKind = 'title' | 'prefix' | 'number' | 'month' | 'time' | 'initial' | 'final' | 'name'

const words = (list: string): string[] => list.trim().split(/\s+/)

const KINDS = new Map<string, AbbreviationKind>()
const add = (kind: AbbreviationKind, list: string): void => {
  for (const w of words(list)) KINDS.set(w, kind)
}
add(
  'title',
  'Mr Mrs Ms Messrs Mmes Mme Mlle Dr Drs Prof Profs Gen Sen Sens Rep Reps Gov Govs Lt Col Sgt Capt Cpl Maj ' +
    'Adm Cmdr Cdr Brig Pvt Pfc Spc Rev Revs Hon Pres Supt Insp Det Atty Amb Fr Sra Srta Mt Ft Msgr ' +
    // Council, police and military ranks of British and US copy (`Ald. Suarez`, `Cllr. Berg`, `Pte. Lowe`).
    'Ald Cllr Pte Ens Commr Comdr Supv Asst Assoc Rt',
)
add('prefix', 'e.g i.e v cf viz a.k.a')
add(
  'number',
  'No Nos no nos Art Arts Vol Vols vol Fig Figs fig p pp para paras Ch ch Sec Secs Ref Nr nr Tel tel ca c Op',
)
add('month', 'Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec Mon Tue Tues Wed Thu Thur Thurs Fri Sat Sun')
add('time', 'a.m p.m A.M P.M')
add(
  'final',
  'Inc Corp Co Cos Ltd LLC LLP Plc PLC plc Bros Jr Sr Jnr Snr etc al Ph.D PhD M.D D.Phil ' +
    'B.A M.A B.Sc M.Sc M.B.A LL.B LL.M Esq approx vs Assn Dept Univ Intl Natl esp incl excl ' +
    'hrs mins secs yrs mos lbs oz kg km cm mm ' +
    // Units after a number: a number after one continues (`2 hr. 14 min. 9 sec.`), a sentence does not.
    'hr min sec yr mo wk wks ft yd yds mi lb pt qt gal sq cu deg pct mil bn ' +
    // Street suffixes: what follows one is not part of a name (`Ninth Ave. Sunday parking stays free`).
    'Ave Blvd Rd Hwy Rte Pl Sq Pk Ln Ter Pkwy Ste',
)
add(
  'name',
  // Saints and places; AP-style state names; parts of legal citations.
  'St Ct Cir ' +
    'Ala Ariz Ark Calif Colo Conn Del Fla Ga Ill Ind Kan Kans Ky La Md Mass Mich Minn Miss Mo Mont Neb Nev ' +
    'Okla Ore Pa Tenn Tex Va Vt Wash Wis Wisc Wyo ' +
    'Fed Civ Crim Evid App Supp Dist Stat Regs Cal Bankr Cong Sess Admin Proc Const Amend Super Sup',
)
/**
 * Parts of a court reporter or a court's name that follow a place's abbreviation in a citation
 * (`188 Ard. App. 3d 412`, `(Ardel Super. Ct.)`, `F. Supp. 2d`): before one, any short capitalised
 * abbreviation is part of the citation (SEG13).
 */
const CITATION_PARTS = new Set(words('App Ct Supp Cir Dist Super Sup Bankr Stat Rptr'))

/** Whether `word` (before a period) is a court reporter's or court name's part (SEG13). */
export function isCitationPart(word: string): boolean {
  return CITATION_PARTS.has(word)
}
// A street `Dr.` and a title `Dr.` differ only by what comes before; as a title it never ends a
// sentence, which is the common case.
KINDS.set('Dr', 'title')

/** Abbreviations of several dotted parts: initialisms (`U.S`, `p.m`, `Ph.D`). No part longer than 3. */
const DOTTED = /^(?:\p{L}{1,3}\.)+\p{L}{1,3}$/u
const SINGLE_CAPITAL = /^\p{Lu}$/u
const LOWER = /\p{Ll}/u
const ALL_CAPS = /^\p{Lu}{2,}$/u

/**
 * The kind of abbreviation `word` (the letters before a period, without the period) is, or null for
 * an ordinary word. All-capital words are looked up in title case too (`ST. PAUL`, `MINN.`).
 */
export function abbreviationKind(word: string): AbbreviationKind | null {
  const known = KINDS.get(word)
  if (known !== undefined) return known
  if (SINGLE_CAPITAL.test(word)) return word === 'I' ? null : 'initial'
  if (ALL_CAPS.test(word)) {
    const titled = KINDS.get(word[0] + word.slice(1).toLowerCase())
    return titled ?? null
  }
  if (DOTTED.test(word)) return LOWER.test(word) ? 'final' : 'name'
  return null
}

/**
 * Closed-class words that open sentences: determiners, pronouns, conjunctions, prepositions, auxiliaries
 * and sentence adverbs. After an abbreviation one of these signals a new sentence; a name does not.
 */
const OPENERS = new Set(
  words(`
    The A An This That These Those It Its He She They We I You His Her Their Our My Your There Here
    But And Or So Yet Nor In On At By For From With Without To Of As If When While After Before Since
    Until Unless Although Though Because However Meanwhile Moreover Also Still Then Now Thus Hence
    Instead Later Earlier Yesterday Today Tomorrow Tonight According Some Many Most Several Both All
    Each Every Any Such No Not Only Even Just What Who Whom Whose Why How Where Which Whether Despite
    During Among Amid Under Over Through Across Against Between Within Last Next Nonetheless
    Nevertheless Furthermore Nobody None Everyone Everybody Everything Someone Somebody Something
    Nothing Neither Either Other Others Another One Two Three Few Much More Less Is Are Was Were Be
    Been Do Does Did Has Have Had Will Would Can Could Should Shall May Might Must Let Please Yes
    Indeed Overall Finally First Second Third Already Once Often
    About Around Roughly Nearly Almost Approximately Above Below Beyond Near Behind Toward Towards Along
    Alongside Upon Via Per Outside Inside Together Perhaps Maybe Probably Certainly Clearly Separately
    Additionally Similarly Likewise Otherwise Regardless Afterwards Afterward Soon Recently Currently
    Previously Initially Eventually Ultimately Elsewhere Again Never Always Sometimes Usually Rarely
    Anyone Anything Anybody Whatever Whoever Whenever Wherever Unlike Like Following Including Regarding
    Except Besides Whereas Therefore Consequently Accordingly Fortunately Unfortunately Notably
    Importantly Specifically Asked Speaking Given Half Dozens Hundreds Thousands Millions Four Five Six
    Seven Eight Nine Ten Eleven Twelve Thirteen Fourteen Fifteen Sixteen Seventeen Eighteen Nineteen
    Twenty Thirty Forty Fifty Sixty Seventy Eighty Ninety
  `),
)

/** Whether `word` (capitalised) opens a sentence rather than continuing a name. */
export function isSentenceOpener(word: string): boolean {
  return OPENERS.has(word)
}

const CALENDAR = new Set(
  words(`
    Monday Tuesday Wednesday Thursday Friday Saturday Sunday Mon Tue Tues Wed Thu Thurs Fri Sat Sun
    January February March April May June July August September October November December
  `),
)

/** Whether a capitalised word after `p.m.` continues the phrase (`Monday`, `EST`). */
export function continuesTime(word: string): boolean {
  return CALENDAR.has(word) || ALL_CAPS.test(word)
}

/** Whether a word is in capitals, as an acronym or a time zone is (`CEO`, `EST`). */
export function isAllCaps(word: string): boolean {
  return ALL_CAPS.test(word)
}
