// Site chrome: navigation, sharing, promotion and consent text that scrapers pick up
// along with the story. Structural cues in page-text.ts do most of the work; this table
// names the lines that look like prose or headings but never belong to an article.

/** A whole line that is chrome on its own. */
export const CHROME_LINES: RegExp[] = [
  /^exit mobile version$/i,
  /^skip to (main )?content$/i,
  /^(share|share this( article| story| post)?|share on \w+|share via \w+|tweet|email|e-mail|print|copy link|whatsapp|facebook|twitter|x|linkedin|pinterest|reddit|telegram)(\s*[|·•,/]\s*\w+)*:?$/i,
  /click here to (subscribe|read|sign up|join)/i,
  /^subscribe( now| today)?[.!]?$/i,
  /sign up (for|to) (our|the)\b.*newsletter/i,
  /^(advertisement|advertising|sponsored( content)?|ad)$/i,
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
  /^(read|see|also read|watch|listen)( more| also| next)?\s*[:\-–—|]\s*\S/i,
  /^related( article| story| link)?s?\s*[:\-–—|]\s*\S/i,
  /^(reporting|writing|editing|additional reporting|compiled) by\b/i,
  /^(back to top|continue reading|show more|load more|next article|previous article)$/i,
]

/**
 * A heading that introduces a block of links (headlines without sentence
 * punctuation); the heading and the link lines after it are chrome.
 */
export const CHROME_HEADINGS: RegExp[] = [
  /^(trending( now| stories)?|most (read|popular|viewed|shared)|popular( now| stories)?|related( articles| stories| posts| news| content)?|read (more|next)|more (stories|news|from [\w\s]+)|you (may|might) also like|recommended( for you)?|also read|see also|up next|editor'?s picks)\s*:?$/i,
]

export function isChromeLine(line: string): boolean {
  return CHROME_LINES.some((re) => re.test(line))
}

export function isChromeHeading(line: string): boolean {
  return CHROME_HEADINGS.some((re) => re.test(line))
}
