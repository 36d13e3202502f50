/** A piece of a tweet's (or a bio's) text: plain text, or something that becomes a link. */
export type TextToken =
  | { type: 'text'; text: string }
  | { type: 'hashtag'; text: string; tag: string }
  | { type: 'mention'; text: string; username: string }
  | { type: 'url'; text: string; href: string }

/*
 * The same rules as tweet-service's TweetText, so that what is a link here is what the server
 * indexed: a hashtag is # (or the full-width ＃) and letters, marks, digits or underscores in
 * any script with at least one letter, not glued to a preceding word; a mention is @ and 1 to 15
 * ASCII letters, digits or underscores that are not part of a longer word (so e-mail addresses
 * are not mentions). URLs are http(s) only.
 */
const WORD = String.raw`\p{L}\p{M}\p{N}_`
const TOKEN = new RegExp(
  [
    String.raw`(?<url>https?:\/\/[^\s<>"]+)`,
    String.raw`(?<![${WORD}&#＃])[#＃](?<tag>[${WORD}]+)`,
    String.raw`(?<![${WORD}@＠])[@＠](?<username>[A-Za-z0-9_]{1,15})(?![${WORD}@＠])`,
  ].join('|'),
  'gu',
)
const HAS_LETTER = /\p{L}/u
const TRAILING_PUNCTUATION = /[.,:;!?'"…]$/u

export function linkify(text: string): TextToken[] {
  const tokens: TextToken[] = []
  let plainFrom = 0

  const pushText = (end: number) => {
    if (end > plainFrom) {
      tokens.push({ type: 'text', text: text.slice(plainFrom, end) })
    }
  }

  for (const match of text.matchAll(TOKEN)) {
    const { url, tag, username } = match.groups ?? {}
    const start = match.index
    let token: TextToken | undefined
    if (url !== undefined) {
      const href = trimUrl(url)
      token = { type: 'url', text: href, href }
    } else if (tag !== undefined && HAS_LETTER.test(tag)) {
      token = { type: 'hashtag', text: match[0], tag }
    } else if (username !== undefined) {
      token = { type: 'mention', text: match[0], username }
    }
    if (token !== undefined) {
      pushText(start)
      tokens.push(token)
      plainFrom = start + token.text.length
    }
  }
  pushText(text.length)
  return tokens
}

/**
 * A URL in running text ends before the punctuation after it ("see https://a.io/x.") and
 * before a closing bracket it did not open ("(https://a.io/x)"), but keeps a balanced one
 * (https://en.wikipedia.org/wiki/Foo_(bar)).
 */
function trimUrl(url: string): string {
  let trimmed = url
  for (;;) {
    if (TRAILING_PUNCTUATION.test(trimmed)) {
      trimmed = trimmed.slice(0, -1)
    } else if (trimmed.endsWith(')') && count(trimmed, '(') < count(trimmed, ')')) {
      trimmed = trimmed.slice(0, -1)
    } else {
      return trimmed
    }
  }
}

function count(text: string, char: string): number {
  return text.split(char).length - 1
}
