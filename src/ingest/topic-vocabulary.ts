// Small controlled vocabulary: well-known organisations and places whose aliases or
// acronyms entity recognition cannot link by itself, and the subject tags an editor
// applies. Everything else comes from compromise's entity recognition.
import type { TopicKind } from './types.js'

export interface VocabularyEntry { name: string; kind: TopicKind; aliases: string[] }

export const WELL_KNOWN: VocabularyEntry[] = [
  { name: 'NATO', kind: 'organization', aliases: ['North Atlantic Treaty Organization', 'North Atlantic Treaty Organisation'] },
  { name: 'Islamic State', kind: 'organization', aliases: ['Islamic State group', 'Daesh', 'ISIS', 'ISIL', 'Islamic State of Iraq and the Levant', 'Islamic State of Iraq and Syria'] },
  { name: 'Taliban', kind: 'organization', aliases: ['Islamic Emirate', 'Islamic Emirate of Afghanistan'] },
  { name: 'Al-Qaeda', kind: 'organization', aliases: ['al-Qaeda', 'al-Qaida', 'Al Qaeda', 'al Qaeda'] },
  { name: 'United Nations', kind: 'organization', aliases: ['UN', 'U.N.'] },
  { name: 'European Union', kind: 'organization', aliases: ['EU', 'E.U.'] },
  { name: 'European Commission', kind: 'organization', aliases: ['Commission'] },
  { name: 'World Health Organization', kind: 'organization', aliases: ['WHO', 'World Health Organisation'] },
  { name: 'International Monetary Fund', kind: 'organization', aliases: ['IMF'] },
  { name: 'European Central Bank', kind: 'organization', aliases: ['ECB'] },
  { name: 'Federal Reserve', kind: 'organization', aliases: ['Fed', 'US Federal Reserve'] },
  { name: 'Group of Seven', kind: 'organization', aliases: ['G7', 'G-7'] },
  { name: 'Group of 20', kind: 'organization', aliases: ['G20', 'G-20'] },
  { name: 'Hamas', kind: 'organization', aliases: [] },
  { name: 'Hezbollah', kind: 'organization', aliases: ['Hizbollah'] },
  { name: 'United States', kind: 'place', aliases: ['US', 'U.S.', 'USA', 'United States of America'] },
  { name: 'United Kingdom', kind: 'place', aliases: ['UK', 'U.K.', 'Britain', 'Great Britain'] },
  { name: 'Russia', kind: 'place', aliases: ['Russian Federation'] },
  { name: 'China', kind: 'place', aliases: ["People's Republic of China", 'PRC'] },
]

/** Aliases listed for the record but too generic to match in running text. */
export const UNMATCHED_ALIASES = new Set(['Commission'])

export interface SubjectEntry { name: string; pattern: RegExp }

export const SUBJECTS: SubjectEntry[] = [
  { name: 'terrorism', pattern: /\b(terror(ism|ist|ists)?|counter-?terror\w*|extremis[mt]s?)\b/gi },
  { name: 'climate change', pattern: /\b(climate( change| crisis)?|global warming|emissions|carbon|net zero|heatwaves?|glaciers?)\b/gi },
  { name: 'elections', pattern: /\b(elections?|electoral|voters?|ballots?|polling stations?)\b/gi },
  { name: 'economy', pattern: /\b(inflation|interest rates?|recession|gdp|economic growth|unemployment)\b/gi },
  { name: 'public health', pattern: /\b(pandemic|vaccin\w*|outbreaks?|infections?|public health|virus(es)?)\b/gi },
  { name: 'immigration', pattern: /\b(immigration|migrants?|asylum|refugees?|deportations?)\b/gi },
  { name: 'energy', pattern: /\b(energy|renewables?|wind farms?|solar|power grid|electricity)\b/gi },
  { name: 'housing', pattern: /\b(housing|homes|rents?|renters|tenants?|mortgages?|landlords?)\b/gi },
  { name: 'education', pattern: /\b(schools?|teachers?|pupils|students|universit(y|ies)|curriculum)\b/gi },
  { name: 'human rights', pattern: /\bhuman rights\b/gi },
  { name: 'defence', pattern: /\b(defen[cs]e|military|troops|armed forces)\b/gi },
  { name: 'cybersecurity', pattern: /\b(cyber-?attacks?|hack(ers|ed|ing)?|ransomware|cybersecurity|data breach)\b/gi },
  { name: 'artificial intelligence', pattern: /\b(artificial intelligence|AI|machine learning|chatbots?)\b/g },
  { name: 'trade', pattern: /\b(tariffs?|trade (deal|war|talks)|exports?|imports?)\b/gi },
  { name: 'transport', pattern: /\b(rail(way)?s?|trains?|buses|commuters?|airports?|flights?)\b/gi },
  { name: 'football', pattern: /\b(football|goals?|striker|midfielder|league|match(es)?)\b/gi },
  { name: 'labour relations', pattern: /\b(strikes?|unions?|walkouts?|wage (talks|deal))\b/gi },
  { name: 'flooding', pattern: /\b(floods?|flooding|flash floods?|rainfall)\b/gi },
]

/** Head words that end an organisation's name: "Alpine Research Institute", "Scottish Fishing Federation". */
export const ORGANIZATION_HEADS = 'Institute|University|College|Bank|Authority|Council|Ministry|Department|Union|Federation|Association|' +
  'Agency|Office|Commission|Party|Company|Group|Foundation|Court|Police|Service|Fund|Organi[sz]ation|Alliance|Corporation|' +
  'Inc|Ltd|Pictures|Research|Robotics|Water|Airlines|Railways?|Homes|Media|Watch|Coalition|Committee|Board|Trust|Society'
