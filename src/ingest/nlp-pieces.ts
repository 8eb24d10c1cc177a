import nlp from 'compromise'

/** compromise's cost grows faster than its input on one long paragraph (120,000 characters of it took 24 s), so it reads at most this many characters at once. */
const MAX_PIECE = 2000

type NlpDoc = ReturnType<typeof nlp>

/** The text in pieces no name runs across: paragraphs, and paragraphs over MAX_PIECE cut at a sentence end (or a space). */
export function nlpPieces (text: string): string[] {
  const pieces: string[] = []
  for (const paragraph of text.split(/\n\s*\n/)) {
    let rest = paragraph
    while (rest.length > MAX_PIECE) {
      const cut = cutPoint(rest.slice(0, MAX_PIECE))
      pieces.push(rest.slice(0, cut))
      rest = rest.slice(cut)
    }
    if (rest.trim()) pieces.push(rest)
  }
  return pieces
}

function cutPoint (window: string): number {
  const sentenceEnd = Math.max(window.lastIndexOf('. '), window.lastIndexOf('? '), window.lastIndexOf('! '), window.lastIndexOf('\n'))
  if (sentenceEnd > MAX_PIECE / 2) return sentenceEnd + 1
  const space = window.lastIndexOf(' ')
  return space > 0 ? space + 1 : MAX_PIECE
}

/** One compromise document per piece: linear in the text, where one document for all of it is not. */
export function nlpDocs (text: string): NlpDoc[] {
  return nlpPieces(text).map((piece) => nlp(piece))
}
