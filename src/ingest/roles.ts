// Words that make up job titles ("NATO Secretary General", "Health Minister",
// "chief executive"), used to split a speaker phrase into organisation, role and name.
// Heads and their usual modifiers only; organisations and names come from the text.

// Words that qualify a title ("Trade Minister", "Acting President") rather than head it.
const PORTFOLIO_WORDS = ['prime', 'deputy', 'vice', 'acting', 'interim', 'former', 'senior', 'junior',
  'assistant', 'associate', 'managing', 'foreign', 'defence', 'defense', 'finance', 'health', 'interior', 'home',
  'trade', 'economy', 'education', 'energy', 'environment', 'transport', 'culture', 'agriculture', 'labour',
  'labor', 'state', 'federal', 'regional', 'permanent', 'high',
  'team', 'police', 'fire', 'operating', 'financial', 'technology', 'information', 'medical', 'press']
const PORTFOLIO = new Set(PORTFOLIO_WORDS)

/** "trade", "health", "acting": a word that qualifies a title rather than heads it. */
export function isPortfolioWord(word: string): boolean {
  return PORTFOLIO.has(word)
}

const ROLE_WORDS = new Set([
  // heads
  'minister', 'secretary', 'secretary-general', 'general', 'president', 'vice-president', 'chancellor', 'director',
  'director-general', 'chief', 'executive', 'officer', 'spokesperson', 'spokesman', 'spokeswoman', 'governor',
  'mayor', 'senator', 'ambassador', 'commissioner', 'chair', 'chairman', 'chairwoman', 'chairperson', 'head',
  'leader', 'coach', 'manager', 'professor', 'economist', 'analyst', 'captain', 'founder', 'co-founder', 'ceo',
  'cfo', 'cto', 'coo', 'premier', 'representative', 'judge', 'justice', 'inspector', 'superintendent',
  'commander', 'admiral', 'colonel', 'lieutenant', 'sergeant', 'constable', 'detective', 'researcher', 'scientist',
  'lecturer', 'editor', 'lawyer', 'attorney', 'prosecutor', 'mp', 'mep', 'councillor', 'councilor',
  'principal', 'dean', 'rector', 'owner', 'partner', 'adviser', 'advisor', 'strategist', 'organiser', 'organizer',
  'negotiator', 'envoy', 'coordinator', 'administrator', 'commissioner', 'president-elect', 'king', 'queen',
  'prince', 'princess', 'pope', 'bishop', 'archbishop', 'rabbi', 'imam', 'sheriff', 'marshal', 'referee',
  'striker', 'midfielder', 'defender', 'goalkeeper', 'winger', 'forward', 'boss', 'official', 'virologist',
  'epidemiologist', 'historian', 'physician', 'surgeon', 'nurse', 'teacher', 'author', 'activist', 'campaigner',
  'businessman', 'businesswoman', 'entrepreneur', 'farmer', 'driver', 'skipper', 'fisherman', 'resident', 'student',
  'attorney', 'barrister', 'solicitor', 'anchor', 'presenter', 'journalist', 'reporter', 'consultant', 'engineer',
  'taoiseach', 'tánaiste', 'td', 'skipper', 'pundit', 'frontman', 'chief-executive', 'secretary-general', 'inspector-general',
  'superintendent', 'deputy', 'councillor', 'cllr', 'chairperson', 'spokesperson', 'director-general', 'evacuee', 'fisherman',
  'administrator', 'opener', 'chancellor', 'sheriff', 'deputies', 'warden', 'bishop', 'treasurer', 'registrar', 'lieutenant',
  // Met on real pages: "Singer Mika", "DJ Frankie Connor", "the summer signing said", "the 28-year-old added".
  // "Principal Magistrate Gathogo Sogomo", "Chief Magistrate Ann Oduya" (Kenyan courts).
  'magistrate',
  // Bangladeshi and Indian courts: "Advocate Amir Hossain", "Adv. Prashant Bhushan": a title before a lawyer's name (convention 248).
  'advocate', 'adv',
  // Nigerian state police: "CP Fayoade Adegoke", "the CP said".
  'cp',
  // Ranks and offices written before a name in African, Asian and Pacific copy: "Brigadier Brenda Muridili", "ACP Rusiate
  // Tudravu", "Collector Swadha Dev Singh" (an Indian district's head), "CJP Isa" (Chief Justice of Pakistan) (convention 271).
  'brigadier', 'acp', 'dcp', 'ssp', 'asp', 'dig', 'collector', 'cjp',
  // Court copy: "“…?” the clerk asked.": the person of that part in the case when the story names them, else an unnamed
  // source (convention 278). Not "suspect" ("a suspect at a Kibera court" is no title) nor "accused", mostly a verb
  // ("Ann Lee accused Tom Reed of …").
  'clerk', 'defendant', 'complainant',
  // Entertainment pages: "Bollywood actor Ranbir Kapoor", "actress Uche Ogbodo", "filmmaker Sai Rajesh" (convention 273).
  'actor', 'actress', 'filmmaker', 'film-maker', 'playwright', 'novelist', 'choreographer',
  // Irish police ranks: "Garda Shane Connolly", "Detective Garda Ann Roe", "Garda Sergeant Ann Roe".
  'garda',
  // North American sport: "Kicker Sam Ortega on his missed kick:", "goaltender Ana Ruiz said".
  'quarterback', 'kicker', 'punter', 'linebacker', 'cornerback', 'receiver', 'pitcher', 'goaltender', 'goalie', 'defenceman', 'defenseman',
  'singer', 'dj', 'musician', 'rapper', 'drummer', 'guitarist', 'vocalist', 'keyboardist', 'bassist', 'comedian', 'signing',
  'opposition', 'speaker', 'chair', 'boss', 'politician', 'diplomat', 'lawmaker', 'legislator', 'senator', 'congressman', 'congresswoman', 'whip', 'ig', 'cm', 'pm', 'dg', 'mla', 'igp', 'dgp', 'sp', 'dsp',
  // modifiers that are titles of their own too
  'outgoing', 'incoming', 'attorney-general', 'general-secretary', 'head',
  ...PORTFOLIO_WORDS,
])

// "Brig.", "Engr.", "Barr.", "Rt. Hon.": ranks and styles of Gulf, Nigerian and Ghanaian copy (convention 248);
// "Maj-Gen Al Adhb", "Major-General Khalil Al Mansouri": a hyphenated rank (convention 271).
const HONORIFICS = /^(mr|mrs|ms|miss|mx|dr|prof|sir|dame|lord|lady|rev|gen|sen|rep|gov|lt|col|sgt|capt|adm|maj|cllr|coun|cr|det|insp|supt|cmdr|hon|professor|brig|engr|barr|rt|maj-gen|major-general|lt-gen|lieutenant-general|brig-gen|brigadier-general|lt-col|lieutenant-colonel)\.?$/i

export function isRoleWord(token: string): boolean {
  const word = token.toLowerCase().replace(/[.,]$/, '')
  // Professions by suffix: glaciologist, astronomer, statistician.
  return ROLE_WORDS.has(word) || /^\p{Ll}+(olog|onom|chem|pharmac)(ist|er)$|^\p{Ll}+ician$/u.test(word) || isAgeDescriptor(word)
}

/** "the 28-year-old": an age that stands for the person, like a title. */
function isAgeDescriptor(word: string): boolean {
  const dash = word.indexOf('-')
  return dash > 0 && dash <= 3 && /^\d+$/.test(word.slice(0, dash)) && word.slice(dash) === '-year-old'
}

// British police ranks before a surname ("DI Dodsworth", "DCI Qureshi", "PC Hale"), in capitals only: "Di Canio" is a name.
const POLICE_RANKS = /^(?:DCI|DI|DSI|DCS|DS|DC|PC|PS|ACC|DCC)$/

// Malaysian and Bruneian honours before a name ("Datuk Seri Saifuddin Nasution Ismail", "Tun Dr Mahathir"):
// titles, not part of the name. "Sri" and "Tan" are names too, so they count only inside a pair (speakers.ts).
const MALAY_HONOURS = /^(?:datuk|dato[’']?|datin|tun|seri|yb|yab)$/i

export function isHonorific(token: string): boolean {
  return HONORIFICS.test(token) || POLICE_RANKS.test(token) || MALAY_HONOURS.test(token)
}

/** "Tan Sri", "Dato' Sri", "Puan Sri": a Malay honour's second word, given the word before it. */
export function isHonourPair(first: string | undefined, second: string | undefined): boolean {
  return /^(?:sri|seri)$/i.test(second ?? '') && /^(?:tan|puan|datuk|dato[’']?|datin)$/i.test(first ?? '')
}

/** Gender implied by an honorific, used only to steer he/she resolution. */
export function honorificGender(token: string): 'male' | 'female' | null {
  const t = token.toLowerCase().replace('.', '')
  if (t === 'mr' || t === 'sir' || t === 'lord') return 'male'
  if (t === 'mrs' || t === 'ms' || t === 'miss' || t === 'dame' || t === 'lady') return 'female'
  return null
}
