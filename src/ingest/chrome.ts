// Site chrome: navigation, sharing, promotion and consent text that scrapers pick up
// along with the story. Structural cues in page-text.ts do most of the work; this table
// names the lines that look like prose or headings but never belong to an article.
import { backwards } from './text.js'

/** A whole line that is chrome on its own. */
export const CHROME_LINES: RegExp[] = [
  /^exit mobile version$/i,
  /^skip to (main )?content$/i,
  /click here to (subscribe|read|sign up|join)/i,
  /^subscribe( now| today)?[.!]?$/i,
  // "- Advertisement -": the label as some themes print it, between dashes.
  /^(?:[-–—] )?(advertisement|advertising|sponsored( content)?|ad)(?: [-–—])?$/i,
  /^advertisement\. scroll to continue reading\.?$/i,
  // Theme widgets above the headline: a social-links box, a search prompt, a menu button.
  /^connect with us$/i,
  /^hi, what are you looking for\?$/i,
  /^(?:open|close|toggle) (?:menu|navigation|search)$/i,
  // A CMS's story number printed over the headline: "Code 123932", "Story Code : 255490", "News ID: 52729".
  /^(?:story |news )?(?:code|id) ?:? ?\d{3,}$/i,
  /\b(we use cookies|this (web)?site uses cookies|accept (all )?cookies|cookie (policy|settings|preferences))\b/i,
  /^(accept|accept all|reject all|manage (preferences|cookies)|got it|i agree)$/i,
  /^\d+\s*min(ute)?s?\s+read$/i,
  /^(photo|image|picture|credit|file photo|video)\s*:/i,
  /^\(?(photo|image|picture)s? (by|credit|courtesy)\b/i,
  /^(copyright|©)/i,
  /all rights reserved/i,
  /^(tags?|topics|filed under|categories)\s*:/i,
  /^(comments?|leave a (comment|reply)|\d+ comments?|show comments|load comments)$/i,
  /^follow (us|\w+ on (twitter|x|facebook|instagram|linkedin))/i,
  // "Now read: Okta CEO says layoffs were ‘the last thing I wanted to do’": MarketWatch's link to another story.
  /^(read|see|also read|now read|must read|watch|listen)( more| also| next)?\s*[:\-–—|]\s*\S/i,
  /^related( article| story| link)?s?\s*[:\-–—|]\s*\S/i,
  /^(reporting|writing|editing|edited|additional reporting|compiled) by\b/i,
  /^(back to top|continue reading|show more|load more|next article|previous article)$/i,
  // Comment boxes, newsletters, paywalls and sharing under the story.
  /^(be the first to comment|leave a reply|leave a comment|post a comment|no comments:?|comments are closed\.?|comments \(\d+\)|\d+ comments?)$/i,
  /^your email address will not be published\.?/i,
  /^(most read|promoted links|related stories|related articles|trending topics|more stories|most popular|editor'?s picks)\b.{0,30}$/i,
  /^(advert|advertisement|loading article content|see gallery|watch the video)$/i,
  // An image's or a button's label left on a line of its own: "logo", "7plus logo", "ADVT", "Close X", "image",
  // "Audio By Vocalize", "Send Push", "Next Story" (convention 274).
  /^(?:logo|[\p{L}\p{N}]+ logo|advt\.?|close x|image|send push|next story|audio by [\p{L}]+)$/iu,
  /^(?:•\s*)?(related|read more|more|also read|see also|watch|listen)\s*(?:on [\w\s]+)?[:|>-]/i,
  /^(read more on|most read in|more from) [\p{L}\s]+$/iu,
  /^\(?last updated on:?\s.*\)?$/i,
  /^(this was published|first published|last updated|updated|posted)\b.{0,40}\bago$/i,
  /^first published:/i,
  /^quotes taken from\b/i,
  /^our standards:/i,
  /^\((?:reporting|writing|editing|additional reporting)\b.*\)$/i,
  /^\(this story has not been edited\b/i,
  /^\|?\s*edited by:/i,
  /^we[’']re sorry, this feature is currently unavailable/i,
  /^skip to (?:navigation|content|main content|footer)/i,
  /^(abc news share|posted ,? updated|watch|play video\.?.*|duration: \d+ (?:seconds|minutes?).*|space to play or pause.*)$/i,
  /^download our\b.*\bapp\b/i,
  /^(getty images|ap image|ap photo|reuters|afp|pa|pa media|file photo|photos?:.*)$/i,
  /^.{0,200}\.(?:jpe?g|png|gif|webp)$/i,
  /^\d+ related media assets?\b/i,
  // A promotion set in brackets inside the story: "[Get our morning briefing in your inbox.]".
  /^\[[^\]]{0,150}\b(?:inbox|newsletter|sign up|subscribe)\b[^\]]{0,150}\]$/i,
  // A gallery's counter ("1 / 5") and rules drawn with characters ("__", "* * *").
  /^\d{1,3} ?\/ ?\d{1,3}$/,
  /^[_*=~•·-][_*=~•· -]*$/,
  /^\|?\s*-?\d{1,2}(?:\.\d)?\s*°\s*[CF]\b.{0,30}$/,
  // The name ends with a letter or mark, so its spaces and `\s+` never overlap (lines are trimmed; "by" then a tab is the other way in).
  /^(?:by\s*[^\S ])?[\p{L}'’. -]*[\p{L}'’.-]\s+(?:news|sport|media) team$/iu,
]

/**
 * Photo captions and credits: "(Image: Atlantic Deep Survey)", "… on Sunday.Credit: Getty Images",
 * "… at KICC.  PHOTO | FILE", "…cluster.(ABC News: Jack Fielding)", "Courtesy of …".
 */
export const CAPTION_LINES: RegExp[] = [
  /^\((?:image|photo|picture|graphic|video|credit)s?\b[^)]*\)$/i,
  /\|\s*(?:PHOTO|FILE|COURTESY|GETTY IMAGES)\b/,
  /^courtesy of\b/i,
  /^(?:\(graphic|\(photo|\(image|\(picture)\b/i,
]

/**
 * A heading that introduces a block of links (headlines without sentence
 * punctuation); the heading and the link lines after it are chrome.
 */
export const CHROME_HEADINGS: RegExp[] = [
  /^(trending( now| stories)?|most (read|popular|viewed|shared)|popular( now| stories)?|related( articles| stories| posts| news| content)?|read (more|next)|more(?: \w+(?: \w+)?)? (stories|news|coverage)|you (may|might) also like|recommended( for you)?|also read|see also|up next|editor'?s picks)\s*:?$/i,
  // "More from Jane Doe:": the name's own spaces take any before the colon.
  /^more from [\w\s]+:?$/i,
]

const SHARE_LABEL = /^(?:share|share this(?: article| story| post)?|share on \w+|share via \w+|tweet|email|e-mail|print|copy link|whatsapp|facebook|twitter|x|linkedin|pinterest|reddit|telegram)$/i

/**
 * A row of share buttons: "Share", "Share on Facebook | Twitter | Email:". Split at the separators
 * in code rather than matched as a repeated group, whose every repetition would hold a repeat.
 */
function isShareLine(line: string): boolean {
  const parts = line.replace(/:$/, '').split(/[|·•,/]/)
  const [first, ...others] = parts
  const last = others.pop()
  return SHARE_LABEL.test(last === undefined ? first! : first!.trimEnd()) &&
    others.every((part) => /^\s*\w+\s*$/.test(part)) &&
    (last === undefined || /^\s*\w+$/.test(last))
}

/** "Sign up for our daily newsletter": the phrase, then the word anywhere after it on the line. */
function isNewsletterPromotion(line: string): boolean {
  const at = line.search(/sign up (?:for|to) (?:our|the)\b/i)
  return at >= 0 && /^.*newsletter/i.test(line.slice(at))
}

/**
 * "…the summit.(AAP)", "(Reuters: Jane Doe)" at the end of the line. The credit closes with the
 * line's last ")", so it opens after the one before: the first agency name there, with ":" after it
 * or the closing ")" right after it, is the credit. Found by position, not by a scan from every "(".
 */
function endsWithAgencyCredit(line: string): boolean {
  const text = line.trimEnd()
  if (!text.endsWith(')')) return false
  const tail = text.slice(text.lastIndexOf(')', text.length - 2) + 1)
  return /\((?:AAP|ABC News|AP|AFP|Reuters|Getty(?: Images)?|PA|Supplied|File)(?::|\)$)/.test(tail)
}

// "….Photo: Jane Doe" read backwards from the end of the line, so it is tried once: the credit
// (2 to 60 characters, starting after the spaces), "Photo:" and the sentence end before it.
const PHOTO_CREDIT_BACKWARDS = /^[\p{L}\p{N} .&/-]{1,59}[\p{L}\p{N}.&/-]\s*:s?(?:erutciP|otohP|egamI|hpargotohP)\s*[.!?]/u

const CREDIT_AT = /\bCredit:\s*\S.{0,60}$/y

/**
 * "…on Sunday.Credit: Getty Images": a credit of at most 61 characters ends the line. Tried only
 * where a "Credit:" can reach the end: those in the last 68 characters, and the one before them,
 * whose spaces may run up to there (any earlier one would have that one in its spaces).
 */
function endsWithCredit(line: string): boolean {
  for (let at = line.lastIndexOf('Credit:'); at >= 0; at = at === 0 ? -1 : line.lastIndexOf('Credit:', at - 1)) {
    CREDIT_AT.lastIndex = at
    if (CREDIT_AT.test(line)) return true
    if (at < line.length - 68) return false
  }
  return false
}

/** "(pictured)", "(far left, with the mayor)": the first such note, closed anywhere after it. */
function hasPositionNote(line: string): boolean {
  const note = /\((?:pictured|centre|center|left|right|far left|far right)\b/i.exec(line)
  return note !== null && line.includes(')', note.index)
}

export function isChromeLine(line: string): boolean {
  return isShareLine(line) || isNewsletterPromotion(line) || CHROME_LINES.some((re) => re.test(line))
}

/**
 * "… on Saturday (Picture: Len Forde/REX)" and "… against Boro Picture: Jane Doe/Focus Images": a picture
 * credit that ends the line, in brackets or after the caption's last word without a full stop. Found from the
 * last "(" or the last "Picture:"/"Photo:"/"Image:", so each line is read once.
 */
function endsWithPictureCredit(line: string): boolean {
  const text = line.trimEnd()
  const open = text.lastIndexOf('(')
  if (open >= 0 && text.endsWith(')') && /^\((?:pictures?|photos?|images?)\s*:[^()]*\)$/i.test(text.slice(open))) return true
  if (/[“”"‘]/.test(text)) return false
  const at = Math.max(text.lastIndexOf(' Picture: '), text.lastIndexOf(' Photo: '), text.lastIndexOf(' Image: '))
  if (at <= 0) return false
  const credit = text.slice(text.indexOf(':', at) + 1)
  return credit.length <= 80 && !/[.!?]/.test(credit) && /\p{L}$/u.test(text.slice(0, at))
}

/**
 * "Spokeswoman Maria Zakharova Valery Sharufulin/TASS", "© Jane Doe/Reuters": a photographer's name and the
 * agency after a slash end a caption that has no sentence end or quotation mark. Read from the line's last two words.
 */
function endsWithPhotographerCredit(line: string): boolean {
  const text = line.trimEnd()
  if (/[.!?“”"‘’]/.test(text.slice(-1)) || /[“”"]/.test(text)) return false
  const words = text.split(/\s+/)
  const credit = words[words.length - 1] ?? ''
  const first = words[words.length - 2] ?? ''
  return words.length >= 2 && /^\p{Lu}[\p{Ll}'’-]+\/\p{Lu}[\p{L}&]+$/u.test(credit) && (/^\p{Lu}[\p{Ll}'’-]+$/u.test(first) || first === '©')
}

export function isCaptionLine(line: string): boolean {
  return endsWithPictureCredit(line) || endsWithPhotographerCredit(line) || endsWithAgencyCredit(line) || endsWithCredit(line) || PHOTO_CREDIT_BACKWARDS.test(backwards(line)) || hasPositionNote(line) || CAPTION_LINES.some((re) => re.test(line))
}

export function isChromeHeading(line: string): boolean {
  return CHROME_HEADINGS.some((re) => re.test(line))
}
