// Verbs that attribute speech ("said", "told", "tweeted", "hit back"), in every tense
// compromise can conjugate them to, so the attribution patterns match "says", "said",
// "saying" and "has said" from one list of lemmas.
import nlp from 'compromise'
import { escapeRegExp } from './text.js'

const LEMMAS = [
  'say', 'add', 'tell', 'state', 'explain', 'note', 'warn', 'argue', 'insist', 'claim', 'write', 'ask', 'reply', 'respond',
  'continue', 'declare', 'announce', 'acknowledge', 'admit', 'concede', 'recall', 'urge', 'stress', 'emphasise', 'emphasize',
  'caution', 'suggest', 'predict', 'complain', 'remark', 'observe', 'tweet', 'post', 'comment', 'conclude', 'promise', 'vow',
  'pledge', 'maintain', 'counter', 'joke', 'confirm', 'reveal', 'recount', 'testify', 'shout', 'whisper', 'boast', 'lament',
  'reiterate', 'plead', 'allege', 'assert', 'demand', 'appeal', 'assure', 'exclaim', 'quip', 'snap', 'yell', 'scream', 'cry',
  'advise', 'inform', 'begin', 'describe', 'call', 'brand', 'label', 'accuse', 'praise', 'hail', 'dismiss', 'criticise',
  'criticize', 'point out', 'go on', 'hit back', 'hit out', 'fire back', 'shoot back', 'sum up', 'put it', 'told', 'read', 'answer',
  'apologise', 'apologize', 'thank', 'welcome', 'concur', 'agree', 'deny', 'retort', 'mutter', 'sigh', 'laugh', 'smile',
  'blame', 'slam', 'condemn', 'disclose', 'assert', 'stress', 'lambast',
  // Met on real pages: "…,” he rants.", "paid tribute to him as “…”", "mourned the “…”".
  'rant', 'fume', 'gush', 'enthuse', 'pay tribute', 'mourn',
  // "…,” Koome affirmed.", "“Who pays?” she questioned.", "“…?” he wondered aloud."
  'affirm', 'reaffirm', 'question', 'wonder', 'contend',
  // "Executives forecast that sales would rise by a “…” percentage", "he reminded", "she clarified".
  'forecast', 'remind', 'clarify', 'mention', 'recommend', 'elaborate', 'opine', 'reckon', 'interject', 'chime in',
  // "X speaks about the rumours, “…”", "spoke of the ‘living hell’" (convention 276).
  'speak',
  // "Scioli highlighted “several positive things”", "she underlined the “urgent need”".
  'highlight', 'underline',
]

/** Verbs whose object names or characterises something ("called the plan 'reckless'"): attribution only before the quote. */
const CHARACTERISING = new Set(['highlight', 'underline', 'hit out', 'describe', 'call', 'brand', 'label', 'accuse', 'praise', 'hail', 'dismiss', 'criticise', 'criticize', 'blame', 'slam', 'condemn', 'lambast', 'pay tribute', 'mourn'])

// Lemmas whose bare form is usually a noun in news copy ("the penalty appeal", "a phone call"): only their inflections count.
const NOUN_LIKE = new Set(['appeal', 'call', 'post', 'comment', 'promise', 'pledge', 'answer', 'welcome', 'smile', 'laugh', 'sigh', 'cry',
  'joke', 'counter', 'note', 'demand', 'vow', 'plead', 'thank', 'label', 'brand', 'hail', 'praise', 'slam', 'blame',
  'snap', 'yell', 'quip', 'state', 'rant', 'question', 'stress', 'remark', 'comment', 'tweet', 'concur', 'deny', 'reply', 'retort', 'testify', 'highlight'])

function inflections(lemma: string): string[] {
  const doc = nlp(lemma)
  doc.tag('Verb')
  const forms = doc.verbs().conjugate()[0] as Record<string, string> | undefined
  const regular = lemma.includes(' ') ? [] : [`${lemma.replace(/e$/, '')}ed`, `${lemma}s`, `${lemma.replace(/e$/, '')}ing`]
  const forms2 = [lemma, ...Object.values(forms ?? {}).filter((f) => !f.startsWith('will ')), ...regular]
  return [...new Set(NOUN_LIKE.has(lemma) ? forms2.filter((f) => f !== lemma) : forms2)]
}

const ALL = [...new Set(LEMMAS.flatMap(inflections))].sort((a, b) => b.length - a.length)
const SPEAKING = [...new Set(LEMMAS.filter((l) => !CHARACTERISING.has(l)).flatMap(inflections))].filter((f) => !/ing\b/.test(f)).sort((a, b) => b.length - a.length)

/** Alternation of every speech verb form, longest first. */
export const SPEECH_VERB = `(?:${ALL.map(escapeRegExp).join('|')})`
/** Speech verbs that can follow a quote as its attribution ("…,” she said"). */
export const SAYING_VERB = `(?:${SPEAKING.map(escapeRegExp).join('|')})`
/** Gerunds that hang a quote on the sentence's subject: "…, saying “…”", "adding: “…”". */
export const GERUND = /\b(saying|adding|telling|insisting|warning|arguing|noting|declaring|stressing|explaining|claiming|describing|calling|urging|writing|asking|replying|pleading|promising)\b/gi

// Real pages misspell the verb now and then ("Leader of the council Paul Clarke adedd: “…"): two neighbouring letters
// swapped. Every such swap of a speech-verb form that is not itself a form maps back to the form.
const TRANSPOSED = new Map<string, string>()
const FORMS = new Set(ALL)
for (const form of ALL) {
  if (form.includes(' ') || form.length < 4) continue
  for (let i = 0; i + 1 < form.length; i++) {
    if (form[i] === form[i + 1]) continue
    const typo = form.slice(0, i) + (form[i + 1] ?? '') + (form[i] ?? '') + form.slice(i + 2)
    if (!FORMS.has(typo)) TRANSPOSED.set(typo, form)
  }
}

/** The speech verb a word misspells by two swapped neighbouring letters ("adedd" -> "added"), or null. */
export function transposedSpeechVerb(word: string): string | null {
  return TRANSPOSED.get(word) ?? null
}

// A headline in title case puts the verb right after the name ("Councillor John Brady Pleads for Calm"): a capitalised
// present-tense form of a speech verb ends a name. Not "States" (the United States) nor "Reads", "Notes", "Posts",
// "Counters" and "Calls", which are also nouns in headlines and names.
const HEADLINE_VERBS = new Set(LEMMAS.filter((l) => !l.includes(' ') && !/^(?:state|read|note|post|counter|call)$/.test(l))
  .flatMap((l) => [`${l}s`, `${l}es`, l.replace(/y$/, 'ies')]))

/** "Pleads", "Urges", "Slams": a speech verb in a title-case headline, not a name word. */
export function isHeadlineVerb(token: string): boolean {
  return /^\p{Lu}\p{Ll}+s$/u.test(token) && HEADLINE_VERBS.has(token.toLowerCase())
}
