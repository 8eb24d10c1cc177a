// XML 1.0 cannot carry these characters at all, even escaped: a stray control character or a
// lone surrogate in a story must not make a whole feed or sitemap unreadable.
// eslint-disable-next-line no-control-regex
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g

/** `text` without the characters XML 1.0 forbids. */
export const xmlText = (text: string): string => text.replace(NOT_XML, '')
